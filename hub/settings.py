"""The hub's settings: one model, read from ``DESK_*`` environment variables.

Precedence: arguments given to ``HubSettings(...)``, then the environment, then the
defaults here, which run on a fresh clone. The README's configuration table lists every
variable (a test keeps the two in step).
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import BaseSettings, Field, root_validator

from hub.hours import BusinessHours
from hub.limits import Limit
from storage.settings import DEFAULT_DATABASE_URL

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class HubSettings(BaseSettings):
    """Everything the hub needs; every field has a default that runs locally."""

    hub_host: str = "127.0.0.1"
    hub_port: int = 8000
    database_url: str = DEFAULT_DATABASE_URL
    # Derived from DESK_RASA_PORT when not given (see the validator).
    rasa_url: str = ""
    rasa_port: int = 5005
    rasa_timeout_seconds: float = Field(30.0, env="DESK_RASA_TIMEOUT", gt=0)
    # Rasa's --auth-token (its HTTP API) and the secret of its hub channel (credentials.yml).
    rasa_token: str = ""
    hub_channel_secret: str = ""
    # off, webhook or polling; polling by default once a token is set.
    telegram_mode: Literal["", "off", "webhook", "polling"] = ""
    telegram_token: str = ""
    telegram_secret: str = ""
    telegram_api_base: str = "https://api.telegram.org"
    business_hours: str = "00:00-23:59:59"
    business_days: str = "0-6"
    timezone: str = "UTC"
    claim_timeout_seconds: int = Field(600, env="DESK_CLAIM_TIMEOUT", ge=0)
    average_handle_seconds: int = Field(300, gt=0)
    cookie_secure: bool = False
    # Where users and agents reach the hub, e.g. https://support.example.com: an https URL
    # makes the console cookie Secure, and its origin is allowed for the widget and console.
    public_url: str = ""
    # Origins (scheme://host[:port], comma-separated) whose pages may open the widget's
    # socket; "*" allows any site. The hub's own pages are always allowed.
    widget_origins: str = ""
    # Origins allowed to open the console's websocket, beside the hub's own.
    console_origins: str = ""
    # Identity: the secret the exchange's backend signs its logged-in users with, and
    # whether anonymous visitors are refused.
    identity_secret: str = ""
    identity_required: bool = False
    # Anonymous sessions: the signing key (a file created on first start unless the key is
    # given), and how long an unused session stays valid.
    session_secret: str = ""
    session_key_file: Path = PROJECT_ROOT / "var" / "session.key"
    session_idle_hours: float = Field(72.0, gt=0)
    # Rate limits, "count/seconds": new conversations per IP, messages and escalations per
    # conversation, failed console logins per username and per IP.
    limit_new_conversations: str = "20/3600"
    limit_messages: str = "20/60"
    limit_escalations: str = "5/3600"
    limit_failed_logins: str = "5/300"
    # Off in tests that need no knowledge base: the console's suggestions stay empty.
    load_knowledge_base: bool = True
    canned_responses_file: Path = PROJECT_ROOT / "console" / "canned_responses.yml"

    class Config:
        env_prefix = "DESK_"
        frozen = True
        keep_untouched = (cached_property,)

    @root_validator(skip_on_failure=True)
    def _consistent(cls, values: dict) -> dict:  # noqa: N805 - pydantic
        # Derived here, once every field is read: validators see only the fields above them.
        values["rasa_url"] = (values["rasa_url"] or f"http://127.0.0.1:{values['rasa_port']}").rstrip("/")
        if not values["telegram_mode"]:
            values["telegram_mode"] = "polling" if values["telegram_token"] else "off"
        BusinessHours.parse(values["business_hours"], values["business_days"], values["timezone"])
        if values["telegram_mode"] != "off" and not values["telegram_token"]:
            raise ValueError("Telegram needs DESK_TELEGRAM_TOKEN")
        for name in ("limit_new_conversations", "limit_messages", "limit_escalations",
                     "limit_failed_logins"):
            try:
                Limit.parse(values[name])
            except ValueError as e:
                raise ValueError(f"DESK_{name.upper()} must look like 20/60 (count/seconds)") from e
        if values["identity_required"] and len(values["identity_secret"]) < 16:
            raise ValueError("DESK_IDENTITY_REQUIRED needs DESK_IDENTITY_SECRET (16+ characters)")
        if values["telegram_mode"] == "webhook" and len(values["telegram_secret"]) < 16:
            raise ValueError("Telegram webhook mode needs DESK_TELEGRAM_SECRET (16+ characters): "
                             "without it anyone could post fake updates")
        return values

    @cached_property
    def hours(self) -> BusinessHours:
        """When agents are on duty."""
        return BusinessHours.parse(self.business_hours, self.business_days, self.timezone)

    @property
    def secure_cookies(self) -> bool:
        """Whether the console cookie is HTTPS-only."""
        return self.cookie_secure or self.public_url.lower().startswith("https://")

    def allowed_origins(self, extra: str) -> frozenset[str]:
        """The origins in ``extra`` (comma-separated, "*" for any) and the public URL's.

        The hub's own pages are allowed besides these (see ``hub.origins``).
        """
        listed = {o.strip().rstrip("/").lower() for o in extra.split(",") if o.strip()}
        if self.public_url:
            listed.add(self.public_url.rstrip("/").lower())
        return frozenset(listed)
