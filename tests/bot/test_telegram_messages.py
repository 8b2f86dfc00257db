"""Every kind of Telegram message gets one answer, in the user's language, and nothing worse."""

import pytest
from sqlalchemy import func, select

from handoff.agents import AgentDirectory
from storage.conversations import MAX_MESSAGE_CHARS
from storage.schema import conversations, handoffs, ratings

from .fake_telegram import (
    bot_added_update,
    button_update,
    channel_post_update,
    contact_update,
    document_update,
    edited_update,
    group_update,
    location_update,
    photo_update,
    sticker_update,
    text_update,
    video_update,
    voice_update,
)
from .telegram_hub import post_update, stored_user_texts

MEDIA = {"photo": photo_update, "sticker": sticker_update, "document": document_update,
         "voice": voice_update, "video": video_update, "location": location_update,
         "contact": contact_update}


async def _count(hub, table) -> int:
    async with hub.store.engine.connect() as db:
        return (await db.execute(select(func.count()).select_from(table))).scalar_one()


@pytest.mark.parametrize("kind", sorted(MEDIA))
async def test_media_without_words_is_answered_politely_once(webhook_hub, bot_api, fake_rasa,
                                                           kind):
    for _ in range(2):  # Telegram re-sends it
        assert (await post_update(webhook_hub, MEDIA[kind](1, 42))).status == 200
    [reply] = bot_api.texts_to(42)
    assert "only read text" in reply and "screenshots of your seed phrase" in reply
    assert fake_rasa.received == [] and await stored_user_texts(webhook_hub.hub) == []


@pytest.mark.parametrize("kind", ["photo", "sticker", "voice"])
async def test_media_is_answered_in_chinese_for_a_chinese_telegram(webhook_hub, bot_api, kind):
    await post_update(webhook_hub, MEDIA[kind](1, 42, language_code="zh-hans"))
    [reply] = bot_api.texts_to(42)
    assert "只能读取文字" in reply and "助记词" in reply


async def test_media_is_answered_in_the_conversations_language(webhook_hub, bot_api):
    await post_update(webhook_hub, text_update(1, 42, "你好", "zh-hans"))
    await post_update(webhook_hub, sticker_update(2, 42, language_code="en"))
    assert "只能读取文字" in bot_api.texts_to(42)[-1]


@pytest.mark.parametrize("builder", [photo_update, document_update])
async def test_a_caption_is_read_and_the_user_told_the_file_is_not_seen(webhook_hub, bot_api,
                                                                      fake_rasa, builder):
    for _ in range(2):
        await post_update(webhook_hub, builder(1, 42, caption="my deposit has not arrived"))
    note, answer = bot_api.texts_to(42)
    assert "can't see the image or file itself" in note
    assert "Which network" in answer
    assert fake_rasa.texts() == ["my deposit has not arrived"]
    assert await stored_user_texts(webhook_hub.hub) == ["my deposit has not arrived"]


async def test_an_edit_is_not_answered_again_but_noted_once(webhook_hub, bot_api, fake_rasa):
    await post_update(webhook_hub, text_update(1, 42, "my deposit has not arrived"))
    answered = len(bot_api.texts_to(42))
    await post_update(webhook_hub, edited_update(2, 42, 1, "my BTC deposit has not arrived"))
    await post_update(webhook_hub, edited_update(2, 42, 1, "my BTC deposit has not arrived"))
    await post_update(webhook_hub, edited_update(3, 42, 1, "my BTC deposit still missing"))
    assert fake_rasa.texts() == ["my deposit has not arrived"]
    assert await stored_user_texts(webhook_hub.hub) == ["my deposit has not arrived"]
    [note] = bot_api.texts_to(42)[answered:]
    assert "only read new messages" in note and "send it again" in note
    # A new message after the edit is answered as usual.
    await post_update(webhook_hub, text_update(4, 42, "TRC20"))
    assert fake_rasa.texts()[-1] == "TRC20"


async def test_an_edit_is_noted_in_chinese(webhook_hub, bot_api):
    await post_update(webhook_hub, edited_update(2, 42, 1, "改一下", "zh-hans"))
    assert "只能读取新消息" in bot_api.texts_to(42)[0]


