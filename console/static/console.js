// The agent console: the handoff queue, the live chat with the user, and the context an agent
// needs to answer. The contract with the hub is docs/hub-protocol.md ("Agent console").
//
// This module signs the agent in and wires the parts together: api.js and feed.js talk to the
// hub, state.js holds what the console knows, the other modules each draw one part of the page.
// Every string from the server reaches the page as text (see el() in shared/dom.js), never as
// HTML: users, and the bot quoting them, can type anything.

import { api, ApiError, conversationPath, setCsrfToken } from "./api.js";
import { loadCanned, renderCanned } from "./canned.js";
import { bindComposer, composerText, renderComposerState, setComposerText, stopTyping } from "./composer.js";
import { chosenColleague, renderActions, renderConversationHeader, renderTransferOptions } from "./conversation-view.js";
import { $ } from "./dom.js";
import { connectFeed } from "./feed.js";
import { t } from "./i18n.js";
import { bindNotes, renderNotes } from "./notes.js";
import { reportError, showToast } from "./notify.js";
import { bindQueue, flashTitleIfHidden, renderQueue } from "./queue-view.js";
import { countArrivals, findHandoff, queueWithHandoff, state } from "./state.js";
import { bindSuggestions, renderSuggestions } from "./suggestions.js";
import { scrollToEnd, setUserTyping, showMessage, showMessages } from "./transcript.js";

let feed = null;

// ---- signing in ------------------------------------------------------------------------------

async function boot() {
  try {
    const me = await api("/api/me");
    state.me = me.agent;
    setCsrfToken(me.csrf_token);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) showLogin();
    else reportError(error);
    return;
  }
  showConsole();
}

function showLogin() {
  $("login-view").hidden = false;
  $("login-form").addEventListener("submit", submitLogin);
  $("login-form").elements.username.focus();
}

async function submitLogin(event) {
  event.preventDefault();
  const message = $("login-error");
  message.hidden = true;
  try {
    await api("/console/login", {
      method: "POST",
      form: new URLSearchParams(new FormData(event.currentTarget)),
    });
    location.reload();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) message.textContent = t.wrongLogin;
    else message.textContent = error instanceof ApiError ? error.message : t.couldNotReach;
    message.hidden = false;
  }
}

async function logout() {
  try {
    await api("/console/logout", { method: "POST" });
    location.reload();
  } catch (error) {
    reportError(error);
  }
}

function showConsole() {
  $("app").hidden = false;
  $("agent-name").textContent = state.me.display_name;
  feed = connectFeed({
    onEvent: (event) => EVENT_HANDLERS[event.type]?.(event),
    onStatus: setConnectionStatus,
    onOpen: () => { if (state.open) feed.send({ type: "watch", conversation_id: state.open.cid }); },
    onReconnect: catchUp,
  });
  bindConsoleEvents();
  refreshQueue();
  loadAgents();
  loadCanned();
}

function bindConsoleEvents() {
  $("logout").addEventListener("click", logout);
  $("take-next").addEventListener("click", takeNext);
  bindQueue(openConversation);
  $("action-claim").addEventListener("click", () => runHandoffAction("claim"));
  $("action-release").addEventListener("click", () => runHandoffAction("release"));
  $("action-transfer").addEventListener("click", transfer);
  $("action-return").addEventListener("click", () => runHandoffAction("return"));
  $("action-resolve").addEventListener("click", () => runHandoffAction("resolve"));
  $("transfer-agent").addEventListener("change", renderActions);
  bindComposer((event) => feed.send(event));
  bindNotes();
  bindSuggestions();
}

function setConnectionStatus(connected) {
  $("connection-status").dataset.state = connected ? "online" : "offline";
  $("connection-label").textContent = connected ? t.connected : t.reconnecting;
}

// ---- the queue -------------------------------------------------------------------------------

async function refreshQueue() {
  try {
    const queue = await api("/api/queue");
    setQueue(queue.waiting, queue.mine);
  } catch (error) {
    reportError(error);
  }
}

function setQueue(waiting, mine) {
  if (state.queueLoaded) flashTitleIfHidden(countArrivals(state, waiting));
  state.waiting = waiting;
  state.mine = mine;
  state.queueLoaded = true;
  renderQueue();
}

