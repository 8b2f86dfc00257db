"""A small client for the part of Telegram's Bot API the desk uses.

The base URL is a setting, so the hub can use a self-hosted Bot API server or, in tests,
a local one.
"""

from __future__ import annotations

import asyncio
import re
from typing import Any

import aiohttp


class TelegramError(RuntimeError):
    """The Bot API refused a call or could not be reached."""


def plain_text(text: str) -> str:
    """Drop the bot's Markdown emphasis: Telegram gets plain text, nothing to escape."""
    return re.sub(r"\*\*(.+?)\*\*", r"\1", text)


class BotApi:
    """Call Bot API methods with the bot's token; the HTTP session opens in ``start()``."""

    def __init__(self, base_url: str, token: str) -> None:
        self.api = f"{base_url.rstrip('/')}/bot{token}"
        self.http: aiohttp.ClientSession | None = None

    async def start(self) -> None:
        """Open the HTTP session (on the loop that serves the app)."""
        self.http = aiohttp.ClientSession()

    async def close(self) -> None:
        """Close the HTTP session."""
        if self.http is not None:
            await self.http.close()

    async def call(self, method: str, body: dict[str, Any], timeout: float = 15) -> Any:
        """Call ``method``; return its result or raise ``TelegramError``."""
        try:
            async with self.http.post(f"{self.api}/{method}", json=body,
                                      timeout=aiohttp.ClientTimeout(total=timeout)) as response:
                data = await response.json(content_type=None)
        # asyncio.TimeoutError (the total timeout) is not an aiohttp.ClientError.
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as e:
            raise TelegramError(f"Telegram {method} failed: {e!r}") from e
        if not isinstance(data, dict) or not data.get("ok"):
            description = data.get("description") if isinstance(data, dict) else data
            raise TelegramError(f"Telegram {method} failed: {description}")
        return data.get("result")

    async def send_message(self, chat_id: str, text: str,
                           buttons: list[dict[str, Any]] | None = None) -> None:
        """Send a plain-text message, with buttons as an inline keyboard."""
        body: dict[str, Any] = {"chat_id": chat_id, "text": plain_text(text)}
        if buttons:
            body["reply_markup"] = {"inline_keyboard": [
                [{"text": b["title"], "callback_data": b["payload"][:64]}] for b in buttons]}
        await self.call("sendMessage", body)
