// The queue: who is waiting, which conversations are mine, and a title that blinks when
// someone new arrives while the console is in the background.

import { elapsed } from "/static/shared/time.js";
import { $, el } from "./dom.js";
import { humanize, languageName, senderLabel, t } from "./i18n.js";
import { state } from "./state.js";

/** Open a conversation when its queue item is clicked or chosen with Enter or Space. */
export function bindQueue(onOpen) {
  for (const list of [$("queue-waiting"), $("queue-mine")]) {
    const open = (event) => {
      const item = event.target.closest(".queue-item");
      if (item) onOpen(item.dataset.conversationId);
    };
    list.addEventListener("click", open);
    list.addEventListener("keydown", (event) => {
      if (event.key !== "Enter" && event.key !== " ") return;
      event.preventDefault();
      open(event);
    });
  }
  setInterval(tickWaitTimes, 1000);
  document.addEventListener("visibilitychange", () => { if (!document.hidden) stopTitleFlash(); });
}

export function renderQueue() {
  $("queue-waiting").replaceChildren(...state.waiting.map(queueItem));
  $("queue-mine").replaceChildren(...state.mine.map(queueItem));
  $("waiting-count").textContent = state.waiting.length;
  $("mine-count").textContent = state.mine.length;
}

function queueItem(handoff) {
  const cid = handoff.conversation_id;
  const last = handoff.last_message;
  const item = el("li", {
    className: "queue-item",
    tabindex: "0",
    "data-testid": "queue-item",
    "data-conversation-id": cid,
    "data-handoff-id": handoff.id,
  }, [
    el("div", { className: "queue-item-top" }, [
      priorityBadge(handoff.priority),
      el("span", { className: "queue-item-reason", text: humanize(handoff.reason) }),
      handoff.flagged && el("span", { className: "flag", title: t.flaggedTitle, "aria-label": t.flagged, text: "⚠" }),
      handoff.queued_at && el("span", {
        className: "wait-time",
        title: t.waitingTime,
        "data-since": handoff.queued_at,
        text: elapsed(handoff.queued_at),
      }),
    ]),
    el("div", {
      className: "queue-item-meta",
      text: `${languageName(handoff.language)} · ${humanize(handoff.channel)}`,
    }),
    last && el("div", { className: "queue-item-preview", text: `${senderLabel(last)}: ${last.text}` }),
  ]);
  item.classList.toggle("unread", state.unread.has(cid));
  item.classList.toggle("active", state.open?.cid === cid);
  return item;
}

function priorityBadge(priority) {
  const badge = el("span");
  setPriorityBadge(badge, priority);
  return badge;
}

export function setPriorityBadge(badge, priority) {
  badge.className = `badge priority-${priority ?? "normal"}`;
  badge.textContent = priority ?? "";
}

function tickWaitTimes() {
  for (const node of document.querySelectorAll("[data-since]")) {
    node.textContent = elapsed(node.dataset.since);
  }
}

const titleFlash = { base: document.title, count: 0, timer: 0 };

/** Blink the tab's title with the number of new conversations, while the tab is hidden. */
export function flashTitleIfHidden(arrivals) {
  if (!document.hidden || arrivals === 0) return;
  titleFlash.count += arrivals;
  if (titleFlash.timer) return;
  toggleTitle();
  titleFlash.timer = setInterval(toggleTitle, 1000);
}

function toggleTitle() {
  document.title = document.title === titleFlash.base ? t.newConversations(titleFlash.count) : titleFlash.base;
}

function stopTitleFlash() {
  clearInterval(titleFlash.timer);
  titleFlash.timer = 0;
  titleFlash.count = 0;
  document.title = titleFlash.base;
}
