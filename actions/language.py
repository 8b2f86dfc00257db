"""Keep the conversation's language slot in step with what the user writes."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import ValidationAction
from rasa_sdk.types import DomainDict

from desk.language import SUPPORTED, detect_language


class ValidateSlotMappings(ValidationAction):
    """Rasa runs this after every user message; it sets ``language``.

    The language comes from the message's text. A message with no signal ("ok",
    "USDT", a pasted hash) keeps the language the conversation had; a channel can also
    say the language in the message metadata (``{"language": "zh"}``), which wins.
    """

    def name(self) -> str:
        """Return the action's name (the one Rasa calls for global slot mappings)."""
        return "action_validate_slot_mappings"

    async def extract_language(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Detect the language of the latest message."""
        stated = (tracker.latest_message.get("metadata") or {}).get("language")
        if stated in SUPPORTED:
            return {"language": stated}
        detected = detect_language(tracker.latest_message.get("text") or "")
        return {"language": detected} if detected else {}
