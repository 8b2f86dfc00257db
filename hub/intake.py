"""Intake of a user's message: stored once, cleaned of secrets, then to the bot or the agent."""

from __future__ import annotations

import asyncio
import logging
import weakref
from dataclasses import replace
from typing import Any

from desk.errors import Invalid, NotFound
from desk.frustration import complaint_beside_matter
from desk.redaction import Earlier, Retraction, redact
from handoff.models import CLOSED_STATES, HandoffReason, HandoffRequest
from handoff.queue import HandoffQueue
from hub.bot_replies import BotReplies
from hub.delivery import Delivery
from hub.handoffs import COMPLAINT_MEMORY, HandoffLifecycle
from hub.limits import RateLimiter
from hub.rasa_client import BotTurn, BotUnavailable, RasaClient
from hub.texts import say
from storage.conversations import (
    Conversation,
    ConversationStore,
    Mode,
    Rewrite,
    Sender,
    StoredMessage,
    check_user_text,
)

logger = logging.getLogger(__name__)

PIECES = 10  # a user's earlier messages read for the rest of a secret sent in pieces


class UserIntake:
    """Everything a user does in a channel: messages, typing, ratings."""

    def __init__(self, store: ConversationStore, queue: HandoffQueue, rasa: RasaClient,
                 bot_replies: BotReplies, handoffs: HandoffLifecycle, delivery: Delivery,
                 message_limit: RateLimiter) -> None:
        self.store = store
        self.message_limit = message_limit
        self.queue = queue
        self.rasa = rasa
        self.bot_replies = bot_replies
        self.handoffs = handoffs
        self.delivery = delivery
        # A lock lives while a message of that user is being handled or waits; held weakly,
        # so the hub does not keep one for every user it has ever seen.
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = \
            weakref.WeakValueDictionary()

    def users_being_served(self) -> int:
        """How many users have a message in hand or waiting (for tests and metrics)."""
        return len(self._locks)

    async def user_message(self, channel: str, channel_user_id: str, text: Any,
                           inbound_id: str | None = None, language: str | None = None
                           ) -> StoredMessage:
        """Take a user's message: store it once, then let the bot or the agent answer.

        Raises ``Invalid`` for an empty or too long message and ``RateLimited`` for a user
        sending faster than the limit; nothing is stored then.
        """
        text = check_user_text(text)
        self.message_limit.hit(f"{channel}:{channel_user_id}")
        # One user's messages are taken one at a time, in the order they arrived.
        async with self._user_lock(f"{channel}:{channel_user_id}"):
            conversation = await self.store.get_or_create(channel, channel_user_id)
            recent = await self.store.recent_messages(conversation.id, 2 * PIECES)
            # A phrase may come in pieces: the user's last messages are read with this one.
            earlier = [m for m in recent if m.sender is Sender.USER][:PIECES][::-1]
            cleaned = redact(text, expecting_tx_hash=conversation.expecting == "tx_hash",
                             recent=[Earlier(m.text, tuple(m.payload.get("redacted", ())))
                                     for m in earlier])
            rewrites = [_rewrite(earlier[r.index], r) for r in cleaned.also_redact]
            payload: dict[str, Any] = {"redacted": list(cleaned.found)} if cleaned.had_secret else {}
            shown = cleaned.text
            title = _button_title(recent, cleaned.text)
            if title:
                # A pressed button: people read its title, the bot gets its payload.
                shown, payload = title, {**payload, "button_payload": cleaned.text}
            updates: dict[str, Any] = {"expecting": None}
            if language in ("en", "zh"):
                updates["language"] = language
            if cleaned.had_secret:
                updates["flagged_secret"] = True
            message, new = await self.store.add_message(
                conversation.id, Sender.USER, shown, payload, inbound_id,
                conversation_updates=updates, rewrites=rewrites)
            if not new:
                return message  # a retry: already handled
            for rewrite in rewrites:
                await self.delivery.to_consoles({"type": "message_redacted",
                                                 "conversation_id": conversation.id,
                                                 "message_id": rewrite.message_id,
                                                 "text": rewrite.text})
            conversation = replace(conversation, **updates)
            await self.delivery.to_consoles({"type": "message", "message": message.to_json()})
            if cleaned.had_secret:
                await self.delivery.notice(conversation,
                                           say("secret_warning", conversation.language))
            if conversation.mode is Mode.HANDOFF:
                return message  # an agent answers; the bot stays quiet
            if cleaned.text.strip() and cleaned.text.strip() != "[redacted]":
                await self._ask_bot(conversation, message, cleaned.text, language)
            return message

    def _user_lock(self, address: str) -> asyncio.Lock:
        lock = self._locks.get(address)
        if lock is None:
            lock = self._locks[address] = asyncio.Lock()
        return lock

    async def _ask_bot(self, conversation: Conversation, message: StoredMessage, text: str,
                       language: str | None) -> None:
        await self.delivery.typing(conversation, "bot", True)
        try:
            metadata = {"language": language} if language else {}
            turn = await self.rasa.send(conversation.id, text, metadata)
        except BotUnavailable as e:
            logger.warning("Rasa unavailable for %s: %s", conversation.id, e)
            await self.delivery.typing(conversation, "bot", False)
            await self.delivery.notice(conversation, say("bot_unavailable", conversation.language))
            await self.handoffs.escalate(conversation, HandoffRequest(
                reason=HandoffReason.BOT_UNAVAILABLE, details={"error": str(e)[:200]}))
            return
        await self.delivery.typing(conversation, "bot", False)
        await self._note_a_complaint(conversation, message, text, turn)
        request = await self.bot_replies.store_and_deliver(conversation, turn.messages, turn.intent)
        if request is not None:
            await self.handoffs.escalate(conversation, request)

    async def _note_a_complaint(self, conversation: Conversation, message: StoredMessage,
                                text: str, turn: BotTurn) -> None:
        """A complaint beside another matter: mark it, and say once that it was heard.

        The bot runs the flow for the matter; if the case reaches a person it goes with
        the complaint and a higher priority (``HandoffLifecycle.escalate``).
        """
        if not complaint_beside_matter((turn.intent or {}).get("name"), text, turn.intent_ranking):
            return
        earlier = await self.store.recent_messages(conversation.id, COMPLAINT_MEMORY)
        await self.store.mark_message(message.id, complaint=True)
        if not any(m.payload.get("complaint") for m in earlier if m.id != message.id):
            await self.delivery.notice(conversation, say("complaint_heard", conversation.language))

    async def user_typing(self, channel: str, channel_user_id: str, typing: bool) -> None:
        """Show the agent that the user is typing."""
        try:
            conversation = await self.store.get_by_channel(channel, channel_user_id)
        except NotFound:
            return  # no conversation yet: nobody to tell
        await self.delivery.to_consoles({"type": "user_typing", "conversation_id": conversation.id,
                                         "typing": bool(typing)})

    async def rate(self, channel: str, channel_user_id: str, score: Any, comment: str | None) -> None:
        """Store the user's rating of their latest handoff."""
        conversation = await self.store.get_by_channel(channel, channel_user_id)
        handoff = await self.queue.latest_for(conversation.id)
        if handoff is None or handoff.state not in CLOSED_STATES:
            raise Invalid("There is no finished conversation with an agent to rate.",
                          "nothing_to_rate")
        if isinstance(comment, str):
            comment = redact(comment).text
        await self.store.rate(conversation.id, handoff.id, score, comment)
        await self.delivery.to_consoles({"type": "rating", "conversation_id": conversation.id,
                                         "score": score})


def _rewrite(message: StoredMessage, retraction: Retraction) -> Rewrite:
    """An earlier message cleaned of the piece of a secret it turned out to hold."""
    kinds = sorted(set(message.payload.get("redacted", ())) | set(retraction.found))
    return Rewrite(message.id, retraction.text, {**message.payload, "redacted": kinds})


def _button_title(recent: list[StoredMessage], text: str) -> str | None:
    """The title of the button whose payload the user sent, if it was one.

    The buttons the user can press are on the bot's last turn: the messages since the
    user's previous one (``recent`` is newest first).
    """
    if not text.startswith("/"):
        return None
    for message in recent:
        for button in message.payload.get("buttons") or []:
            if button.get("payload") == text:
                return button.get("title")
        if message.sender is Sender.USER:
            break
    return None