// A handoff event is applied at once; the queue event the hub sends after it confirms the order.
function applyHandoff(handoff) {
  const { waiting, mine } = queueWithHandoff(state, handoff, state.me.id);
  setQueue(waiting, mine);
  if (state.open?.cid === handoff.conversation_id) setOpenHandoff(handoff);
}

async function takeNext() {
  try {
    const { handoff } = await api("/api/queue/next", { method: "POST" });
    applyHandoff(handoff);
    openConversation(handoff.conversation_id);
  } catch (error) {
    reportError(error);
  }
}

// ---- the open conversation -------------------------------------------------------------------

async function openConversation(cid) {
  if (state.open?.cid === cid) return;
  leaveConversation();
  state.open = { cid, conversation: null, handoff: null, suggestions: [], shownIds: new Set() };
  state.unread.delete(cid);
  setComposerText(state.drafts.get(cid) ?? "");
  $("empty-state").hidden = true;
  $("conversation").hidden = false;
  $("context").hidden = false;
  setOpenHandoff(findHandoff(state, cid) ?? null);
  renderQueue();
  renderCanned();
  feed.send({ type: "watch", conversation_id: cid });
  loadAgents();
  try {
    const data = await api(conversationPath(cid));
    if (state.open?.cid !== cid) return; // the agent opened another one meanwhile
    state.open.conversation = data.conversation;
    state.open.suggestions = data.suggestions ?? [];
    setOpenHandoff(data.handoff);
    renderCanned();
    renderNotes(data.notes ?? []);
    renderSuggestions(state.open.suggestions);
    showMessages(data.messages);
    scrollToEnd();
  } catch (error) {
    reportError(error);
  }
}

function leaveConversation() {
  if (!state.open) return;
  stopTyping();
  state.drafts.set(state.open.cid, composerText());
  state.pending = [];
  $("transcript").replaceChildren();
  $("notes").replaceChildren();
  $("suggestions").replaceChildren();
  $("kb-search").value = "";
  setUserTyping(false);
}

function setOpenHandoff(handoff) {
  state.open.handoff = handoff;
  renderConversationHeader();
  renderActions();
  renderComposerState();
}

async function runHandoffAction(action, body) {
  const handoff = state.open?.handoff;
  if (!handoff) return;
  try {
    const data = await api(`/api/handoffs/${handoff.id}/${action}`, { method: "POST", json: body });
    if (data?.handoff) applyHandoff(data.handoff);
    if (action === "claim") $("composer-input").focus();
  } catch (error) {
    if (error instanceof ApiError && error.code === "already_claimed") {
      showToast(t.alreadyClaimed);
      refreshQueue();
    } else {
      reportError(error);
    }
  }
}

function transfer() {
  const chosen = chosenColleague();
  if (chosen) runHandoffAction("transfer", { agent_id: chosen.id });
}

async function loadAgents() {
  try {
    state.agents = await api("/api/agents");
  } catch (error) {
    reportError(error);
    return;
  }
  renderTransferOptions();
  if (state.open) renderConversationHeader();
}

// ---- live events -----------------------------------------------------------------------------

// Fetch what happened while the websocket was down.
async function catchUp() {
  refreshQueue();
  const cid = state.open?.cid;
  if (!cid) return;
  try {
    const data = await api(`${conversationPath(cid)}?after_id=${state.lastShownId.get(cid) ?? 0}`);
    if (state.open?.cid !== cid) return;
    setOpenHandoff(data.handoff);
    showMessages(data.messages);
  } catch (error) {
    reportError(error);
  }
}

const EVENT_HANDLERS = {
  queue: (event) => setQueue(event.waiting, event.mine),
  message: (event) => receiveMessage(event.message),
  user_typing: (event) => { if (event.conversation_id === state.open?.cid) setUserTyping(event.typing); },
  handoff: (event) => applyHandoff(event.handoff),
};

function receiveMessage(message) {
  const cid = message.conversation_id;
  for (const handoff of [...state.waiting, ...state.mine]) {
    if (handoff.conversation_id === cid) handoff.last_message = message;
  }
  if (cid === state.open?.cid) {
    showMessage(message);
    if (message.sender === "user") setUserTyping(false);
  } else {
    state.unread.add(cid);
  }
  renderQueue();
}

boot();
