"""Business hours: when agents answer, in the desk's time zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


@dataclass(frozen=True)
class BusinessHours:
    """When agents answer: days of the week (0 = Monday) and opening times in a time zone."""

    opens: time = time(0, 0)
    closes: time = time(23, 59, 59)
    days: tuple[int, ...] = (0, 1, 2, 3, 4, 5, 6)
    timezone: str = "UTC"

    @classmethod
    def parse(cls, spec: str, days: str, timezone: str) -> BusinessHours:
        """Parse "09:00-21:00", "0-4" or "0,1,2" and a tz name."""
        start, end = spec.split("-")
        if "-" in days:
            first, last = (int(d) for d in days.split("-"))
            day_list = tuple(range(first, last + 1))
        else:
            day_list = tuple(int(d) for d in days.split(",") if d.strip())
        try:
            ZoneInfo(timezone)  # fail early on a bad zone name
        except (ZoneInfoNotFoundError, ValueError) as e:
            raise ValueError(f"DESK_TIMEZONE {timezone!r} is not a time zone (e.g. Asia/Shanghai)") from e
        return cls(time.fromisoformat(start), time.fromisoformat(end), day_list, timezone)

    def is_open(self, moment: datetime) -> bool:
        """Whether agents are on duty at that moment."""
        local = moment.astimezone(ZoneInfo(self.timezone))
        return local.weekday() in self.days and self.opens <= local.time() <= self.closes

    def next_opening(self, moment: datetime) -> datetime:
        """When agents are next on duty, from that moment (itself if open now)."""
        if self.is_open(moment):
            return moment
        local = moment.astimezone(ZoneInfo(self.timezone))
        for offset in range(0, 8):
            day = (local + timedelta(days=offset)).date()
            start = datetime.combine(day, self.opens, tzinfo=ZoneInfo(self.timezone))
            if day.weekday() in self.days and start > local:
                return start
        return local
