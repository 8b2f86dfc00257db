"""Judge the whole bot's first move on a realistic held-out message.

The move is read from one conversation's replies and tracker events (``read_first_move``),
then judged against the message's labels:

In scope, the first of these that holds:

- ``right_article``: an article was shown and it is the labelled ``article``.
- ``right_flow``: the labelled intent's flow started (its form became active), whatever it
  said next: a late deposit asks for the coin, a lost authenticator asks what is left.
- ``policy_handoff``: a person was called for the reason the labelled intent implies
  (request_human → asked_for_human, complaint → complaint, account_compromised → urgent).
- ``own_reply``: the labelled intent's own answer ran, for intents that have neither a flow
  nor a policy handoff (a greeting greeted, a ticket question answered with the ticket
  reply, a pasted contract error recognised).
- ``low_confidence``: handed to a person because no article was confident enough.
- ``declined``: the out-of-scope reply.
- ``wrong_article``: an article was shown, not the labelled one.
- ``article_unlabelled``: an article was shown for a message without an ``article`` label;
  neither right nor wrong.
- ``other_handoff``, ``wrong_flow``, ``other``: a handoff for another reason, another
  intent's flow, anything else (a greeting, "how can I help").

*Handled right* is the first four together. A flow, policy handoff or own answer that also
showed an article other than the labelled one (a flow that finished at once and answered
wrongly) is a ``wrong_article`` instead. Out of scope: ``declined``, ``article`` (an
article shown), ``handed_off_low_confidence``, ``handed_off_other`` or ``other``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from eval.heldout import RealisticExample
from handoff.models import HandoffReason

# The designed first move of each intent, as data/rules/ says it.
FLOW_BY_INTENT = {
    "reset_2fa": "twofa_form",
    "deposit_delay": "deposit_form",
    "withdrawal_delay": "withdrawal_form",
    "wrong_network_deposit": "recovery_form",
}
POLICY_REASON_BY_INTENT = {
    "request_human": HandoffReason.ASKED_FOR_HUMAN.value,
    "complaint": HandoffReason.COMPLAINT.value,
    "account_compromised": HandoffReason.URGENT.value,
}
# The action or response that answers the intent; the knowledge intents (password_reset,
# account_locked, kyc_verification, fees, faq_general) are judged by their article only.
OWN_ACTION_BY_INTENT = {
    "greet": "utter_greet",
    "goodbye": "utter_goodbye",
    "thank": "utter_welcome",
    "bot_challenge": "utter_iamabot",
    "inform": "utter_how_can_help",
    "affirm": "action_answer_feedback",
    "deny": "action_answer_feedback",
    "ticket_status": "action_ticket_status",
    "smart_contract_error": "contract_error",  # the error was recognised and named
}

RIGHT = ("right_article", "right_flow", "policy_handoff", "own_reply")
IN_SCOPE_OUTCOMES = RIGHT + ("low_confidence", "declined", "wrong_article", "article_unlabelled",
                             "other_handoff", "wrong_flow", "other")
OUT_OF_SCOPE_OUTCOMES = ("declined", "article", "handed_off_low_confidence", "handed_off_other",
                         "other")
LOW_CONFIDENCE = HandoffReason.LOW_CONFIDENCE.value


@dataclass(frozen=True)
class FirstMove:
    """What the bot did with the first message of a conversation."""

    intent: str  # the intent the bot acted on (after the fallback: maybe nlu_fallback)
    article: str  # the article shown, "" when none was
    handoff_reason: str  # "" when no person was called
    forms: tuple[str, ...]  # forms that became active
    actions: tuple[str, ...]  # actions run and responses uttered, in order
    ranking: tuple[str, ...]  # the parse's intent ranking, best first

    @property
    def shown(self) -> bool:
        """Whether an article was shown."""
        return bool(self.article)


def read_first_move(replies: list[dict], events: list[dict]) -> FirstMove:
    """Read the move from the REST channel's replies and the conversation's tracker events."""
    article, reason, recognised = "", "", False
    for reply in replies:
        custom = reply.get("custom") or {}
        if "article" in custom and not article and not reason:
            article = custom["article"]["id"]
        if "handoff" in custom and not reason:
            reason = custom["handoff"]["reason"]
        recognised = recognised or "contract_error" in custom
    actions: list[str] = []
    forms: list[str] = []
    parse: dict = {}
    for event in events:
        kind = event.get("event")
        if kind == "action" and event.get("name") not in (None, "action_listen"):
            actions.append(event["name"])
        elif kind == "bot" and (event.get("metadata") or {}).get("utter_action"):
            actions.append(event["metadata"]["utter_action"])
        elif kind == "active_loop" and event.get("name"):
            forms.append(event["name"])
        elif kind == "user":
            parse = event.get("parse_data") or {}
    if recognised:
        actions.append("contract_error")
    return FirstMove(
        intent=(parse.get("intent") or {}).get("name") or "",
        article=article, handoff_reason=reason, forms=tuple(forms), actions=tuple(actions),
        ranking=tuple(r.get("name") or "" for r in parse.get("intent_ranking") or []),
    )


def in_scope_outcome(example: RealisticExample, move: FirstMove) -> str:
    """Judge the first move on an in-scope message: one of ``IN_SCOPE_OUTCOMES``."""
    if example.article and move.article == example.article:
        return "right_article"
    if _designed_move(example.intent, move):
        if not (move.shown and example.article):
            return ("right_flow" if example.intent in FLOW_BY_INTENT else
                    "policy_handoff" if example.intent in POLICY_REASON_BY_INTENT else "own_reply")
    if move.handoff_reason == LOW_CONFIDENCE:
        return "low_confidence"
    if "utter_out_of_scope" in move.actions:
        return "declined"
    if move.shown:
        return "wrong_article" if example.article else "article_unlabelled"
    if move.handoff_reason:
        return "other_handoff"
    if move.forms:
        return "wrong_flow"
    return "other"


def out_of_scope_outcome(move: FirstMove) -> str:
    """Judge the first move on an out-of-scope message: one of ``OUT_OF_SCOPE_OUTCOMES``."""
    if move.shown:
        return "article"
    if move.handoff_reason == LOW_CONFIDENCE:
        return "handed_off_low_confidence"
    if move.handoff_reason:
        return "handed_off_other"
    if "utter_out_of_scope" in move.actions:
        return "declined"
    return "other"


def second_matter_noticed(example: RealisticExample, move: FirstMove) -> bool:
    """Whether the bot took up any second matter: acted on its intent or made its move."""
    return any(move.intent == intent or _designed_move(intent, move) for intent in example.also)


def _designed_move(intent: str, move: FirstMove) -> bool:
    if intent in FLOW_BY_INTENT:
        return FLOW_BY_INTENT[intent] in move.forms
    if intent in POLICY_REASON_BY_INTENT:
        return move.handoff_reason == POLICY_REASON_BY_INTENT[intent]
    if intent in OWN_ACTION_BY_INTENT:
        return OWN_ACTION_BY_INTENT[intent] in move.actions
    return False


def summarise_moves(examples: list[RealisticExample], moves: list[FirstMove]) -> dict:
    """Count the outcomes of one language's messages: in scope, out of scope by kind, two matters."""
    ins = [(e, m, in_scope_outcome(e, m)) for e, m in zip(examples, moves, strict=True)
           if e.in_scope]
    oos = [(e, m, out_of_scope_outcome(m)) for e, m in zip(examples, moves, strict=True)
           if not e.in_scope]
    in_scope = _shares([o for _, _, o in ins], IN_SCOPE_OUTCOMES)
    in_scope["handled_right"] = _share(sum(in_scope["counts"][o] for o in RIGHT), len(ins))
    by_intent = {}
    for intent in sorted({e.intent for e, _, _ in ins}):
        outcomes = [o for e, _, o in ins if e.intent == intent]
        by_intent[intent] = {"n": len(outcomes),
                             "handled_right": sum(o in RIGHT for o in outcomes),
                             "outcomes": dict(Counter(outcomes).most_common())}
    out_of_scope = _shares([o for _, _, o in oos], OUT_OF_SCOPE_OUTCOMES)
    out_of_scope["by_kind"] = {
        kind: _shares([o for e, _, o in oos if e.kind == kind], OUT_OF_SCOPE_OUTCOMES)
        for kind in sorted({e.kind for e, _, _ in oos})
    }
    return {"in_scope": {**in_scope, "by_intent": by_intent}, "out_of_scope": out_of_scope,
            "two_matters": _two_matters([(e, m, o) for e, m, o in ins if e.also]),
            "review": [_review(e, m, o) for e, m, o in ins if o not in RIGHT]
            + [_review(e, m, o) for e, m, o in oos if o != "declined"]}


