"""The website widget's channel: Rasa's socket.io protocol, plus the hub's handoff events."""

from __future__ import annotations

import logging
import re
import uuid
from typing import Any

import socketio

from desk.errors import DeskError, NotFound
from hub.hub import Hub
from storage.conversations import Conversation, StoredMessage

logger = logging.getLogger(__name__)
CHANNEL = "web"
_SESSION_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


def _error(code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message}}


def bot_uttered(message: StoredMessage) -> dict[str, Any]:
    """A stored message in the shape Rasa's socket.io channel sends, plus the hub's fields."""
    data = message.to_json()
    body: dict[str, Any] = {"text": message.text, **data}
    if data["buttons"]:
        body["quick_replies"] = [{"content_type": "text", "title": b["title"],
                                  "payload": b["payload"]} for b in data["buttons"]]
    return body


class WidgetChannel:
    """Socket.io server for the widget; every session id is a room."""

    def __init__(self, hub: Hub) -> None:
        self.hub = hub
        self.sio = socketio.AsyncServer(async_mode="aiohttp", cors_allowed_origins="*",
                                        logger=False, engineio_logger=False)
        for event in ("session_request", "user_uttered", "resume", "user_typing", "rating"):
            self.sio.on(event, getattr(self, f"_on_{event}"))

    def attach(self, app) -> None:
        """Serve socket.io at /socket.io/ on the aiohttp app."""
        self.sio.attach(app, socketio_path="socket.io")
        app.cleanup_ctx.append(self._connections)

    async def _connections(self, app):
        yield
        # Appended last, so closed first: a pending long-poll would hold the shutdown up.
        await self.sio.shutdown()

    async def _session_id(self, sid: str, data: Any) -> str | None:
        session = await self.sio.get_session(sid)
        claimed = data.get("session_id") if isinstance(data, dict) else None
        current = session.get("session_id")
        if current and claimed and claimed != current:
            return None  # a socket may only speak for the session it joined
        return current

    async def _on_session_request(self, sid: str, data: Any) -> None:
        wanted = data.get("session_id") if isinstance(data, dict) else None
        session_id = wanted if isinstance(wanted, str) and _SESSION_ID.match(wanted) \
            else uuid.uuid4().hex
        await self.sio.save_session(sid, {"session_id": session_id})
        await self.sio.enter_room(sid, session_id)
        await self.sio.emit("session_confirm", session_id, to=sid)
        await self._send_history(sid, session_id, 0)

    async def _send_history(self, sid: str, session_id: str, after_id: int) -> None:
        try:
            conversation = await self.hub.store.get_by_channel(CHANNEL, session_id)
        except NotFound:
            await self.sio.emit("history", {"messages": [], "state": {"state": "bot"}}, to=sid)
            return
        messages = await self.hub.store.messages_after(conversation.id, after_id)
        await self.sio.emit("history", {
            "messages": [bot_uttered(m) for m in messages],
            "state": await self.hub.views.state_of(conversation),
        }, to=sid)

    async def _on_user_uttered(self, sid: str, data: Any) -> dict[str, Any]:
        if not isinstance(data, dict):
            return await self._refuse(sid, "invalid", "Send an object with a message.")
        session_id = await self._session_id(sid, data)
        if session_id is None:
            return await self._refuse(sid, "unknown_session",
                                      "Start a session (session_request) before sending.")
        custom = data.get("customData") if isinstance(data.get("customData"), dict) else {}
        client_id = data.get("client_id")
        inbound = str(client_id)[:64] if client_id else None
        try:
            message = await self.hub.intake.user_message(CHANNEL, session_id, data.get("message"),
                                                  inbound, custom.get("language"))
        except DeskError as e:
            return await self._refuse(sid, e.code, str(e))
        except Exception:  # noqa: BLE001 - e.g. the database is down: say so, keep nothing half-done
            logger.exception("user message failed")
            return await self._refuse(sid, "unavailable",
                                      "We couldn't save your message just now. Please send it again.")
        return {"id": message.id}

    async def _refuse(self, sid: str, code: str, message: str) -> dict[str, Any]:
        error = _error(code, message)
        await self.sio.emit("error", error["error"], to=sid)
        return error

    async def _on_resume(self, sid: str, data: Any) -> None:
        session_id = await self._session_id(sid, data)
        after = data.get("after_id") if isinstance(data, dict) else 0
        if session_id:
            await self._send_history(sid, session_id, after if isinstance(after, int) else 0)

    async def _on_user_typing(self, sid: str, data: Any) -> None:
        session_id = await self._session_id(sid, data)
        if session_id and isinstance(data, dict):
            await self.hub.intake.user_typing(CHANNEL, session_id, bool(data.get("typing")))

    async def _on_rating(self, sid: str, data: Any) -> dict[str, Any]:
        session_id = await self._session_id(sid, data)
        if session_id is None or not isinstance(data, dict):
            return await self._refuse(sid, "unknown_session", "Start a session first.")
        try:
            await self.hub.intake.rate(CHANNEL, session_id, data.get("score"), data.get("comment"))
        except DeskError as e:
            return await self._refuse(sid, e.code, str(e))
        return {"ok": True}

    # --- UserChannel -------------------------------------------------------------------

    async def deliver(self, conversation: Conversation, message: StoredMessage) -> None:
        """Emit a bot, agent or system message to the user's session."""
        await self.sio.emit("bot_uttered", bot_uttered(message), room=conversation.channel_user_id)

    async def state(self, conversation: Conversation, state: dict[str, Any]) -> None:
        """Emit who is in charge now."""
        await self.sio.emit("handoff_state", state, room=conversation.channel_user_id)

    async def typing(self, conversation: Conversation, who: str, typing: bool,
                     agent_name: str | None = None) -> None:
        """Emit the bot's or the agent's typing indicator."""
        event = "agent_typing" if who == "agent" else "bot_typing"
        await self.sio.emit(event, {"typing": typing, "agent_name": agent_name},
                            room=conversation.channel_user_id)

    async def request_rating(self, conversation: Conversation, handoff_id: int) -> None:
        """Ask the widget to show the rating card."""
        await self.sio.emit("rating_request", {"handoff_id": handoff_id},
                            room=conversation.channel_user_id)
