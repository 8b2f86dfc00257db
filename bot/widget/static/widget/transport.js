// The widget's connection to the hub: socket.io, the session, resuming after a reconnect, and
// the outbox. It turns the hub's events into store actions (docs/hub-protocol.md, "Website
// widget") and reads the store for what to send; it never touches the page.

import { TypingSignal } from "../shared/typing.js";
import { pendingMessage, pendingMessages } from "./state.js";

const TYPING_REFRESH_MS = 2500;
const TYPING_IDLE_MS = 3000;
export const SESSION_KEY = "kestrelDesk.sessionId";

export class Transport {
  /**
   * hub: the hub's origin. loadIo(): a promise of the socket.io client's `io`. store: the
   * widget's store. storage: {get, set, remove}. explicitLanguage: sent with each message.
   */
  constructor({ hub, loadIo, store, storage, explicitLanguage = null }) {
    this.hub = hub;
    this.loadIo = loadIo;
    this.store = store;
    this.storage = storage;
    this.explicitLanguage = explicitLanguage;
    this.socket = null;
    this.connecting = false;
    this.sessionId = storage.get(SESSION_KEY);
    this.forgetSession = false; // the hub said the session is unknown: ask for a new one
    this.confirmedOnce = false; // a session was confirmed earlier in this page's life
    this.ready = false; // connected and the session confirmed: user messages may go out
    this.user = null; // a logged-in user's claim (see app.js userClaim), sent with the session
    this.typing = new TypingSignal(
      (_, typing) => this.ready && this.socket.emit("user_typing", { session_id: this.sessionId, typing }),
      { refreshMs: TYPING_REFRESH_MS, idleMs: TYPING_IDLE_MS },
    );
  }

  dispatch(action) {
    this.store.dispatch(action);
  }

  /** Connect once; socket.io reconnects by itself after that. */
  connect() {
    if (this.socket || this.connecting) return;
    this.connecting = true;
    this.loadIo().then(
      (io) => this.bind(io(this.hub, { path: "/socket.io/", transports: ["websocket", "polling"] })),
      () => {
        this.connecting = false; // let the next attempt try again
        this.dispatch({ type: "connection", problem: "unavailable" });
      },
    );
  }

  bind(socket) {
    this.socket = socket;
    socket.on("connect", () => this.onConnect());
    socket.on("disconnect", (reason) => this.onDisconnect(reason));
    socket.on("connect_error", () => this.dispatch({ type: "connection", problem: "reconnecting" }));
    socket.on("session_confirm", (id) => this.onSessionConfirm(id));
    socket.on("history", (payload) => this.dispatch({ type: "history", messages: payload.messages, state: payload.state }));
    socket.on("bot_uttered", (message) => this.dispatch({ type: "stored", message, live: true }));
    socket.on("handoff_state", (state) => this.dispatch({ type: "handoff_state", state }));
    socket.on("bot_typing", (event) => this.dispatch({ type: "typing", side: "bot", typing: event.typing }));
    socket.on("agent_typing", (event) =>
      this.dispatch({ type: "typing", side: "agent", typing: event.typing, name: event.agent_name }));
    socket.on("rating_request", (request) =>
      this.dispatch({ type: "rating_requested", handoffId: request ? request.handoff_id : null }));
    socket.on("error", (error) => this.onHubError(error));
  }

  onConnect() {
    this.dispatch({ type: "connection", problem: null });
    this.requestSession();
  }

  onDisconnect(reason) {
    this.ready = false;
    this.typing.reset();
    this.dispatch({ type: "disconnected" });
    // socket.io reconnects by itself except after the server closed the socket on purpose.
    if (reason === "io server disconnect") this.socket.connect();
  }

  requestSession() {
    this.ready = false;
    const request = { session_id: this.forgetSession ? null : this.sessionId };
    if (this.user) request.user = this.user;
    this.socket.emit("session_request", request);
  }

  /** Speak for a logged-in user from now on (or for an anonymous visitor again with null). */
  setUser(claim) {
    this.user = claim;
    if (this.socket && this.socket.connected) this.requestSession();
  }

  restartSession() {
    this.forgetSession = true;
    this.storage.remove(SESSION_KEY);
    if (this.ready) this.requestSession(); // otherwise the next connect asks for a new one anyway
  }

  onSessionConfirm(id) {
    const resuming = this.confirmedOnce && id === this.sessionId;
    if (this.sessionId && id !== this.sessionId) this.dispatch({ type: "new_conversation" });
    this.sessionId = id;
    this.forgetSession = false;
    this.confirmedOnce = true;
    this.ready = true;
    this.storage.set(SESSION_KEY, id);
    if (resuming) this.socket.emit("resume", { session_id: id, after_id: this.store.get().lastId });
    this.flushOutbox();
  }

  onHubError(error) {
    if (error && error.code === "unknown_session") this.restartSession();
    this.dispatch({ type: "flashed", error });
  }

  /** Send the pending message with this client_id, now or once the session is confirmed. */
  send(clientId) {
    this.typing.stop();
    const entry = pendingMessage(this.store.get(), clientId);
    if (!entry) return;
    if (this.ready) this.emitUserMessage(entry);
    else this.connect();
  }

  // Messages typed while offline wait in the outbox; unacknowledged ones are sent again
  // (client_id makes that safe), because socket.io drops acks across a disconnect.
  flushOutbox() {
    pendingMessages(this.store.get()).forEach((entry) => this.emitUserMessage(entry));
  }

  emitUserMessage(entry) {
    const payload = { message: entry.message, session_id: this.sessionId, client_id: entry.clientId };
    if (this.explicitLanguage) payload.customData = { language: this.explicitLanguage };
    this.socket.emit("user_uttered", payload, (reply) => this.onAck(entry.clientId, reply));
  }

  onAck(clientId, reply) {
    const entry = pendingMessage(this.store.get(), clientId);
    if (!entry) return; // already settled by an earlier ack or the history
    const error = (reply && reply.error) || null;
    this.dispatch({ type: "user_acked", clientId, id: reply ? reply.id : null, error });
    // The state keeps it pending for one retry; it goes out again in the new session.
    if (error && error.code === "unknown_session" && !entry.retried) this.restartSession();
  }

  /** Note that the user is typing (a non-empty composer). */
  noteTyping() {
    if (this.ready) this.typing.note();
  }

  stopTyping() {
    this.typing.stop();
  }

  sendRating(score, comment) {
    const payload = { session_id: this.sessionId, score };
    if (comment) payload.comment = comment;
    this.socket.emit("rating", payload);
  }
}

/** Load the socket.io client from the hub unless the page already has it; resolve to `io`. */
export function loadSocketIo(src) {
  if (window.io) return Promise.resolve(window.io);
  return new Promise((resolve, reject) => {
    const tag = document.createElement("script");
    tag.src = src;
    tag.async = true;
    // A page with an AMD loader makes the UMD bundle register there instead of as `io`.
    tag.addEventListener("load", () => (window.io ? resolve(window.io) : reject(new Error("no io"))));
    tag.addEventListener("error", reject);
    document.head.append(tag);
  });
}
