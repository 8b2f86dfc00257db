// What the console knows, and the pure rules for changing it. The views read `state`;
// console.js changes it, mostly through the functions below.

export const state = {
  me: null,
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

/** Whether the agent holds this handoff. */
export function isMine(handoff, meId) {
  return handoff?.state === "claimed" && handoff.claimed_by === meId;
}

/** How many handoffs in `waiting` the agent has not seen in the queue before. */
export function countArrivals(queue, waiting) {
  const known = new Set([...queue.waiting, ...queue.mine].map((handoff) => handoff.id));
  return waiting.filter((handoff) => !known.has(handoff.id)).length;
}

/**
 * The queue after one handoff changed: waiting if queued (in position order), mine if the
 * agent holds it, gone otherwise. The queue event the hub sends after it confirms the order.
 */
export function queueWithHandoff(queue, handoff, meId) {
  const others = (list) => list.filter((item) => item.id !== handoff.id);
  const waiting = others(queue.waiting);
  const mine = others(queue.mine);
  if (handoff.state === "queued") waiting.push(handoff);
  else if (isMine(handoff, meId)) mine.push(handoff);
  const position = (item) => item.position ?? Number.MAX_SAFE_INTEGER;
  waiting.sort((a, b) => position(a) - position(b));
  return { waiting, mine };
}

/** The queued or held handoff of a conversation, if any. */
export function findHandoff(queue, cid) {
  return [...queue.waiting, ...queue.mine].find((handoff) => handoff.conversation_id === cid);
}

/** The language of the open conversation, for canned responses and article search. */
export function openLanguage(open) {
  return open?.handoff?.language ?? open?.conversation?.language ?? "en";
}
