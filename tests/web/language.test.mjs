import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { localized, pickLanguage, supportedLanguage } from "../../bot/widget/static/shared/language.js";

describe("the language pick", () => {
  const cases = [
    // [data-language, navigator.language, spoken]
    ["zh", "en-US", "zh"],
    ["en", "zh-CN", "en"],
    [undefined, "zh-TW", "zh"],
    [undefined, "ZH-hk", "zh"],
    [undefined, "en-GB", "en"],
    [undefined, "de-DE", "en"],
    ["fr", "zh-CN", "zh"], // a language the desk does not speak is ignored
    ["zh-CN", "en-US", "en"], // the attribute takes the exact codes only
    [undefined, undefined, "en"],
  ];
  for (const [explicit, browser, expected] of cases) {
    test(`data-language=${explicit} with a ${browser} browser speaks ${expected}`, () => {
      assert.equal(pickLanguage(explicit, browser), expected);
    });
  }

  test("only exact, supported codes count as an explicit choice", () => {
    assert.equal(supportedLanguage("zh"), "zh");
    assert.equal(supportedLanguage("en"), "en");
    assert.equal(supportedLanguage("zh-CN"), null);
    assert.equal(supportedLanguage(undefined), null);
  });

  test("a text missing in a language falls back to English", () => {
    const canned = { en: "Hello", zh: "您好" };
    assert.equal(localized(canned, "zh"), "您好");
    assert.equal(localized(canned, "ja"), "Hello");
    assert.equal(localized({ en: "Hello" }, "zh"), "Hello");
  });
});
