import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { initialState, pendingMessages, reduce } from "../../bot/widget/static/widget/state.js";

const run = (actions, state = initialState()) => actions.reduce(reduce, state);
const botMessage = (id, text, extra = {}) => ({ id, sender: "bot", text, created_at: "2026-11-23T16:40:00Z", ...extra });
const live = (message) => ({ type: "stored", message, live: true });
const history = (messages, state) => ({ type: "history", messages, state });
const shown = (state) => state.items.map((item) => [item.kind, item.text]);

describe("messages in the widget", () => {
  test("a bot message is shown with its source article and quick replies", () => {
    const state = run([live(botMessage(7, "Set an **anti-phishing code**", {
      article: { id: "anti-phishing-code", title: "Anti-phishing code" },
      quick_replies: [{ content_type: "text", title: "Yes", payload: "/affirm" }, { title: "", payload: "/x" }],
    }))]);
    assert.deepEqual(shown(state), [["reply", "Set an **anti-phishing code**"]]);
    assert.equal(state.items[0].sender, "bot");
    assert.equal(state.items[0].article.title, "Anti-phishing code");
    assert.deepEqual(state.quickReplies.map((choice) => choice.title), ["Yes"]); // untitled ones dropped
    assert.equal(state.lastId, 7);
  });

  test("a message id that arrives twice (live, then replayed in the history) is shown once", () => {
    const message = botMessage(8, "Your deposit is on its way");
    const state = run([live(message), history([message, botMessage(9, "Anything else?")]), live(message)]);
    assert.deepEqual(shown(state), [["reply", "Your deposit is on its way"], ["reply", "Anything else?"]]);
    assert.equal(state.unread, 1); // the panel is closed: one new message, counted once
  });

  test("an agent's message carries the agent's name; a system line is a system line", () => {
    const state = run([
      live({ id: 3, sender: "system", text: "Mia joined the chat" }),
      live({ id: 4, sender: "agent", agent_name: "Mia", text: "Hi, I'm Mia" }),
    ]);
    assert.deepEqual(shown(state), [["system", "Mia joined the chat"], ["reply", "Hi, I'm Mia"]]);
    assert.equal(state.items[1].sender, "agent");
    assert.equal(state.items[1].agentName, "Mia");
  });

  test("opening the panel clears the unread count; messages while it is open are not unread", () => {
    let state = run([live(botMessage(1, "a")), live(botMessage(2, "b"))]);
    assert.equal(state.unread, 2);
    state = run([{ type: "opened" }, live(botMessage(3, "c"))], state);
    assert.equal(state.unread, 0);
  });
});

describe("the user's own messages", () => {
  const sent = { type: "user_sent", clientId: "c1", message: "my withdrawal is stuck", displayText: "my withdrawal is stuck" };

  test("a sent message shows as sending until the hub acknowledges it", () => {
    let state = run([sent]);
    assert.equal(state.items[0].status, "sending");
    assert.equal(pendingMessages(state).length, 1);
    state = reduce(state, { type: "user_acked", clientId: "c1", id: 12, error: null });
    assert.equal(state.items[0].status, "sent");
    assert.equal(state.items[0].id, 12);
    assert.equal(pendingMessages(state).length, 0);
    // The same message replayed after a reconnect is not shown again.
    state = reduce(state, history([{ id: 12, sender: "user", text: "my withdrawal is stuck" }]));
    assert.equal(state.items.length, 1);
  });

  test("a message that comes back in the history before its ack is settled, not doubled", () => {
    let state = run([sent, history([{ id: 12, sender: "user", text: "my withdrawal is stuck" }])]);
    assert.deepEqual(shown(state), [["user", "my withdrawal is stuck"]]);
    assert.equal(state.items[0].status, "sent");
    state = reduce(state, { type: "user_acked", clientId: "c1", id: 12, error: null }); // the late ack
    assert.equal(state.items.length, 1);
  });

  test("a refused message says why", () => {
    const error = { code: "message_too_long", message: "too long" };
    const state = run([sent, { type: "user_acked", clientId: "c1", error }]);
    assert.equal(state.items[0].status, "failed");
    assert.deepEqual(state.items[0].error, error);
  });

  test("an expired session is retried once before the message counts as not sent", () => {
    const expired = { type: "user_acked", clientId: "c1", error: { code: "unknown_session" } };
    let state = run([sent, expired]);
    assert.equal(state.items[0].status, "sending");
    state = reduce(state, expired);
    assert.equal(state.items[0].status, "failed");
  });

  test("a quick reply shows its title, and so does its payload when it is replayed", () => {
    const withButtons = live(botMessage(1, "Did it arrive?", { buttons: [{ title: "Yes, it did", payload: "/affirm" }] }));
    let state = run([withButtons, { type: "user_sent", clientId: "c2", message: "/affirm", displayText: "Yes, it did" }]);
    assert.deepEqual(shown(state).at(-1), ["user", "Yes, it did"]);
    assert.deepEqual(state.quickReplies, []); // answered: the buttons go away
    // Another tab pressed it: it arrives as the stored payload.
    state = run([withButtons, history([{ id: 2, sender: "user", text: "/affirm" }])]);
    assert.deepEqual(shown(state).at(-1), ["user", "Yes, it did"]);
  });

  test("a new session starts an empty conversation but keeps what is still being sent", () => {
    let state = run([live(botMessage(5, "old")), sent, { type: "new_conversation" }]);
    assert.deepEqual(shown(state), [["user", "my withdrawal is stuck"]]);
    assert.equal(state.lastId, 0);
    // Ids restart in the new conversation: id 5 is a new message now.
    state = reduce(state, live(botMessage(5, "new")));
    assert.deepEqual(shown(state).at(-1), ["reply", "new"]);
  });
});

