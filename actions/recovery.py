"""Deposits that went wrong: missing memo, wrong network, unsupported token, wrong address."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.escalation import escalate
from actions.knowledge import knowledge_base, send_article, user_language
from kb_index.errors import KnowledgeBaseError

# Each case is answered by the article that says what can be recovered and what to send.
ARTICLE_BY_PROBLEM = {
    "memo": "deposit-memo-tag-missing",
    "wrong_network": "deposit-wrong-network",
    "unsupported": "deposit-unsupported-token",
    "wrong_address": "deposit-sent-to-wrong-address",
}


class ActionRecoveryAnswer(Action):
    """Explain what can be recovered for the user's case, then offer a recovery case."""

    def name(self) -> str:
        """Return the action's name."""
        return "action_recovery_answer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Send the case's article and the offer to open a recovery case with an agent."""
        problem = tracker.get_slot("deposit_problem")
        article_id = ARTICLE_BY_PROBLEM.get(problem or "")
        if article_id is None:
            return escalate(dispatcher, tracker, "recovery_request")
        try:
            article = knowledge_base().current().article(article_id)
        except (KnowledgeBaseError, KeyError):
            return escalate(dispatcher, tracker, "recovery_request")
        events = send_article(dispatcher, article, user_language(tracker), ask_feedback=False)
        # Its buttons are "open a recovery case" (request_human) or "that answers it" (affirm).
        dispatcher.utter_message(response="utter_recovery_next")
        return events + [SlotSet("deposit_problem", None), SlotSet("awaiting_feedback", True)]
