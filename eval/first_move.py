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
- ``clarified_right``, ``clarified_wrong``: the bot asked "did you mean" with buttons
  (actions/clarify.py). Right when a button leads to the right move, so the user would
  pick it: the labelled article among the articles offered (a knowledge matter's button
  carries its article), or the labelled intent among the matters offered when that
  intent has a flow, or when the message names no article. Wrong otherwise: the user
  would pick "none of these" and go to a person.
- ``low_confidence``: handed to a person because no article was confident enough and
  there was nothing plausible to offer.
- ``declined``: the out-of-scope reply.
- ``wrong_article``: an article was shown, not the labelled one.
- ``article_unlabelled``: an article was shown for a message without an ``article`` label;
  neither right nor wrong.
- ``other_handoff``, ``wrong_flow``, ``other``: a handoff for another reason, another
  intent's flow, anything else (a greeting, "how can I help").

*Handled right* is the first four together; a clarification is a question, not yet an
answer, so *right after one question* adds ``clarified_right`` to it. A flow, policy
handoff or own answer that also showed an article other than the labelled one (a flow that
finished at once and answered wrongly) is a ``wrong_article`` instead. Out of scope:
``declined``, ``article`` (an article shown), ``clarified`` (asked "did you mean"),
``handed_off_low_confidence``, ``handed_off_other`` or ``other``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from desk.frustration import complaint_beside_matter
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
CLARIFIED = ("clarified_right", "clarified_wrong")
IN_SCOPE_OUTCOMES = RIGHT + CLARIFIED + ("low_confidence", "declined", "wrong_article",
                                         "article_unlabelled", "other_handoff", "wrong_flow",
                                         "other")
OUT_OF_SCOPE_OUTCOMES = ("declined", "article", "clarified", "handed_off_low_confidence",
                         "handed_off_other", "other")
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
    # What a "did you mean" question offered, one (intent, article) per button: an
    # article ("", id), a flow's matter (intent, ""), a knowledge matter (intent, its article).
    offered: tuple[tuple[str, str], ...] = ()
    # The hub notes a complaint beside the matter (acknowledges it, raises the priority of
    # a handoff) from the message and its parse alone; read the same way here.
    complaint_noted: bool = False

    @property
    def shown(self) -> bool:
        """Whether an article was shown."""
        return bool(self.article)

    @property
    def clarified(self) -> bool:
        """Whether the bot asked "did you mean" instead of answering or handing off."""
        return bool(self.offered)

    @property
    def offered_articles(self) -> tuple[str, ...]:
        """The articles the offered buttons would show."""
        return tuple(article for _, article in self.offered if article)

    @property
    def offered_intents(self) -> tuple[str, ...]:
        """The matters offered, by intent."""
        return tuple(intent for intent, _ in self.offered if intent)


def read_first_move(replies: list[dict], events: list[dict]) -> FirstMove:
    """Read the move from the REST channel's replies and the conversation's tracker events."""
    article, reason, recognised = "", "", False
    candidates: list[dict] = []
    for reply in replies:
        custom = reply.get("custom") or {}
        if "article" in custom and not article and not reason:
            article = custom["article"]["id"]
        if "handoff" in custom and not reason:
            reason = custom["handoff"]["reason"]
        if "clarification" in custom and not candidates:
            candidates = custom["clarification"].get("candidates") or []
        recognised = recognised or "contract_error" in custom
    actions: list[str] = []
    forms: list[str] = []
    parse: dict = {}
    text = ""
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
            text = event.get("text") or ""
    if recognised:
        actions.append("contract_error")
    intent = (parse.get("intent") or {}).get("name") or ""
    return FirstMove(
        intent=intent,
        article=article, handoff_reason=reason, forms=tuple(forms), actions=tuple(actions),
        ranking=tuple(r.get("name") or "" for r in parse.get("intent_ranking") or []),
        offered=tuple((c.get("intent") or "", c.get("article") or "") for c in candidates),
        complaint_noted=complaint_beside_matter(intent, text, parse.get("intent_ranking") or []),
    )


def in_scope_outcome(example: RealisticExample, move: FirstMove) -> str:
    """Judge the first move on an in-scope message: one of ``IN_SCOPE_OUTCOMES``."""
    if example.article and move.article == example.article:
        return "right_article"
    if _designed_move(example.intent, move):
        if not (move.shown and example.article):
            return ("right_flow" if example.intent in FLOW_BY_INTENT else
                    "policy_handoff" if example.intent in POLICY_REASON_BY_INTENT else "own_reply")
    if move.clarified:
        return "clarified_right" if clarified_right(example, move) else "clarified_wrong"
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