describe("handoff state", () => {
  const handoff = (state) => ({ type: "handoff_state", state });

  test("queued, claimed, back with the bot: the banner follows", () => {
    let state = run([handoff({ state: "bot" })]);
    assert.equal(state.notice, null); // never with an agent: nothing to say
    state = reduce(state, handoff({ state: "queued", position: 2, eta_seconds: 250 }));
    assert.deepEqual(state.notice, { kind: "queued", position: 2, minutes: 5 });
    state = reduce(state, handoff({ state: "claimed", agent_name: "Mia" }));
    assert.deepEqual(state.notice, { kind: "joined", agentName: "Mia" });
    state = reduce(state, handoff({ state: "bot" }));
    assert.deepEqual(state.notice, { kind: "back_with_bot" });
    state = reduce(state, handoff({ state: "resolved" }));
    assert.deepEqual(state.notice, { kind: "resolved" });
  });

  test("a short wait still says at least a minute; offline says when agents are back", () => {
    assert.deepEqual(run([handoff({ state: "queued", eta_seconds: 10 })]).notice, { kind: "queued", position: null, minutes: 1 });
    assert.deepEqual(run([handoff({ state: "queued", position: 1, offline: true, next_open: "2026-11-24T01:00:00Z" })]).notice,
      { kind: "offline", nextOpen: "2026-11-24T01:00:00Z" });
  });

  test("the history's state sets the banner after a reload", () => {
    const state = run([history([botMessage(1, "hi")], { state: "queued", position: 3 })]);
    assert.equal(state.notice.position, 3);
  });

  test("the agent's typing dots go when the agent no longer has the conversation", () => {
    let state = run([handoff({ state: "claimed", agent_name: "Mia" }), { type: "typing", side: "agent", typing: true }]);
    assert.deepEqual(state.typing.agent, { name: "Mia" }); // named after the handoff's agent
    state = reduce(state, handoff({ state: "resolved" }));
    assert.equal(state.typing.agent, null);
  });

  test("a reply from the bot ends the bot's typing dots; a disconnect ends everyone's", () => {
    let state = run([{ type: "typing", side: "bot", typing: true }]);
    assert.equal(state.typing.bot, true);
    assert.equal(reduce(state, live(botMessage(1, "Here you go"))).typing.bot, false);
    state = run([{ type: "typing", side: "agent", typing: true, name: "Mia" }, { type: "disconnected" }], state);
    assert.deepEqual(state.typing, { bot: false, agent: null });
    assert.equal(state.connection, "reconnecting");
  });
});

describe("the rating card", () => {
  test("is shown once per handoff, and says thanks once sent", () => {
    let state = run([{ type: "rating_requested", handoffId: 7 }, { type: "rating_requested", handoffId: 7 }]);
    const cards = state.items.filter((item) => item.kind === "rating");
    assert.equal(cards.length, 1);
    state = reduce(state, { type: "rating_sent", key: cards[0].key });
    assert.equal(state.items[0].done, true);
    state = reduce(state, { type: "rating_requested", handoffId: 8 }); // the next handoff may be rated
    assert.equal(state.items.filter((item) => item.kind === "rating").length, 2);
  });
});
