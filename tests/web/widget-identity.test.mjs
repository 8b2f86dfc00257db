import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { errorText, texts } from "../../bot/widget/static/widget/i18n.js";

// app.js touches the page when started, not when imported: its pure helper can be tested here.
const { userClaim } = await import("../../bot/widget/static/widget/app.js");

describe("a logged-in user's claim", () => {
  test("a signed token is sent as it is", () => {
    assert.deepEqual(userClaim({ userToken: "a.b.c" }), { token: "a.b.c" });
  });

  test("a user id goes with its hash, name and attributes", () => {
    assert.deepEqual(
      userClaim({ userId: 1001, userHash: "ab12", name: "Lin", attributes: { vip_level: "3" } }),
      { id: "1001", hash: "ab12", name: "Lin", attributes: { vip_level: "3" } },
    );
  });

  test("an id without its hash is no claim at all", () => {
    assert.equal(userClaim({ userId: "1001" }), null);
    assert.equal(userClaim(null), null);
  });
});

describe("refusals the hub explains", () => {
  test("a rate limit says how long to wait, in the user's language", () => {
    const error = { code: "rate_limited", message: "Too many messages.", retry_after: 42 };
    assert.match(errorText(error, texts("en")), /too quickly.*try again in 42 s/);
    assert.match(errorText(error, texts("zh")), /发送太频繁.*42 秒后可再试/);
    assert.match(errorText({ ...error, retry_after: 600 }, texts("en")), /10 min/);
  });

  test("an identity refusal asks the user to log in again", () => {
    assert.match(errorText({ code: "identity_invalid" }, texts("en")), /log in again/);
    assert.match(errorText({ code: "identity_required" }, texts("zh")), /请先登录/);
  });
});