def clarified_right(example: RealisticExample, move: FirstMove) -> bool:
    """Whether a "did you mean" question offered a button that leads to the right move.

    The labelled article among those offered; or the labelled intent among the matters,
    when the pick is that intent's designed move (its flow) or the message names no
    article (a knowledge matter then shows its intent's article, which nothing judges).
    """
    if example.article and example.article in move.offered_articles:
        return True
    return example.intent in move.offered_intents and (
        example.intent in FLOW_BY_INTENT or not example.article)


def out_of_scope_outcome(move: FirstMove) -> str:
    """Judge the first move on an out-of-scope message: one of ``OUT_OF_SCOPE_OUTCOMES``."""
    if move.shown:
        return "article"
    if move.clarified:
        return "clarified"
    if move.handoff_reason == LOW_CONFIDENCE:
        return "handed_off_low_confidence"
    if move.handoff_reason:
        return "handed_off_other"
    if "utter_out_of_scope" in move.actions:
        return "declined"
    return "other"


def second_matter_noticed(example: RealisticExample, move: FirstMove) -> bool:
    """Whether the bot took up any second matter: acted on its intent or made its move.

    A complaint beside the matter is taken up when the hub notes it: it says the complaint
    was heard and a handoff goes with it at a higher priority, while the flow runs.
    """
    return any(move.intent == intent or _designed_move(intent, move)
               or (intent == "complaint" and move.complaint_noted) for intent in example.also)


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
    right = sum(in_scope["counts"][o] for o in RIGHT)
    in_scope["handled_right"] = _share(right, len(ins))
    in_scope["right_after_one_question"] = _share(right + in_scope["counts"]["clarified_right"],
                                                  len(ins))
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
            "clarification": _clarification(ins, oos),
            "two_matters": {**_two_matters([(e, m, o) for e, m, o in ins if e.also]),
                            **_complaints_noted_wrongly(examples, moves)},
            "review": [_review(e, m, o) for e, m, o in ins if o not in RIGHT]
            + [_review(e, m, o) for e, m, o in oos if o != "declined"]}


def _clarification(ins: list[tuple[RealisticExample, FirstMove, str]],
                   oos: list[tuple[RealisticExample, FirstMove, str]]) -> dict:
    """How often the bot asked "did you mean", what it offered, and how often rightly."""
    asked = [(m, o) for _, m, o in ins if o in CLARIFIED]
    right = sum(o == "clarified_right" for _, o in asked)
    offered = [len(m.offered) for m, _ in asked]
    return {
        "in_scope_offered": len(asked), "in_scope_right": right,
        "offered_share": _share(len(asked), len(ins)),
        "right_share_of_offered": _share(right, len(asked)),
        "mean_candidates": _share(sum(offered), len(offered)),
        "with_a_matter": sum(bool(m.offered_intents) for m, _ in asked),
        "out_of_scope_offered": sum(o == "clarified" for _, _, o in oos),
    }


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


def _complaints_noted_wrongly(examples: list[RealisticExample], moves: list[FirstMove]) -> dict:
    """In-scope messages with no complaint in them that the hub would note as one."""
    calm = [m for e, m in zip(examples, moves, strict=True)
            if e.in_scope and e.intent != "complaint" and "complaint" not in e.also]
    return {"calm_messages": len(calm),
            "calm_noted_as_complaint": sum(m.complaint_noted for m in calm)}


def _review(example: RealisticExample, move: FirstMove, outcome: str) -> dict:
    return {"text": example.text, "intent": example.intent, "article": example.article,
            "kind": example.kind, "outcome": outcome, "bot_intent": move.intent,
            "shown": move.article, "handoff_reason": move.handoff_reason,
            "forms": list(move.forms),
            "offered": [intent or article for intent, article in move.offered]}


def _shares(outcomes: list[str], names: tuple[str, ...]) -> dict:
    counts = Counter(outcomes)
    return {"n": len(outcomes), "counts": {name: counts[name] for name in names},
            **{name: _share(counts[name], len(outcomes)) for name in names}}


def _share(count: int, n: int) -> float:
    return count / n if n else 0.0
