"""A local server that speaks the subset of Telegram's Bot API the hub uses."""

from __future__ import annotations

import asyncio
import itertools
from typing import Any

from aiohttp import web


class FakeBotApi:
    """Records what the hub sends and serves updates to long polling.

    Methods named in ``failing`` answer as Telegram does when it is in trouble (502).
    """

    def __init__(self, token: str) -> None:
        self.token = token
        self.sent: list[dict[str, Any]] = []
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.updates: list[dict[str, Any]] = []
        self.left: list[str] = []
        self.failing: set[str] = set()
        self._ids = itertools.count(1)
        self._new_update = asyncio.Event()

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self.handle)
        return app

    def push_update(self, update: dict[str, Any]) -> None:
        self.updates.append(update)
        self._new_update.set()

    def texts_to(self, chat_id: int | str) -> list[str]:
        """The texts sent to one chat, in order."""
        return [m["text"] for m in self.sent if str(m["chat_id"]) == str(chat_id)]

    def offsets(self) -> list[int]:
        """The offsets getUpdates was called with, in order."""
        return [int(body.get("offset", 0)) for method, body in self.calls
                if method == "getUpdates"]

    async def handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response({"ok": False, "error_code": 401,
                                      "description": "Unauthorized"}, status=401)
        method = request.match_info["method"]
        body = await request.json() if request.can_read_body else {}
        self.calls.append((method, body))
        if method in self.failing:
            return web.json_response({"ok": False, "error_code": 502,
                                      "description": "Bad Gateway"}, status=502)
        if method == "sendMessage":
            if not body.get("chat_id") or not body.get("text"):
                return web.json_response({"ok": False, "error_code": 400,
                                          "description": "Bad Request: message text is empty"},
                                         status=400)
            self.sent.append(body)
            return web.json_response({"ok": True, "result": {
                "message_id": next(self._ids), "chat": {"id": int(body["chat_id"])},
                "text": body["text"]}})
        if method in ("answerCallbackQuery", "sendChatAction"):
            return web.json_response({"ok": True, "result": True})
        if method == "leaveChat":
            self.left.append(str(body.get("chat_id")))
            return web.json_response({"ok": True, "result": True})
        if method == "getUpdates":
            offset = int(body.get("offset", 0))
            pending = [u for u in self.updates if u["update_id"] >= offset]
            if not pending:
                self._new_update.clear()
                try:
                    await asyncio.wait_for(self._new_update.wait(),
                                           timeout=min(float(body.get("timeout", 0)), 2))
                except asyncio.TimeoutError:
                    pass
                pending = [u for u in self.updates if u["update_id"] >= offset]
            return web.json_response({"ok": True, "result": pending})
        return web.json_response({"ok": False, "error_code": 404,
                                  "description": "Not Found: method not found"}, status=404)


def message_update(update_id: int, chat_id: int, language_code: str = "en",
                   chat_type: str = "private", edited: bool = False, message_id: int | None = None,
                   **content: Any) -> dict:
    """A message update (``edited``: an edited_message) with the given contents."""
    chat: dict[str, Any] = {"id": chat_id, "type": chat_type}
    if chat_type != "private":
        chat["title"] = "Crypto traders"
    message = {"message_id": message_id or update_id, "date": 0, "chat": chat,
               "from": {"id": abs(chat_id), "is_bot": False, "first_name": "Test",
                        "language_code": language_code}, **content}
    if edited:
        message["edit_date"] = 1
    return {"update_id": update_id, "edited_message" if edited else "message": message}


def text_update(update_id: int, chat_id: int, text: str, language_code: str = "en") -> dict:
    return message_update(update_id, chat_id, language_code, text=text)


def _captioned(caption: str | None) -> dict[str, str]:
    return {"caption": caption} if caption is not None else {}


