"""Talk to the Rasa server through its hub channel (rasa_addons/hub_channel.py)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

import aiohttp


class BotUnavailable(Exception):
    """Rasa did not answer (down, restarting, or too slow)."""


@dataclass(frozen=True)
class BotTurn:
    """The bot's messages for one user message, and the intent it read in it."""

    messages: list[dict[str, Any]]
    intent: dict[str, Any] | None = None
    intent_ranking: tuple[dict[str, Any], ...] = ()


class RasaClient:
    """Send user messages to Rasa and return its replies.

    It opens its own HTTP session in ``start()`` (on the loop that serves the app) unless
    one is given, and closes only what it opened.
    """

    def __init__(self, base_url: str, timeout: float,
                 session: aiohttp.ClientSession | None = None, token: str = "",
                 channel_secret: str = "") -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = aiohttp.ClientTimeout(total=timeout)
        self.token = token
        self.channel_headers = {"X-Desk-Secret": channel_secret} if channel_secret else {}
        self.session = session
        self._owns_session = session is None

    async def start(self) -> None:
        """Open the HTTP session."""
        if self.session is None:
            self.session = aiohttp.ClientSession()

    async def close(self) -> None:
        """Close the HTTP session if this client opened it."""
        if self._owns_session and self.session is not None:
            await self.session.close()
            self.session = None

    async def send(self, sender: str, text: str, metadata: dict[str, Any] | None = None
                   ) -> BotTurn:
        """Post one message for the conversation ``sender``; return the bot's turn."""
        body = {"sender": sender, "message": text, "metadata": metadata or {}}
        result = await self._post("/webhooks/hub/webhook", body, headers=self.channel_headers)
        if not isinstance(result, dict) or not isinstance(result.get("messages"), list):
            raise BotUnavailable(f"unexpected answer from Rasa: {str(result)[:200]}")
        ranking = result.get("intent_ranking")
        return BotTurn(result["messages"], result.get("intent"),
                       tuple(ranking) if isinstance(ranking, list) else ())

    async def trigger_intent(self, sender: str, intent: str, entities: dict[str, Any] | None = None
                             ) -> list[dict[str, Any]]:
        """Make the bot react to an intent the hub raises (e.g. an agent handed back)."""
        body = {"name": intent, "entities": entities or {}}
        params = {"output_channel": "latest", **({"token": self.token} if self.token else {})}
        result = await self._post(f"/conversations/{sender}/trigger_intent", body, params=params)
        return result.get("messages", []) if isinstance(result, dict) else []

    async def _post(self, path: str, body: dict[str, Any], headers: dict[str, str] | None = None,
                    params: dict[str, str] | None = None) -> Any:
        try:
            async with self.session.post(self.base_url + path, json=body, headers=headers,
                                         params=params, timeout=self.timeout) as response:
                if response.status != 200:
                    raise BotUnavailable(f"Rasa answered {response.status}: "
                                         f"{(await response.text())[:200]}")
                return await response.json()
        # asyncio.TimeoutError is not the built-in TimeoutError before Python 3.11.
        except (aiohttp.ClientError, asyncio.TimeoutError) as e:
            raise BotUnavailable(str(e) or type(e).__name__) from e