def _two_matters(rows: list[tuple[RealisticExample, FirstMove, str]]) -> dict:
    noticed = [second_matter_noticed(e, m) for e, m, _ in rows]
    by_second: dict[str, dict[str, int]] = {}
    for (e, _, _), seen in zip(rows, noticed, strict=True):
        for intent in e.also:
            entry = by_second.setdefault(intent, {"n": 0, "noticed": 0})
            entry["n"] += 1
            entry["noticed"] += seen
    handled = [o in RIGHT for _, _, o in rows]
    both = sum(h and s for h, s in zip(handled, noticed, strict=True))
    return {"n": len(rows),
            "main_handled_right": sum(handled), "second_noticed": sum(noticed), "both": both,
            "by_second_intent": dict(sorted(by_second.items(), key=lambda kv: -kv[1]["n"]))}


def _review(example: RealisticExample, move: FirstMove, outcome: str) -> dict:
    return {"text": example.text, "intent": example.intent, "article": example.article,
            "kind": example.kind, "outcome": outcome, "bot_intent": move.intent,
            "shown": move.article, "handoff_reason": move.handoff_reason,
            "forms": list(move.forms)}


def _shares(outcomes: list[str], names: tuple[str, ...]) -> dict:
    counts = Counter(outcomes)
    return {"n": len(outcomes), "counts": {name: counts[name] for name in names},
            **{name: _share(counts[name], len(outcomes)) for name in names}}


def _share(count: int, n: int) -> float:
    return count / n if n else 0.0
