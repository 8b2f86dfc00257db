// The console's texts (it is in English), and how the hub's codes and numbers are worded.

export const t = {
  couldNotReach: "Could not reach the server.",
  serverAnswered: (status) => `The server answered ${status}.`,
  wrongLogin: "Wrong username or password",
  flagged: "Flagged",
  flaggedTitle: "The user pasted a secret; it was removed",
  waitingTime: "Waiting time",
  newConversations: (count) => `(${count}) New conversation${count > 1 ? "s" : ""}`,
  noEscalation: "No escalation",
  claimedByYou: "Claimed by you",
  claimedBy: (name) => `Claimed by ${name}`,
  claimedByAnother: "Claimed by another agent",
  replyPlaceholder: "Reply to the user (Enter sends, Shift+Enter for a new line)",
  claimToReply: "Claim this conversation to reply",
  claimBeforeReplying: "Claim this conversation before replying.",
  alreadyClaimed: "Another agent claimed this conversation",
  transferTo: "Transfer to…",
  offlineAgent: (name) => `${name} (offline)`,
  sending: "Sending…",
  notSent: "Not sent. Click to retry.",
  article: (title) => `Article: ${title}`,
  insert: "Insert",
  connected: "Connected",
  reconnecting: "Reconnecting…",
};

/**
 * Who the user is: verified by the exchange (with the user id and the attributes it passed,
 * marked when they came unsigned beside the id), or an anonymous visitor.
 */
export function identityLabel(identity) {
  if (!identity || !identity.verified) return "Anonymous visitor (not verified)";
  const attributes = Object.entries(identity.attributes ?? {}).map(([key, value]) => `${humanize(key)} ${value}`);
  const parts = [`Verified: ${identity.user_id}`, identity.name, attributes.join(", ")].filter(Boolean);
  const label = parts.join(" · ");
  return attributes.length && !identity.attributes_verified ? `${label} (attributes not verified)` : label;
}

const LANGUAGE_NAMES = { en: "English", zh: "Chinese" };
const SENDER_LABELS = { user: "User", bot: "Bot", agent: "Agent", system: "System" };
const STATE_LABELS = { queued: "Waiting", resolved: "Resolved", returned: "Returned to the bot" };
const EXCERPT_CHARS = 160;

/** "asked_for_human" -> "Asked for human". */
export function humanize(code) {
  if (!code) return "";
  const words = String(code).replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export const languageName = (code) => LANGUAGE_NAMES[code] ?? code ?? "";

export const percent = (confidence) => `${Math.round(confidence * 100)}%`;

/** Who wrote a message: the agent's name, or User, Bot, Agent, System. */
export function senderLabel(message) {
  if (message.sender === "agent" && message.agent_name) return message.agent_name;
  return SENDER_LABELS[message.sender] ?? message.sender;
}

/** A handoff's state for the header; meId and agents tell whose claim it is. */
export function stateLabel(handoff, meId, agents) {
  if (handoff.state !== "claimed") return STATE_LABELS[handoff.state] ?? humanize(handoff.state);
  if (handoff.claimed_by === meId) return t.claimedByYou;
  const agent = agents.find((candidate) => candidate.id === handoff.claimed_by);
  return agent ? t.claimedBy(agent.display_name) : t.claimedByAnother;
}

/** Text on one line, cut to a preview's length. */
export function excerpt(text) {
  const flat = String(text ?? "").replace(/\s+/g, " ").trim();
  return flat.length > EXCERPT_CHARS ? `${flat.slice(0, EXCERPT_CHARS)}…` : flat;
}
