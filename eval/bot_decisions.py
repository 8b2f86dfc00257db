"""What the whole bot does with a first question: answer, guide, decline or hand off.

Each held-out question is sent to the running bot (Rasa and the action server, the
shipped model and thresholds) in a conversation of its own. The replies and the tracker
say which way it went:

- ``kb``: the question reached the knowledge-base search (a knowledge intent, or the NLU
  fallback). The top article and its confidence are known whether or not it was shown:
  shown, they are in the answer's payload; not shown, in the handoff's ``kb_best``.
- ``intent_article``: the intent itself chose an article (a guided flow's first answer).
- ``escalated``: handed to a person because of the intent (asked for one, complaint,
  compromised account).
- ``declined``: the out-of-scope reply.
- ``flow``: a guided flow started and asked its first question.
- ``clarified``: the bot was unsure and asked "did you mean" with buttons
  (actions/clarify.py); ``article`` is the expected one when a button shows it.
- ``other``: anything else (a greeting, "how can I help").

Because the search result does not depend on the answer threshold, one pass gives the
outcome at every threshold: a ``kb`` question is answered when its confidence reaches it
and escalated otherwise; every other route is the same at any threshold. Except one: below
the threshold the bot now asks "did you mean" where it can, so a clarification is what it did
at the shipped thresholds, and the curve is exact there and approximate elsewhere (a question
answered at the shipped threshold would be clarified, not escalated, at a higher one).
"""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass

import aiohttp
import numpy as np

from eval.heldout import Example, load_kb_questions, load_nlu_examples


@dataclass(frozen=True)
class Decision:
    """The bot's first move on one held-out question."""

    language: str
    text: str
    expected_article: str  # "" for an out-of-scope question
    route: str
    article: str  # the article shown or, for a kb route, the best one found
    confidence: float  # kb route only
    offered: tuple[str, ...] = ()  # clarified route: the articles its buttons show


@dataclass(frozen=True)
class DecisionPoint:
    """Shares of held-out questions per outcome at one answer threshold, one language."""

    language: str
    threshold: float
    in_scope_right: float  # an article shown, and the right one
    in_scope_wrong: float  # an article shown, a wrong one
    in_scope_escalated: float  # handed to a person: no article was confident enough
    in_scope_declined: float  # declined as out of scope
    in_scope_policy_handoff: float  # handed to a person because of the intent, by design
    in_scope_guided: float  # a guided flow or another reply, no article yet
    in_scope_clarified_right: float  # asked "did you mean", the right article among the buttons
    in_scope_clarified_wrong: float  # asked "did you mean" without it
    out_of_scope_answered: float  # an article shown anyway
    out_of_scope_declined: float  # declined or handed to a person
    out_of_scope_other: float  # a flow or another reply
    out_of_scope_clarified: float  # asked "did you mean" (the user can still say "none")


def held_out_questions() -> list[Example]:
    """In-scope questions (labelled with their article) and out-of-scope ones, both languages.

    The out-of-scope side joins the knowledge-base set's unrelated and exchange-adjacent
    questions with the intent set's out_of_scope examples.
    """
    in_scope, out_of_scope = load_kb_questions()
    seen = {(e.language, e.text) for e in out_of_scope}
    for language in ("en", "zh"):
        for example in load_nlu_examples(language):
            if example.label == "out_of_scope" and (language, example.text) not in seen:
                out_of_scope.append(Example(example.text, "", language))
                seen.add((language, example.text))
    return in_scope + out_of_scope


def classify(example: Example, replies: list[dict], events: list[dict]) -> Decision:
    """Name the route one conversation took from the bot's replies and the tracker."""
    for reply in replies:
        custom = reply.get("custom") or {}
        if "clarification" in custom:
            offered = tuple(c["article"] for c in custom["clarification"].get("candidates") or []
                            if c.get("article"))
            article = example.label if example.label and example.label in offered else ""
            return Decision(example.language, example.text, example.label, "clarified", article,
                            0.0, offered)
        if "article" in custom:
            source = custom["article"]
            confidence = source.get("confidence")
            route = "kb" if confidence is not None else "intent_article"
            return Decision(example.language, example.text, example.label, route, source["id"],
                            float(confidence or 0.0))
        if "handoff" in custom:
            handoff = custom["handoff"]
            best = handoff.get("details", {}).get("kb_best")
            if handoff["reason"] == "low_confidence":
                return Decision(example.language, example.text, example.label, "kb",
                                (best or {}).get("id", ""),
                                float((best or {}).get("confidence", 0.0)))
            return Decision(example.language, example.text, example.label, "escalated", "", 0.0)
    uttered = {(e.get("metadata") or {}).get("utter_action") for e in events
               if e.get("event") == "bot"}
    if "utter_out_of_scope" in uttered:
        route = "declined"
    elif any(e.get("event") == "active_loop" and e.get("name") for e in events):
        route = "flow"
    else:
        route = "other"
    return Decision(example.language, example.text, example.label, route, "", 0.0)


