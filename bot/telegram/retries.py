"""The worker that tries failed Telegram updates again, with back-off, while the hub runs."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from aiohttp import web

from bot.telegram.dead_letters import DeadLetter, DeadLetters, RetryPolicy, describe_error

logger = logging.getLogger(__name__)


class DeadLetterRetrier:
    """Hand due dead letters to ``handle`` again; the last failure leaves one to supervisors."""

    def __init__(self, letters: DeadLetters, handle: Callable[[DeadLetter], Awaitable[None]],
                 policy: RetryPolicy) -> None:
        self.letters = letters
        self.handle = handle
        self.policy = policy

    async def run_once(self) -> int:
        """Try each update that is due once; return how many were handled this time."""
        handled = 0
        for letter in await self.letters.due():
            if letter.attempts >= self.policy.max_attempts:
                # Its last try never finished (the process stopped during it).
                await self.letters.failed(letter.update_id, letter.attempts, letter.error)
                continue
            if not await self.letters.claim(letter):
                continue  # another hub process is trying it
            try:
                await self.handle(letter)
            except Exception as e:  # noqa: BLE001 - any failure is recorded on the letter
                attempts = letter.attempts + 1
                logger.warning("telegram update %s failed again (try %d of %d): %s",
                               letter.update_id, attempts, self.policy.max_attempts,
                               describe_error(e))
                await self.letters.failed(letter.update_id, attempts, describe_error(e))
            else:
                await self.letters.succeeded(letter.update_id)
                logger.info("telegram update %s handled on retry", letter.update_id)
                handled += 1
        return handled

    async def running(self, app: web.Application):
        """Cleanup context: look for due updates every few seconds while the app runs."""
        task = asyncio.create_task(self._loop())
        yield
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    async def _loop(self) -> None:
        while True:
            await asyncio.sleep(self.policy.check_every_seconds)
            try:
                await self.run_once()
            except Exception:  # noqa: BLE001 - e.g. the database blinked: try next round
                logger.exception("telegram retry round failed")
