// DOM helpers for the widget and the console. Every string reaches the page as text
// (textContent, attributes), never as HTML: users, and the bot quoting them, can type anything.

/**
 * Create an element. props: "text" sets textContent, "className" the class, anything else an
 * attribute (true sets an empty one, false, null and undefined set none); falsy children are
 * skipped, so `flag && el(...)` works.
 */
export function el(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "text") node.textContent = value;
    else if (name === "className") node.className = value;
    else node.setAttribute(name, value === true ? "" : value);
  }
  node.append(...children.filter((child) => child !== false && child != null));
  return node;
}

const NEAR_BOTTOM_PX = 80;

/** Whether a scrolled list shows its end, so new content should keep it there. */
export function isNearBottom(scroller) {
  return scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < NEAR_BOTTOM_PX;
}

export function scrollToBottom(scroller) {
  scroller.scrollTop = scroller.scrollHeight;
}