async def first_turn(session: aiohttp.ClientSession, rasa_url: str, text: str, token: str = "",
                     prefix: str = "decisions") -> tuple[list[dict], list[dict]]:
    """Send ``text`` as the first message of a new conversation; return (replies, events)."""
    sender = f"{prefix}-{uuid.uuid4().hex[:12]}"
    async with session.post(f"{rasa_url}/webhooks/rest/webhook",
                            json={"sender": sender, "message": text}) as response:
        response.raise_for_status()
        replies = await response.json()
    async with session.get(f"{rasa_url}/conversations/{sender}/tracker",
                           params={"include_events": "ALL", "token": token}) as response:
        response.raise_for_status()
        events = (await response.json()).get("events") or []
    return replies, events


async def _ask(session: aiohttp.ClientSession, rasa_url: str, example: Example,
               token: str = "") -> Decision:
    return classify(example, *await first_turn(session, rasa_url, example.text, token))


async def _ask_all(rasa_url: str, examples: list[Example], concurrency: int,
                   token: str = "") -> list[Decision]:
    limit = asyncio.Semaphore(concurrency)
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=120)) as session:
        async def bounded(example: Example) -> Decision:
            async with limit:
                return await _ask(session, rasa_url, example, token)

        return list(await asyncio.gather(*(bounded(e) for e in examples)))


def ask_bot(rasa_url: str, concurrency: int = 2, token: str = "") -> list[Decision]:
    """Send every held-out question to the running bot, each in a new conversation.

    ``token`` is Rasa's API token (``RunningDesk.token``), needed to read the trackers.
    """
    return asyncio.run(_ask_all(rasa_url, held_out_questions(), concurrency, token))


def decision_curve(decisions: list[Decision], thresholds: np.ndarray) -> list[DecisionPoint]:
    """Sweep the answer threshold over one pass of decisions, per language."""
    points = []
    for language in ("en", "zh"):
        ins = [d for d in decisions if d.language == language and d.expected_article]
        oos = [d for d in decisions if d.language == language and not d.expected_article]
        points.extend(_point(language, float(t), ins, oos) for t in thresholds)
    return points


def _point(language: str, threshold: float, ins: list[Decision], oos: list[Decision]
           ) -> DecisionPoint:
    def shown(d: Decision) -> bool:
        return d.route == "intent_article" or (d.route == "kb" and d.confidence >= threshold)

    def low_confidence(d: Decision) -> bool:
        return d.route == "kb" and not shown(d)

    def handed_off(d: Decision) -> bool:
        return d.route in ("escalated", "declined") or low_confidence(d)

    def guided(d: Decision) -> bool:
        return d.route in ("flow", "other")

    return DecisionPoint(
        language=language, threshold=threshold,
        in_scope_right=_share(ins, lambda d: shown(d) and d.article == d.expected_article),
        in_scope_wrong=_share(ins, lambda d: shown(d) and d.article != d.expected_article),
        in_scope_escalated=_share(ins, low_confidence),
        in_scope_declined=_share(ins, lambda d: d.route == "declined"),
        in_scope_policy_handoff=_share(ins, lambda d: d.route == "escalated"),
        in_scope_guided=_share(ins, guided),
        in_scope_clarified_right=_share(ins, lambda d: d.route == "clarified" and d.article),
        in_scope_clarified_wrong=_share(ins, lambda d: d.route == "clarified" and not d.article),
        out_of_scope_answered=_share(oos, shown),
        out_of_scope_declined=_share(oos, handed_off),
        out_of_scope_other=_share(oos, guided),
        out_of_scope_clarified=_share(oos, lambda d: d.route == "clarified"),
    )


def mishandled(decisions: list[Decision], thresholds: dict[str, float]) -> list[dict]:
    """The questions the bot got wrong at the given thresholds, for a reader to review.

    In-scope: a wrong article shown, or declined as out of scope. Out of scope: an article
    shown. Handoffs are not listed: for low confidence they are the designed way out, and
    by intent (a hacked account, a complaint, asking for a person) they are the policy.
    """
    wrong = []
    for d in decisions:
        t = thresholds[d.language]
        shown = d.route == "intent_article" or (d.route == "kb" and d.confidence >= t)
        if d.expected_article:
            bad = (shown and d.article != d.expected_article) or d.route == "declined"
        else:
            bad = shown
        if bad:
            wrong.append(vars(d))
    return wrong


def route_counts(decisions: list[Decision]) -> dict[str, dict[str, dict[str, int]]]:
    """Count routes per language, for in-scope and out-of-scope questions."""
    counts: dict[str, dict[str, dict[str, int]]] = {}
    for d in decisions:
        scope = "in_scope" if d.expected_article else "out_of_scope"
        by_route = counts.setdefault(d.language, {}).setdefault(scope, {})
        by_route[d.route] = by_route.get(d.route, 0) + 1
    return counts


def _share(decisions: list[Decision], predicate) -> float:
    return float(np.mean([bool(predicate(d)) for d in decisions])) if decisions else 0.0
