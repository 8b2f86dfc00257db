"""The bot's side of a turn: store and deliver Rasa's replies, read the handoff request."""

from __future__ import annotations

import logging
from typing import Any

from pydantic import ValidationError

from handoff.models import HandoffRequest
from hub.delivery import Delivery
from hub.views import ConversationViews
from storage.conversations import Conversation, ConversationStore

logger = logging.getLogger(__name__)


class BotReplies:
    """Turn Rasa's messages into stored, delivered messages."""

    def __init__(self, store: ConversationStore, delivery: Delivery,
                 views: ConversationViews) -> None:
        self.store = store
        self.delivery = delivery
        self.views = views

    async def store_and_deliver(self, conversation: Conversation, replies: list[dict[str, Any]],
                                intent: dict[str, Any] | None = None) -> HandoffRequest | None:
        """Store and deliver one turn's messages; return the handoff it asks for, if any.

        Rasa sends an answer's custom payload (its source article, the handoff request) as a
        message of its own; it is folded into the message before it.
        """
        outgoing: list[dict[str, Any]] = []
        request = None
        expecting = None
        wants_status = False
        for reply in replies:
            custom = reply.get("custom") or {}
            if "handoff" in custom:
                request = _handoff_request(custom["handoff"])
            if custom.get("expect"):
                expecting = custom["expect"]
            if custom.get("ticket_status"):
                wants_status = True
            if "article" in custom and outgoing:
                outgoing[-1]["payload"]["article"] = {
                    k: custom["article"][k] for k in ("id", "title") if k in custom["article"]}
            if reply.get("text") is not None or reply.get("buttons"):
                payload: dict[str, Any] = {"buttons": reply.get("buttons") or []}
                if intent:
                    payload["intent"] = intent
                outgoing.append({"text": reply.get("text") or "", "payload": payload})
        stored = await self.store.add_bot_messages(
            conversation.id, [(item["text"], item["payload"]) for item in outgoing],
            {"expecting": expecting} if expecting else None)
        for message in stored:
            await self.delivery.message(conversation, message)
        if wants_status:
            await self.delivery.notice(conversation, await self.views.ticket_status(conversation))
        return request


def _handoff_request(event: Any) -> HandoffRequest:
    """Read the bot's handoff event; a malformed one still reaches a person."""
    try:
        return HandoffRequest.parse_obj(event if isinstance(event, dict) else {})
    except ValidationError as e:
        logger.warning("malformed handoff event from the bot: %s", e)
        return HandoffRequest(details={"malformed_event": str(event)[:500]})
