"""Fixtures for the Telegram tests: a local Bot API server and a hub that uses it."""

import pytest

import bot.telegram.setup
from bot.telegram.setup import retrier_key
from hub.app import create_app
from hub.keys import hub_key

from .fake_telegram import FakeBotApi
from .telegram_hub import RETRY_ON_REQUEST, TOKEN, telegram_settings


@pytest.fixture
async def bot_api(aiohttp_server) -> FakeBotApi:
    api = FakeBotApi(TOKEN)
    server = await aiohttp_server(api.app())
    api.base_url = f"http://127.0.0.1:{server.port}"
    return api


@pytest.fixture
def retry_on_request(monkeypatch):
    """Hubs built in the test retry failed updates only when the test runs the retrier."""
    monkeypatch.setattr(bot.telegram.setup, "RETRY_POLICY", RETRY_ON_REQUEST)


@pytest.fixture
async def webhook_hub(aiohttp_client, tmp_path, fake_rasa, bot_api, retry_on_request):
    """A test client of a hub in webhook mode, carrying ``.hub`` and ``.retrier``."""
    app = create_app(telegram_settings(tmp_path, fake_rasa, bot_api, "webhook"))
    client = await aiohttp_client(app)
    client.hub = app[hub_key]
    client.retrier = app[retrier_key]
    return client
