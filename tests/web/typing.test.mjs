import assert from "node:assert/strict";
import { test } from "node:test";

import { TypingSignal } from "../../bot/widget/static/shared/typing.js";

function signal(t) {
  t.mock.timers.enable({ apis: ["setTimeout", "Date"], now: 1_000_000 });
  const sent = [];
  const typing = new TypingSignal((target, isTyping) => sent.push([target, isTyping]), { refreshMs: 2000, idleMs: 3000 });
  return { typing, sent };
}

test("typing is announced once, refreshed while typing continues, and ends after a pause", (t) => {
  const { typing, sent } = signal(t);
  typing.note("c1");
  t.mock.timers.tick(1000);
  typing.note("c1");
  assert.deepEqual(sent, [["c1", true]]);
  t.mock.timers.tick(1500);
  typing.note("c1"); // 2.5 s after the first: refreshed
  assert.deepEqual(sent, [["c1", true], ["c1", true]]);
  t.mock.timers.tick(3000);
  assert.deepEqual(sent.at(-1), ["c1", false]);
});

test("stopping says so once, and only if typing was announced", (t) => {
  const { typing, sent } = signal(t);
  typing.stop();
  assert.deepEqual(sent, []);
  typing.note("c1");
  typing.stop();
  typing.stop();
  t.mock.timers.tick(5000);
  assert.deepEqual(sent, [["c1", true], ["c1", false]]);
});

test("after a reset (the connection dropped) nothing more is said, and the next keystroke announces again", (t) => {
  const { typing, sent } = signal(t);
  typing.note("c1");
  typing.reset();
  t.mock.timers.tick(5000);
  assert.deepEqual(sent, [["c1", true]]);
  typing.note("c2");
  assert.deepEqual(sent.at(-1), ["c2", true]);
});
