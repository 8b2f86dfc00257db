// The reply box: Enter sends, a failed message is retried by clicking it, and the user sees
// "Agent is typing" while the agent types. Canned responses and articles are inserted here.

import { randomId } from "/static/shared/ids.js";
import { TypingSignal } from "/static/shared/typing.js";
import { api, conversationPath } from "./api.js";
import { $ } from "./dom.js";
import { t } from "./i18n.js";
import { reportError, showToast } from "./notify.js";
import { isMine, state } from "./state.js";
import { addPending, failedPendingAt, removePending, setPendingFailed, showMessage } from "./transcript.js";

const TYPING_THROTTLE_MS = 2000;
const TYPING_IDLE_MS = 3000;

let typing = null;

/** Wire the composer; sendWs(event) sends on the console's websocket. */
export function bindComposer(sendWs) {
  typing = new TypingSignal(
    (cid, isTyping) => sendWs({ type: "typing", conversation_id: cid, typing: isTyping }),
    { refreshMs: TYPING_THROTTLE_MS, idleMs: TYPING_IDLE_MS },
  );
  $("composer").addEventListener("submit", (event) => { event.preventDefault(); sendComposer(); });
  $("composer-input").addEventListener("keydown", (event) => {
    // isComposing: Enter also confirms a Chinese input-method candidate; that must not send.
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      sendComposer();
    }
  });
  $("composer-input").addEventListener("input", () => {
    const cid = state.open?.cid;
    if (cid && isMine(state.open.handoff, state.me.id)) typing.note(cid);
  });
  $("transcript").addEventListener("click", (event) => {
    const pending = failedPendingAt(event.target);
    if (pending) deliver(pending);
  });
}

export function stopTyping() {
  typing?.stop();
}

/** Enable the composer only while the agent holds the open conversation. */
export function renderComposerState() {
  const mine = isMine(state.open.handoff, state.me.id);
  const input = $("composer-input");
  input.disabled = !mine;
  input.placeholder = mine ? t.replyPlaceholder : t.claimToReply;
  $("composer-send").disabled = !mine;
  if (!mine) stopTyping();
}

function sendComposer() {
  const input = $("composer-input");
  const text = input.value.trim();
  if (!text || !isMine(state.open?.handoff, state.me.id)) return;
  input.value = "";
  stopTyping();
  const pending = { cid: state.open.cid, text, clientId: randomId(), node: null };
  addPending(pending);
  deliver(pending);
}

// A retry reuses the client_id, so the hub stores the message once even if the first try landed.
async function deliver(pending) {
  setPendingFailed(pending, false);
  try {
    const data = await api(`${conversationPath(pending.cid)}/messages`, {
      method: "POST",
      json: { text: pending.text, client_id: pending.clientId },
    });
    removePending(pending);
    if (state.open?.cid === pending.cid) showMessage(data.message ?? data);
  } catch (error) {
    setPendingFailed(pending, true);
    reportError(error);
  }
}

/** Put text at the cursor, e.g. a canned response; the agent reviews it before sending. */
export function insertIntoComposer(text) {
  const input = $("composer-input");
  if (input.disabled) {
    showToast(t.claimBeforeReplying);
    return;
  }
  input.focus();
  input.setRangeText(text, input.selectionStart, input.selectionEnd, "end");
}

export function composerText() {
  return $("composer-input").value;
}

export function setComposerText(text) {
  $("composer-input").value = text;
}