@pytest.mark.parametrize("update", [
    group_update(1, -100123, "/human", chat_type="supergroup"),
    group_update(1, -100123, "/human@KestrelSupportBot", chat_type="supergroup"),
    group_update(1, -4567, "my deposit has not arrived", chat_type="group"),
    channel_post_update(1, -100777, "/human"),
    bot_added_update(1, -100123, "supergroup"),
], ids=["supergroup", "supergroup-mention", "group", "channel", "bot-added"])
async def test_groups_and_channels_are_refused_once_and_left(webhook_hub, bot_api, fake_rasa,
                                                           update):
    for _ in range(2):
        assert (await post_update(webhook_hub, update)).status == 200
    chat_id = str(next(v for k, v in update.items() if k != "update_id")["chat"]["id"])
    [refusal] = bot_api.texts_to(chat_id)
    assert "only help in a private chat" in refusal
    assert bot_api.left == [chat_id]
    hub = webhook_hub.hub
    assert await _count(hub, conversations) == 0 and await _count(hub, handoffs) == 0
    assert fake_rasa.received == []


async def test_a_group_is_refused_in_the_senders_language(webhook_hub, bot_api):
    await post_update(webhook_hub, group_update(1, -100123, "/human", language_code="zh-hans"))
    assert "只在私聊中提供服务" in bot_api.texts_to(-100123)[0]


async def test_a_group_refusal_that_cannot_be_sent_is_not_retried(webhook_hub, bot_api):
    bot_api.failing = {"sendMessage", "leaveChat"}  # e.g. the bot may not write there
    assert (await post_update(webhook_hub, group_update(1, -100123, "hi"))).status == 200
    assert await webhook_hub.retrier.letters.pending() == []


@pytest.mark.parametrize("language, expected", [("en", "too long"), ("zh-hans", "太长")])
async def test_a_message_over_the_limit_is_answered_not_dropped(webhook_hub, bot_api, fake_rasa,
                                                              language, expected):
    text = "My withdrawal is stuck. " * 113  # about 2,700 characters
    assert len(text) > MAX_MESSAGE_CHARS
    for _ in range(2):
        assert (await post_update(webhook_hub, text_update(1, 42, text, language))).status == 200
    [reply] = bot_api.texts_to(42)
    assert expected in reply and str(MAX_MESSAGE_CHARS) in reply
    assert fake_rasa.received == [] and await stored_user_texts(webhook_hub.hub) == []


async def test_a_caption_over_the_limit_is_answered_too(webhook_hub, bot_api, fake_rasa):
    await post_update(webhook_hub, photo_update(1, 42, caption="x" * (MAX_MESSAGE_CHARS + 1)))
    [reply] = bot_api.texts_to(42)
    assert "too long" in reply and fake_rasa.received == []


@pytest.mark.parametrize("data", ["rate:x", "rate:9", "rate:0", "rate:", "rate:-1", "rate:4.5",
                                  "rate:" + "9" * 60])
async def test_a_bad_rating_is_answered_with_a_clear_message(webhook_hub, bot_api, data):
    for _ in range(2):
        assert (await post_update(webhook_hub, button_update(1, 42, data))).status == 200
    [reply] = bot_api.texts_to(42)
    assert "couldn't read that rating" in reply and "1" in reply and "5" in reply
    assert await webhook_hub.retrier.letters.pending() == []


async def test_a_bad_rating_is_answered_in_chinese(webhook_hub, bot_api):
    await post_update(webhook_hub, button_update(1, 42, "rate:x", "zh-hans"))
    assert "无法识别这个评分" in bot_api.texts_to(42)[0]


async def test_a_rating_with_nothing_to_rate_says_so(webhook_hub, bot_api):
    await post_update(webhook_hub, button_update(1, 42, "rate:5"))  # a stranger, no handoff
    await post_update(webhook_hub, text_update(2, 43, "hi"))
    await post_update(webhook_hub, button_update(3, 43, "rate:5"))  # a conversation, no handoff
    assert "no finished conversation" in bot_api.texts_to(42)[0]
    assert "no finished conversation" in bot_api.texts_to(43)[-1]


async def test_a_second_rating_is_thanked_not_stored(webhook_hub, bot_api):
    hub = webhook_hub.hub
    await post_update(webhook_hub, text_update(1, 42, "/human"))
    agent = await AgentDirectory(hub.store.engine).create("mia", "Mia", "correct horse 1")
    handoff = await hub.handoffs.take_next(agent)
    await hub.handoffs.resolve(agent, handoff.id)
    await post_update(webhook_hub, button_update(2, 42, "rate:5"))
    await post_update(webhook_hub, button_update(3, 42, "rate:1"))
    assert "already rated" in bot_api.texts_to(42)[-1]
    async with hub.store.engine.connect() as db:
        assert [r.score for r in (await db.execute(select(ratings))).all()] == [5]


