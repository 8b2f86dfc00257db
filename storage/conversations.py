"""Conversations, their messages, notes and ratings: the one writer of those tables."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from desk.clock import iso, utcnow
from desk.errors import Invalid, NotFound
from storage.schema import agents, conversations, messages, notes, ratings

MAX_MESSAGE_CHARS = 2000


class Mode(str, Enum):
    """Who answers the user."""

    BOT = "bot"
    HANDOFF = "handoff"  # a handoff is queued or claimed: the bot stays quiet


class Sender(str, Enum):
    """Who wrote a message."""

    USER = "user"
    BOT = "bot"
    AGENT = "agent"
    SYSTEM = "system"  # the hub's own notices (queue place, agent joined, ...)


@dataclass(frozen=True)
class Conversation:
    """One user's chat on one channel."""

    id: str
    channel: str
    channel_user_id: str
    language: str | None
    mode: Mode
    flagged_secret: bool
    # What the bot last asked for, e.g. "tx_hash": lets redaction tell a hash from a key.
    expecting: str | None
    created_at: datetime
    updated_at: datetime
    # Set when the exchange vouched for the user (identity/users.py); None if anonymous.
    verified_user_id: str | None = None
    user_name: str | None = None
    user_attributes: dict[str, str] | None = None
    attributes_verified: bool = False

    @classmethod
    def from_row(cls, row: Any) -> Conversation:
        """Build it from a ``conversations`` row."""
        return cls(row["id"], row["channel"], row["channel_user_id"], row["language"],
                   Mode(row["mode"]), bool(row["flagged_secret"]), row["expecting"],
                   row["created_at"], row["updated_at"], row["verified_user_id"],
                   row["user_name"], row["user_attributes"], bool(row["attributes_verified"]))

    def identity_json(self) -> dict[str, Any]:
        """Who the user is, as the console shows it."""
        return {"verified": self.verified_user_id is not None,
                "user_id": self.verified_user_id, "name": self.user_name,
                "attributes": self.user_attributes or {},
                "attributes_verified": self.attributes_verified}


@dataclass(frozen=True)
class Rewrite:
    """New text and payload for an earlier message (part of a secret sent in pieces)."""

    message_id: int
    text: str
    payload: dict[str, Any]


