"""Answer from the knowledge base; when unsure, ask which matter the user means first."""

from __future__ import annotations

import logging

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.clarify import (
    INTENT_FLOOR,
    choose_candidates,
    classifier_ranking,
    handoff_details,
    offer,
    offered_candidates,
    pending,
)
from actions.escalation import REASON_BY_INTENT, escalate
from actions.knowledge import knowledge_base, send_article, user_language
from actions.settings import get_settings
from kb_index.errors import KnowledgeBaseError
from kb_index.search import Hit, KnowledgeBase

logger = logging.getLogger(__name__)

# With nothing plausible to offer, a message the classifier also reads as out of scope
# (among its three likeliest intents, at least this confident) is declined, with the
# reply's button to a person, instead of being queued for one: off-topic questions and
# other companies' accounts reach here more often than real questions do
# (docs/evaluation.md, "Realistic messages").
OUT_OF_SCOPE_RUNNER_UP = 0.1


class ActionKbAnswer(Action):
    """Search the knowledge base with the user's own words and answer, ask, or escalate."""

    def name(self) -> str:
        """Return the action's name."""
        return "action_kb_answer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Answer with the best article at or above the threshold, else clarify or escalate.

        A message that carries an ``article`` entity is the pick of a "did you mean"
        button: that article is the answer.
        """
        language = user_language(tracker)
        query = tracker.latest_message.get("text") or ""
        try:
            kb = knowledge_base().current()
            picked = _picked_article(tracker)
            if picked is not None:
                return _show_pick(dispatcher, tracker, kb, picked, language)
            # Every article: a knowledge matter offered takes its intent's best from here.
            hits = kb.search(query, language=language, k=len(kb.articles))
        except KnowledgeBaseError:
            logger.exception("knowledge base unavailable; handing off")
            return escalate(dispatcher, tracker, "low_confidence", {"kb_error": True})

        threshold = get_settings().answer_threshold(language)
        if not hits or hits[0].confidence < threshold:
            return _when_unsure(dispatcher, tracker, kb, hits, threshold, language)
        best, others = hits[0], hits[1:3]
        related = [
            {"id": h.article_id, "title": h.title}
            for h in others if h.confidence >= threshold
        ]
        return send_article(
            dispatcher, kb.article(best.article_id), language, best.confidence, related=related
        )


def _when_unsure(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    kb: KnowledgeBase,
    hits: list[Hit],
    threshold: float,
    language: str,
) -> list[EventType]:
    """No article is confident enough: go to a person, decline, or ask "did you mean".

    In this order: a matter that needs a person goes to one at once; a miss right after
    a clarification goes to a person with what was offered; an out-of-scope question is
    declined; otherwise the plausible readings are offered; with none, a question that may
    be out of scope is declined, and any other goes to a person.
    """
    best = hits[0] if hits else None
    details = ({"kb_best": {"id": best.article_id, "confidence": round(best.confidence, 4)}}
               if best else {})
    ranking = classifier_ranking(tracker.latest_message)
    top, top_confidence = ranking[0] if ranking else ("", 0.0)
    if top in REASON_BY_INTENT and top_confidence >= INTENT_FLOOR:
        if top == "account_compromised":
            dispatcher.utter_message(response="utter_compromised_steps")
        return escalate(dispatcher, tracker, REASON_BY_INTENT[top], details)
    text = tracker.latest_message.get("text") or ""
    clarification = pending(tracker)
    if clarification:
        return escalate(dispatcher, tracker, "low_confidence",
                        {**details, **handoff_details(clarification, "missed_again", text)})
    if top == "out_of_scope":
        return _decline(dispatcher)
    candidates = choose_candidates(hits, ranking, kb.articles, language, threshold)
    if candidates:
        return offer(dispatcher, text, candidates, language)
    if any(intent == "out_of_scope" and confidence >= OUT_OF_SCOPE_RUNNER_UP
           for intent, confidence in ranking[:3]):
        return _decline(dispatcher)
    return escalate(dispatcher, tracker, "low_confidence", details)


def _decline(dispatcher: CollectingDispatcher) -> list[EventType]:
    dispatcher.utter_message(response="utter_out_of_scope")
    return [SlotSet("awaiting_feedback", False)]


def _picked_article(tracker: Tracker) -> str | None:
    for entity in tracker.latest_message.get("entities") or []:
        if entity.get("entity") == "article" and isinstance(entity.get("value"), str):
            return entity["value"]
    return None


def _show_pick(dispatcher: CollectingDispatcher, tracker: Tracker, kb: KnowledgeBase,
               article_id: str, language: str) -> list[EventType]:
    """Show the article the user picked, as a confident answer is shown."""
    if article_id not in kb.articles:
        # A button from before the knowledge base changed.
        return escalate(dispatcher, tracker, "low_confidence", {"unknown_article": article_id})
    return send_article(dispatcher, kb.article(article_id), language)


class ActionAnswerFeedback(Action):
    """Handle a yes or no: feedback on the last answer if one was asked for."""

    def name(self) -> str:
        """Return the action's name."""
        return "action_answer_feedback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Thank on yes, offer a rephrase or a person on no; without a question, ask how to help.

        After a "did you mean" question, no ("none of these") hands off with what was
        offered; yes takes the one candidate offered, or asks again which one.
        """
        clarification = pending(tracker)
        if clarification:
            return _answer_to_clarification(dispatcher, tracker, clarification)
        if not tracker.get_slot("awaiting_feedback"):
            dispatcher.utter_message(response="utter_how_can_help")
            return []
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        article = tracker.get_slot("last_article")
        helped = intent == "affirm"
        dispatcher.utter_message(
            response="utter_glad_it_helped" if helped else "utter_rephrase_or_human",
            json_message={"feedback": {"article": article, "helped": helped}},
        )
        return [SlotSet("awaiting_feedback", False)]


def _answer_to_clarification(dispatcher: CollectingDispatcher, tracker: Tracker,
                             clarification: dict) -> list[EventType]:
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    text = tracker.latest_message.get("text") or ""
    if intent != "affirm":
        return escalate(dispatcher, tracker, "low_confidence",
                        handoff_details(clarification, "none_of_these", text))
    language = user_language(tracker)
    candidates = offered_candidates(clarification)
    if len(candidates) == 1 and candidates[0].article:
        try:
            kb = knowledge_base().current()
            return _show_pick(dispatcher, tracker, kb, candidates[0].article, language)
        except KnowledgeBaseError:
            logger.exception("knowledge base unavailable; handing off")
            return escalate(dispatcher, tracker, "low_confidence", {"kb_error": True})
    return offer(dispatcher, clarification.get("question") or "", candidates, language)
