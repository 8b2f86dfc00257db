// The widget's state and the one pure function that changes it: reduce(state, action).
//
// `items` is the conversation as shown, in order: user messages (pending ones carry the
// client_id they were sent with), bot and agent replies, system lines and rating cards.
// Stored messages are de-duplicated by their id, so a replay after a reconnect, or a message
// that arrives both as an ack and in the history, is shown once.

/** The state before anything happened; lastId is the last message id shown before a reload. */
export function initialState({ lastId = 0 } = {}) {
  return {
    open: false,
    unread: 0, // messages that arrived while the panel was closed
    lastId, // the highest stored message id shown: `resume` asks for what came after it
    shownIds: new Set(),
    items: [],
    quickReplies: [], // the last bot message's buttons: {title, payload}
    handoff: null, // the last handoff_state from the hub
    notice: null, // what the banner says about the handoff; see noticeFor()
    connection: null, // "reconnecting" | "unavailable" | null
    flash: null, // a refused request, {code, message}, shown for a while
    typing: { bot: false, agent: null }, // agent: {name} while an agent types
    ratedHandoffs: new Set(), // handoffs whose rating card was shown
    nextKey: 1,
  };
}

export function reduce(state, action) {
  switch (action.type) {
    case "opened":
      return { ...state, open: true, unread: 0 };
    case "closed":
      return { ...state, open: false };
    case "connection":
      return { ...state, connection: action.problem };
    case "disconnected":
      return { ...state, connection: "reconnecting", typing: { bot: false, agent: null } };
    case "flashed":
      return { ...state, flash: action.error };
    case "flash_expired":
      return { ...state, flash: null };
    case "user_sent":
      return userSent(state, action);
    case "user_acked":
      return userAcked(state, action);
    case "stored":
      return stored(state, action.message, action.live);
    case "history": {
      let next = (action.messages || []).reduce((s, message) => stored(s, message, false), state);
      if (action.state) next = handoffChanged(next, action.state);
      return next;
    }
    case "handoff_state":
      return handoffChanged(state, action.state);
    case "typing":
      return typingChanged(state, action);
    case "new_conversation":
      return newConversation(state);
    case "rating_requested":
      return ratingRequested(state, action.handoffId);
    case "rating_sent":
      return replaceItem(state, action.key, (item) => ({ ...item, done: true }));
    default:
      return state;
  }
}

/** The user messages sent and not yet acknowledged or seen stored: the outbox. */
export function pendingMessages(state) {
  return state.items.filter((item) => item.kind === "user" && item.status === "sending");
}

export function pendingMessage(state, clientId) {
  return pendingMessages(state).find((item) => item.clientId === clientId) ?? null;
}

// ---- user messages ---------------------------------------------------------------------

function userSent(state, { clientId, message, displayText }) {
  const item = {
    key: `c:${clientId}`, kind: "user", id: null, text: displayText, message, clientId,
    status: "sending", error: null, retried: false,
  };
  return { ...state, items: [...state.items, item], quickReplies: [] };
}

// An ack settles a pending message: stored (with its id) or refused. An unknown_session
// refusal is retried once, in the new session, so the message stays pending the first time.
function userAcked(state, { clientId, id, error }) {
  const pending = pendingMessage(state, clientId);
  if (!pending) return state; // already settled by an earlier ack or by the history
  if (error && error.code === "unknown_session" && !pending.retried) {
    return replaceItem(state, pending.key, (item) => ({ ...item, retried: true }));
  }
  return settle(state, pending, error ? { error } : { id });
}

function settle(state, pending, { id = null, error = null }) {
  if (error) return replaceItem(state, pending.key, (item) => ({ ...item, status: "failed", error }));
  const next = replaceItem(state, pending.key, (item) => ({ ...item, status: "sent", id: id ?? null }));
  return remember(next, id);
}

function remember(state, id) {
  if (id == null) return state;
  return { ...state, shownIds: new Set(state.shownIds).add(id), lastId: Math.max(state.lastId, id) };
}

// ---- stored messages -------------------------------------------------------------------

// A stored message from `history` or `bot_uttered` (live), unless it is already shown.
function stored(state, message, live) {
  let next = state;
  if (live) {
    const side = message.sender === "agent" ? "agent" : "bot";
    next = typingChanged(next, { side, typing: false });
  }
  if (message.id != null && next.shownIds.has(message.id)) return next;
  if (message.sender === "user") next = storedUserMessage(next, message);
  else if (message.sender === "system") next = addItem(next, { kind: "system", id: message.id, text: message.text });
  else next = reply(next, message);
  next = remember(next, message.id);
  if (live && !next.open) next = { ...next, unread: next.unread + 1 };
  return next;
}