@dataclass(frozen=True)
class StoredMessage:
    """One stored message, as clients receive it."""

    id: int
    conversation_id: str
    sender: Sender
    text: str
    payload: dict[str, Any]
    created_at: datetime
    agent_name: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The message shape of docs/hub-protocol.md."""
        return {
            "id": self.id,
            "conversation_id": self.conversation_id,
            "sender": self.sender.value,
            "text": self.text,
            "agent_name": self.agent_name,
            "created_at": iso(self.created_at),
            "buttons": self.payload.get("buttons") or [],
            "article": self.payload.get("article"),
            "intent": self.payload.get("intent"),
        }


async def set_mode(db: AsyncConnection, conversation_id: str, mode: Mode) -> None:
    """Say who answers the user, inside the caller's transaction (a handoff's own)."""
    await db.execute(update(conversations).where(conversations.c.id == conversation_id)
                     .values(mode=mode.value, updated_at=utcnow()))


def check_user_text(text: Any) -> str:
    """Return the text of a user or agent message, or raise ``Invalid`` with the reason."""
    if text is None or (isinstance(text, str) and not text.strip()):
        raise Invalid("The message is empty.", "empty_message")
    if not isinstance(text, str):
        raise Invalid("Send the message as text.", "invalid_message")
    if len(text) > MAX_MESSAGE_CHARS:
        raise Invalid(
            f"The message is {len(text)} characters long; the limit is {MAX_MESSAGE_CHARS}.",
            "message_too_long",
        )
    return text.strip()


class ConversationStore:
    """Reads and writes conversations and everything said in them."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    async def get_or_create(self, channel: str, channel_user_id: str) -> Conversation:
        """Return the user's conversation on the channel, creating it on first contact."""
        async with self.engine.begin() as db:
            row = (await db.execute(select(conversations).where(
                conversations.c.channel == channel,
                conversations.c.channel_user_id == channel_user_id,
            ))).mappings().first()
            if row:
                return Conversation.from_row(row)
        conversation_id = "c_" + secrets.token_hex(12)
        try:
            async with self.engine.begin() as db:
                await db.execute(insert(conversations).values(
                    id=conversation_id, channel=channel, channel_user_id=channel_user_id,
                    mode=Mode.BOT.value, flagged_secret=False, created_at=utcnow(), updated_at=utcnow(),
                ))
        except IntegrityError:
            pass  # created concurrently by another request: read theirs
        return await self.get_by_channel(channel, channel_user_id)

    async def get_by_channel(self, channel: str, channel_user_id: str) -> Conversation:
        """Return an existing conversation by its channel address."""
        async with self.engine.connect() as db:
            row = (await db.execute(select(conversations).where(
                conversations.c.channel == channel,
                conversations.c.channel_user_id == channel_user_id,
            ))).mappings().first()
        if row is None:
            raise NotFound(f"No conversation for {channel}:{channel_user_id}.")
        return Conversation.from_row(row)

    async def get(self, conversation_id: str) -> Conversation:
        """Return a conversation by id."""
        async with self.engine.connect() as db:
            row = (await db.execute(
                select(conversations).where(conversations.c.id == conversation_id)
            )).mappings().first()
        if row is None:
            raise NotFound(f"No conversation {conversation_id}.", "unknown_conversation")
        return Conversation.from_row(row)

    async def set_identity(self, conversation_id: str, user_id: str, name: str | None,
                           attributes: dict[str, str], attributes_verified: bool) -> None:
        """Record who the exchange says the user is (on every verified visit: it may change)."""
        await self.update(conversation_id, verified_user_id=user_id, user_name=name,
                          user_attributes=attributes, attributes_verified=attributes_verified)

    async def update(self, conversation_id: str, **values: Any) -> None:
        """Change conversation fields (mode, language, expecting, flagged_secret)."""
        async with self.engine.begin() as db:
            await self._update(db, conversation_id, values)

    @staticmethod
    async def _update(db, conversation_id: str, values: dict[str, Any]) -> None:
        plain = {k: v.value if isinstance(v, Enum) else v for k, v in values.items()}
        await db.execute(update(conversations).where(conversations.c.id == conversation_id)
                         .values(updated_at=utcnow(), **plain))

    async def add_message(
        self,
        conversation_id: str,
        sender: Sender,
        text: str,
        payload: dict[str, Any] | None = None,
        inbound_id: str | None = None,
        agent_id: int | None = None,
        conversation_updates: dict[str, Any] | None = None,
        rewrites: list[Rewrite] | None = None,
    ) -> tuple[StoredMessage, bool]:
        """Store a message once; return it and whether it is new.

        A repeat of an inbound message (same ``inbound_id`` in the conversation) returns
        the message stored the first time and ``False``: the caller must not act on it again.
        ``conversation_updates`` and ``rewrites`` of earlier messages (a seed phrase sent in
        pieces) are written with a new message, in the same transaction.
        """
        values = dict(conversation_id=conversation_id, sender=Sender(sender), text=text,
                      payload=payload or {}, inbound_id=inbound_id, agent_id=agent_id,
                      created_at=utcnow())
        try:
            async with self.engine.begin() as db:
                message = await self._insert(db, values)
                if conversation_updates:
                    await self._update(db, conversation_id, conversation_updates)
                for rewrite in rewrites or []:
                    await db.execute(update(messages).where(
                        messages.c.id == rewrite.message_id,
                        messages.c.conversation_id == conversation_id,
                    ).values(text=rewrite.text, payload=rewrite.payload))
                return message, True
        except IntegrityError:
            if inbound_id is None:
                raise
            existing = await self._find_inbound(conversation_id, inbound_id)
            return existing, False

    async def add_bot_messages(
        self, conversation_id: str, replies: list[tuple[str, dict[str, Any]]],
        conversation_updates: dict[str, Any] | None = None,
    ) -> list[StoredMessage]:
        """Store one bot turn's replies (text, payload) and ``conversation_updates`` together."""
        async with self.engine.begin() as db:
            stored = [
                await self._insert(db, dict(conversation_id=conversation_id, sender=Sender.BOT,
                                            text=text, payload=payload, inbound_id=None,
                                            agent_id=None, created_at=utcnow()))
                for text, payload in replies
            ]
            if conversation_updates:
                await self._update(db, conversation_id, conversation_updates)
            return stored

    @staticmethod
    async def _insert(db, values: dict[str, Any]) -> StoredMessage:
        # Built from what was written rather than read back: one query less per message.
        result = await db.execute(insert(messages), {**values, "sender": values["sender"].value})
        agent_name = None
        if values["agent_id"] is not None:
            agent_name = (await db.execute(
                select(agents.c.display_name).where(agents.c.id == values["agent_id"])
            )).scalar_one_or_none()
        return StoredMessage(result.inserted_primary_key[0], values["conversation_id"],
                             values["sender"], values["text"], values["payload"],
                             values["created_at"], agent_name)

    async def _find_inbound(self, conversation_id: str, inbound_id: str) -> StoredMessage:
        async with self.engine.connect() as db:
            row = (await db.execute(self._message_query().where(
                messages.c.conversation_id == conversation_id,
                messages.c.inbound_id == inbound_id,
            ))).mappings().one()
        return self._to_message(row)

    @staticmethod
    def _message_query():
        return select(messages, agents.c.display_name).select_from(
            messages.outerjoin(agents, messages.c.agent_id == agents.c.id)
        )

    @staticmethod
    def _to_message(row) -> StoredMessage:
        return StoredMessage(row["id"], row["conversation_id"], Sender(row["sender"]), row["text"],
                             row["payload"] or {}, row["created_at"], row["display_name"])

    async def message(self, message_id: int) -> StoredMessage:
        """Return one message by id."""
        async with self.engine.connect() as db:
            row = (await db.execute(
                self._message_query().where(messages.c.id == message_id)
            )).mappings().one()
        return self._to_message(row)

    async def messages_after(
        self, conversation_id: str, after_id: int = 0, limit: int = 500
    ) -> list[StoredMessage]:
        """Return the conversation's messages with ids above ``after_id``, oldest first."""
        async with self.engine.connect() as db:
            rows = (await db.execute(
                self._message_query()
                .where(messages.c.conversation_id == conversation_id, messages.c.id > after_id)
                .order_by(messages.c.id).limit(limit)
            )).mappings().all()
        return [self._to_message(r) for r in rows]

    async def recent_messages(self, conversation_id: str, limit: int) -> list[StoredMessage]:
        """Return the conversation's newest messages, newest first."""
        async with self.engine.connect() as db:
            rows = (await db.execute(
                self._message_query().where(messages.c.conversation_id == conversation_id)
                .order_by(messages.c.id.desc()).limit(limit)
            )).mappings().all()
        return [self._to_message(r) for r in rows]

    async def last_message(self, conversation_id: str) -> StoredMessage | None:
        """Return the newest message of the conversation."""
        newest = await self.recent_messages(conversation_id, 1)
        return newest[0] if newest else None

    async def mark_message(self, message_id: int, **marks: Any) -> None:
        """Add facts learnt about a stored message to its payload (e.g. ``complaint=True``)."""
        async with self.engine.begin() as db:
            payload = (await db.execute(select(messages.c.payload)
                                        .where(messages.c.id == message_id))).scalar_one()
            await db.execute(update(messages).where(messages.c.id == message_id)
                             .values(payload={**(payload or {}), **marks}))

    async def add_note(self, conversation_id: str, agent_id: int, text: str) -> dict[str, Any]:
        """Store an agent's internal note."""
        text = check_user_text(text)
        async with self.engine.begin() as db:
            result = await db.execute(insert(notes).values(
                conversation_id=conversation_id, agent_id=agent_id, text=text, created_at=utcnow()))
            note_id = result.inserted_primary_key[0]
        return {"id": note_id, "agent_id": agent_id, "text": text}

    async def notes(self, conversation_id: str) -> list[dict[str, Any]]:
        """Return the conversation's notes with their authors, oldest first."""
        async with self.engine.connect() as db:
            rows = (await db.execute(
                select(notes.c.id, notes.c.text, notes.c.created_at, agents.c.display_name)
                .select_from(notes.join(agents, notes.c.agent_id == agents.c.id))
                .where(notes.c.conversation_id == conversation_id).order_by(notes.c.id)
            )).mappings().all()
        return [{"id": r["id"], "text": r["text"], "agent_name": r["display_name"],
                 "created_at": iso(r["created_at"])} for r in rows]

    async def rate(
        self, conversation_id: str, handoff_id: int | None, score: Any, comment: str | None
    ) -> None:
        """Store a 1-5 rating; a second rating of the same handoff replaces nothing."""
        if not isinstance(score, int) or not 1 <= score <= 5:
            raise Invalid("The rating must be a whole number from 1 to 5.", "invalid_rating")
        comment = (comment or "").strip()[:MAX_MESSAGE_CHARS] or None
        try:
            async with self.engine.begin() as db:
                await db.execute(insert(ratings).values(
                    conversation_id=conversation_id, handoff_id=handoff_id, score=score,
                    comment=comment, created_at=utcnow()))
        except IntegrityError as e:
            raise Invalid("This conversation was already rated.", "already_rated") from e

    async def add_rating_comment(self, conversation_id: str, comment: str) -> None:
        """Add the user's comment to their latest rating that has none yet."""
        comment = comment.strip()[:MAX_MESSAGE_CHARS]
        async with self.engine.begin() as db:
            latest = (await db.execute(
                select(ratings.c.id).where(ratings.c.conversation_id == conversation_id,
                                           ratings.c.comment.is_(None))
                .order_by(ratings.c.id.desc()).limit(1))).scalar_one_or_none()
            if latest is not None and comment:
                await db.execute(update(ratings).where(ratings.c.id == latest)
                                 .values(comment=comment))

    async def count_messages(self, conversation_id: str) -> int:
        """Return how many messages the conversation has."""
        async with self.engine.connect() as db:
            return (await db.execute(select(func.count()).select_from(messages)
                                     .where(messages.c.conversation_id == conversation_id))).scalar_one()
