"""A local server that speaks the subset of Telegram's Bot API the hub uses."""

from __future__ import annotations

import asyncio
import itertools
from typing import Any

from aiohttp import web


class FakeBotApi:
    """Records what the hub sends and serves updates to long polling."""

    def __init__(self, token: str) -> None:
        self.token = token
        self.sent: list[dict[str, Any]] = []
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.updates: list[dict[str, Any]] = []
        self._ids = itertools.count(1)
        self._new_update = asyncio.Event()

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self.handle)
        return app

    def push_update(self, update: dict[str, Any]) -> None:
        self.updates.append(update)
        self._new_update.set()

    async def handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response({"ok": False, "error_code": 401,
                                      "description": "Unauthorized"}, status=401)
        method = request.match_info["method"]
        body = await request.json() if request.can_read_body else {}
        self.calls.append((method, body))
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


def text_update(update_id: int, chat_id: int, text: str, language_code: str = "en") -> dict:
    return {"update_id": update_id, "message": {
        "message_id": update_id, "date": 0, "text": text,
        "chat": {"id": chat_id, "type": "private"},
        "from": {"id": chat_id, "is_bot": False, "first_name": "Test",
                 "language_code": language_code}}}


def button_update(update_id: int, chat_id: int, data: str) -> dict:
    return {"update_id": update_id, "callback_query": {
        "id": f"cb{update_id}", "data": data, "from": {"id": chat_id, "is_bot": False},
        "message": {"message_id": 1, "date": 0, "chat": {"id": chat_id, "type": "private"}}}}
