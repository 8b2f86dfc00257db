// The widget: the store, the transport to the hub and the view, wired together.
// widget.js (the loader host pages embed) imports this module and calls start().

import { randomId } from "../shared/ids.js";
import { pickLanguage, supportedLanguage } from "../shared/language.js";
import { texts } from "./i18n.js";
import { createStore, initialState, reduce } from "./state.js";
import { safeStorage } from "./storage.js";
import { loadSocketIo, Transport } from "./transport.js";
import { createView } from "./view.js";

const LAST_ID_KEY = "kestrelDesk.lastId";

/** The user claim the hub checks: a signed token, or the user id with its HMAC. */
export function userClaim(user) {
  if (!user) return null;
  if (user.userToken) return { token: String(user.userToken) };
  if (!user.userId || !user.userHash) return null;
  const claim = { id: String(user.userId), hash: String(user.userHash) };
  if (user.name) claim.name = String(user.name);
  if (user.attributes && typeof user.attributes === "object") claim.attributes = user.attributes;
  return claim;
}
// A hub that drops the "stopped typing" event must not leave the dots up forever.
const TYPING_TIMEOUT_MS = 30000;
const ERROR_FLASH_MS = 6000;

/**
 * Put the widget on the page. base: the URL widget.js was loaded from; hub: the hub's origin;
 * language: the embedding tag's data-language. Returns {open(), close(), sessionId()}.
 */
export function start({ base, hub, language: requested }) {
  // Only a language the page set explicitly is sent to the hub; otherwise the bot detects it.
  const explicitLanguage = supportedLanguage(requested);
  const t = texts(pickLanguage(requested, navigator.language));
  const storage = safeStorage();
  const store = createStore(reduce, initialState({ lastId: Number(storage.get(LAST_ID_KEY)) || 0 }));
  const transport = new Transport({
    hub,
    explicitLanguage,
    storage,
    store: { get: store.get, dispatch },
    loadIo: () => loadSocketIo(new URL("static/vendor/socket.io.min.js", base).href),
  });

  // Timers live here, not in the reducer: typing dots expire, a refused request's banner fades.
  const timers = { bot: 0, agent: 0, flash: 0 };
  function dispatch(action) {
    if (action.type === "typing") {
      clearTimeout(timers[action.side]);
      if (action.typing) {
        timers[action.side] = setTimeout(
          () => dispatch({ type: "typing", side: action.side, typing: false }), TYPING_TIMEOUT_MS);
      }
    } else if (action.type === "flashed") {
      clearTimeout(timers.flash);
      timers.flash = setTimeout(() => dispatch({ type: "flash_expired" }), ERROR_FLASH_MS);
    }
    store.dispatch(action);
  }

  function open() {
    if (store.get().open) return;
    dispatch({ type: "opened" });
    transport.connect();
  }

  function close() {
    dispatch({ type: "closed" });
  }

  function send(message, displayText) {
    const clientId = randomId();
    dispatch({ type: "user_sent", clientId, message, displayText });
    transport.send(clientId);
  }

  const view = createView({
    t,
    stylesheet: new URL("widget.css", base).href,
    handlers: {
      toggle: () => (store.get().open ? close() : open()),
      close,
      send: (text) => send(text, text),
      quickReply: (choice) => send(choice.payload, choice.title),
      typing: (hasText) => (hasText ? transport.noteTyping() : transport.stopTyping()),
      rate(key, score, comment) {
        transport.sendRating(score, comment);
        dispatch({ type: "rating_sent", key });
      },
    },
  });
  store.subscribe((state, previous) => {
    if (state.lastId !== previous.lastId) storage.set(LAST_ID_KEY, state.lastId);
    view.render(state);
  });
  view.render(store.get());

  /** A logged-in user, as the exchange's backend vouched for them (see widget.js). */
  function identify(user) {
    transport.setUser(userClaim(user));
  }

  if (transport.sessionId) transport.connect(); // a conversation is going on: an agent may be writing
  return { open, close, identify, sessionId: () => transport.sessionId };
}