async def test_a_secret_in_a_rating_comment_is_never_stored(webhook_hub, bot_api):
    from mnemonic import Mnemonic

    hub = webhook_hub.hub
    await post_update(webhook_hub, text_update(1, 42, "/human"))
    agent = await AgentDirectory(hub.store.engine).create("mia", "Mia", "correct horse 1")
    handoff = await hub.handoffs.take_next(agent)
    await hub.handoffs.resolve(agent, handoff.id)
    await post_update(webhook_hub, button_update(2, 42, "rate:2"))
    phrase = Mnemonic("english").generate(128)
    await post_update(webhook_hub, text_update(3, 42, f"slow. my wallet words: {phrase}"))
    async with hub.store.engine.connect() as db:
        comment = (await db.execute(select(ratings.c.comment))).scalar_one()
    assert comment.startswith("slow.") and " ".join(phrase.split()[2:10]) not in comment
    assert (await hub.store.get_by_channel("telegram", "42")).flagged_secret
    assert any("never ask" in t for t in bot_api.texts_to(42))


@pytest.mark.parametrize("body", [
    {"update_id": 1, "message": {"message_id": 1, "text": "no chat at all"}},
    {"update_id": 1, "message": {"message_id": 1, "text": "hi", "chat": {"id": "42x"}}},
    {"update_id": 1, "message": {"message_id": 1, "text": ["hi"],
                                 "chat": {"id": 42, "type": "private"}}},
    {"update_id": 1, "message": "hello"},
    {"update_id": 1, "callback_query": {"id": "cb1", "data": "rate:5"}},  # no message
    {"update_id": 1, "callback_query": {"id": "cb1", "data": "rate:5",
                                        "message": {"chat": {"type": "private"}}}},
    {"update_id": 1, "callback_query": {"data": 5, "message": {
        "chat": {"id": 42, "type": "private"}}}},
    {"update_id": 1, "callback_query": []},
    {"update_id": 1, "unknown_update_type": {"x": 1}},
    {"update_id": 1, "message": {"message_id": 1, "text": "hi", "from": "me",
                                 "chat": {"id": 42, "type": "private", "new_field": 1},
                                 "entities": "bold"}},
    {"update_id": 1, "my_chat_member": {"chat": {"id": -5, "type": "group"}}},
], ids=["no-chat", "chat-id-not-a-number", "text-not-a-string", "message-not-an-object",
        "callback-without-message", "callback-chat-without-id", "callback-data-not-a-string",
        "callback-not-an-object", "unknown-update", "unknown-fields", "membership-without-member"])
async def test_malformed_updates_are_acknowledged_never_a_500(webhook_hub, body):
    response = await post_update(webhook_hub, body)
    assert response.status == 200
    assert await webhook_hub.retrier.letters.pending() == []


@pytest.mark.parametrize("raw", [
    b"not json", b"[1, 2, 3]", b'"update"', b"null", b'{"update_id": "7", "callback_query": {}}',
    b'{"update_id": 7.5}', b'{"update_id": -3}', b'{"update_id": 99999999999999999999999}',
    b'{"message": {"text": "hi"}}', b"\xff\xfe{}", b"[" * 30_000 + b"]" * 30_000,
], ids=["not-json", "a-list", "a-string", "null", "update-id-a-string", "update-id-a-float",
        "update-id-negative", "update-id-huge", "no-update-id", "not-utf8", "nested-deep"])
async def test_bodies_that_are_not_updates_are_400_never_500(webhook_hub, raw):
    from .telegram_hub import SECRET

    response = await webhook_hub.post("/telegram/webhook", data=raw, headers={
        "X-Telegram-Bot-Api-Secret-Token": SECRET, "Content-Type": "application/json"})
    assert response.status == 400
    assert (await response.json())["ok"] is False


async def test_text_that_is_only_whitespace_gets_no_reply_and_no_error(webhook_hub, bot_api):
    assert (await post_update(webhook_hub, text_update(1, 42, " \n "))).status == 200
    assert bot_api.sent == []

