// The little Markdown the bot's answers use (docs/hub-protocol.md): paragraphs, **bold**,
// `code`, "1. " and "- " lists. Nothing else is markup: not links, not HTML.
//
// parseMarkdown() is pure and returns a tree; renderMarkdown() turns the tree into DOM nodes
// with createElement and text nodes only, so no text from the server is ever parsed as HTML.

const LIST_ITEM = /^\s*(?:(\d+)\.|-)\s+(.*)$/;
const INLINE = /\*\*(.+?)\*\*|`([^`]+)`/g;

/**
 * Parse text into blocks: {type: "paragraph", inline} or {type: "list", ordered, start, items},
 * where inline (and each list item) is a list of {type: "text" | "strong" | "code", text}.
 */
export function parseMarkdown(text) {
  const blocks = [];
  for (const block of String(text ?? "").split(/\n\s*\n/)) {
    if (block.trim()) parseBlock(blocks, block);
  }
  return blocks;
}

function parseBlock(blocks, block) {
  let paragraph = null;
  let list = null;
  for (const line of block.split("\n")) {
    const item = line.match(LIST_ITEM);
    if (item) {
      list = listFor(blocks, list, item[1]);
      list.items.push(parseInline([], item[2]));
      paragraph = null;
    } else if (list && /^\s+\S/.test(line)) {
      parseInline(list.items[list.items.length - 1], "\n" + line.trim()); // an indented continuation
    } else if (line.trim()) {
      list = null;
      if (paragraph) pushText(paragraph.inline, "\n");
      else blocks.push((paragraph = { type: "paragraph", inline: [] }));
      parseInline(paragraph.inline, line);
    }
  }
}

// The list an item belongs to: the current one if it has the same kind, else a new one.
function listFor(blocks, current, number) {
  const ordered = Boolean(number);
  if (current && current.ordered === ordered) return current;
  const list = { type: "list", ordered, start: ordered ? Number(number) : 1, items: [] };
  blocks.push(list);
  return list;
}

function parseInline(inline, text) {
  let last = 0;
  for (const match of text.matchAll(INLINE)) {
    pushText(inline, text.slice(last, match.index));
    inline.push(match[1] != null ? { type: "strong", text: match[1] } : { type: "code", text: match[2] });
    last = match.index + match[0].length;
  }
  pushText(inline, text.slice(last));
  return inline;
}

function pushText(inline, text) {
  if (!text) return;
  const previous = inline[inline.length - 1];
  if (previous && previous.type === "text") previous.text += text;
  else inline.push({ type: "text", text });
}

const INLINE_TAGS = { strong: "strong", code: "code" };

/** Render text as a DocumentFragment of p, ol, ul, li, strong and code elements. */
export function renderMarkdown(text, doc = globalThis.document) {
  const fragment = doc.createDocumentFragment();
  for (const block of parseMarkdown(text)) {
    if (block.type === "paragraph") {
      fragment.append(inlineInto(doc.createElement("p"), block.inline, doc));
    } else {
      const list = doc.createElement(block.ordered ? "ol" : "ul");
      if (block.ordered && block.start !== 1) list.setAttribute("start", String(block.start));
      for (const item of block.items) list.append(inlineInto(doc.createElement("li"), item, doc));
      fragment.append(list);
    }
  }
  return fragment;
}

function inlineInto(parent, inline, doc) {
  for (const part of inline) {
    if (part.type === "text") {
      parent.append(doc.createTextNode(part.text));
    } else {
      const node = doc.createElement(INLINE_TAGS[part.type]);
      node.textContent = part.text;
      parent.append(node);
    }
  }
  return parent;
}
