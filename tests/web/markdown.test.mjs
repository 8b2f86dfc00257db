import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { parseMarkdown, renderMarkdown } from "../../bot/widget/static/shared/markdown.js";
import { fakeDocument, shape } from "./fake-document.mjs";

const render = (text) => {
  const doc = fakeDocument();
  return { tree: shape(renderMarkdown(text, doc)), created: doc.created };
};

describe("the Markdown of the bot's answers", () => {
  test("**bold** becomes strong text", () => {
    assert.deepEqual(render("Press **Save** now").tree, [["p", "Press ", ["strong", "Save"], " now"]]);
  });

  test("`code` becomes code, and what is inside it stays as written", () => {
    assert.deepEqual(render("Only log in at `https://kestrel.example` and **never** `**here**`").tree, [
      ["p", "Only log in at ", ["code", "https://kestrel.example"], " and ", ["strong", "never"], " ", ["code", "**here**"]],
    ]);
  });

  test("an unclosed marker is shown as typed", () => {
    assert.deepEqual(render("2 ** 3 and `x").tree, [["p", "2 ** 3 and `x"]]);
  });

  test("blank lines separate paragraphs; single line breaks stay inside one", () => {
    assert.deepEqual(render("First line\nsecond line\n\n  \nNext paragraph").tree, [
      ["p", "First line\nsecond line"],
      ["p", "Next paragraph"],
    ]);
  });

  test("numbered steps become an ordered list, continuing lines stay in their step", () => {
    assert.deepEqual(render("Do this:\n1. Open **Security**\n2. Tap Reset\n   and confirm").tree, [
      ["p", "Do this:"],
      ["ol", ["li", "Open ", ["strong", "Security"]], ["li", "Tap Reset\nand confirm"]],
    ]);
  });

  test("a list that starts at 3 keeps its numbers", () => {
    assert.deepEqual(render("3. Third\n4. Fourth").tree, [["ol", { start: "3" }, ["li", "Third"], ["li", "Fourth"]]]);
  });

  test("dashes make a bullet list; switching kind starts a new list", () => {
    assert.deepEqual(render("- BTC\n- ETH\n1. Then this\nAfter").tree, [
      ["ul", ["li", "BTC"], ["li", "ETH"]],
      ["ol", ["li", "Then this"]],
      ["p", "After"],
    ]);
  });

  test("HTML in the text is shown as text, never made into elements", () => {
    const { tree, created } = render('<img src=x onerror="alert(1)"> **<b>hi</b>** <script>x()</script>');
    assert.deepEqual(tree, [["p", '<img src=x onerror="alert(1)"> ', ["strong", "<b>hi</b>"], " <script>x()</script>"]]);
    assert.deepEqual(created, ["p", "strong"]);
  });

  test("links are not made, so no link can hide where it goes, http or javascript:", () => {
    for (const text of ["[Kestrel](https://kestrel.example.evil)", "[login](javascript:alert(1))", "<a href=\"https://x\">x</a>"]) {
      const { tree, created } = render(text);
      assert.deepEqual(tree, [["p", text]]);
      assert.ok(!created.includes("a"), `no <a> for ${text}`);
    }
  });

  test("empty or missing text renders nothing", () => {
    assert.deepEqual(parseMarkdown(""), []);
    assert.deepEqual(parseMarkdown(null), []);
    assert.deepEqual(parseMarkdown("\n\n  \n"), []);
  });
});
