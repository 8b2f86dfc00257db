"""The Telegram channel against a local server speaking the Bot API."""

import asyncio

import pytest
from sqlalchemy import select

from handoff.agents import AgentDirectory
from hub.app import create_app, hub_key
from hub.settings import ConfigError, HubSettings
from storage.schema import messages

from .fake_telegram import FakeBotApi, button_update, text_update

pytestmark = pytest.mark.slow
TOKEN = "123456:TEST-token"
SECRET = "s3cret-token-for-tests"


@pytest.fixture
async def bot_api(aiohttp_server):
    api = FakeBotApi(TOKEN)
    server = await aiohttp_server(api.app())
    api.base_url = f"http://127.0.0.1:{server.port}"
    return api


def _settings(tmp_path, desk_servers, bot_api, mode):
    return HubSettings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'tg.db'}",
                       rasa_url=desk_servers.rasa_url, load_knowledge_base=False,
                       telegram_mode=mode, telegram_token=TOKEN, telegram_secret=SECRET,
                       telegram_api_base=bot_api.base_url)


@pytest.fixture
async def webhook_hub(aiohttp_client, tmp_path, desk_servers, bot_api):
    app = create_app(_settings(tmp_path, desk_servers, bot_api, "webhook"))
    client = await aiohttp_client(app)
    client.hub = app[hub_key]
    return client


async def _post(client, update, secret=SECRET):
    headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
    return await client.post("/telegram/webhook", json=update, headers=headers)


async def _stored_user_texts(hub):
    async with hub.store.engine.connect() as db:
        return [r[0] for r in (await db.execute(
            select(messages.c.text).where(messages.c.sender == "user"))).all()]


def test_webhook_mode_refuses_to_start_without_a_secret(tmp_path):
    with pytest.raises(ConfigError):
        create_app(HubSettings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'x.db'}",
                               telegram_mode="webhook", telegram_token=TOKEN,
                               load_knowledge_base=False))


@pytest.mark.parametrize("secret", [None, "wrong-secret-value", ""])
async def test_wrong_or_missing_secret_is_403_and_stores_nothing(webhook_hub, secret):
    response = await _post(webhook_hub, text_update(1, 42, "hello"), secret)
    assert response.status == 403
    assert await _stored_user_texts(webhook_hub.hub) == []


async def test_message_is_answered_with_sendmessage(webhook_hub, bot_api):
    response = await _post(webhook_hub, text_update(1, 42, "hi"))
    assert response.status == 200
    assert await _stored_user_texts(webhook_hub.hub) == ["hi"]
    assert bot_api.sent and bot_api.sent[0]["chat_id"] == "42"
    assert "Kestrel" in bot_api.sent[0]["text"]


async def test_a_retried_update_is_handled_once(webhook_hub, bot_api):
    for _ in range(3):
        assert (await _post(webhook_hub, text_update(7, 42, "hi"))).status == 200
    assert await _stored_user_texts(webhook_hub.hub) == ["hi"]
    assert len(bot_api.sent) == 1


async def test_commands(webhook_hub, bot_api):
    await _post(webhook_hub, text_update(1, 42, "/start"))
    await _post(webhook_hub, text_update(1, 42, "/start"))  # retried
    assert len(bot_api.sent) == 1 and "/human" in bot_api.sent[0]["text"]
    await _post(webhook_hub, text_update(2, 42, "/human"))
    conversation = await webhook_hub.hub.store.get_by_channel("telegram", "42")
    assert (await webhook_hub.hub.queue.open_for(conversation["id"]))["channel"] == "telegram"


async def test_buttons_are_inline_keyboards_and_presses_are_callbacks(webhook_hub, bot_api):
    await _post(webhook_hub, text_update(1, 42, "I lost my phone with google authenticator"))
    keyboard = [m for m in bot_api.sent if "reply_markup" in m][-1]["reply_markup"]
    payloads = [row[0]["callback_data"] for row in keyboard["inline_keyboard"]]
    assert '/inform{"access":"email_and_phone"}' in payloads

    await _post(webhook_hub, button_update(2, 42, '/inform{"access":"email_and_phone"}'))
    assert ("answerCallbackQuery", {"callback_query_id": "cb2"}) in bot_api.calls
    assert "Forgot 2FA?" in bot_api.sent[-2]["text"]
    assert "**" not in bot_api.sent[-2]["text"]  # plain text, no Markdown markers


async def test_agent_replies_and_rating_reach_telegram(webhook_hub, bot_api):
    hub = webhook_hub.hub
    await _post(webhook_hub, text_update(1, 42, "/human"))
    agent = await AgentDirectory(hub.store.engine).create("mia", "Mia", "correct horse 1")
    handoff = await hub.take_next(agent)
    await hub.agent_message(agent, handoff["conversation_id"], "Hi, Mia here", "c1")
    assert any(m["text"] == "Mia: Hi, Mia here" for m in bot_api.sent)
    assert any("Mia" in m["text"] and "已接入" not in m["text"] for m in bot_api.sent)

    await hub.resolve(agent, handoff["id"])
    stars = [m for m in bot_api.sent if "reply_markup" in m][-1]
    assert stars["reply_markup"]["inline_keyboard"][4][0]["callback_data"] == "rate:5"
    await _post(webhook_hub, button_update(5, 42, "rate:4"))
    await _post(webhook_hub, text_update(6, 42, "quick, thanks"))
    from storage.schema import ratings

    async with hub.store.engine.connect() as db:
        row = (await db.execute(select(ratings))).mappings().one()
    assert (row["score"], row["comment"]) == (4, "quick, thanks")


async def test_long_polling_mode(aiohttp_server, tmp_path, desk_servers, bot_api):
    app = create_app(_settings(tmp_path, desk_servers, bot_api, "polling"))
    await aiohttp_server(app)
    bot_api.push_update(text_update(100, 77, "你好"))
    for _ in range(200):
        if bot_api.sent:
            break
        await asyncio.sleep(0.1)
    assert bot_api.sent and bot_api.sent[0]["chat_id"] == "77"
    assert "您好" in bot_api.sent[0]["text"]


async def test_secrets_sent_on_telegram_are_never_stored_or_forwarded(webhook_hub, bot_api,
                                                                      desk_servers, caplog):
    from mnemonic import Mnemonic

    phrase = Mnemonic("english").generate(128)
    key = "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"
    await _post(webhook_hub, text_update(1, 42, f"here is my seed {phrase} and key {key}"))
    middle = " ".join(phrase.split()[2:10])
    stored = " ".join(await _stored_user_texts(webhook_hub.hub))
    assert middle not in stored and key not in stored
    tracker = (desk_servers.logs / "tracker.db").read_bytes()
    assert middle.encode() not in tracker and key.encode() not in tracker
    assert middle not in caplog.text and key not in caplog.text
    assert any("never ask" in m["text"] for m in bot_api.sent)
