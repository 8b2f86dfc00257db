/**
 * Return 32 random hex digits, e.g. a message's client_id.
 *
 * crypto.randomUUID() exists only in secure contexts; a hub may be served over plain http.
 */
export function randomId() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}
