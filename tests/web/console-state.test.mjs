import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { excerpt, humanize, languageName, percent, senderLabel, stateLabel } from "../../console/static/i18n.js";
import { countArrivals, findHandoff, isMine, openLanguage, queueWithHandoff } from "../../console/static/state.js";

const ME = 1;
const handoff = (id, extra) => ({ id, conversation_id: `c_${id}`, state: "queued", position: id, ...extra });

describe("the console's queue", () => {
  const queue = { waiting: [handoff(1), handoff(3)], mine: [handoff(5, { state: "claimed", claimed_by: ME })] };

  test("a newly queued conversation takes its place by position", () => {
    const next = queueWithHandoff(queue, handoff(2), ME);
    assert.deepEqual(next.waiting.map((item) => item.id), [1, 2, 3]);
    assert.deepEqual(queue.waiting.map((item) => item.id), [1, 3]); // the old queue is left alone
  });

  test("one I claim moves to mine; one a colleague claims leaves my view", () => {
    let next = queueWithHandoff(queue, handoff(1, { state: "claimed", claimed_by: ME }), ME);
    assert.deepEqual([next.waiting.map((item) => item.id), next.mine.map((item) => item.id)], [[3], [5, 1]]);
    next = queueWithHandoff(queue, handoff(3, { state: "claimed", claimed_by: 2 }), ME);
    assert.deepEqual([next.waiting.map((item) => item.id), next.mine.map((item) => item.id)], [[1], [5]]);
  });

  test("a resolved one disappears; one without a position goes to the end", () => {
    let next = queueWithHandoff(queue, handoff(5, { state: "resolved" }), ME);
    assert.deepEqual(next.mine, []);
    next = queueWithHandoff(queue, handoff(9, { position: null }), ME);
    assert.deepEqual(next.waiting.map((item) => item.id), [1, 3, 9]);
  });

  test("only conversations not seen before count as arrivals (for the blinking title)", () => {
    assert.equal(countArrivals(queue, [handoff(1), handoff(3), handoff(7), handoff(8)]), 2);
    assert.equal(countArrivals(queue, [handoff(5)]), 0); // moved back from mine: not new
  });

  test("a conversation's handoff is found in either list", () => {
    assert.equal(findHandoff(queue, "c_5").id, 5);
    assert.equal(findHandoff(queue, "c_9"), undefined);
    assert.equal(isMine(queue.mine[0], ME), true);
    assert.equal(isMine(queue.mine[0], 2), false);
    assert.equal(isMine(null, ME), false);
  });

  test("canned responses and searches use the conversation's language", () => {
    assert.equal(openLanguage({ handoff: { language: "zh" }, conversation: { language: "en" } }), "zh");
    assert.equal(openLanguage({ handoff: null, conversation: { language: "zh" } }), "zh");
    assert.equal(openLanguage(null), "en");
  });
});

describe("how the console words things", () => {
  const agents = [{ id: 2, display_name: "Leo" }];

  test("a handoff's state says whose it is", () => {
    assert.equal(stateLabel({ state: "claimed", claimed_by: ME }, ME, agents), "Claimed by you");
    assert.equal(stateLabel({ state: "claimed", claimed_by: 2 }, ME, agents), "Claimed by Leo");
    assert.equal(stateLabel({ state: "claimed", claimed_by: 3 }, ME, agents), "Claimed by another agent");
    assert.equal(stateLabel({ state: "queued" }, ME, agents), "Waiting");
    assert.equal(stateLabel({ state: "returned" }, ME, agents), "Returned to the bot");
    assert.equal(stateLabel({ state: "on_hold" }, ME, agents), "On hold");
  });

  test("codes, senders, languages and confidences read as words", () => {
    assert.equal(humanize("asked_for_human"), "Asked for human");
    assert.equal(humanize(null), "");
    assert.equal(senderLabel({ sender: "agent", agent_name: "Mia" }), "Mia");
    assert.equal(senderLabel({ sender: "bot" }), "Bot");
    assert.equal(languageName("zh"), "Chinese");
    assert.equal(languageName("ko"), "ko");
    assert.equal(percent(0.934), "93%");
  });

  test("an article's excerpt is one line of at most 160 characters", () => {
    assert.equal(excerpt("Line one\n\n  line two"), "Line one line two");
    const long = excerpt("word ".repeat(100));
    assert.equal(long.length, 161);
    assert.ok(long.endsWith("…"));
  });
});

describe("who the user is", async () => {
  const { identityLabel } = await import("../../console/static/i18n.js");

  test("an anonymous visitor is marked as not verified", () => {
    assert.equal(identityLabel({ verified: false }), "Anonymous visitor (not verified)");
    assert.equal(identityLabel(undefined), "Anonymous visitor (not verified)");
  });

  test("a verified user shows the id, the name and the attributes the exchange passed", () => {
    const label = identityLabel({ verified: true, user_id: "u-1001", name: "Lin",
      attributes: { vip_level: "3" }, attributes_verified: true });
    assert.equal(label, "Verified: u-1001 · Lin · Vip level 3");
  });

  test("attributes that came unsigned beside the id are marked", () => {
    const label = identityLabel({ verified: true, user_id: "u-1", attributes: { kyc_level: "2" },
      attributes_verified: false });
    assert.match(label, /\(attributes not verified\)$/);
  });
});
