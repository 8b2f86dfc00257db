"use strict";

// The agent console: the handoff queue, the live chat with the user, and the context an agent
// needs to answer. The contract with the hub is docs/hub-protocol.md ("Agent console").
//
// Every string from the server reaches the page through textContent (see el()), never as HTML:
// users, and the bot quoting them, can type anything.

const RECONNECT_DELAYS_MS = [1000, 2000, 5000, 10000];
const TYPING_THROTTLE_MS = 2000;
const TYPING_IDLE_MS = 3000;
const USER_TYPING_TIMEOUT_MS = 8000;
const TOAST_MS = 5000;
const KB_SEARCH_DELAY_MS = 300;
const EXCERPT_CHARS = 160;

const LANGUAGE_NAMES = { en: "English", zh: "Chinese" };
const SENDER_LABELS = { user: "User", bot: "Bot", agent: "Agent", system: "System" };
const STATE_LABELS = { queued: "Waiting", resolved: "Resolved", returned: "Returned to the bot" };

const state = {
  me: null,
  csrfToken: "",
  waiting: [],
  mine: [],
  queueLoaded: false,
  agents: [],
  canned: [],
  unread: new Set(), // conversation ids with messages the agent has not seen
  lastShownId: new Map(), // conversation id -> id of the last message shown
  drafts: new Map(), // conversation id -> unsent composer text
  open: null, // {cid, conversation, handoff, suggestions, shownIds}
  pending: [], // sent, not yet confirmed: {cid, text, clientId, node}
};

const $ = (id) => document.getElementById(id);

// ---------------------------------------------------------------------------------------------
// Server

class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

async function api(path, { method = "GET", json, form } = {}) {
  const headers = { Accept: "application/json" };
  if (method !== "GET" && state.csrfToken) headers["X-CSRF-Token"] = state.csrfToken;
  let body = form;
  if (json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(json);
  }
  const response = await fetch(path, { method, headers, body, credentials: "same-origin" });
  const data = await response.json().catch(() => null); // login and logout need not answer JSON
  if (!response.ok) {
    throw new ApiError(
      response.status,
      data?.error ?? `http_${response.status}`,
      data?.message ?? `The server answered ${response.status}.`,
    );
  }
  return data;
}

const conversationPath = (cid) => `/api/conversations/${encodeURIComponent(cid)}`;

function reportError(error) {
  if (error instanceof ApiError && error.status === 401) {
    location.reload(); // the session ended: the reload shows the login form
    return;
  }
  if (!(error instanceof ApiError)) console.error(error);
  showToast(error instanceof ApiError ? error.message : "Could not reach the server.");
}

// ---------------------------------------------------------------------------------------------
// Small DOM and formatting helpers

function el(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === null) continue;
    if (name === "text") node.textContent = value;
    else if (name === "className") node.className = value;
    else node.setAttribute(name, value);
  }
  node.append(...children.filter((child) => child !== false && child != null));
  return node;
}

let toastTimer = 0;
function showToast(text) {
  const toast = $("toast");
  toast.textContent = text;
  toast.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { toast.hidden = true; }, TOAST_MS);
}

