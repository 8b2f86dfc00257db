"""Talk to the Rasa server's REST channel."""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp


class BotUnavailable(Exception):
    """Rasa did not answer (down, restarting, or too slow)."""


class RasaClient:
    """Send user messages to Rasa and return its replies."""

    def __init__(self, session: aiohttp.ClientSession | None, base_url: str, timeout: float
                 ) -> None:
        self.session = session
        self.base_url = base_url.rstrip("/")
        self.timeout = aiohttp.ClientTimeout(total=timeout)

    async def send(self, sender: str, text: str, metadata: dict[str, Any] | None = None
                   ) -> list[dict[str, Any]]:
        """Post one message for the conversation ``sender``; return Rasa's messages."""
        body = {"sender": sender, "message": text, "metadata": metadata or {}}
        return await self._post("/webhooks/rest/webhook", body)

    async def trigger_intent(self, sender: str, intent: str, entities: dict[str, Any] | None = None
                             ) -> list[dict[str, Any]]:
        """Make the bot react to an intent the hub raises (e.g. an agent handed back)."""
        body = {"name": intent, "entities": entities or {}}
        result = await self._post(
            f"/conversations/{sender}/trigger_intent?output_channel=latest", body)
        return result.get("messages", []) if isinstance(result, dict) else []

    async def _post(self, path: str, body: dict[str, Any]) -> Any:
        try:
            async with self.session.post(self.base_url + path, json=body,
                                         timeout=self.timeout) as response:
                if response.status != 200:
                    raise BotUnavailable(f"Rasa answered {response.status}: "
                                         f"{(await response.text())[:200]}")
                return await response.json()
        # asyncio.TimeoutError is not the built-in TimeoutError before Python 3.11.
        except (aiohttp.ClientError, asyncio.TimeoutError) as e:
            raise BotUnavailable(str(e) or type(e).__name__) from e

    async def tracker(self, sender: str) -> dict[str, Any]:
        """Return the conversation's tracker without its event list."""
        try:
            async with self.session.get(
                f"{self.base_url}/conversations/{sender}/tracker",
                params={"include_events": "NONE"}, timeout=self.timeout,
            ) as response:
                if response.status != 200:
                    raise BotUnavailable(f"Rasa answered {response.status}")
                return await response.json()
        # asyncio.TimeoutError is not the built-in TimeoutError before Python 3.11.
        except (aiohttp.ClientError, asyncio.TimeoutError) as e:
            raise BotUnavailable(str(e) or type(e).__name__) from e
