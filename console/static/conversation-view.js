// The open conversation's header (why it was escalated, the facts, the bot's intent ranking)
// and its action bar (claim, release, transfer, return to the bot, resolve).

import { $, el } from "./dom.js";
import { humanize, identityLabel, languageName, percent, stateLabel, t } from "./i18n.js";
import { setPriorityBadge } from "./queue-view.js";
import { isMine, openLanguage, state } from "./state.js";

export function renderConversationHeader() {
  const handoff = state.open.handoff ?? {};
  // The bot's escalation puts the intent ranking among the details it collected.
  const { intent_ranking: rankedIntents, ...details } = handoff.details ?? {};
  const ranking = rankedIntents ?? handoff.intent_ranking ?? [];
  setPriorityBadge($("conversation-priority"), handoff.priority);
  $("escalation-reason").textContent = humanize(handoff.reason) || t.noEscalation;
  $("conversation-channel").textContent = humanize(handoff.channel);
  $("conversation-language").textContent = languageName(openLanguage(state.open));
  $("conversation-state").textContent = stateLabel(handoff, state.me.id, state.agents);
  $("conversation-identity").textContent = identityLabel(state.open.conversation?.identity);
  $("intent-ranking").replaceChildren(...ranking.map((ranked) =>
    el("span", { className: "chip", text: `${ranked.intent} ${percent(ranked.confidence)}` })));
  $("handoff-details").replaceChildren(...Object.entries(details).map(([key, value]) =>
    el("div", {}, [
      el("dt", { text: humanize(key) }),
      el("dd", { text: typeof value === "object" ? JSON.stringify(value) : String(value) }),
    ])));
  $("flagged-warning").hidden = !(handoff.flagged || state.open.conversation?.flagged_secret);
}

export function renderActions() {
  const handoff = state.open?.handoff;
  const mine = isMine(handoff, state.me.id);
  $("action-claim").disabled = handoff?.state !== "queued";
  $("action-release").disabled = !mine;
  $("transfer-agent").disabled = !mine;
  $("action-transfer").disabled = !mine || !$("transfer-agent").value;
  $("action-return").disabled = !mine;
  $("action-resolve").disabled = !mine;
}

export function renderTransferOptions() {
  const select = $("transfer-agent");
  const chosen = select.value;
  const colleagues = state.agents.filter((agent) => agent.id !== state.me.id);
  select.replaceChildren(
    el("option", { value: "", text: t.transferTo }),
    ...colleagues.map((agent) => el("option", {
      value: String(agent.id),
      text: agent.online ? agent.display_name : t.offlineAgent(agent.display_name),
    })),
  );
  if (colleagues.some((agent) => String(agent.id) === chosen)) select.value = chosen;
  renderActions();
}

/** The colleague chosen in the transfer list, if any. */
export function chosenColleague() {
  return state.agents.find((agent) => String(agent.id) === $("transfer-agent").value);
}
