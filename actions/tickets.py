"""Ticket status: what the user's open handoff or ticket is doing."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict


class ActionTicketStatus(Action):
    """Say honestly that ticket look-up is not available in the chat yet.

    The conversation hub owns handoffs and tickets; until it answers status queries,
    the bot explains where updates arrive and offers a person.
    """

    def name(self) -> str:
        """Return the action's name."""
        return "action_ticket_status"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Explain where ticket updates go and offer an agent."""
        dispatcher.utter_message(response="utter_ticket_status_unavailable")
        return []
