// The open conversation's messages, in id order, each shown once; the agent's own messages
// appear at once, marked as sending until the hub confirms them. And "User is typing…".

import { clockTime } from "/static/shared/time.js";
import { $, el, isNearBottom, scrollToBottom } from "./dom.js";
import { percent, senderLabel, t } from "./i18n.js";
import { state } from "./state.js";

const USER_TYPING_TIMEOUT_MS = 8000;

export function showMessages(messages) {
  for (const message of messages) showMessage(message);
}

/** Show a stored message of the open conversation, unless it is already shown. */
export function showMessage(message) {
  const open = state.open;
  if (open.shownIds.has(message.id)) return;
  open.shownIds.add(message.id);
  dropPendingLike(message);
  const transcript = $("transcript");
  const follow = isNearBottom(transcript);
  transcript.insertBefore(messageNode(message), nodeAfter(message.id));
  state.lastShownId.set(open.cid, Math.max(state.lastShownId.get(open.cid) ?? 0, message.id));
  if (follow) scrollToEnd();
}

// The websocket can deliver a message before the transcript fetch that precedes it returns, so
// messages are kept in id order, with unconfirmed ones (no id yet) at the end.
function nodeAfter(id) {
  for (const node of $("transcript").children) {
    if (!node.dataset.id || Number(node.dataset.id) > id) return node;
  }
  return null;
}

function messageNode(message) {
  return el("div", {
    className: `message message-${message.sender}`,
    "data-testid": "message",
    "data-sender": message.sender,
    "data-id": message.id,
  }, [
    messageHead(senderLabel(message), clockTime(message.created_at), message.created_at),
    el("div", { className: "message-text", text: message.text }),
    message.buttons?.length > 0 && el("div", { className: "message-buttons" },
      message.buttons.map((button) => el("span", { className: "chip", text: button.title }))),
    messageMeta(message),
  ]);
}

function messageHead(sender, time, title) {
  return el("div", { className: "message-head" }, [
    el("span", { className: "message-sender", text: sender }),
    el("span", { className: "message-time", title, text: time }),
  ]);
}

function messageMeta(message) {
  const parts = [];
  if (message.intent) parts.push(`${message.intent.name} · ${percent(message.intent.confidence)}`);
  if (message.article) parts.push(t.article(message.article.title));
  return parts.length > 0 && el("div", { className: "message-meta", text: parts.join("  ·  ") });
}

export function scrollToEnd() {
  scrollToBottom($("transcript"));
}

/** Show a message the agent sent and the hub has not confirmed; returns its node. */
export function addPending(pending) {
  pending.node = el("div", {
    className: "message message-agent pending",
    "data-testid": "message",
    "data-sender": "agent",
    "data-client-id": pending.clientId,
  }, [
    messageHead(state.me.display_name, t.sending),
    el("div", { className: "message-text", text: pending.text }),
  ]);
  state.pending.push(pending);
  $("transcript").append(pending.node);
  scrollToEnd();
}

/** Mark a pending message as being sent (again) or as not sent. */
export function setPendingFailed(pending, failed) {
  pending.node.classList.toggle("failed", failed);
  pending.node.querySelector(".message-time").textContent = failed ? t.notSent : t.sending;
}

export function removePending(pending) {
  pending.node.remove();
  state.pending = state.pending.filter((item) => item !== pending);
}

/** The pending message whose node was clicked, if it failed. */
export function failedPendingAt(target) {
  const node = target.closest(".message.failed");
  return (node && state.pending.find((item) => item.node === node)) || null;
}

// Messages carry no client_id, so one that comes back over the websocket before its POST
// answers is matched to the oldest unconfirmed message with the same text.
function dropPendingLike(message) {
  if (message.sender !== "agent") return;
  const pending = state.pending.find((item) => item.text === message.text);
  if (pending) removePending(pending);
}

let userTypingTimer = 0;

export function setUserTyping(isTyping) {
  $("user-typing").hidden = !isTyping;
  clearTimeout(userTypingTimer);
  // A lost "stopped typing" event must not leave the indicator on for good.
  if (isTyping) userTypingTimer = setTimeout(() => setUserTyping(false), USER_TYPING_TIMEOUT_MS);
}
