"""The Telegram channel against a local server speaking the Bot API."""

import asyncio

import pytest
from sqlalchemy import select

from handoff.agents import AgentDirectory
from hub.app import create_app
from hub.settings import HubSettings

from .fake_telegram import button_update, text_update
from .telegram_hub import TOKEN, telegram_settings
from .telegram_hub import post_update as _post
from .telegram_hub import stored_user_texts as _stored_user_texts


def test_webhook_mode_refuses_to_start_without_a_secret(tmp_path):
    with pytest.raises(ValueError, match="DESK_TELEGRAM_SECRET"):
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
    assert (await webhook_hub.hub.queue.open_for(conversation.id)).channel == "telegram"


async def test_buttons_are_inline_keyboards_and_presses_are_callbacks(webhook_hub, bot_api,
                                                                     fake_rasa):
    await _post(webhook_hub, text_update(1, 42, "my deposit has not arrived"))
    keyboard = [m for m in bot_api.sent if "reply_markup" in m][-1]["reply_markup"]
    payloads = [row[0]["callback_data"] for row in keyboard["inline_keyboard"]]
    assert '/inform{"network":"TRC20"}' in payloads

    await _post(webhook_hub, button_update(2, 42, '/inform{"network":"TRC20"}'))
    assert ("answerCallbackQuery", {"callback_query_id": "cb2"}) in bot_api.calls
    assert fake_rasa.texts()[-1] == '/inform{"network":"TRC20"}'
    assert "TxID" in bot_api.sent[-1]["text"]


async def test_markdown_emphasis_is_sent_as_plain_text(webhook_hub, bot_api):
    await _post(webhook_hub, text_update(1, 42, "how do I set up an anti-phishing code"))
    answer = next(m["text"] for m in bot_api.sent if "Anti-phishing" in m["text"])
    assert "**" not in answer and "Security > Anti-phishing code" in answer


async def test_agent_replies_and_rating_reach_telegram(webhook_hub, bot_api):
    hub = webhook_hub.hub
    await _post(webhook_hub, text_update(1, 42, "/human"))
    agent = await AgentDirectory(hub.store.engine).create("mia", "Mia", "correct horse 1")
    handoff = await hub.handoffs.take_next(agent)
    await hub.handoffs.agent_message(agent, handoff.conversation_id, "Hi, Mia here", "c1")
    assert any(m["text"] == "Mia: Hi, Mia here" for m in bot_api.sent)
    assert any("Mia" in m["text"] and "已接入" not in m["text"] for m in bot_api.sent)

    await hub.handoffs.resolve(agent, handoff.id)
    stars = [m for m in bot_api.sent if "reply_markup" in m][-1]
    assert stars["reply_markup"]["inline_keyboard"][4][0]["callback_data"] == "rate:5"
    await _post(webhook_hub, button_update(5, 42, "rate:4"))
    await _post(webhook_hub, text_update(6, 42, "quick, thanks"))
    from storage.schema import ratings

    async with hub.store.engine.connect() as db:
        row = (await db.execute(select(ratings))).mappings().one()
    assert (row["score"], row["comment"]) == (4, "quick, thanks")


async def test_long_polling_mode(aiohttp_server, tmp_path, fake_rasa, bot_api):
    app = create_app(telegram_settings(tmp_path, fake_rasa, bot_api, "polling"))
    await aiohttp_server(app)
    bot_api.push_update(text_update(100, 77, "你好", "zh-hans"))
    for _ in range(200):
        if bot_api.sent:
            break
        await asyncio.sleep(0.1)
    assert bot_api.sent and bot_api.sent[0]["chat_id"] == "77"
    assert fake_rasa.received[0]["message"] == "你好"
    assert fake_rasa.received[0]["metadata"] == {"language": "zh"}


async def test_secrets_sent_on_telegram_are_never_stored_or_forwarded(webhook_hub, bot_api,
                                                                      fake_rasa, caplog):
    from mnemonic import Mnemonic

    phrase = Mnemonic("english").generate(128)
    key = "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"
    await _post(webhook_hub, text_update(1, 42, f"here is my seed {phrase} and key {key}"))
    middle = " ".join(phrase.split()[2:10])
    stored = " ".join(await _stored_user_texts(webhook_hub.hub))
    assert middle not in stored and key not in stored
    sent_to_bot = " ".join(fake_rasa.texts())
    assert middle not in sent_to_bot and key not in sent_to_bot
    assert middle not in caplog.text and key not in caplog.text
    assert any("never ask" in m["text"] for m in bot_api.sent)
