"""The Rasa input channel the hub talks to: REST, with the turn's intent in the answer.

Rasa's own REST channel answers with the bot's messages only, so the hub had to ask for
the conversation's tracker after every turn to show agents the intent (a second request,
7 to 20 ms on these machines and growing with the conversation, and as much work again
for Rasa). Here the message is parsed first and handed to Rasa with that parse, which
Rasa then uses as is, so the answer can carry the intent without a second request.

Enabled in credentials.yml; served at ``/webhooks/hub/webhook``:
request ``{"sender", "message", "metadata"}``, answer ``{"messages": [...], "intent":
{"name", "confidence"} | null, "intent_ranking": [the top three, {"name", "confidence"}]}``.
Unlike Rasa's REST channel, a failure while handling the message is a 500, not a 200
with whatever replies were collected.

Only the hub may talk to the bot this way (past the hub there is no redaction and no
handoff): every request carries the shared secret in the ``X-Desk-Secret`` header,
compared in constant time; Rasa refuses to start the channel without one.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

logger = logging.getLogger(__name__)


SECRET_HEADER = "X-Desk-Secret"
RANKING_LENGTH = 3  # the runners-up tell the hub about a second matter (a complaint)
MIN_SECRET_CHARS = 16


class HubInput(InputChannel):
    """REST for the hub: the bot's messages and the intent they answer."""

    def __init__(self, secret: str) -> None:
        if len(secret or "") < MIN_SECRET_CHARS:
            raise ValueError(f"the hub channel needs a secret of {MIN_SECRET_CHARS}+ characters "
                             "(DESK_HUB_CHANNEL_SECRET in credentials.yml)")
        self.secret = secret

    @classmethod
    def name(cls) -> str:
        """The channel's name, and its URL prefix under /webhooks/."""
        return "hub"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> HubInput:
        """Build the channel from its credentials.yml entry (``secret``)."""
        return cls(str((credentials or {}).get("secret") or ""))

    def _authorised(self, request: Request) -> bool:
        sent = request.headers.get(SECRET_HEADER, "")
        return hmac.compare_digest(sent.encode(), self.secret.encode())

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """The webhook routes."""
        hub_webhook = Blueprint("hub_webhook", __name__)

        @hub_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @hub_webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if not self._authorised(request):
                return response.json({"error": "wrong or missing X-Desk-Secret"}, status=403)
            body = request.json if isinstance(request.json, dict) else {}
            sender, text = body.get("sender"), body.get("message")
            metadata = body.get("metadata") if isinstance(body.get("metadata"), dict) else {}
            if not isinstance(sender, str) or not sender or not isinstance(text, str):
                return response.json({"error": "send {sender, message} as strings"}, status=400)
            collector = CollectingOutputChannel()
            try:
                parse_data = await request.app.ctx.agent.parse_message(text)
                await on_new_message(UserMessage(text, collector, sender,
                                                 input_channel=self.name(), metadata=metadata,
                                                 parse_data=parse_data))
            except Exception:  # noqa: BLE001 - the hub must hear that the turn failed
                logger.exception("the bot failed on a message from %s", sender)
                return response.json({"error": "the bot failed on this message"}, status=500)
            intent = parse_data.get("intent") or {}
            ranking = [{"name": r["name"], "confidence": round(float(r.get("confidence") or 0), 4)}
                       for r in (parse_data.get("intent_ranking") or [])[:RANKING_LENGTH]
                       if r.get("name")]
            return response.json({
                "messages": collector.messages,
                "intent": {"name": intent["name"],
                           "confidence": round(float(intent.get("confidence") or 0.0), 4)}
                if intent.get("name") else None,
                "intent_ranking": ranking,
            })

        return hub_webhook
