// The widget's DOM: it builds the launcher and the panel once, then render(state) brings the
// page up to date. User actions go to the handlers; the view keeps no conversation state of
// its own beyond what a form field holds (the composer, a rating card being filled in).

import { el, isNearBottom, scrollToBottom } from "../shared/dom.js";
import { renderMarkdown } from "../shared/markdown.js";
import { formatDateTime } from "../shared/time.js";
import { bannerFor, errorText, typingText } from "./i18n.js";
import { COUNTER_FROM, MAX_LENGTH, RATING_COMMENT_MAX } from "./limits.js";

const ICONS = {
  chat: "M20 2H4a2 2 0 0 0-2 2v18l4-4h14a2 2 0 0 0 2-2V4a2 2 0 0 0-2-2z",
  close: "M19 6.41 17.59 5 12 10.59 6.41 5 5 6.41 10.59 12 5 17.59 6.41 19 12 13.41 17.59 19 19 17.59 13.41 12z",
  send: "M2.01 21 23 12 2.01 3 2 10l15 2-15 2z",
};

function icon(path) {
  const svgNs = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(svgNs, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  const shape = document.createElementNS(svgNs, "path");
  shape.setAttribute("d", path);
  svg.append(shape);
  return svg;
}

// Text buttons show their label; icon buttons pass the icon as content.
function button(className, label, content, testId) {
  return el("button", { type: "button", className, "aria-label": label, "data-testid": testId },
    [content || label]);
}

/**
 * Build the widget into the page. handlers: toggle(), close(), send(text), quickReply(choice),
 * typing(hasText), rate(key, score, comment). Returns {render(state)}.
 */
export function createView({ t, stylesheet, handlers }) {
  const ui = build(t, handlers);
  document.body.append(ui.root);
  injectStylesheet(stylesheet, () => { ui.root.hidden = false; });
  const messages = new MessageList(ui.messages, t, handlers);
  let shown = null;

  function render(state) {
    if (state.open !== shown?.open) renderOpen(ui, t, state.open, shown !== null);
    ui.badge.hidden = state.unread === 0;
    ui.badge.textContent = state.unread > 9 ? "9+" : String(state.unread);
    const banner = bannerFor(state, t);
    ui.banner.hidden = !banner.text;
    ui.banner.textContent = banner.text || "";
    ui.banner.classList.toggle("kd-banner--alert", banner.alert);
    const typing = typingText(state.typing, t);
    ui.typingIndicator.hidden = !typing;
    ui.typingLabel.textContent = typing;
    if (state.quickReplies !== shown?.quickReplies) renderQuickReplies(ui, state.quickReplies, handlers);
    messages.render(state.items);
    shown = state;
  }

  return { render };
}

function build(t, handlers) {
  const root = el("div", { className: "kd-root", lang: t.locale });
  root.hidden = true; // until the stylesheet is in, so the page never shows it unstyled

  const launcher = button("kd-launcher", t.openChat, icon(ICONS.chat), "widget-launcher");
  launcher.setAttribute("aria-expanded", "false");
  const badge = el("span", { className: "kd-badge", "aria-hidden": "true", hidden: true });
  launcher.append(icon(ICONS.close), badge);
  launcher.addEventListener("click", handlers.toggle);

  const closeButton = button("kd-close", t.closeChat, icon(ICONS.close));
  closeButton.addEventListener("click", handlers.close);
  const header = el("div", { className: "kd-header" }, [el("div", { className: "kd-title", text: t.title }), closeButton]);

  const banner = el("div", { className: "kd-banner", "data-testid": "handoff-banner", role: "status", hidden: true });
  const messages = el("div", {
    className: "kd-messages", "data-testid": "widget-messages", role: "log", "aria-live": "polite", "data-empty": t.empty,
  });
  const dots = el("span", { className: "kd-typing__dots", "aria-hidden": "true" }, [el("span"), el("span"), el("span")]);
  const typingLabel = el("span", { className: "kd-typing__label" });
  const typingIndicator = el("div", { className: "kd-typing", "data-testid": "typing-indicator", hidden: true },
    [dots, typingLabel]);
  const quickReplies = el("div", { className: "kd-quick-replies", hidden: true });
  const { composer, input } = buildComposer(t, handlers);

  const panel = el("div", { className: "kd-panel", "data-testid": "widget-panel", role: "dialog", "aria-label": t.title, hidden: true },
    [header, banner, messages, typingIndicator, quickReplies, composer]);
  panel.addEventListener("keydown", (event) => {
    if (event.key === "Escape") handlers.close();
  });
  root.append(panel, launcher);
  return { root, launcher, badge, panel, banner, messages, typingIndicator, typingLabel, quickReplies, input };
}

function buildComposer(t, handlers) {
  const input = el("textarea", {
    className: "kd-input", "data-testid": "widget-input", rows: "1", maxlength: String(MAX_LENGTH),
    placeholder: t.placeholder, "aria-label": t.placeholder, enterkeyhint: "send",
  });
  const counter = el("div", { className: "kd-counter", hidden: true });
  const send = button("kd-send", t.send, icon(ICONS.send), "widget-send");

  function onInput() {
    input.style.height = "auto";
    input.style.height = input.scrollHeight + input.offsetHeight - input.clientHeight + "px";
    const length = input.value.length;
    counter.hidden = length < COUNTER_FROM;
    counter.textContent = `${length} / ${MAX_LENGTH}`;
    counter.classList.toggle("kd-counter--full", length >= MAX_LENGTH);
    handlers.typing(Boolean(input.value.trim()));
  }

  function sendTyped() {
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    onInput();
    handlers.send(text);
    input.focus();
  }

  input.addEventListener("keydown", (event) => {
    // keyCode 229: Enter that confirms an IME composition (pinyin), not a send.
    if (event.key !== "Enter" || event.shiftKey || event.isComposing || event.keyCode === 229) return;
    event.preventDefault();
    sendTyped();
  });
  input.addEventListener("input", onInput);
  send.addEventListener("click", sendTyped);
  return { composer: el("div", { className: "kd-composer" }, [input, send, counter]), input };
}

function injectStylesheet(href, onLoad) {
  if (document.querySelector(`link[href="${href}"]`)) return onLoad();
  const link = el("link", { rel: "stylesheet", href });
  link.addEventListener("load", onLoad);
  document.head.append(link);
}

function renderOpen(ui, t, open, wasBuilt) {
  if (open) {
    ui.panel.hidden = false;
    ui.root.classList.add("kd-root--open");
    ui.launcher.setAttribute("aria-expanded", "true");
    ui.launcher.setAttribute("aria-label", t.closeChat);
    scrollToBottom(ui.messages);
    // On touch screens focusing would pop up the keyboard over the conversation.
    if (matchMedia("(pointer: fine)").matches) ui.input.focus();
  } else if (wasBuilt) {
    const hadFocus = ui.panel.contains(document.activeElement);
    ui.panel.hidden = true;
    ui.root.classList.remove("kd-root--open");
    ui.launcher.setAttribute("aria-expanded", "false");
    ui.launcher.setAttribute("aria-label", t.openChat);
    if (hadFocus) ui.launcher.focus();
  }
}

function renderQuickReplies(ui, choices, handlers) {
  const buttons = choices.map((choice) => {
    const node = button("kd-quick-reply", choice.title, null, "quick-reply");
    node.addEventListener("click", () => handlers.quickReply(choice));
    return node;
  });
  ui.quickReplies.replaceChildren(...buttons);
  ui.quickReplies.hidden = buttons.length === 0;
}

// ---- the message list --------------------------------------------------------------------

// Keeps one node per item, by key: new items are added, changed ones (a pending message that
// was stored or refused, a rating card that was sent) redrawn, dropped ones removed.
class MessageList {
  constructor(list, t, handlers) {
    this.list = list;
    this.t = t;
    this.handlers = handlers;
    this.nodes = new Map(); // key -> {item, node}
  }

  render(items) {
    const follow = isNearBottom(this.list);
    let added = false;
    let force = false;
    const keys = new Set(items.map((item) => item.key));
    for (const [key, entry] of this.nodes) {
      if (!keys.has(key)) {
        entry.node.remove();
        this.nodes.delete(key);
      }
    }
    let previous = null;
    for (const item of items) {
      let entry = this.nodes.get(item.key);
      if (!entry) {
        entry = { item, node: this.node(item) };
        this.nodes.set(item.key, entry);
        added = true;
        // The user's own messages and a rating card always scroll into view.
        if (item.kind === "user" || item.kind === "rating") force = true;
      } else if (entry.item !== item) {
        const node = this.node(item, entry);
        if (node !== entry.node) entry.node.replaceWith(node);
        entry.item = item;
        entry.node = node;
      }
      const wanted = previous ? previous.nextSibling : this.list.firstChild;
      if (entry.node !== wanted) this.list.insertBefore(entry.node, wanted);
      previous = entry.node;
    }
    if (added && (force || follow)) scrollToBottom(this.list);
  }

  node(item, existing) {
    switch (item.kind) {
      case "user":
        return existing ? updateUserRow(existing.node, item, this.t) : userRow(item, this.t);
      case "system":
        return el("div", { className: "kd-system", "data-testid": "message", "data-sender": "system", "data-id": item.id, text: item.text });
      case "reply":
        return replyRow(item, this.t);
      case "rating":
        return item.done
          ? el("div", { className: "kd-rating kd-rating--done", "data-testid": "rating-thanks", text: this.t.thanks })
          : ratingCard(item, this.t, this.handlers);
      default:
        return el("div");
    }
  }
}

function bubble(sender, id, content) {
  return el("div", { className: "kd-bubble", "data-testid": "message", "data-sender": sender, "data-id": id }, [content]);
}

function userRow(item, t) {
  const row = el("div", { className: "kd-row kd-row--user" }, [bubble("user", item.id, item.text)]);
  return updateUserRow(row, item, t);
}

function updateUserRow(row, item, t) {
  const node = row.firstChild;
  if (item.status) node.dataset.state = item.status;
  if (item.id != null) node.dataset.id = item.id;
  row.querySelector(".kd-status")?.remove();
  if (item.status === "sending") row.append(el("div", { className: "kd-status", text: t.sending }));
  if (item.status === "failed") row.append(el("div", { className: "kd-status kd-status--error", text: errorText(item.error, t) }));
  return row;
}

function replyRow(item, t) {
  const reply = bubble(item.sender, item.id, renderMarkdown(item.text));
  if (item.createdAt) reply.title = formatDateTime(item.createdAt, t.locale);
  return el("div", { className: `kd-row kd-row--${item.sender}` }, [
    item.sender === "agent" && el("div", { className: "kd-name", text: item.agentName || t.anAgent }),
    reply,
    item.article && el("div", { className: "kd-source", "data-testid": "article-source", text: t.source(item.article.title) }),
  ]);
}

function ratingCard(item, t, handlers) {
  const comment = el("textarea", {
    className: "kd-rating__comment", "data-testid": "rating-comment", rows: "2",
    maxlength: String(RATING_COMMENT_MAX), placeholder: t.ratingComment, "aria-label": t.ratingComment,
  });
  const submit = button("kd-rating__submit", t.ratingSubmit, null, "rating-submit");
  submit.disabled = true;

  let score = 0;
  const stars = [1, 2, 3, 4, 5].map((n) => {
    const star = button("kd-star", t.star(n), "★", `rating-star-${n}`);
    star.setAttribute("aria-pressed", "false");
    star.addEventListener("click", () => {
      score = n;
      stars.forEach((other, i) => {
        other.classList.toggle("kd-star--on", i < n);
        other.setAttribute("aria-pressed", String(i + 1 === n));
      });
      submit.disabled = false;
    });
    return star;
  });
  submit.addEventListener("click", () => handlers.rate(item.key, score, comment.value.trim()));
  return el("div", { className: "kd-rating" }, [
    el("p", { className: "kd-rating__title", text: t.ratingTitle }),
    el("div", { className: "kd-rating__stars", role: "group", "aria-label": t.ratingGroup }, stars),
    comment,
    submit,
  ]);
}
