"""Receive Telegram updates: a webhook (with Telegram's secret token) or long polling.

Telegram sends a chat's updates in order and holds the newer ones back until the oldest is
acknowledged, so an update is acknowledged as soon as it is stored: handled, or, when its
handling fails, kept in the dead letters (dead_letters.py) to be tried again later. Each
update is acted on once however often it arrives: messages are stored under their update
id, and the channel's own replies (help, refusals, ratings) are recorded in the update log.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
import re
from collections import OrderedDict
from collections.abc import AsyncIterator
from typing import Any

from aiohttp import web

from bot.telegram.api import BotApi, TelegramError
from bot.telegram.dead_letters import DeadLetter, DeadLetters, describe_error, without_secrets
from bot.telegram.reader import Incoming, Kind, read_update, update_id_of
from bot.telegram.updates import UpdateLog
from desk.errors import DeskError, NotFound
from desk.redaction import PLACEHOLDER, redact
from hub.hub import Hub
from hub.texts import say
from storage.conversations import MAX_MESSAGE_CHARS, Conversation, check_user_text

logger = logging.getLogger(__name__)
CHANNEL = "telegram"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
_RATING = re.compile(r"rate:([1-5])")
# What the user is told when the hub refuses a rating, by the error's code.
_RATING_REFUSALS = {"nothing_to_rate": "telegram_rating_nothing",
                    "not_found": "telegram_rating_nothing",
                    "already_rated": "telegram_rating_already"}
_EDITS_REMEMBERED = 10_000


class TelegramReceiver:
    """Turn updates into the hub's user actions."""

    def __init__(self, hub: Hub, api: BotApi, updates: UpdateLog, dead_letters: DeadLetters,
                 secret: str = "") -> None:
        self.hub = hub
        self.api = api
        self.updates = updates
        self.dead_letters = dead_letters
        self.secret = secret
        # Edited messages already answered with a note, so that a user who edits one message
        # three times hears about it once (per process: a restart may say it once more).
        self._edits_noted: OrderedDict[tuple[str | None, int | None], None] = OrderedDict()

    async def webhook(self, request: web.Request) -> web.Response:
        """Take one update: 403 without the right secret, 200 once it is stored."""
        sent = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(sent.encode(), self.secret.encode()):
            return web.json_response({"ok": False, "error": "bad secret token"}, status=403)
        try:
            body = await request.json()
        except (ValueError, RecursionError):  # not JSON, not UTF-8, nested absurdly deep
            body = None
        update_id = update_id_of(body)
        if update_id is None:  # Telegram always sends an integer update_id
            return web.json_response({"ok": False, "error": "not a Telegram update"}, status=400)
        try:
            await self.receive(update_id, body)
        except Exception:  # noqa: BLE001 - not even kept: Telegram must send it again
            logger.exception("telegram update %s could not be handled or kept", update_id)
            return web.json_response({"ok": False, "error": "not stored; send it again"},
                                     status=503)
        return web.json_response({"ok": True})

    async def polling(self, app: web.Application) -> AsyncIterator[None]:
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
                for item in updates if isinstance(updates, list) else []:
                    update_id = update_id_of(item)
                    if update_id is None:
                        logger.warning("telegram sent something that is not an update")
                        continue
                    await self.receive(update_id, item)
                    # Only now: an update that is not even kept is fetched again.
                    offset = max(offset, update_id + 1)
            except asyncio.CancelledError:
                raise
            except Exception:  # noqa: BLE001 - network, Telegram or database trouble: go on
                logger.exception("telegram polling failed")
                await asyncio.sleep(3)

    async def receive(self, update_id: int, body: dict[str, Any]) -> None:
        """Act on one update; if that fails, keep it in the dead letters for a retry.

        Raises only when the update could not be kept either: it must not be acknowledged.
        """
        try:
            await self.handle(update_id, body)
        except Exception as e:  # noqa: BLE001 - whatever failed, the update is kept
            logger.warning("telegram update %s failed, kept for a retry: %s", update_id,
                           describe_error(e))
            cleaned, redacted = without_secrets(body, await self._expecting_tx_hash(update_id,
                                                                                    body))
            await self.dead_letters.add(update_id, cleaned, describe_error(e), redacted)

    async def retry(self, letter: DeadLetter) -> None:
        """Handle a dead letter again (the retrier's ``handle``)."""
        await self.handle(letter.update_id, letter.raw_update, late=True,
                          redacted=letter.redacted)

    async def handle(self, update_id: int, body: dict[str, Any], late: bool = False,
                     redacted: bool = False) -> None:
        """Act on one update once; ``late`` for a retry, ``redacted`` if secrets were cut out."""
        incoming = read_update(update_id, body)
        if incoming.callback_id and not late:  # a late answer would only fail: it expired
            await self._answer_callback(incoming.callback_id)
        match incoming.kind:
            case Kind.TEXT:
                await self._text(incoming, redacted)
            case Kind.BUTTON:
                await self._button(incoming, redacted)
            case Kind.MEDIA:
                await self._reply_once(incoming, "telegram_media")
            case Kind.EDIT:
                await self._edit(incoming)
            case Kind.NOT_PRIVATE:
                await self._refuse_chat(incoming)

    async def _text(self, incoming: Incoming, redacted: bool) -> None:
        try:
            text = check_user_text(incoming.text)
        except DeskError as e:
            if e.code == "message_too_long":
                await self._reply_once(incoming, "telegram_too_long",
                                       limit=str(MAX_MESSAGE_CHARS))
            return  # an empty message: nothing to answer
        if incoming.captioned:
            await self._reply_once(incoming, "telegram_caption")
            await self._to_hub(incoming, text, redacted)
            return
        command = text.split()[0].split("@")[0].lower() if text.startswith("/") else ""
        if command in ("/start", "/help"):
            await self._reply_once(incoming, "telegram_help")
            return
        if command == "/human":
            text = "/request_human"
        conversation = await self.hub.store.get_or_create(CHANNEL, incoming.chat_id)
        if conversation.expecting == "rating_comment" and not text.startswith("/"):
            await self._comment(incoming, conversation, text)
            return
        await self._to_hub(incoming, text, redacted)

    async def _button(self, incoming: Incoming, redacted: bool) -> None:
        data = (incoming.text or "").strip()
        if data.startswith("rate:"):
            await self._rate(incoming, data)
        elif data:
            await self._to_hub(incoming, data, redacted)

    async def _to_hub(self, incoming: Incoming, text: str, redacted: bool) -> None:
        try:
            message = await self.hub.intake.user_message(
                CHANNEL, incoming.chat_id, text, f"tg:{incoming.update_id}", incoming.language)
        except DeskError as e:
            logger.info("telegram message refused: %s", e.code)
            return
        if redacted and PLACEHOLDER in text and "redacted" not in message.payload:
            # The secret was cut out before this retry, so the hub did not see it: warn here.
            await self._warn_about_secret(incoming.chat_id)

    async def _rate(self, incoming: Incoming, data: str) -> None:
        score = _RATING.fullmatch(data)
        async with self._first_time(incoming.update_id) as first:
            if not first:
                return
            language = await self._language(incoming)
            if score is None:
                await self.api.send_message(incoming.chat_id,
                                            say("telegram_rating_invalid", language))
                return
            try:
                await self.hub.intake.rate(CHANNEL, incoming.chat_id, int(score[1]), None)
            except DeskError as e:
                key = _RATING_REFUSALS.get(e.code, "telegram_rating_invalid")
                await self.api.send_message(incoming.chat_id, say(key, language))
                return
            conversation = await self.hub.store.get_by_channel(CHANNEL, incoming.chat_id)
            await self.hub.store.update(conversation.id, expecting="rating_comment")
            await self._send_quietly(incoming.chat_id, say("rating_comment_prompt", language))

    async def _comment(self, incoming: Incoming, conversation: Conversation, text: str) -> None:
        async with self._first_time(incoming.update_id) as first:
            if not first:
                return
            cleaned = redact(text)  # a comment is stored like any message: never a secret
            await self.hub.store.add_rating_comment(conversation.id, cleaned.text)
            changes: dict[str, Any] = {"expecting": None}
            if cleaned.had_secret:
                changes["flagged_secret"] = True
            await self.hub.store.update(conversation.id, **changes)
        language = incoming.language or conversation.language
        await self._send_quietly(incoming.chat_id, say("rating_thanks", language))
        if cleaned.had_secret:
            await self.hub.delivery.notice(conversation, say("secret_warning", language))

    async def _edit(self, incoming: Incoming) -> None:
        """Say once that edits are not read: answering the new text would answer twice."""
        key = (incoming.chat_id, incoming.message_id)
        if key in self._edits_noted:
            return
        self._edits_noted[key] = None
        while len(self._edits_noted) > _EDITS_REMEMBERED:
            self._edits_noted.popitem(last=False)
        try:
            await self._reply_once(incoming, "telegram_edited")
        except Exception:
            self._edits_noted.pop(key, None)  # not said: say it on the retry
            raise

    async def _refuse_chat(self, incoming: Incoming) -> None:
        """Refuse a group or channel once, and leave it: the desk serves private chats."""
        async with self._first_time(incoming.update_id) as first:
            if not first:
                return
            # Best effort: the bot may not be allowed to write here, and it is leaving anyway.
            await self._send_quietly(incoming.chat_id,
                                     say("telegram_private_only", incoming.language))
            try:
                await self.api.call("leaveChat", {"chat_id": incoming.chat_id})
            except TelegramError as e:
                logger.warning("could not leave telegram chat %s: %s", incoming.chat_id, e)

    async def _warn_about_secret(self, chat_id: str) -> None:
        conversation = await self.hub.store.get_by_channel(CHANNEL, chat_id)
        await self.hub.store.update(conversation.id, flagged_secret=True)
        await self.hub.delivery.notice(conversation, say("secret_warning", conversation.language))

    async def _reply_once(self, incoming: Incoming, key: str, **values: str) -> None:
        """Send one of the channel's own answers, once per update; a failed send is retried."""
        async with self._first_time(incoming.update_id) as first:
            if first:
                language = await self._language(incoming)
                await self.api.send_message(incoming.chat_id, say(key, language, **values))

    @contextlib.asynccontextmanager
    async def _first_time(self, update_id: int) -> AsyncIterator[bool]:
        """Whether this update is new; if acting on it fails, it is new again for the retry."""
        first = await self.updates.first_time(update_id)
        try:
            yield first
        except Exception:
            if first:
                try:
                    await self.updates.forget(update_id)
                except Exception:  # noqa: BLE001 - the original error matters more
                    logger.exception("could not forget telegram update %s", update_id)
            raise

    async def _language(self, incoming: Incoming) -> str | None:
        """The user's Telegram language if Chinese, else the conversation's, if there is one."""
        if incoming.language:
            return incoming.language
        try:
            return (await self.hub.store.get_by_channel(CHANNEL, incoming.chat_id)).language
        except NotFound:
            return None

    async def _expecting_tx_hash(self, update_id: int, body: dict[str, Any]) -> bool:
        """Whether the bot just asked this user for a hash (so a 64-hex string is one)."""
        chat_id = read_update(update_id, body).chat_id
        try:
            return chat_id is not None and (
                await self.hub.store.get_by_channel(CHANNEL, chat_id)).expecting == "tx_hash"
        except Exception:  # noqa: BLE001 - unknown: treat a 64-hex string as a key
            return False

    async def _answer_callback(self, callback_id: str) -> None:
        """Stop the button's spinner; failing to do so must not fail the update."""
        try:
            await self.api.call("answerCallbackQuery", {"callback_query_id": callback_id},
                                timeout=5)
        except TelegramError as e:
            logger.info("answerCallbackQuery failed: %s", e)

    async def _send_quietly(self, chat_id: str, text: str) -> None:
        """Send a reply whose loss is better than acting on the update twice."""
        try:
            await self.api.send_message(chat_id, text)
        except TelegramError as e:
            logger.warning("telegram reply to %s not sent: %s", chat_id, e)
