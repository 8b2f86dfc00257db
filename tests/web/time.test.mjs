import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { clockTime, elapsed, formatDateTime, formatNextOpen } from "../../bot/widget/static/shared/time.js";

// Local times, so the tests pass in any time zone. 23 November 2026 is a Monday.
const monday9 = new Date(2026, 10, 23, 9, 5);
const iso = monday9.toISOString();

describe("time formatting", () => {
  test("a message from today shows the time only, an older one the date too", () => {
    assert.match(clockTime(iso, "en-US", new Date(2026, 10, 23, 18, 0)), /^09:05\sAM$/);
    assert.match(clockTime(iso, "en-US", new Date(2026, 10, 24, 8, 0)), /^Nov 23, 09:05\sAM$/);
  });

  test("a tooltip shows the full date and time in the widget's language", () => {
    assert.match(formatDateTime(iso, "en-US"), /11\/23\/2026, 9:05:00\sAM/);
    assert.match(formatDateTime(iso, "zh-CN"), /2026\/11\/23 09:05:00/);
  });

  test("when agents are back is said with the weekday, in each language", () => {
    assert.match(formatNextOpen(iso, "en"), /^Mon, Nov 23, 09:05\sAM$/);
    assert.equal(formatNextOpen(iso, "zh-CN"), "11月23日周一 09:05");
  });

  test("a next-open value that is no timestamp is shown as the hub wrote it", () => {
    assert.equal(formatNextOpen("Monday 09:00 (UTC+8)", "en"), "Monday 09:00 (UTC+8)");
  });

  test("unreadable timestamps show nothing rather than 'Invalid Date'", () => {
    assert.equal(formatDateTime("soon", "en"), "");
    assert.equal(clockTime(undefined, "en"), "");
  });

  test("waiting time reads in seconds, then minutes, then hours", () => {
    const since = (seconds) => new Date(monday9.getTime() - seconds * 1000);
    assert.equal(elapsed(iso, since(-45)), "45s");
    assert.equal(elapsed(iso, since(-185)), "3m 5s");
    assert.equal(elapsed(iso, since(-(2 * 3600 + 10 * 60 + 9))), "2h 10m");
    assert.equal(elapsed(iso, since(30)), "0s"); // a clock a little behind the hub's
  });
});
