"""Ticket status: what the user's open handoff or ticket is doing."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict


class ActionTicketStatus(Action):
    """Explain ticket numbers and ask the hub to add this conversation's case status.

    The hub owns handoffs, so the status itself comes from it: the response carries
    ``custom.ticket_status`` and the hub answers with the case's state (see hub/).
    """

    def name(self) -> str:
        """Return the action's name."""
        return "action_ticket_status"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Send the explanation that triggers the hub's status line."""
        dispatcher.utter_message(response="utter_ticket_status")
        return []
