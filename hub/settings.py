"""Hub settings, read from the environment in one place."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class ConfigError(ValueError):
    """The settings cannot work together (e.g. a Telegram webhook without a secret)."""


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
        ZoneInfo(timezone)  # fail early on a bad zone name
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


@dataclass(frozen=True)
class HubSettings:
    """Everything the hub needs; every field has a default that runs locally.

    Precedence: explicit arguments, then ``DESK_*`` environment variables, then defaults.
    """

    host: str = "127.0.0.1"
    port: int = 8000
    database_url: str = f"sqlite+aiosqlite:///{PROJECT_ROOT / 'var' / 'desk.db'}"
    rasa_url: str = "http://127.0.0.1:5005"
    rasa_timeout_seconds: float = 30.0
    telegram_mode: str = "off"  # off, webhook or polling
    telegram_token: str = ""
    telegram_secret: str = ""
    telegram_api_base: str = "https://api.telegram.org"
    business_hours: BusinessHours = BusinessHours()
    claim_timeout_seconds: int = 600
    average_handle_seconds: int = 300
    cookie_secure: bool = False
    load_knowledge_base: bool = True
    canned_responses_file: Path = PROJECT_ROOT / "console" / "canned_responses.yml"

    def check(self) -> None:
        """Refuse settings that cannot work."""
        if self.telegram_mode not in ("off", "webhook", "polling"):
            raise ConfigError(f"DESK_TELEGRAM_MODE must be off, webhook or polling, not "
                              f"{self.telegram_mode!r}")
        if self.telegram_mode != "off" and not self.telegram_token:
            raise ConfigError("Telegram needs DESK_TELEGRAM_TOKEN")
        if self.telegram_mode == "webhook" and len(self.telegram_secret) < 16:
            raise ConfigError("Telegram webhook mode needs DESK_TELEGRAM_SECRET (16+ characters): "
                              "without it anyone could post fake updates")

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> HubSettings:
        """Build the settings from ``DESK_*`` environment variables."""
        env = dict(os.environ if env is None else env)
        d = cls()
        settings = cls(
            host=env.get("DESK_HUB_HOST", d.host),
            port=int(env.get("DESK_HUB_PORT", d.port)),
            database_url=env.get("DESK_DATABASE_URL", d.database_url),
            rasa_url=env.get("DESK_RASA_URL", f"http://127.0.0.1:{env.get('DESK_RASA_PORT', 5005)}"),
            rasa_timeout_seconds=float(env.get("DESK_RASA_TIMEOUT", d.rasa_timeout_seconds)),
            telegram_mode=env.get("DESK_TELEGRAM_MODE", "polling" if env.get("DESK_TELEGRAM_TOKEN")
                                  else d.telegram_mode),
            telegram_token=env.get("DESK_TELEGRAM_TOKEN", d.telegram_token),
            telegram_secret=env.get("DESK_TELEGRAM_SECRET", d.telegram_secret),
            telegram_api_base=env.get("DESK_TELEGRAM_API_BASE", d.telegram_api_base),
            business_hours=BusinessHours.parse(
                env.get("DESK_BUSINESS_HOURS", "00:00-23:59:59"),
                env.get("DESK_BUSINESS_DAYS", "0-6"),
                env.get("DESK_TIMEZONE", "UTC"),
            ),
            claim_timeout_seconds=int(env.get("DESK_CLAIM_TIMEOUT", d.claim_timeout_seconds)),
            average_handle_seconds=int(env.get("DESK_AVERAGE_HANDLE_SECONDS",
                                               d.average_handle_seconds)),
            cookie_secure=env.get("DESK_COOKIE_SECURE", "false").lower() in ("1", "true", "yes"),
        )
        settings.check()
        return settings
