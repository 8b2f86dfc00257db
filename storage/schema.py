"""Every table of the hub's database (Core tables, SQLAlchemy's 2.0 style).

One metadata for Alembic; each table has one module that writes it: conversations,
messages, notes and ratings `storage/conversations.py`; handoffs `handoff/queue.py`;
agents and agent_sessions `handoff/agents.py`; audit_log `handoff/audit.py`;
telegram_updates `bot/telegram/updates.py`;
telegram_dead_letters `bot/telegram/dead_letters.py`.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    true,
)

from desk.clock import utcnow

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)



conversations = Table(
    "conversations",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("channel", String(16), nullable=False),  # "web" or "telegram"
    Column("channel_user_id", String(128), nullable=False),  # widget session or Telegram chat
    Column("language", String(8)),
    # Who answers the user: "bot", or "handoff" while a handoff is queued or claimed.
    Column("mode", String(16), nullable=False, default="bot"),
    Column("flagged_secret", Boolean, nullable=False, default=False),
    # What the bot last asked for, e.g. "tx_hash": lets redaction tell a hash from a key.
    Column("expecting", String(32)),
    Column("created_at", DateTime(timezone=True), nullable=False, default=utcnow),
    Column("updated_at", DateTime(timezone=True), nullable=False, default=utcnow),
    # The exchange's user id when the exchange vouched for the user (identity/users.py);
    # NULL for an anonymous visitor. Name and attributes as the exchange passed them.
    Column("verified_user_id", String(64)),
    Column("user_name", String(64)),
    Column("user_attributes", JSON),
    Column("attributes_verified", Boolean, nullable=False, default=False),
    UniqueConstraint("channel", "channel_user_id", name="uq_conversations_channel_user"),
    Index("ix_conversations_verified_user", "verified_user_id"),
)

messages = Table(
    "messages",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("conversation_id", String(40), ForeignKey("conversations.id"), nullable=False),
    Column("sender", String(8), nullable=False),  # user, bot, agent, system
    Column("agent_id", Integer, ForeignKey("agents.id")),
    Column("text", Text, nullable=False, default=""),
    # Buttons, article, intent and other structured parts of the message.
    Column("payload", JSON, nullable=False, default=dict),
    # The channel's own id for an inbound message (widget client_id, Telegram update_id):
    # storing it unique per conversation is what makes retries harmless.
    Column("inbound_id", String(64)),
    Column("created_at", DateTime(timezone=True), nullable=False, default=utcnow),
    UniqueConstraint("conversation_id", "inbound_id", name="uq_messages_inbound"),
    Index("ix_messages_conversation", "conversation_id", "id"),
)

agents = Table(
    "agents",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("username", String(64), nullable=False, unique=True),
    Column("display_name", String(64), nullable=False),
    Column("password_hash", String(255), nullable=False),
    Column("max_concurrent", Integer, nullable=False, default=3),
    Column("created_at", DateTime(timezone=True), nullable=False, default=utcnow),
    # "agent" or "supervisor" (handoff.models.Role); a deactivated agent cannot log in.
    Column("role", String(16), nullable=False, default="agent", server_default="agent"),
    Column("active", Boolean, nullable=False, default=True, server_default=true()),
)

agent_sessions = Table(
    "agent_sessions",
    metadata,
    # Only the SHA-256 of the cookie value is stored: a leaked table logs nobody in.
    Column("token_hash", String(64), primary_key=True),
    Column("agent_id", Integer, ForeignKey("agents.id"), nullable=False),
    Column("csrf_token", String(64), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
)

handoffs = Table(
    "handoffs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("conversation_id", String(40), ForeignKey("conversations.id"), nullable=False),
    # queued -> claimed -> (queued again on release) -> resolved | returned
    Column("state", String(16), nullable=False, default="queued"),
    Column("reason", String(32), nullable=False),
    Column("priority", Integer, nullable=False),  # 0 urgent, 1 high, 2 normal
    Column("language", String(8)),
    Column("channel", String(16), nullable=False),
    Column("details", JSON, nullable=False, default=dict),
    Column("queued_at", DateTime(timezone=True), nullable=False, default=utcnow),
    Column("claimed_by", Integer, ForeignKey("agents.id")),
    Column("claimed_at", DateTime(timezone=True)),
    Column("closed_at", DateTime(timezone=True)),
    # Set once the user was told nobody claimed it in time (so they are told only once).
    Column("timeout_notified", Boolean, nullable=False, default=False),
    Index("ix_handoffs_queue", "state", "priority", "queued_at"),
)

notes = Table(
    "notes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("conversation_id", String(40), ForeignKey("conversations.id"), nullable=False),
    Column("agent_id", Integer, ForeignKey("agents.id"), nullable=False),
    Column("text", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, default=utcnow),
)

ratings = Table(
    "ratings",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("conversation_id", String(40), ForeignKey("conversations.id"), nullable=False),
    Column("handoff_id", Integer, ForeignKey("handoffs.id")),
    Column("score", Integer, nullable=False),
    Column("comment", Text),
    Column("created_at", DateTime(timezone=True), nullable=False, default=utcnow),
    UniqueConstraint("handoff_id", name="uq_ratings_handoff"),
)

# What agents did, for supervisors: append-only (rows are inserted, never changed).
audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False, default=utcnow),
    Column("agent_id", Integer, ForeignKey("agents.id"), nullable=False),
    Column("action", String(32), nullable=False),  # claim, transfer, resolve, ...
    Column("conversation_id", String(40)),
    Column("handoff_id", Integer),
    Column("details", JSON, nullable=False, default=dict),
    Index("ix_audit_log_at", "at"),
)

# Telegram update ids already handled (callback queries have no message to hang them on).
telegram_updates = Table(
    "telegram_updates",
    metadata,
    Column("update_id", Integer, primary_key=True, autoincrement=False),
    Column("received_at", DateTime(timezone=True), nullable=False, default=utcnow),
)

# Telegram updates whose handling failed, kept (secrets redacted) to be retried with back-off;
# after the last try a row stays unresolved, with no next attempt, for a supervisor to see.
telegram_dead_letters = Table(
    "telegram_dead_letters",
    metadata,
    Column("update_id", BigInteger, primary_key=True, autoincrement=False),
    Column("raw_update", JSON, nullable=False),
    Column("error", Text, nullable=False),
    Column("attempts", Integer, nullable=False, default=1),
    Column("next_attempt_at", DateTime(timezone=True)),  # NULL: no more automatic retries
    Column("created_at", DateTime(timezone=True), nullable=False, default=utcnow),
    Column("last_tried_at", DateTime(timezone=True), nullable=False, default=utcnow),
    Column("resolved", Boolean, nullable=False, default=False),
    # Whether a seed phrase or key was cut out of raw_update before it was stored.
    Column("redacted", Boolean, nullable=False, default=False),
    Index("ix_telegram_dead_letters_due", "resolved", "next_attempt_at"),
)
