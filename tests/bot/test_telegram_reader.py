"""Reading updates: every shape Telegram (or someone with the secret) sends has one meaning."""

import pytest

from bot.telegram.reader import Kind, read_update, update_id_of

from .fake_telegram import (
    bot_added_update,
    button_update,
    channel_post_update,
    contact_update,
    document_update,
    edited_update,
    group_update,
    location_update,
    message_update,
    photo_update,
    sticker_update,
    text_update,
    video_update,
    voice_update,
)


def _read(update):
    return read_update(update["update_id"], update)


@pytest.mark.parametrize("update, kind", [
    (text_update(1, 42, "hi"), Kind.TEXT),
    (photo_update(1, 42), Kind.MEDIA),
    (photo_update(1, 42, caption="   "), Kind.MEDIA),
    (sticker_update(1, 42), Kind.MEDIA),
    (document_update(1, 42), Kind.MEDIA),
    (voice_update(1, 42), Kind.MEDIA),
    (video_update(1, 42), Kind.MEDIA),
    (location_update(1, 42), Kind.MEDIA),
    (contact_update(1, 42), Kind.MEDIA),
    (edited_update(2, 42, 1, "hi again"), Kind.EDIT),
    (button_update(1, 42, "rate:5"), Kind.BUTTON),
    (group_update(1, -100123, "/human@KestrelBot"), Kind.NOT_PRIVATE),
    (group_update(1, -123, "hello", chat_type="group"), Kind.NOT_PRIVATE),
    (group_update(1, -100123, "x", chat_type="channel"), Kind.NOT_PRIVATE),
    (channel_post_update(1, -100777, "New listing: KST"), Kind.NOT_PRIVATE),
    (bot_added_update(1, -100123, "supergroup"), Kind.NOT_PRIVATE),
    # Nothing to answer: service messages, edits in groups, other update types.
    (message_update(1, -123, chat_type="group", new_chat_members=[{"id": 1}]), Kind.IGNORED),
    (message_update(1, 42, pinned_message={"message_id": 3}), Kind.IGNORED),
    (message_update(1, -123, chat_type="group", edited=True, text="x"), Kind.IGNORED),
    ({"update_id": 1, "inline_query": {"id": "q", "query": "btc"}}, Kind.IGNORED),
    ({"update_id": 1, "poll_answer": {"poll_id": "p"}}, Kind.IGNORED),
    ({"update_id": 1}, Kind.IGNORED),
])
def test_each_kind_of_update_is_read_as_what_it_is(update, kind):
    assert _read(update).kind is kind


@pytest.mark.parametrize("update", [
    {"update_id": 1, "message": {"message_id": 1, "text": "no chat"}},
    {"update_id": 1, "message": {"message_id": 1, "text": "x", "chat": "42"}},
    {"update_id": 1, "message": {"message_id": 1, "text": "x", "chat": {"id": "42"}}},
    {"update_id": 1, "message": {"message_id": 1, "text": "x", "chat": {"id": True}}},
    {"update_id": 1, "message": {"text": "x", "chat": {"id": 42}}},  # no chat type
    {"update_id": 1, "message": {"text": "x", "chat": {"id": 42, "type": "secret"}}},
    {"update_id": 1, "message": "hello"},
    {"update_id": 1, "message": None},
    {"update_id": 1, "callback_query": "rate:5"},
    {"update_id": 1, "callback_query": {"id": "cb", "data": "rate:5",
                                        "inline_message_id": "AAA"}},
    {"update_id": 1, "callback_query": {"id": "cb", "message": {"chat": {"id": -5,
                                                                         "type": "group"}}}},
    {"update_id": 1, "my_chat_member": {"chat": {"id": -5, "type": "group"},
                                        "new_chat_member": "member"}},
    {"update_id": 1, "my_chat_member": {"chat": {"id": -5, "type": "group"},
                                        "new_chat_member": {"status": "left"}}},
])
def test_broken_or_foreign_parts_are_ignored_not_an_error(update):
    assert _read(update).kind is Kind.IGNORED


def test_a_caption_is_read_as_text_and_marked_as_one():
    incoming = _read(photo_update(3, 42, caption="my deposit is missing", language_code="zh-hans"))
    assert (incoming.kind, incoming.text, incoming.captioned, incoming.language) == \
        (Kind.TEXT, "my deposit is missing", True, "zh")
    assert not _read(text_update(3, 42, "hi")).captioned


def test_unknown_fields_and_odd_text_types_change_nothing():
    update = text_update(1, 42, "hi")
    update["message"]["reactions_v9"] = {"👍": 3}
    update["brand_new_field"] = [1, 2]
    assert _read(update).kind is Kind.TEXT
    update["message"]["text"] = {"not": "a string"}
    assert _read(update).kind is Kind.IGNORED


def test_an_ignored_button_press_is_still_acknowledged():
    update = {"update_id": 1, "callback_query": {"id": "cb1", "inline_message_id": "AAA"}}
    assert _read(update).callback_id == "cb1"


@pytest.mark.parametrize("body, expected", [
    ({"update_id": 5}, 5),
    ({"update_id": 0}, 0),
    ({"update_id": "5"}, None),
    ({"update_id": 5.5}, None),
    ({"update_id": True}, None),
    ({"update_id": -1}, None),
    ({"update_id": 2**63}, None),
    ({"update_id": None}, None),
    ({}, None),
    ([{"update_id": 5}], None),
    ("5", None),
])
def test_only_a_whole_non_negative_update_id_makes_an_update(body, expected):
    assert update_id_of(body) == expected
