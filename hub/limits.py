"""Rate limits: how many times a key (an IP, a session, a username) may act per window.

A sliding log per key, in memory, per hub process. Written here rather than taken from a
library: the well-kept one (``limits``) needs a newer ``packaging`` than Rasa 3.6 pins.
Several hub processes behind one address would share counts through Redis instead.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from desk.errors import DeskError

_MAX_KEYS = 100_000  # beyond this, the least recently used keys are forgotten


class RateLimited(DeskError):
    """Too many attempts; ``retry_after`` says how many seconds to wait."""

    code = "rate_limited"

    def __init__(self, message: str, retry_after: int, code: str | None = None) -> None:
        super().__init__(message, code)
        self.retry_after = retry_after


@dataclass(frozen=True)
class Limit:
    """At most ``count`` events per ``seconds``."""

    count: int
    seconds: float

    @classmethod
    def parse(cls, spec: str) -> Limit:
        """Read "30/60" (30 per 60 seconds)."""
        count, seconds = spec.split("/")
        return cls(int(count), float(seconds))


class RateLimiter:
    """Count events per key in a sliding window."""

    def __init__(self, limit: Limit, what: str, clock: Callable[[], float] = time.monotonic
                 ) -> None:
        self.limit = limit
        self.what = what
        self._clock = clock
        self._events: dict[str, deque[float]] = {}

    def _recent(self, key: str) -> deque[float]:
        now = self._clock()
        events = self._events.pop(key, None) or deque()
        while events and now - events[0] >= self.limit.seconds:
            events.popleft()
        self._events[key] = events  # re-inserted: the dict keeps recently used keys last
        if len(self._events) > _MAX_KEYS:
            del self._events[next(iter(self._events))]
        return events

    def retry_after(self, key: str) -> int:
        """Seconds until ``key`` may act again; 0 if it may now."""
        events = self._recent(key)
        if len(events) < self.limit.count:
            return 0
        return max(1, math.ceil(self.limit.seconds - (self._clock() - events[0])))

    def check(self, key: str) -> None:
        """Raise ``RateLimited`` if ``key`` is over its limit, without counting an event."""
        wait = self.retry_after(key)
        if wait:
            raise RateLimited(f"Too many {self.what}. Please wait {wait} seconds and try again.",
                              wait)

    def record(self, key: str) -> None:
        """Count one event for ``key``."""
        self._recent(key).append(self._clock())

    def hit(self, key: str) -> None:
        """Check, then count: the usual way for actions that are limited as they happen."""
        self.check(key)
        self.record(key)

    def reset(self, key: str) -> None:
        """Forget ``key``'s events (e.g. after a successful login)."""
        self._events.pop(key, None)


@dataclass(frozen=True)
class DeskLimits:
    """Every limit the hub enforces, each with its own counts."""

    new_conversations: RateLimiter  # per client IP
    messages: RateLimiter  # per conversation (channel and user)
    escalations: RateLimiter  # per conversation
    failed_logins_by_user: RateLimiter
    failed_logins_by_ip: RateLimiter

    @classmethod
    def from_specs(cls, new_conversations: str, messages: str, escalations: str,
                   failed_logins: str) -> DeskLimits:
        """Build them from "count/seconds" settings."""
        return cls(RateLimiter(Limit.parse(new_conversations), "new conversations"),
                   RateLimiter(Limit.parse(messages), "messages"),
                   RateLimiter(Limit.parse(escalations), "requests for an agent"),
                   RateLimiter(Limit.parse(failed_logins), "failed logins"),
                   RateLimiter(Limit.parse(failed_logins), "failed logins"))