function storedUserMessage(state, message) {
  // A message sent just before the connection dropped may come back in the history before
  // its ack: settle the pending one instead of showing the text twice.
  const pending = pendingMessages(state).find((item) => item.message === message.text);
  const next = pending
    ? settle(state, pending, { id: message.id })
    : addItem(state, { kind: "user", id: message.id, text: displayTextFor(state, message.text) });
  return { ...next, quickReplies: [] };
}

// A quick reply is stored as its payload; show the button's title as the user saw it.
function displayTextFor(state, text) {
  const pressed = state.quickReplies.find((choice) => choice.payload === text);
  return pressed ? pressed.title : text;
}

function reply(state, message) {
  let next = state;
  if (message.text) {
    next = addItem(next, {
      kind: "reply",
      sender: message.sender === "agent" ? "agent" : "bot",
      id: message.id,
      text: message.text,
      agentName: message.agent_name || null,
      createdAt: message.created_at || null,
      article: message.article && message.article.title ? message.article : null,
    });
  }
  const choices = (message.quick_replies || message.buttons || [])
    .filter((choice) => choice.title && choice.payload);
  return { ...next, quickReplies: choices };
}

// ---- handoff, typing, rating -----------------------------------------------------------

// The hub stores a system message for every transition (joined, returned, resolved), so a
// state change only moves the banner.
function handoffChanged(state, handoff) {
  let next = { ...state, handoff, notice: noticeFor(handoff, state.handoff) };
  if (handoff.state !== "claimed") next = typingChanged(next, { side: "agent", typing: false });
  return next;
}

/** What the banner says about a handoff state, given the one before it; null for nothing. */
export function noticeFor(handoff, previous) {
  switch (handoff.state) {
    case "queued":
      if (handoff.offline) return { kind: "offline", nextOpen: handoff.next_open || null };
      return {
        kind: "queued",
        position: handoff.position || null,
        minutes: handoff.eta_seconds ? Math.max(1, Math.ceil(handoff.eta_seconds / 60)) : null,
      };
    case "claimed":
      return { kind: "joined", agentName: handoff.agent_name || null };
    case "resolved":
      return { kind: "resolved" };
    case "bot":
      return wasWithAgent(previous) ? { kind: "back_with_bot" } : null;
    default:
      return null;
  }
}

function wasWithAgent(handoff) {
  return Boolean(handoff) && (handoff.state === "queued" || handoff.state === "claimed");
}

function typingChanged(state, { side, typing, name }) {
  const value = side === "agent"
    ? (typing ? { name: name || state.handoff?.agent_name || null } : null)
    : Boolean(typing);
  if (side === "agent" ? value === state.typing.agent : value === state.typing.bot) return state;
  return { ...state, typing: { ...state.typing, [side]: value } };
}

function ratingRequested(state, handoffId) {
  if (handoffId != null && state.ratedHandoffs.has(handoffId)) return state;
  const rated = handoffId != null ? new Set(state.ratedHandoffs).add(handoffId) : state.ratedHandoffs;
  return addItem({ ...state, ratedHandoffs: rated }, { kind: "rating", handoffId: handoffId ?? null, done: false });
}

// ---- a new session ---------------------------------------------------------------------

// The hub gave us a different session: the old conversation is gone, and the new one's
// message ids may overlap the old ones. Messages still waiting to be sent are kept.
function newConversation(state) {
  return {
    ...state,
    items: pendingMessages(state),
    shownIds: new Set(),
    lastId: 0,
    handoff: null,
    notice: null,
    quickReplies: [],
  };
}

// ---- helpers ---------------------------------------------------------------------------

function addItem(state, item) {
  return { ...state, items: [...state.items, { ...item, key: `k:${state.nextKey}` }], nextKey: state.nextKey + 1 };
}

function replaceItem(state, key, change) {
  return { ...state, items: state.items.map((item) => (item.key === key ? change(item) : item)) };
}

/** A minimal store: get(), dispatch(action), subscribe(listener). */
export function createStore(reducer, state) {
  const listeners = [];
  return {
    get: () => state,
    dispatch(action) {
      const next = reducer(state, action);
      if (next === state) return;
      const previous = state;
      state = next;
      for (const listener of listeners) listener(state, previous);
    },
    subscribe(listener) {
      listeners.push(listener);
    },
  };
}
