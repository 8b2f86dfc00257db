"""Smart-contract and wallet errors: recognise the pasted error and explain it."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.kb_answer import ActionKbAnswer
from actions.knowledge import knowledge_base, send_article, user_language
from desk.contract_errors import recognise_error
from desk.language import pick
from kb_index.errors import KnowledgeBaseError


class ActionContractError(Action):
    """Name the error the user pasted and send the article with its cause and fix.

    An error the table does not know goes through the ordinary knowledge-base answer,
    which searches with the user's words and escalates when nothing fits.
    """

    def name(self) -> str:
        """Return the action's name."""
        return "action_contract_error"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Explain a recognised error, or fall back to knowledge-base search."""
        error = recognise_error(tracker.latest_message.get("text") or "")
        if error is None:
            return await ActionKbAnswer().run(dispatcher, tracker, domain)
        language = user_language(tracker)
        try:
            article = knowledge_base().current().article(error.article)
        except (KnowledgeBaseError, KeyError):
            return await ActionKbAnswer().run(dispatcher, tracker, domain)
        dispatcher.utter_message(
            response="utter_contract_error_recognised", error=pick(error.name, language)
        )
        events = send_article(dispatcher, article, language)
        # Say which error was recognised, for the agent and for reports.
        dispatcher.utter_message(json_message={"contract_error": error.id})
        return events
