"""Account security flows: a 2FA reset tailored to what the user can still reach."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.knowledge import user_language

_CHANNEL_NAMES = {
    "email": {"en": "email", "zh": "邮箱"},
    "phone": {"en": "phone number", "zh": "手机号"},
}


class Action2faGuidance(Action):
    """Explain the 2FA reset path that fits the access the user still has."""

    def name(self) -> str:
        """Return the action's name."""
        return "action_2fa_guidance"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Send the steps for the user's case and the reminder never to share codes."""
        access = tracker.get_slot("twofa_access")
        language = user_language(tracker)
        if access == "old_device":
            dispatcher.utter_message(response="utter_2fa_old_device")
        elif access == "email_and_phone":
            dispatcher.utter_message(response="utter_2fa_email_and_phone")
        elif access in ("email_only", "phone_only"):
            available, missing = ("email", "phone") if access == "email_only" else ("phone", "email")
            dispatcher.utter_message(
                response="utter_2fa_partial_access",
                available=_CHANNEL_NAMES[available][language],
                missing=_CHANNEL_NAMES[missing][language],
            )
        else:
            dispatcher.utter_message(response="utter_2fa_no_access")
        dispatcher.utter_message(response="utter_never_share_secrets")
        return [SlotSet("twofa_access", None)]
