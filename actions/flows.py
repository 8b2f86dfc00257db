"""Moving from one guided flow to another when the user changes the subject."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict


def flow_slots(domain: DomainDict) -> list[str]:
    """Every slot a form asks for, in the order the domain lists the forms."""
    slots: list[str] = []
    for form in (domain.get("forms") or {}).values():
        for slot in (form or {}).get("required_slots") or []:
            if slot not in slots:
                slots.append(slot)
    return slots


class ActionResetFlowSlots(Action):
    """Forget the answers given to the flow the user left.

    "Actually, my BTC withdrawal is the problem" in the middle of the deposit flow starts
    the withdrawal flow without the deposit's network and hash. The new flow takes the
    message's own details (BTC) when it starts: Rasa extracts slots again on activating a
    form, with the mappings of domain.yml.
    """

    def name(self) -> str:
        """Return the action's name."""
        return "action_reset_flow_slots"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Clear every form's slots."""
        return [SlotSet("requested_slot", None)] + [
            SlotSet(slot, None) for slot in flow_slots(domain)
            if tracker.get_slot(slot) is not None]