function humanize(code) {
  if (!code) return "";
  const words = String(code).replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const languageName = (code) => LANGUAGE_NAMES[code] ?? code ?? "";
const percent = (confidence) => `${Math.round(confidence * 100)}%`;

function senderLabel(message) {
  if (message.sender === "agent" && message.agent_name) return message.agent_name;
  return SENDER_LABELS[message.sender] ?? message.sender;
}

function clockTime(iso) {
  const date = new Date(iso);
  const time = { hour: "2-digit", minute: "2-digit" };
  if (date.toDateString() === new Date().toDateString()) return date.toLocaleTimeString([], time);
  return date.toLocaleString([], { month: "short", day: "numeric", ...time });
}

function elapsed(iso) {
  const seconds = Math.max(0, Math.floor((Date.now() - Date.parse(iso)) / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${seconds % 60}s`;
  return `${Math.floor(minutes / 60)}h ${minutes % 60}m`;
}

function excerpt(text) {
  const flat = String(text ?? "").replace(/\s+/g, " ").trim();
  return flat.length > EXCERPT_CHARS ? `${flat.slice(0, EXCERPT_CHARS)}…` : flat;
}

// crypto.randomUUID() exists only in secure contexts; the console may be served over plain http.
function randomId() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

function priorityBadge(priority) {
  const badge = el("span");
  setPriorityBadge(badge, priority);
  return badge;
}

function setPriorityBadge(badge, priority) {
  badge.className = `badge priority-${priority ?? "normal"}`;
  badge.textContent = priority ?? "";
}

// ---------------------------------------------------------------------------------------------
// Login and session

async function boot() {
  try {
    const me = await api("/api/me");
    state.me = me.agent;
    state.csrfToken = me.csrf_token;
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
    if (error instanceof ApiError && error.status === 401) message.textContent = "Wrong username or password";
    else message.textContent = error instanceof ApiError ? error.message : "Could not reach the server.";
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
  bindConsoleEvents();
  refreshQueue();
  loadAgents();
  loadCanned();
  connectSocket();
  setInterval(tickWaitTimes, 1000);
}

function bindConsoleEvents() {
  $("logout").addEventListener("click", logout);
  $("take-next").addEventListener("click", takeNext);
  for (const list of [$("queue-waiting"), $("queue-mine")]) {
    list.addEventListener("click", onQueueClick);
    list.addEventListener("keydown", onQueueKeydown);
  }
  $("action-claim").addEventListener("click", () => runHandoffAction("claim"));
  $("action-release").addEventListener("click", () => runHandoffAction("release"));
  $("action-transfer").addEventListener("click", transfer);
  $("action-return").addEventListener("click", () => runHandoffAction("return"));
  $("action-resolve").addEventListener("click", () => runHandoffAction("resolve"));
  $("transfer-agent").addEventListener("change", renderActions);
  $("transcript").addEventListener("click", onTranscriptClick);
  $("composer").addEventListener("submit", (event) => { event.preventDefault(); sendComposer(); });
  $("composer-input").addEventListener("keydown", onComposerKeydown);
  $("composer-input").addEventListener("input", onComposerInput);
  $("note-form").addEventListener("submit", addNote);
  $("kb-search").addEventListener("input", scheduleKbSearch);
  document.addEventListener("visibilitychange", () => { if (!document.hidden) stopTitleFlash(); });
}

// ---------------------------------------------------------------------------------------------
// Queue

async function refreshQueue() {
  try {
    const queue = await api("/api/queue");
    setQueue(queue.waiting, queue.mine);
  } catch (error) {
    reportError(error);
  }
}

function setQueue(waiting, mine) {
  const known = new Set([...state.waiting, ...state.mine].map((handoff) => handoff.id));
  const arrivals = waiting.filter((handoff) => !known.has(handoff.id)).length;
  if (state.queueLoaded) flashTitleIfHidden(arrivals);
  state.waiting = waiting;
  state.mine = mine;
  state.queueLoaded = true;
  renderQueue();
}

// A handoff event is applied at once; the queue event the hub sends after it confirms the order.
function applyHandoff(handoff) {
  const others = (list) => list.filter((item) => item.id !== handoff.id);
  const waiting = others(state.waiting);
  const mine = others(state.mine);
  if (handoff.state === "queued") waiting.push(handoff);
  else if (isMine(handoff)) mine.push(handoff);
  const position = (item) => item.position ?? Number.MAX_SAFE_INTEGER;
  waiting.sort((a, b) => position(a) - position(b));
  setQueue(waiting, mine);
  if (state.open?.cid === handoff.conversation_id) setOpenHandoff(handoff);
}

function isMine(handoff) {
  return handoff?.state === "claimed" && handoff.claimed_by === state.me.id;
}

function findHandoff(cid) {
  return [...state.waiting, ...state.mine].find((handoff) => handoff.conversation_id === cid);
}

function renderQueue() {
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
      handoff.flagged && el("span", {
        className: "flag",
        title: "The user pasted a secret; it was removed",
        "aria-label": "Flagged",
        text: "⚠",
      }),
      handoff.queued_at && el("span", {
        className: "wait-time",
        title: "Waiting time",
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

function tickWaitTimes() {
  for (const node of document.querySelectorAll("[data-since]")) {
    node.textContent = elapsed(node.dataset.since);
  }
}

function onQueueClick(event) {
  const item = event.target.closest(".queue-item");
  if (item) openConversation(item.dataset.conversationId);
}

function onQueueKeydown(event) {
  if (event.key !== "Enter" && event.key !== " ") return;
  event.preventDefault();
  onQueueClick(event);
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

const titleFlash = { base: document.title, count: 0, timer: 0 };

function flashTitleIfHidden(arrivals) {
  if (!document.hidden || arrivals === 0) return;
  titleFlash.count += arrivals;
  if (titleFlash.timer) return;
  toggleTitle();
  titleFlash.timer = setInterval(toggleTitle, 1000);
}

function toggleTitle() {
  const plural = titleFlash.count > 1 ? "s" : "";
  document.title = document.title === titleFlash.base
    ? `(${titleFlash.count}) New conversation${plural}`
    : titleFlash.base;
}

function stopTitleFlash() {
  clearInterval(titleFlash.timer);
  titleFlash.timer = 0;
  titleFlash.count = 0;
  document.title = titleFlash.base;
}

// ---------------------------------------------------------------------------------------------
// The open conversation

async function openConversation(cid) {
  if (state.open?.cid === cid) return;
  leaveConversation();
  state.open = { cid, conversation: null, handoff: null, suggestions: [], shownIds: new Set() };
  state.unread.delete(cid);
  $("composer-input").value = state.drafts.get(cid) ?? "";
  $("empty-state").hidden = true;
  $("conversation").hidden = false;
  $("context").hidden = false;
  setOpenHandoff(findHandoff(cid) ?? null);
  renderQueue();
  renderCanned();
  sendWs({ type: "watch", conversation_id: cid });
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
  state.drafts.set(state.open.cid, $("composer-input").value);
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

function openLanguage() {
  return state.open?.handoff?.language ?? state.open?.conversation?.language ?? "en";
}

function renderConversationHeader() {
  const handoff = state.open.handoff ?? {};
  // The bot's escalation puts the intent ranking among the details it collected.
  const { intent_ranking: rankedIntents, ...details } = handoff.details ?? {};
  const ranking = rankedIntents ?? handoff.intent_ranking ?? [];
  setPriorityBadge($("conversation-priority"), handoff.priority);
  $("escalation-reason").textContent = humanize(handoff.reason) || "No escalation";
  $("conversation-channel").textContent = humanize(handoff.channel);
  $("conversation-language").textContent = languageName(openLanguage());
  $("conversation-state").textContent = stateLabel(handoff);
  $("intent-ranking").replaceChildren(...ranking.map((ranked) =>
    el("span", { className: "chip", text: `${ranked.intent} ${percent(ranked.confidence)}` })));
  $("handoff-details").replaceChildren(...Object.entries(details).map(([key, value]) =>
    el("div", {}, [
      el("dt", { text: humanize(key) }),
      el("dd", { text: typeof value === "object" ? JSON.stringify(value) : String(value) }),
    ])));
  $("flagged-warning").hidden = !(handoff.flagged || state.open.conversation?.flagged_secret);
}

function stateLabel(handoff) {
  if (handoff.state !== "claimed") return STATE_LABELS[handoff.state] ?? humanize(handoff.state);
  if (isMine(handoff)) return "Claimed by you";
  const agent = state.agents.find((candidate) => candidate.id === handoff.claimed_by);
  return agent ? `Claimed by ${agent.display_name}` : "Claimed by another agent";
}

function renderActions() {
  const handoff = state.open?.handoff;
  const mine = isMine(handoff);
  $("action-claim").disabled = handoff?.state !== "queued";
  $("action-release").disabled = !mine;
  $("transfer-agent").disabled = !mine;
  $("action-transfer").disabled = !mine || !$("transfer-agent").value;
  $("action-return").disabled = !mine;
  $("action-resolve").disabled = !mine;
}

function renderComposerState() {
  const mine = isMine(state.open.handoff);
  const input = $("composer-input");
  input.disabled = !mine;
  input.placeholder = mine
    ? "Reply to the user (Enter sends, Shift+Enter for a new line)"
    : "Claim this conversation to reply";
  $("composer-send").disabled = !mine;
  if (!mine) stopTyping();
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
      showToast("Another agent claimed this conversation");
      refreshQueue();
    } else {
      reportError(error);
    }
  }
}

function transfer() {
  const chosen = state.agents.find((agent) => String(agent.id) === $("transfer-agent").value);
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

function renderTransferOptions() {
  const select = $("transfer-agent");
  const chosen = select.value;
  const colleagues = state.agents.filter((agent) => agent.id !== state.me.id);
  select.replaceChildren(
    el("option", { value: "", text: "Transfer to…" }),
    ...colleagues.map((agent) => el("option", {
      value: String(agent.id),
      text: agent.online ? agent.display_name : `${agent.display_name} (offline)`,
    })),
  );
  if (colleagues.some((agent) => String(agent.id) === chosen)) select.value = chosen;
  renderActions();
}

// ---------------------------------------------------------------------------------------------
// Transcript

function showMessages(messages) {
  for (const message of messages) showMessage(message);
}

function showMessage(message) {
  const open = state.open;
  if (open.shownIds.has(message.id)) return;
  open.shownIds.add(message.id);
  dropPendingLike(message);
  const transcript = $("transcript");
  const follow = isNearEnd(transcript);
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
  if (message.article) parts.push(`Article: ${message.article.title}`);
  return parts.length > 0 && el("div", { className: "message-meta", text: parts.join("  ·  ") });
}

function isNearEnd(scroller) {
  return scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 80;
}

function scrollToEnd() {
  const transcript = $("transcript");
  transcript.scrollTop = transcript.scrollHeight;
}

// ---------------------------------------------------------------------------------------------
// Composer

function onComposerKeydown(event) {
  // isComposing: Enter also confirms a Chinese input-method candidate; that must not send.
  if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    sendComposer();
  }
}

function sendComposer() {
  const input = $("composer-input");
  const text = input.value.trim();
  if (!text || !isMine(state.open?.handoff)) return;
  input.value = "";
  stopTyping();
  const pending = { cid: state.open.cid, text, clientId: randomId(), node: null };
  pending.node = el("div", {
    className: "message message-agent pending",
    "data-testid": "message",
    "data-sender": "agent",
    "data-client-id": pending.clientId,
  }, [
    messageHead(state.me.display_name, "Sending…"),
    el("div", { className: "message-text", text }),
  ]);
  state.pending.push(pending);
  $("transcript").append(pending.node);
  scrollToEnd();
  deliver(pending);
}

// A retry reuses the client_id, so the hub stores the message once even if the first try landed.
async function deliver(pending) {
  pending.node.classList.remove("failed");
  pending.node.querySelector(".message-time").textContent = "Sending…";
  try {
    const data = await api(`${conversationPath(pending.cid)}/messages`, {
      method: "POST",
      json: { text: pending.text, client_id: pending.clientId },
    });
    removePending(pending);
    if (state.open?.cid === pending.cid) showMessage(data.message ?? data);
  } catch (error) {
    pending.node.classList.add("failed");
    pending.node.querySelector(".message-time").textContent = "Not sent. Click to retry.";
    reportError(error);
  }
}

function removePending(pending) {
  pending.node.remove();
  state.pending = state.pending.filter((item) => item !== pending);
}

// Messages carry no client_id, so one that comes back over the websocket before its POST
// answers is matched to the oldest unconfirmed message with the same text.
function dropPendingLike(message) {
  if (message.sender !== "agent") return;
  const pending = state.pending.find((item) => item.text === message.text);
  if (pending) removePending(pending);
}

function onTranscriptClick(event) {
  const node = event.target.closest(".message.failed");
  const pending = node && state.pending.find((item) => item.node === node);
  if (pending) deliver(pending);
}

function insertIntoComposer(text) {
  const input = $("composer-input");
  if (input.disabled) {
    showToast("Claim this conversation before replying.");
    return;
  }
  input.focus();
  input.setRangeText(text, input.selectionStart, input.selectionEnd, "end");
}

const typing = { cid: null, sentAt: 0, idleTimer: 0 };

function onComposerInput() {
  const cid = state.open?.cid;
  if (!cid || !isMine(state.open.handoff)) return;
  if (Date.now() - typing.sentAt > TYPING_THROTTLE_MS) {
    sendWs({ type: "typing", conversation_id: cid, typing: true });
    typing.cid = cid;
    typing.sentAt = Date.now();
  }
  clearTimeout(typing.idleTimer);
  typing.idleTimer = setTimeout(stopTyping, TYPING_IDLE_MS);
}

function stopTyping() {
  clearTimeout(typing.idleTimer);
  if (typing.cid) sendWs({ type: "typing", conversation_id: typing.cid, typing: false });
  typing.cid = null;
  typing.sentAt = 0;
}

let userTypingTimer = 0;
function setUserTyping(isTyping) {
  $("user-typing").hidden = !isTyping;
  clearTimeout(userTypingTimer);
  // A lost "stopped typing" event must not leave the indicator on for good.
  if (isTyping) userTypingTimer = setTimeout(() => setUserTyping(false), USER_TYPING_TIMEOUT_MS);
}

// ---------------------------------------------------------------------------------------------
// Context: notes, canned responses, knowledge base

function renderNotes(notes) {
  $("notes").replaceChildren(...notes.map(noteNode));
}

function noteNode(note) {
  const meta = [note.agent_name, note.created_at && clockTime(note.created_at)].filter(Boolean);
  return el("li", { className: "note" }, [
    el("div", { className: "note-text", text: note.text }),
    el("div", { className: "note-meta", text: meta.join(" · ") }),
  ]);
}

async function addNote(event) {
  event.preventDefault();
  const input = $("note-input");
  const text = input.value.trim();
  const cid = state.open?.cid;
  if (!text || !cid) return;
  try {
    const data = await api(`${conversationPath(cid)}/notes`, { method: "POST", json: { text } });
    input.value = "";
    const note = { text, agent_name: state.me.display_name, created_at: new Date().toISOString(), ...data?.note };
    if (state.open?.cid === cid) $("notes").append(noteNode(note));
  } catch (error) {
    reportError(error);
  }
}

async function loadCanned() {
  try {
    state.canned = await api("/api/canned");
  } catch (error) {
    reportError(error);
    return;
  }
  renderCanned();
}

function renderCanned() {
  const language = openLanguage();
  $("canned").replaceChildren(...state.canned.map((response) => {
    const text = response.text[language] ?? response.text.en;
    const button = el("button", { type: "button", className: "canned-item", "data-testid": "canned-item" }, [
      el("span", { className: "canned-title", text: response.title }),
      el("span", { className: "canned-text", text }),
    ]);
    button.addEventListener("click", () => insertIntoComposer(text));
    return el("li", {}, [button]);
  }));
}

function renderSuggestions(articles) {
  $("suggestions").replaceChildren(...articles.map(suggestionNode));
}

function suggestionNode(article) {
  const insert = el("button", { type: "button", className: "link", "data-testid": "suggestion-insert", text: "Insert" });
  insert.addEventListener("click", () => insertIntoComposer(`${article.title}\n\n${article.body}`));
  return el("li", { className: "suggestion", "data-testid": "suggestion" }, [
    el("div", { className: "suggestion-head" }, [
      el("span", { className: "suggestion-title", text: article.title }),
      article.confidence != null && el("span", { className: "confidence", text: percent(article.confidence) }),
    ]),
    el("p", { className: "suggestion-excerpt", text: excerpt(article.body) }),
    insert,
  ]);
}

let kbSearchTimer = 0;
function scheduleKbSearch() {
  clearTimeout(kbSearchTimer);
  kbSearchTimer = setTimeout(searchKb, KB_SEARCH_DELAY_MS);
}

async function searchKb() {
  const open = state.open;
  const query = $("kb-search").value.trim();
  if (!open) return;
  if (!query) {
    renderSuggestions(open.suggestions);
    return;
  }
  const params = new URLSearchParams({ q: query, language: openLanguage() });
  try {
    const articles = await api(`/api/kb/search?${params}`);
    // Answers can overtake each other; show only the one for what is in the box now.
    if (state.open === open && $("kb-search").value.trim() === query) renderSuggestions(articles);
  } catch (error) {
    reportError(error);
  }
}

// ---------------------------------------------------------------------------------------------
// Websocket

const socket = { ws: null, failures: 0, connectedBefore: false };

function connectSocket() {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  const ws = new WebSocket(`${scheme}//${location.host}/api/ws`);
  ws.addEventListener("open", onSocketOpen);
  ws.addEventListener("message", (event) => handleEvent(JSON.parse(event.data)));
  ws.addEventListener("close", onSocketClose);
  socket.ws = ws;
}

function onSocketOpen() {
  const reconnected = socket.connectedBefore;
  socket.failures = 0;
  socket.connectedBefore = true;
  setConnectionStatus(true);
  if (state.open) sendWs({ type: "watch", conversation_id: state.open.cid });
  if (reconnected) catchUp();
}

function onSocketClose() {
  setConnectionStatus(false);
  const delay = RECONNECT_DELAYS_MS[Math.min(socket.failures, RECONNECT_DELAYS_MS.length - 1)];
  socket.failures += 1;
  setTimeout(connectSocket, delay);
}

function sendWs(event) {
  if (socket.ws?.readyState === WebSocket.OPEN) socket.ws.send(JSON.stringify(event));
}

function setConnectionStatus(connected) {
  $("connection-status").dataset.state = connected ? "online" : "offline";
  $("connection-label").textContent = connected ? "Connected" : "Reconnecting…";
}

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

function handleEvent(event) {
  EVENT_HANDLERS[event.type]?.(event);
}

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