def photo_update(update_id: int, chat_id: int, caption: str | None = None,
                 language_code: str = "en") -> dict:
    sizes = [{"file_id": f"AgACAgIAAxkBAAI{n}", "file_unique_id": f"AQAD{n}", "width": w,
              "height": w, "file_size": w * 40} for n, w in enumerate((90, 320, 1280))]
    return message_update(update_id, chat_id, language_code, photo=sizes, **_captioned(caption))


def document_update(update_id: int, chat_id: int, caption: str | None = None,
                    language_code: str = "en") -> dict:
    document = {"file_id": "BQACAgIAAxkBAAI", "file_unique_id": "AgAD", "file_name": "statement.pdf",
                "mime_type": "application/pdf", "file_size": 48213}
    return message_update(update_id, chat_id, language_code, document=document,
                          **_captioned(caption))


def sticker_update(update_id: int, chat_id: int, language_code: str = "en") -> dict:
    return message_update(update_id, chat_id, language_code, sticker={
        "file_id": "CAACAgIAAxkBAAI", "file_unique_id": "AgADsticker", "type": "regular",
        "width": 512, "height": 512, "is_animated": False, "is_video": False, "emoji": "👍"})


def voice_update(update_id: int, chat_id: int, language_code: str = "en") -> dict:
    return message_update(update_id, chat_id, language_code, voice={
        "file_id": "AwACAgIAAxkBAAI", "file_unique_id": "AgADvoice", "duration": 4,
        "mime_type": "audio/ogg", "file_size": 9120})


def video_update(update_id: int, chat_id: int, language_code: str = "en") -> dict:
    return message_update(update_id, chat_id, language_code, video={
        "file_id": "BAACAgIAAxkBAAI", "file_unique_id": "AgADvideo", "width": 640,
        "height": 360, "duration": 12})


def location_update(update_id: int, chat_id: int, language_code: str = "en") -> dict:
    return message_update(update_id, chat_id, language_code,
                          location={"latitude": 1.283, "longitude": 103.851})


def contact_update(update_id: int, chat_id: int, language_code: str = "en") -> dict:
    return message_update(update_id, chat_id, language_code,
                          contact={"phone_number": "+6591234567", "first_name": "Ann"})


def edited_update(update_id: int, chat_id: int, message_id: int, text: str,
                  language_code: str = "en") -> dict:
    """An edit of the message ``message_id`` (Telegram gives the edit its own update id)."""
    return message_update(update_id, chat_id, language_code, edited=True,
                          message_id=message_id, text=text)


def group_update(update_id: int, chat_id: int, text: str, chat_type: str = "supergroup",
                 language_code: str = "en") -> dict:
    """A message in a group or supergroup (Telegram's group ids are negative)."""
    return message_update(update_id, chat_id, language_code, chat_type=chat_type, text=text)


def channel_post_update(update_id: int, chat_id: int, text: str) -> dict:
    """A post in a channel the bot administers: no sender."""
    return {"update_id": update_id, "channel_post": {
        "message_id": update_id, "date": 0, "text": text,
        "chat": {"id": chat_id, "type": "channel", "title": "Kestrel announcements"}}}


def bot_added_update(update_id: int, chat_id: int, chat_type: str = "group",
                     language_code: str = "en") -> dict:
    """The bot was added to a group (a my_chat_member update)."""
    return {"update_id": update_id, "my_chat_member": {
        "chat": {"id": chat_id, "type": chat_type, "title": "Crypto traders"},
        "from": {"id": 5, "is_bot": False, "first_name": "Admin", "language_code": language_code},
        "date": 0,
        "old_chat_member": {"status": "left", "user": {"id": 1, "is_bot": True}},
        "new_chat_member": {"status": "member", "user": {"id": 1, "is_bot": True}}}}


def button_update(update_id: int, chat_id: int, data: str, language_code: str = "en") -> dict:
    return {"update_id": update_id, "callback_query": {
        "id": f"cb{update_id}", "data": data,
        "from": {"id": chat_id, "is_bot": False, "language_code": language_code},
        "message": {"message_id": 1, "date": 0, "chat": {"id": chat_id, "type": "private"}}}}
