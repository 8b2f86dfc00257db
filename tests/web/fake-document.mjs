// Just enough of a DOM document for renderMarkdown() in node: elements, text nodes and
// fragments, with a record of every element created. Not a test file (no ".test." in the name).

class FakeNode {
  constructor(tagName, text = null) {
    this.tagName = tagName; // null for text nodes and fragments
    this.text = text;
    this.attributes = {};
    this.children = [];
  }

  append(...nodes) {
    for (const node of nodes) {
      if (typeof node === "string") throw new Error("strings must go through createTextNode");
      this.children.push(...(node.tagName === "#fragment" ? node.children : [node]));
    }
  }

  setAttribute(name, value) {
    this.attributes[name] = String(value);
  }

  set textContent(value) {
    this.children = [new FakeNode(null, String(value))];
  }

  get textContent() {
    return this.text ?? this.children.map((child) => child.textContent).join("");
  }
}

export function fakeDocument() {
  const created = [];
  return {
    created, // tag names of every element created
    createElement(tag) {
      created.push(tag);
      return new FakeNode(tag);
    },
    createTextNode: (text) => new FakeNode(null, text),
    createDocumentFragment: () => new FakeNode("#fragment"),
  };
}

/** The element tree as [tag, attributes?, ...children], text nodes as strings. */
export function shape(node) {
  if (node.tagName === null) return node.text;
  const children = node.children.map(shape);
  const attributes = Object.keys(node.attributes).length ? [node.attributes] : [];
  return node.tagName === "#fragment" ? children : [node.tagName, ...attributes, ...children];
}
