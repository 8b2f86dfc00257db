"""Receive Telegram updates: a webhook (with Telegram's secret token) or long polling.

Each update is handled once however often Telegram retries it: messages are stored under
their update id, commands and button presses are recorded in the update log.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
from typing import Any

from aiohttp import web

from bot.telegram.api import BotApi
from bot.telegram.updates import UpdateLog
from desk.errors import DeskError
from hub.hub import Hub
from hub.texts import say
from storage.conversations import Conversation

logger = logging.getLogger(__name__)
CHANNEL = "telegram"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class TelegramReceiver:
    """Turn updates into the hub's user actions."""

    def __init__(self, hub: Hub, api: BotApi, updates: UpdateLog, secret: str = "") -> None:
        self.hub = hub
        self.api = api
        self.updates = updates
        self.secret = secret

    async def webhook(self, request: web.Request) -> web.Response:
        """Handle one update; 403 without the right secret, 2xx only once it is stored."""
        sent = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(sent.encode(), self.secret.encode()):
            return web.json_response({"ok": False, "error": "bad secret token"}, status=403)
        try:
            update_body = await request.json()
            int(update_body["update_id"])
        except (ValueError, KeyError, TypeError):
            return web.json_response({"ok": False, "error": "not a Telegram update"}, status=400)
        try:
            await self.handle_update(update_body)
        except DeskError as e:
            logger.info("telegram update refused: %s", e)  # answered to the user; don't retry
        return web.json_response({"ok": True})

    async def polling(self, app: web.Application):
        """Cleanup context: poll getUpdates while the app runs."""
        task = asyncio.create_task(self._poll_forever())
        yield
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    async def _poll_forever(self) -> None:
        offset = 0
        while True:
            try:
                updates = await self.api.call("getUpdates", {"offset": offset, "timeout": 25},
                                              timeout=35)
                for item in updates or []:
                    try:
                        await self.handle_update(item)
                    except DeskError as e:
                        logger.info("telegram update refused: %s", e)
                    # Only now: an update whose handling failed is fetched again.
                    offset = max(offset, int(item["update_id"]) + 1)
            except asyncio.CancelledError:
                raise
            except Exception:  # noqa: BLE001 - network or Telegram trouble: back off, go on
                logger.exception("telegram polling failed")
                await asyncio.sleep(3)

    async def handle_update(self, body: dict[str, Any]) -> None:
        """Act on one update: a text message, a command, or a button press."""
        update_id = int(body["update_id"])
        inbound = f"tg:{update_id}"
        intake = self.hub.intake
        if "callback_query" in body:
            query = body["callback_query"]
            chat_id = str(query["message"]["chat"]["id"])
            await self.api.call("answerCallbackQuery", {"callback_query_id": query["id"]})
            data = str(query.get("data", ""))
            if data.startswith("rate:"):
                if await self.updates.first_time(update_id):
                    await self._rate(chat_id, int(data.split(":", 1)[1]))
                return
            await intake.user_message(CHANNEL, chat_id, data, inbound)
            return
        message = body.get("message") or body.get("edited_message")
        if not message or "text" not in message:
            return  # stickers, photos, joins: nothing the desk reads
        chat_id, text = str(message["chat"]["id"]), message["text"]
        language = "zh" if str((message.get("from") or {}).get("language_code", "")).startswith(
            "zh") else None
        command = text.split()[0].split("@")[0].lower() if text.startswith("/") else ""
        if command in ("/start", "/help"):
            if await self.updates.first_time(update_id):
                await self.api.send_message(chat_id, say("telegram_help", language))
            return
        if command == "/human":
            text = "/request_human"
        conversation = await self.hub.store.get_or_create(CHANNEL, chat_id)
        if conversation.expecting == "rating_comment" and not text.startswith("/"):
            if await self.updates.first_time(update_id):
                await self._comment(conversation, text)
            return
        await intake.user_message(CHANNEL, chat_id, text, inbound, language)

    async def _rate(self, chat_id: str, score: int) -> None:
        conversation = await self.hub.store.get_by_channel(CHANNEL, chat_id)
        try:
            await self.hub.intake.rate(CHANNEL, chat_id, score, None)
        except DeskError as e:
            await self.api.send_message(chat_id, str(e))
            return
        await self.hub.store.update(conversation.id, expecting="rating_comment")
        await self.api.send_message(chat_id, say("rating_comment_prompt", conversation.language))

    async def _comment(self, conversation: Conversation, text: str) -> None:
        await self.hub.store.add_rating_comment(conversation.id, text)
        await self.hub.store.update(conversation.id, expecting=None)
        await self.api.send_message(conversation.channel_user_id,
                                    say("rating_thanks", conversation.language))
