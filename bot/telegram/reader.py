"""Read a Telegram update into the one thing the desk does with it.

Telegram's updates are large, optional-everywhere JSON; this module is the only place that
looks inside them. Whatever arrives (an unknown update type, a missing chat, a text that is
not a string) comes out as an ``Incoming`` of some kind, never as an exception.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

# The largest id the dead-letter table (BIGINT) holds; Telegram's ids are far below it.
MAX_UPDATE_ID = 2**63 - 1
GROUP_CHATS = frozenset({"group", "supergroup", "channel"})
# Message contents the desk cannot read; captions of the first few are read as text.
MEDIA = ("photo", "document", "video", "animation", "audio", "voice", "video_note", "sticker",
         "location", "venue", "contact", "poll", "dice", "game", "story")


class Kind(str, Enum):
    """What an update asks of the desk."""

    TEXT = "text"  # a text message, or a photo or file with a caption
    MEDIA = "media"  # a photo, sticker, file, voice message... without words
    EDIT = "edit"  # an edit of an earlier message
    BUTTON = "button"  # an inline button pressed
    NOT_PRIVATE = "not_private"  # a group, supergroup or channel: the desk serves private chats
    IGNORED = "ignored"  # service messages, update types the desk does not use, broken parts


@dataclass(frozen=True)
class Incoming:
    """One update, read."""

    update_id: int
    kind: Kind
    chat_id: str | None = None
    text: str | None = None  # the text or caption, or the pressed button's data
    language: str | None = None  # "zh" when the user's Telegram is set to Chinese
    captioned: bool = False  # the text is a caption: the file itself was not seen
    message_id: int | None = None
    callback_id: str | None = None  # a button press to acknowledge, even when ignored


def update_id_of(body: Any) -> int | None:
    """The update's id, or None when the body is not a Telegram update."""
    if not isinstance(body, dict):
        return None
    value = body.get("update_id")
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_UPDATE_ID:
        return None
    return value


def read_update(update_id: int, body: dict[str, Any]) -> Incoming:
    """Say what the update is; anything unexpected is ``Kind.IGNORED``."""
    if "callback_query" in body:
        return _button(update_id, body["callback_query"])
    if "my_chat_member" in body:
        return _membership(update_id, body["my_chat_member"])
    for key in ("message", "edited_message", "channel_post", "edited_channel_post"):
        if key in body:
            return _message(update_id, body[key], edited=key.startswith("edited"))
    return Incoming(update_id, Kind.IGNORED)


def _message(update_id: int, message: Any, edited: bool) -> Incoming:
    chat_id, chat_type = _chat(message)
    if chat_id is None:
        return Incoming(update_id, Kind.IGNORED)
    language = _language(message.get("from"))
    text, caption = message.get("text"), message.get("caption")
    has_media = any(key in message for key in MEDIA)
    if chat_type in GROUP_CHATS:
        # Refuse what someone wrote; joins, pins and edits in a group need no answer.
        content = isinstance(text, str) or has_media
        kind = Kind.NOT_PRIVATE if content and not edited else Kind.IGNORED
        return Incoming(update_id, kind, chat_id, language=language)
    if chat_type != "private":
        return Incoming(update_id, Kind.IGNORED)
    message_id = message.get("message_id") if isinstance(message.get("message_id"), int) else None
    if edited:
        return Incoming(update_id, Kind.EDIT, chat_id, language=language, message_id=message_id)
    if isinstance(text, str):
        return Incoming(update_id, Kind.TEXT, chat_id, text, language, message_id=message_id)
    if isinstance(caption, str) and caption.strip():
        return Incoming(update_id, Kind.TEXT, chat_id, caption, language, captioned=True,
                        message_id=message_id)
    if has_media:
        return Incoming(update_id, Kind.MEDIA, chat_id, language=language, message_id=message_id)
    return Incoming(update_id, Kind.IGNORED, chat_id)


def _button(update_id: int, query: Any) -> Incoming:
    if not isinstance(query, dict):
        return Incoming(update_id, Kind.IGNORED)
    callback_id = query.get("id") if isinstance(query.get("id"), str) else None
    # Buttons of inline-mode messages carry no message: nothing the desk sent.
    chat_id, chat_type = _chat(query.get("message"))
    if chat_id is None or chat_type != "private":
        return Incoming(update_id, Kind.IGNORED, callback_id=callback_id)
    data = query.get("data") if isinstance(query.get("data"), str) else ""
    return Incoming(update_id, Kind.BUTTON, chat_id, data, _language(query.get("from")),
                    callback_id=callback_id)


def _membership(update_id: int, change: Any) -> Incoming:
    """The bot was added to a chat (or removed, blocked, unblocked)."""
    chat_id, chat_type = _chat(change)
    member = change.get("new_chat_member") if chat_id else None
    status = member.get("status") if isinstance(member, dict) else None
    if chat_type in GROUP_CHATS and status in ("member", "administrator"):
        return Incoming(update_id, Kind.NOT_PRIVATE, chat_id,
                        language=_language(change.get("from")))
    return Incoming(update_id, Kind.IGNORED)


def _chat(container: Any) -> tuple[str | None, str | None]:
    """The chat's id (as the hub's user id) and type; (None, None) if it is not there."""
    chat = container.get("chat") if isinstance(container, dict) else None
    chat_id = chat.get("id") if isinstance(chat, dict) else None
    if isinstance(chat_id, bool) or not isinstance(chat_id, int):
        return None, None
    chat_type = chat.get("type")
    return str(chat_id), chat_type if isinstance(chat_type, str) else None


def _language(user: Any) -> str | None:
    code = user.get("language_code") if isinstance(user, dict) else None
    return "zh" if isinstance(code, str) and code.lower().startswith("zh") else None
