"""Hand a conversation to a person: the handoff event the hub acts on."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.knowledge import user_language
from handoff.models import HandoffReason, HandoffRequest

# The matters that always go to a person, and the reason each is handed off for.
REASON_BY_INTENT = {
    "account_compromised": HandoffReason.URGENT,
    "complaint": HandoffReason.COMPLAINT,
    "request_human": HandoffReason.ASKED_FOR_HUMAN,
}

_RESPONSE_BY_REASON = {
    HandoffReason.URGENT: "utter_handoff_urgent",
    HandoffReason.COMPLAINT: "utter_handoff_complaint",
    HandoffReason.ASKED_FOR_HUMAN: "utter_handoff_human",
    HandoffReason.LOW_CONFIDENCE: "utter_handoff_low_confidence",
    HandoffReason.RECOVERY_REQUEST: "utter_handoff_recovery",
    HandoffReason.OVERDUE_TRANSFER: "utter_handoff_overdue",
}

# Slots that hold what the user told the bot, passed on so the agent need not ask again.
_DETAIL_SLOTS = ("coin", "network", "tx_hash", "elapsed_minutes", "twofa_access",
                 "deposit_problem", "last_article")


# Answers to the bot's own questions; they say nothing about why the user came.
_ANSWER_INTENTS = {"inform", "affirm", "deny"}


def intent_ranking(tracker: Tracker, top: int = 3) -> list[dict[str, Any]]:
    """Return the top intents, with confidences, of the message that raised the matter.

    That is the latest user message that was not just an answer to one of the bot's
    questions: for a deposit that turned out overdue, the "my deposit is late" message,
    not the "2 hours" that completed the form.
    """
    parse_data = tracker.latest_message
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
            if intent not in _ANSWER_INTENTS:
                parse_data = event.get("parse_data") or parse_data
                break
    ranking = parse_data.get("intent_ranking") or []
    return [
        {"intent": r.get("name"), "confidence": round(float(r.get("confidence", 0.0)), 4)}
        for r in ranking[:top]
    ]


def collected_details(tracker: Tracker) -> dict[str, Any]:
    """Return the details the user gave the bot in this conversation."""
    return {
        slot: tracker.get_slot(slot)
        for slot in _DETAIL_SLOTS
        if tracker.get_slot(slot) not in (None, "", "skipped", "unknown")
    }


def escalate(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    reason: HandoffReason | str,
    extra_details: dict[str, Any] | None = None,
    **response_vars: Any,
) -> list[EventType]:
    """Tell the user a person will take over and emit the handoff event.

    The event is the message's custom payload ``{"handoff": {...}}``, a
    ``handoff.models.HandoffRequest``: the reason, its priority, the top intents with
    confidences, the language, the user's last message and every detail collected.
    """
    request = HandoffRequest(
        reason=HandoffReason(reason),
        language=user_language(tracker),
        intent_ranking=intent_ranking(tracker),
        last_user_message=tracker.latest_message.get("text"),
        details={**collected_details(tracker), **(extra_details or {})},
    )
    dispatcher.utter_message(response=_RESPONSE_BY_REASON[request.reason], **response_vars)
    dispatcher.utter_message(json_message={"handoff": request.to_event()})
    events: list[EventType] = [SlotSet("handoff_reason", request.reason.value),
                               SlotSet("awaiting_feedback", False)]
    if tracker.get_slot("clarification_offered") is not None:
        events.append(SlotSet("clarification_offered", None))  # the question is closed
    return events


class ActionEscalate(Action):
    """Escalate for the reason the user's intent implies."""

    def name(self) -> str:
        """Return the action's name."""
        return "action_escalate"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Escalate: urgent for a compromised account, complaint, or asked for a person."""
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        reason = REASON_BY_INTENT.get(intent, HandoffReason.ASKED_FOR_HUMAN)
        return escalate(dispatcher, tracker, reason)
