"""Helpers for the Telegram tests: settings for a hub with Telegram on, posting updates."""

from __future__ import annotations

from sqlalchemy import select

from bot.telegram.dead_letters import RetryPolicy
from hub.settings import HubSettings
from storage.schema import messages
from tests.support.hub import hub_settings_for

TOKEN = "123456:TEST-token"
SECRET = "s3cret-token-for-tests"
# Failed updates are due again at once, but only tried when a test runs the retrier.
RETRY_ON_REQUEST = RetryPolicy(delays_seconds=(0, 0, 0), lease_seconds=60,
                               check_every_seconds=3600)


def telegram_settings(tmp_path, fake_rasa, bot_api, mode: str) -> HubSettings:
    """A test hub's settings with Telegram on, talking to the fake Bot API."""
    return hub_settings_for(tmp_path, fake_rasa, telegram_mode=mode, telegram_token=TOKEN,
                            telegram_secret=SECRET, telegram_api_base=bot_api.base_url)


async def post_update(client, update, secret: str | None = SECRET):
    """Post an update to the webhook as Telegram does (``secret=None``: no header)."""
    headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
    return await client.post("/telegram/webhook", json=update, headers=headers)


async def stored_user_texts(hub) -> list[str]:
    """Every user message the hub stored, in order."""
    async with hub.store.engine.connect() as db:
        return [r[0] for r in (await db.execute(
            select(messages.c.text).where(messages.c.sender == "user")
            .order_by(messages.c.id))).all()]
