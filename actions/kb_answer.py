"""Answer from the knowledge base, or hand off when no article fits well enough."""

from __future__ import annotations

import logging

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.escalation import escalate
from actions.knowledge import knowledge_base, send_article, user_language
from actions.settings import get_settings
from kb_index.errors import KnowledgeBaseError

logger = logging.getLogger(__name__)


class ActionKbAnswer(Action):
    """Search the knowledge base with the user's own words and answer or escalate."""

    def name(self) -> str:
        """Return the action's name."""
        return "action_kb_answer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Answer with the best article at or above the threshold, else escalate."""
        language = user_language(tracker)
        query = tracker.latest_message.get("text") or ""
        try:
            kb = knowledge_base().current()
            hits = kb.search(query, language=language, k=3)
        except KnowledgeBaseError:
            logger.exception("knowledge base unavailable; handing off")
            return escalate(dispatcher, tracker, "low_confidence", {"kb_error": True})

        threshold = get_settings().answer_threshold(language)
        if not hits or hits[0].confidence < threshold:
            best = hits[0] if hits else None
            return escalate(
                dispatcher, tracker, "low_confidence",
                {"kb_best": {"id": best.article_id, "confidence": round(best.confidence, 4)}}
                if best else {},
            )
        best, others = hits[0], hits[1:]
        related = [
            {"id": h.article_id, "title": h.title}
            for h in others if h.confidence >= threshold
        ]
        return send_article(
            dispatcher, kb.article(best.article_id), language, best.confidence, related=related
        )


class ActionAnswerFeedback(Action):
    """Handle a yes or no: feedback on the last answer if one was asked for."""

    def name(self) -> str:
        """Return the action's name."""
        return "action_answer_feedback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Thank on yes, offer a rephrase or a person on no; without a question, ask how to help."""
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
