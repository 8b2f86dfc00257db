import assert from "node:assert/strict";
import { beforeEach, describe, test } from "node:test";

import { createStore, initialState, reduce } from "../../bot/widget/static/widget/state.js";
import { SESSION_KEY, Transport } from "../../bot/widget/static/widget/transport.js";

// A socket.io socket that records what the widget emits and lets the test play the hub.
class FakeSocket {
  constructor() {
    this.handlers = {};
    this.emitted = [];
    this.reconnects = 0;
  }

  on(event, handler) {
    this.handlers[event] = handler;
  }

  emit(event, payload, ack) {
    this.emitted.push({ event, payload, ack });
  }

  connect() {
    this.reconnects += 1;
  }

  hub(event, ...args) {
    this.handlers[event](...args);
  }

  sent(event) {
    return this.emitted.filter((entry) => entry.event === event);
  }
}

function memoryStorage(entries = {}) {
  const map = new Map(Object.entries(entries));
  return { get: (key) => map.get(key) ?? null, set: (key, value) => map.set(key, String(value)), remove: (key) => map.delete(key), map };
}

async function connected({ storage = memoryStorage(), explicitLanguage = null } = {}) {
  const store = createStore(reduce, initialState());
  const socket = new FakeSocket();
  const transport = new Transport({ hub: "https://hub.example", loadIo: async () => () => socket, store, storage, explicitLanguage });
  transport.connect();
  await Promise.resolve(); // loadIo resolves
  await Promise.resolve();
  socket.hub("connect");
  return { store, socket, transport, storage };
}

function say(store, transport, text, clientId = text) {
  store.dispatch({ type: "user_sent", clientId, message: text, displayText: text });
  transport.send(clientId);
}

describe("the widget's connection to the hub", () => {
  let hub;
  beforeEach(async () => {
    hub = await connected({ storage: memoryStorage({ [SESSION_KEY]: "s1" }) });
  });

  test("it asks to resume the stored session and keeps the one the hub confirms", () => {
    assert.deepEqual(hub.socket.sent("session_request")[0].payload, { session_id: "s1" });
    hub.socket.hub("session_confirm", "s1");
    assert.equal(hub.transport.sessionId, "s1");
    assert.equal(hub.socket.sent("resume").length, 0); // the hub replays the history itself
  });

  test("a message typed before the session is confirmed goes out once it is", () => {
    say(hub.store, hub.transport, "hi");
    assert.equal(hub.socket.sent("user_uttered").length, 0);
    hub.socket.hub("session_confirm", "s1");
    assert.deepEqual(hub.socket.sent("user_uttered")[0].payload, { message: "hi", session_id: "s1", client_id: "hi" });
  });

  test("after a reconnect it resumes after the last message shown, and resends what was not acknowledged", () => {
    hub.socket.hub("session_confirm", "s1");
    hub.socket.hub("bot_uttered", { id: 41, sender: "bot", text: "Hello" });
    say(hub.store, hub.transport, "are you there?", "c1");
    hub.socket.hub("disconnect", "transport close");
    assert.equal(hub.store.get().connection, "reconnecting");
    hub.socket.hub("connect");
    hub.socket.hub("session_confirm", "s1");
    assert.deepEqual(hub.socket.sent("resume")[0].payload, { session_id: "s1", after_id: 41 });
    const sends = hub.socket.sent("user_uttered");
    assert.equal(sends.length, 2);
    assert.equal(sends[1].payload.client_id, "c1"); // the same client_id: the hub stores it once
    assert.equal(hub.store.get().connection, null);
  });

  test("the hub closing the socket on purpose makes it reconnect", () => {
    hub.socket.hub("disconnect", "io server disconnect");
    assert.equal(hub.socket.reconnects, 1);
  });

  test("a different session from the hub starts a new conversation", () => {
    hub.socket.hub("session_confirm", "s1");
    hub.socket.hub("bot_uttered", { id: 41, sender: "bot", text: "Old conversation" });
    hub.socket.hub("session_confirm", "s2");
    assert.deepEqual(hub.store.get().items, []);
    assert.equal(hub.storage.get(SESSION_KEY), "s2");
  });

  test("an expired session is replaced and the message sent again in the new one", () => {
    hub.socket.hub("session_confirm", "s1");
    say(hub.store, hub.transport, "hi", "c1");
    hub.socket.sent("user_uttered")[0].ack({ error: { code: "unknown_session" } });
    assert.equal(hub.storage.get(SESSION_KEY), null);
    assert.deepEqual(hub.socket.sent("session_request").at(-1).payload, { session_id: null });
    hub.socket.hub("session_confirm", "s2");
    const resent = hub.socket.sent("user_uttered").at(-1);
    assert.deepEqual(resent.payload, { message: "hi", session_id: "s2", client_id: "c1" });
    resent.ack({ id: 1 });
    assert.equal(hub.store.get().items[0].status, "sent");
  });

  test("hub events reach the state: history, handoff state, typing, rating requests, errors", () => {
    hub.socket.hub("session_confirm", "s1");
    hub.socket.hub("history", { messages: [{ id: 1, sender: "bot", text: "Hi" }], state: { state: "queued", position: 1 } });
    hub.socket.hub("agent_typing", { typing: true, agent_name: "Mia" });
    hub.socket.hub("rating_request", { handoff_id: 3 });
    hub.socket.hub("error", { code: "rate_limited", message: "slow down" });
    const state = hub.store.get();
    assert.equal(state.items[0].text, "Hi");
    assert.equal(state.notice.position, 1);
    assert.deepEqual(state.typing.agent, { name: "Mia" });
    assert.equal(state.items[1].kind, "rating");
    assert.equal(state.flash.code, "rate_limited");
  });

  test("ratings and typing go to the hub with the session id", () => {
    hub.socket.hub("session_confirm", "s1");
    hub.transport.noteTyping();
    hub.transport.noteTyping(); // within the refresh interval: not sent again
    hub.transport.stopTyping();
    hub.transport.sendRating(5, "Quick and kind");
    hub.transport.sendRating(4, "");
    assert.deepEqual(hub.socket.sent("user_typing").map((entry) => entry.payload.typing), [true, false]);
    assert.deepEqual(hub.socket.sent("rating").map((entry) => entry.payload), [
      { session_id: "s1", score: 5, comment: "Quick and kind" },
      { session_id: "s1", score: 4 },
    ]);
    hub.transport.stopTyping();
  });
});

test("a page that fixes its language sends it with every message", async () => {
  const { store, socket, transport } = await connected({ explicitLanguage: "zh" });
  socket.hub("session_confirm", "s9");
  say(store, transport, "你好");
  assert.deepEqual(socket.sent("user_uttered")[0].payload.customData, { language: "zh" });
});

test("when the socket.io client cannot load, the user is told the chat is unavailable", async () => {
  const store = createStore(reduce, initialState());
  const transport = new Transport({ hub: "https://hub.example", loadIo: () => Promise.reject(new Error("404")), store, storage: memoryStorage() });
  transport.connect();
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(store.get().connection, "unavailable");
  assert.equal(transport.connecting, false); // the next open tries again
});

describe("a logged-in user", () => {
  test("is sent with the session request, and again when the page logs in later", async () => {
    const { socket, transport } = await connected();
    assert.equal(socket.sent("session_request")[0].payload.user, undefined);
    socket.connected = true;
    transport.setUser({ id: "u-1", hash: "ab" });
    const again = socket.sent("session_request").at(-1).payload;
    assert.deepEqual(again.user, { id: "u-1", hash: "ab" });
  });
});
