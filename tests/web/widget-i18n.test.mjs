import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { bannerFor, errorText, texts, typingText } from "../../bot/widget/static/widget/i18n.js";
import { initialState, reduce } from "../../bot/widget/static/widget/state.js";

const en = texts("en");
const zh = texts("zh");
const queued = (handoff) => reduce(initialState(), { type: "handoff_state", state: { state: "queued", ...handoff } });

describe("the banner's queue position text", () => {
  test("position and wait, in English and Chinese", () => {
    const state = queued({ position: 2, eta_seconds: 300 });
    assert.deepEqual(bannerFor(state, en), { text: "Waiting for an agent — you are number 2 in the queue, about 5 min", alert: false });
    assert.equal(bannerFor(state, zh).text, "正在等待人工客服 — 您在队列中排第 2 位，预计约 5 分钟");
  });

  test("position only, and wait only", () => {
    assert.equal(bannerFor(queued({ position: 1 }), en).text, "Waiting for an agent — you are number 1 in the queue");
    assert.equal(bannerFor(queued({ position: 1 }), zh).text, "正在等待人工客服 — 您在队列中排第 1 位");
    assert.equal(bannerFor(queued({ eta_seconds: 90 }), en).text, "Waiting for an agent — about 2 min");
    assert.equal(bannerFor(queued({ eta_seconds: 90 }), zh).text, "正在等待人工客服 — 预计约 2 分钟");
  });

  test("outside business hours it says when agents are back", () => {
    const state = queued({ offline: true, next_open: new Date(2026, 10, 23, 9, 0).toISOString() });
    assert.match(bannerFor(state, en).text, /^Our agents are offline right now; we'll reply from Mon, Nov 23, 09:00\sAM\. Leave/);
    assert.equal(bannerFor(state, zh).text, "客服目前不在线，我们将于 11月23日周一 09:00 起回复。请在此留言，您的消息会一直保留在队列中。");
    assert.equal(bannerFor(queued({ offline: true }), en).text,
      "Our agents are offline right now. Leave your message here and it stays in the queue.");
  });

  test("an agent joining is named, or called an agent", () => {
    const claimed = (name) => reduce(initialState(), { type: "handoff_state", state: { state: "claimed", agent_name: name } });
    assert.equal(bannerFor(claimed("Mia"), en).text, "Mia joined the chat");
    assert.equal(bannerFor(claimed(null), zh).text, "客服 已加入对话");
  });

  test("a connection problem shows before a refused message, which shows before the queue", () => {
    let state = queued({ position: 2 });
    state = reduce(state, { type: "flashed", error: { code: "rate_limited" } });
    assert.deepEqual(bannerFor(state, en), { text: "You're sending messages too quickly. Please wait a moment.", alert: true });
    state = reduce(state, { type: "connection", problem: "reconnecting" });
    assert.deepEqual(bannerFor(state, zh), { text: "正在重新连接…", alert: true });
    state = reduce(reduce(state, { type: "connection", problem: null }), { type: "flash_expired" });
    assert.equal(bannerFor(state, en).alert, false);
    assert.match(bannerFor(state, en).text, /number 2/);
  });

  test("no handoff, no banner", () => {
    assert.equal(bannerFor(initialState(), en).text, null);
  });
});

describe("other widget texts", () => {
  test("refusals are explained in the user's language, unknown ones in the hub's words", () => {
    assert.equal(errorText({ code: "message_too_long" }, en), "Messages can be at most 2000 characters.");
    assert.equal(errorText({ code: "message_too_long" }, zh), "消息最多 2000 个字符。");
    assert.equal(errorText({ code: "new_code", message: "Try later" }, en), "Try later");
    assert.equal(errorText(null, zh), "发送失败。");
  });

  test("who is typing: the agent before the bot", () => {
    assert.equal(typingText({ bot: true, agent: null }, en), "Assistant is typing…");
    assert.equal(typingText({ bot: true, agent: { name: "Mia" } }, en), "Mia is typing…");
    assert.equal(typingText({ bot: false, agent: { name: null } }, zh), "客服 正在输入…");
    assert.equal(typingText({ bot: false, agent: null }, en), "");
  });

  test("an unknown language gets the English texts", () => {
    assert.equal(texts("fr").title, "Kestrel Support");
    assert.equal(texts("zh").title, "Kestrel 客服");
  });
});
