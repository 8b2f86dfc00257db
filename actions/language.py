"""Keep the conversation's language slot in step with what the user writes."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import ValidationAction
from rasa_sdk.types import DomainDict

from actions.clarify import SLOT as CLARIFICATION_SLOT
from actions.clarify import offered_in_last_turn
from desk.language import SUPPORTED, detect_language

# A pressed button sends its payload ("/deny", '/faq_general{"article":"..."}').
_PAYLOAD = re.compile(r"^/(\w+)")


class ValidateSlotMappings(ValidationAction):
    """Rasa runs this after every user message; it sets ``language``.

    The language comes from the message's text. A message with no signal ("ok",
    "USDT", a pasted hash, a button's payload) keeps the language the conversation had;
    a channel can also say the language in the message metadata (``{"language": "zh"}``),
    which wins.
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
        text = tracker.latest_message.get("text") or ""
        payload = _PAYLOAD.match(text.strip())
        if payload and payload.group(1) in _intent_names(domain):
            return {}
        detected = detect_language(text)
        return {"language": detected} if detected else {}

    async def extract_clarification_offered(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Keep a "did you mean" question for the one message that answers it."""
        if tracker.get_slot(CLARIFICATION_SLOT) and not offered_in_last_turn(tracker):
            return {CLARIFICATION_SLOT: None}
        return {}


def _intent_names(domain: DomainDict) -> set[str]:
    # The domain lists an intent by name, or as a one-key mapping with its properties.
    names: set[str] = set()
    for intent in domain.get("intents") or []:
        names.update([intent] if isinstance(intent, str) else intent)
    return names
