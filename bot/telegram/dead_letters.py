"""Telegram updates whose handling failed: the one writer of ``telegram_dead_letters``.

A failed update is kept here instead of being refused to Telegram, which would send it
again and hold every newer update back behind it. ``DeadLetterRetrier`` (retries.py) tries
it again with back-off; after the last try it stays unresolved, with no next attempt, for a
supervisor to see (``pending()``). Seed phrases and keys are cut out of an update before it
is stored, as they are everywhere else in the desk.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from desk.clock import utcnow
from desk.redaction import redact
from storage.schema import telegram_dead_letters as letters

MAX_ERROR_CHARS = 2000


@dataclass(frozen=True)
class RetryPolicy:
    """When a failed update is tried again, and how often the worker looks."""

    # The wait after the 1st, 2nd, ... failed try; one try more than there are delays.
    delays_seconds: tuple[float, ...] = (30, 120, 600, 3600)
    # How long a try may take before another worker may take the update over.
    lease_seconds: float = 300
    check_every_seconds: float = 15

    @property
    def max_attempts(self) -> int:
        """Tries in all, the first (failed) handling included."""
        return len(self.delays_seconds) + 1

    def next_attempt(self, attempts: int, now: datetime) -> datetime | None:
        """When to try again after ``attempts`` failed tries; None once they are used up."""
        if attempts >= self.max_attempts:
            return None
        return now + timedelta(seconds=self.delays_seconds[attempts - 1])


@dataclass(frozen=True)
class DeadLetter:
    """One failed update and how its retries went."""

    update_id: int
    raw_update: dict[str, Any]
    error: str
    attempts: int
    next_attempt_at: datetime | None
    created_at: datetime
    last_tried_at: datetime
    resolved: bool
    redacted: bool  # a seed phrase or key was cut out of raw_update

    @property
    def given_up(self) -> bool:
        """No automatic retry is left: a supervisor has to look at it."""
        return not self.resolved and self.next_attempt_at is None

    @classmethod
    def from_row(cls, row: Any) -> DeadLetter:
        """Build it from a ``telegram_dead_letters`` row."""
        return cls(row["update_id"], row["raw_update"], row["error"], row["attempts"],
                   _utc(row["next_attempt_at"]), _utc(row["created_at"]),
                   _utc(row["last_tried_at"]), bool(row["resolved"]), bool(row["redacted"]))


def without_secrets(value: Any, expecting_tx_hash: bool = False) -> tuple[Any, bool]:
    """Return the update with secrets cut out of every string in it, and whether there were any.

    Every string, not just ``text``: a quoted reply, a caption or a button carries the
    user's words too.
    """
    if isinstance(value, str):
        cleaned = redact(value, expecting_tx_hash=expecting_tx_hash)
        return cleaned.text, cleaned.had_secret
    if isinstance(value, dict):
        pairs = {k: without_secrets(v, expecting_tx_hash) for k, v in value.items()}
        return {k: v for k, (v, _) in pairs.items()}, any(found for _, found in pairs.values())
    if isinstance(value, list):
        items = [without_secrets(v, expecting_tx_hash) for v in value]
        return [v for v, _ in items], any(found for _, found in items)
    return value, False


def describe_error(error: BaseException) -> str:
    """The error as stored and logged: its type and message, without secrets, cut short."""
    return redact(f"{type(error).__name__}: {error}").text[:MAX_ERROR_CHARS]


class DeadLetters:
    """Store failed updates, hand out the ones due for a retry, record how each try went."""

    def __init__(self, engine: AsyncEngine, policy: RetryPolicy | None = None) -> None:
        self.engine = engine
        self.policy = policy or RetryPolicy()

    async def add(self, update_id: int, raw_update: dict[str, Any], error: str,
                  redacted: bool = False) -> None:
        """Keep a failed update for a retry (again, if Telegram re-sent it and it failed again)."""
        now = utcnow()
        error = error[:MAX_ERROR_CHARS]
        try:
            async with self.engine.begin() as db:
                await db.execute(insert(letters).values(
                    update_id=update_id, raw_update=raw_update, error=error, attempts=1,
                    next_attempt_at=self.policy.next_attempt(1, now), created_at=now,
                    last_tried_at=now, resolved=False, redacted=redacted))
            return
        except IntegrityError:
            pass  # already here: count this failure as one more try
        async with self.engine.begin() as db:
            attempts = (await db.execute(select(letters.c.attempts).where(
                letters.c.update_id == update_id))).scalar_one() + 1
            await db.execute(update(letters).where(letters.c.update_id == update_id).values(
                attempts=attempts, error=error, last_tried_at=now, resolved=False,
                next_attempt_at=self.policy.next_attempt(attempts, now)))

    async def due(self, limit: int = 20) -> list[DeadLetter]:
        """Unresolved updates whose next try is due, oldest update first."""
        async with self.engine.connect() as db:
            rows = (await db.execute(select(letters).where(
                letters.c.resolved.is_(False), letters.c.next_attempt_at.is_not(None),
                letters.c.next_attempt_at <= utcnow(),
            ).order_by(letters.c.update_id).limit(limit))).mappings().all()
        return [DeadLetter.from_row(r) for r in rows]

    async def claim(self, letter: DeadLetter) -> bool:
        """Start a try of a due update; False if another worker started one first."""
        now = utcnow()
        async with self.engine.begin() as db:
            result = await db.execute(update(letters).where(
                letters.c.update_id == letter.update_id, letters.c.attempts == letter.attempts,
                letters.c.resolved.is_(False), letters.c.next_attempt_at.is_not(None),
            ).values(attempts=letter.attempts + 1, last_tried_at=now,
                     next_attempt_at=now + timedelta(seconds=self.policy.lease_seconds)))
        return result.rowcount == 1

    async def succeeded(self, update_id: int) -> None:
        """The update was handled at last."""
        async with self.engine.begin() as db:
            await db.execute(update(letters).where(letters.c.update_id == update_id)
                             .values(resolved=True, next_attempt_at=None))

    async def failed(self, update_id: int, attempts: int, error: str) -> None:
        """A try failed: schedule the next one, or leave the update to supervisors."""
        now = utcnow()
        async with self.engine.begin() as db:
            await db.execute(update(letters).where(letters.c.update_id == update_id).values(
                error=error[:MAX_ERROR_CHARS], last_tried_at=now,
                next_attempt_at=self.policy.next_attempt(attempts, now)))

    async def get(self, update_id: int) -> DeadLetter | None:
        """One stored update, resolved or not."""
        async with self.engine.connect() as db:
            row = (await db.execute(select(letters).where(
                letters.c.update_id == update_id))).mappings().first()
        return DeadLetter.from_row(row) if row else None

    async def pending(self, limit: int = 100) -> list[DeadLetter]:
        """Updates not handled yet, oldest first: still being retried, or given up on."""
        async with self.engine.connect() as db:
            rows = (await db.execute(select(letters).where(letters.c.resolved.is_(False))
                                     .order_by(letters.c.created_at, letters.c.update_id)
                                     .limit(limit))).mappings().all()
        return [DeadLetter.from_row(r) for r in rows]


def _utc(moment: datetime | None) -> datetime | None:
    """SQLite hands times back without a zone; they were stored in UTC."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment
