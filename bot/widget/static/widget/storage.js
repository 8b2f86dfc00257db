/** localStorage that never throws: with storage disabled the chat works, it just won't survive a reload. */
export function safeStorage(backend = globalThis.localStorage) {
  return {
    get(key) {
      try {
        return backend.getItem(key);
      } catch {
        return null;
      }
    },
    set(key, value) {
      try {
        backend.setItem(key, String(value));
      } catch {
        // Storage is disabled or full.
      }
    },
    remove(key) {
      try {
        backend.removeItem(key);
      } catch {
        // As above.
      }
    },
  };
}
