"""The Telegram channel: webhook (with Telegram's secret token) or long polling.

The Bot API base URL is a setting, so the hub can use a self-hosted Bot API server or,
in tests, a local one. Each update is handled once however often Telegram retries it:
messages are stored under their update id, commands are recorded in telegram_updates.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
import re
from typing import Any

import aiohttp
from aiohttp import web
from sqlalchemy import insert, update
from sqlalchemy.exc import IntegrityError

from desk.errors import HandoffError
from hub.hub import Hub
from hub.settings import HubSettings
from hub.texts import say
from storage.conversations import StoredMessage
from storage.schema import ratings, telegram_updates, utcnow

logger = logging.getLogger(__name__)
CHANNEL = "telegram"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def plain_text(text: str) -> str:
    """Drop the bot's Markdown emphasis: Telegram gets plain text, nothing to escape."""
    return re.sub(r"\*\*(.+?)\*\*", r"\1", text)


class TelegramChannel:
    """Receive Telegram updates and send the hub's messages back with sendMessage."""

    def __init__(self, hub: Hub, settings: HubSettings) -> None:
        self.hub = hub
        self.http: aiohttp.ClientSession | None = None  # opened with the app
        self.settings = settings
        self.api = f"{settings.telegram_api_base.rstrip('/')}/bot{settings.telegram_token}"
        self._last_state: dict[str, tuple] = {}
        hub.channels[CHANNEL] = self

    def register(self, app: web.Application) -> None:
        """Add the webhook route, or start long polling with the app."""
        if self.settings.telegram_mode == "webhook":
            app.router.add_post("/telegram/webhook", self.webhook)
        else:
            app.cleanup_ctx.append(self._polling)

    # --- inbound -----------------------------------------------------------------------

    async def webhook(self, request: web.Request) -> web.Response:
        """Handle one update; 403 without the right secret, 2xx only once it is stored."""
        sent = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(sent.encode(), self.settings.telegram_secret.encode()):
            return web.json_response({"ok": False, "error": "bad secret token"}, status=403)
        try:
            update_body = await request.json()
            int(update_body["update_id"])
        except (ValueError, KeyError, TypeError):
            return web.json_response({"ok": False, "error": "not a Telegram update"}, status=400)
        try:
            await self.handle_update(update_body)
        except HandoffError as e:
            logger.info("telegram update refused: %s", e)  # answered to the user; don't retry
        return web.json_response({"ok": True})

    async def _polling(self, app: web.Application):
        task = asyncio.create_task(self._poll_forever())
        yield
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    async def _poll_forever(self) -> None:
        offset = 0
        while True:
            try:
                updates = await self._call("getUpdates", {"offset": offset, "timeout": 25},
                                           timeout=35)
                for item in updates or []:
                    try:
                        await self.handle_update(item)
                    except HandoffError as e:
                        logger.info("telegram update refused: %s", e)
                    # Only now: an update whose handling failed is fetched again.
                    offset = max(offset, int(item["update_id"]) + 1)
            except asyncio.CancelledError:
                raise
            except Exception:  # noqa: BLE001 - network or Telegram trouble: back off, go on
                logger.exception("telegram polling failed")
                await asyncio.sleep(3)

    async def _first_time(self, update_id: int) -> bool:
        try:
            async with self.hub.store.engine.begin() as db:
                await db.execute(insert(telegram_updates).values(update_id=update_id,
                                                                 received_at=utcnow()))
            return True
        except IntegrityError:
            return False

    async def handle_update(self, body: dict[str, Any]) -> None:
        """Act on one update: a text message, a command, or a button press."""
        update_id = int(body["update_id"])
        inbound = f"tg:{update_id}"
        if "callback_query" in body:
            query = body["callback_query"]
            chat_id = str(query["message"]["chat"]["id"])
            await self._call("answerCallbackQuery", {"callback_query_id": query["id"]})
            data = str(query.get("data", ""))
            if data.startswith("rate:"):
                if await self._first_time(update_id):
                    await self._rate(chat_id, int(data.split(":", 1)[1]))
                return
            await self.hub.user_message(CHANNEL, chat_id, data, inbound)
            return
        message = body.get("message") or body.get("edited_message")
        if not message or "text" not in message:
            return  # stickers, photos, joins: nothing the desk reads
        chat_id, text = str(message["chat"]["id"]), message["text"]
        language = "zh" if str((message.get("from") or {}).get("language_code", "")).startswith(
            "zh") else None
        command = text.split()[0].split("@")[0].lower() if text.startswith("/") else ""
        if command in ("/start", "/help"):
            if await self._first_time(update_id):
                await self._send(chat_id, say("telegram_help", language))
            return
        if command == "/human":
            text = "/request_human"
        conversation = await self.hub.store.get_or_create(CHANNEL, chat_id)
        if conversation["expecting"] == "rating_comment" and not text.startswith("/"):
            if await self._first_time(update_id):
                await self._comment(conversation, text)
            return
        await self.hub.user_message(CHANNEL, chat_id, text, inbound, language)

    async def _rate(self, chat_id: str, score: int) -> None:
        conversation = await self.hub.store.get_by_channel(CHANNEL, chat_id)
        try:
            await self.hub.rate(CHANNEL, chat_id, score, None)
        except HandoffError as e:
            await self._send(chat_id, str(e))
            return
        await self.hub.store.update(conversation["id"], expecting="rating_comment")
        await self._send(chat_id, say("rating_comment_prompt", conversation["language"]))

    async def _comment(self, conversation: dict[str, Any], text: str) -> None:
        async with self.hub.store.engine.begin() as db:
            await db.execute(update(ratings).where(ratings.c.conversation_id == conversation["id"],
                                                   ratings.c.comment.is_(None))
                             .values(comment=text.strip()[:2000]))
        await self.hub.store.update(conversation["id"], expecting=None)
        await self._send(conversation["channel_user_id"],
                         say("rating_thanks", conversation["language"]))

    # --- outbound (UserChannel) --------------------------------------------------------

    async def _call(self, method: str, body: dict[str, Any], timeout: float = 15) -> Any:
        async with self.http.post(f"{self.api}/{method}", json=body,
                                  timeout=aiohttp.ClientTimeout(total=timeout)) as response:
            data = await response.json(content_type=None)
            if not data.get("ok"):
                raise RuntimeError(f"Telegram {method} failed: {data.get('description')}")
            return data.get("result")

    async def _send(self, chat_id: str, text: str, buttons: list[dict] | None = None) -> None:
        body: dict[str, Any] = {"chat_id": chat_id, "text": plain_text(text)}
        if buttons:
            body["reply_markup"] = {"inline_keyboard": [
                [{"text": b["title"], "callback_data": b["payload"][:64]}] for b in buttons]}
        await self._call("sendMessage", body)

    async def deliver(self, conversation: dict[str, Any], message: StoredMessage) -> None:
        """Send a bot, agent or system message as a Telegram message."""
        text = message.text
        if message.sender == "agent" and message.agent_name:
            text = f"{message.agent_name}: {text}"
        if message.payload.get("article"):
            text += f"\n\n({message.payload['article']['title']})"
        await self._send(conversation["channel_user_id"], text, message.payload.get("buttons"))

    async def state(self, conversation: dict[str, Any], state: dict[str, Any]) -> None:
        """Tell the user their place in the queue when it changes (joins come as messages)."""
        if state.get("state") != "queued":
            self._last_state.pop(conversation["id"], None)
            return
        key = (state["position"], state.get("offline"))
        if self._last_state.get(conversation["id"]) == key:
            return
        self._last_state[conversation["id"]] = key
        minutes = max(1, round(state["eta_seconds"] / 60))
        text = (f"您前面还有 {state['position'] - 1} 位用户，预计等待约 {minutes} 分钟。"
                if conversation["language"] == "zh" else
                f"You are number {state['position']} in the queue; about {minutes} min.")
        await self._send(conversation["channel_user_id"], text)

    async def typing(self, conversation: dict[str, Any], who: str, typing: bool,
                     agent_name: str | None = None) -> None:
        """Show Telegram's "typing..." status."""
        if typing:
            with contextlib.suppress(Exception):
                await self._call("sendChatAction", {"chat_id": conversation["channel_user_id"],
                                                    "action": "typing"})

    async def request_rating(self, conversation: dict[str, Any], handoff_id: int) -> None:
        """Send the 1-5 rating buttons."""
        buttons = [{"title": "★" * n, "payload": f"rate:{n}"} for n in range(1, 6)]
        await self._send(conversation["channel_user_id"],
                         say("rate_prompt", conversation["language"]), buttons)
