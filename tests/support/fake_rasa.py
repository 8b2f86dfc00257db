"""A stand-in for the Rasa server, speaking the hub channel's protocol (rasa_addons/hub_channel.py).

The hub's own behaviour (storage, routing, handoffs, delivery, the console) does not
depend on what the model understands, so most hub tests talk to this: it answers a few
phrases the way the real bot does (texts, buttons, the article and handoff payloads,
``expect`` and ``ticket_status``), records what reached it, and can be made slow or
broken. The end-to-end tests in tests/e2e/ run the same paths on the real servers.
"""

from __future__ import annotations

import asyncio
from typing import Any

from aiohttp import web


def _handoff(reason: str, priority: str, intent: str, text: str) -> dict[str, Any]:
    return {"custom": {"handoff": {
        "reason": reason, "priority": priority, "language": "en",
        "intent_ranking": [{"intent": intent, "confidence": 0.97}],
        "last_user_message": text, "details": {}}}}


class FakeRasa:
    """Scripted replies by keyword; ``down`` and ``delay_seconds`` simulate trouble."""

    SECRET = "fake-rasa-channel-secret"
    TOKEN = "fake-rasa-api-token"

    def __init__(self) -> None:
        self.url = ""  # set once it is served
        self.received: list[dict[str, Any]] = []
        self.triggered: list[tuple[str, str]] = []
        self.down = False
        self.delay_seconds = 0.0

    def app(self) -> web.Application:
        """The aiohttp app to serve."""
        app = web.Application()
        app.router.add_post("/webhooks/hub/webhook", self._message)
        app.router.add_post("/conversations/{sender}/trigger_intent", self._trigger)
        return app

    def hub_settings(self) -> dict[str, str]:
        """What a hub needs to talk to it (HubSettings fields)."""
        return {"rasa_url": self.url, "rasa_token": self.TOKEN,
                "hub_channel_secret": self.SECRET}

    def texts(self) -> list[str]:
        """Every user text the bot was sent, in order."""
        return [body["message"] for body in self.received]

    async def _message(self, request: web.Request) -> web.Response:
        if request.headers.get("X-Desk-Secret") != self.SECRET:
            return web.json_response({"error": "wrong or missing X-Desk-Secret"}, status=403)
        body = await request.json()
        self.received.append(body)
        if self.delay_seconds:
            await asyncio.sleep(self.delay_seconds)
        if self.down:
            return web.Response(status=500, text="the bot failed on this message")
        messages, intent = self.reply(body["message"])
        return web.json_response({"messages": messages,
                                  "intent": {"name": intent, "confidence": 0.97},
                                  "intent_ranking": [{"name": intent, "confidence": 0.97}]})

    async def _trigger(self, request: web.Request) -> web.Response:
        if request.query.get("token") != self.TOKEN:
            return web.json_response({"error": "token"}, status=401)
        body = await request.json()
        self.triggered.append((request.match_info["sender"], body["name"]))
        if self.down:
            return web.Response(status=500, text="down")
        text = {"EXTERNAL_handoff_returned": "I'm back with you. What else can I help with?",
                "EXTERNAL_handoff_resolved": "Glad we could sort this out."}.get(body["name"], "")
        return web.json_response({"messages": [{"text": text}] if text else []})

    @staticmethod
    def reply(text: str) -> tuple[list[dict[str, Any]], str]:
        """The bot's messages and intent for one user text."""
        said = text.lower()
        if "person" in said or "human" in said or said.startswith("/request_human"):
            return [{"text": "I'll connect you with a support agent."},
                    _handoff("asked_for_human", "normal", "request_human", text)], "request_human"
        if "hacked" in said:
            return [{"text": "Lock your account now: Security > Disable account."},
                    _handoff("urgent", "urgent", "account_compromised", text)], \
                "account_compromised"
        if "status" in said:
            return [{"custom": {"ticket_status": True}}], "ticket_status"
        if "anti-phishing" in said:
            return [{"text": "Set it under **Security > Anti-phishing code**."},
                    {"custom": {"article": {"id": "anti-phishing-code",
                                            "title": "Set up an anti-phishing code"}}}], \
                "faq_general"
        if "withdrawal" in said:
            return [{"text": "Which coin did you withdraw?"}], "withdrawal_delay"
        if "deposit" in said:
            return [{"text": "Which network did you send it on?",
                     "buttons": [{"title": "TRON (TRC20)", "payload": "/inform{\"network\":\"TRC20\"}"},
                                 {"title": "Ethereum (ERC20)",
                                  "payload": "/inform{\"network\":\"ERC20\"}"}]}], "deposit_delay"
        if said.startswith("/inform") or "trc20" in said:
            return [{"text": "Please paste the transaction hash (TxID)."},
                    {"custom": {"expect": "tx_hash"}}], "inform"
        return [{"text": "Hi! I'm Kestrel's support assistant."}], "greet"
