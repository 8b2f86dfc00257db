"""Telegram update ids already handled: the one writer of ``telegram_updates``."""

from __future__ import annotations

from sqlalchemy import delete, insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from desk.clock import utcnow
from storage.schema import telegram_updates


class UpdateLog:
    """Remember updates that are not stored as messages (commands, button presses, replies)."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    async def first_time(self, update_id: int) -> bool:
        """Record the update; False if it was handled before (Telegram re-sent it)."""
        try:
            async with self.engine.begin() as db:
                await db.execute(insert(telegram_updates).values(update_id=update_id,
                                                                 received_at=utcnow()))
            return True
        except IntegrityError:
            return False

    async def forget(self, update_id: int) -> None:
        """Drop the record, so that a retry of an update whose handling failed acts again."""
        async with self.engine.begin() as db:
            await db.execute(delete(telegram_updates)
                             .where(telegram_updates.c.update_id == update_id))
