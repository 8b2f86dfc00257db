"""The website widget's channel: Rasa's socket.io protocol, plus the hub's handoff events.

Who a socket speaks for is decided here, at the edge: a logged-in user the exchange
vouches for (identity/users.py) has one conversation across devices; anyone else gets an
anonymous session the hub issued and signed (identity/sessions.py). A socket speaks for
one session at a time; a client cannot pick someone else's.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import socketio

from desk.clock import utcnow
from desk.errors import DeskError, NotFound
from hub.hub import Hub
from hub.limits import RateLimited, RateLimiter
from identity.errors import IdentityRefused
from identity.sessions import SessionIssuer
from identity.users import UserVerifier, VerifiedUser
from storage.conversations import Conversation, StoredMessage

logger = logging.getLogger(__name__)
CHANNEL = "web"


@dataclass(frozen=True)
class WidgetSecurity:
    """What the channel checks: origins, sessions, verified users, new-conversation rate."""

    origin_policy: Any  # a list, "*" or a callable, as python-engineio takes it
    sessions: SessionIssuer
    users: UserVerifier
    identity_required: bool
    new_conversations: RateLimiter


def _error(code: str, message: str, **extra: Any) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, **extra}}


def bot_uttered(message: StoredMessage) -> dict[str, Any]:
    """A stored message in the shape Rasa's socket.io channel sends, plus the hub's fields."""
    data = message.to_json()
    body: dict[str, Any] = {"text": message.text, **data}
    if data["buttons"]:
        body["quick_replies"] = [{"content_type": "text", "title": b["title"],
                                  "payload": b["payload"]} for b in data["buttons"]]
    return body


def _address(user: VerifiedUser) -> str:
    return f"user:{user.id}"


class WidgetChannel:
    """Socket.io server for the widget; every conversation address is a room."""

    def __init__(self, hub: Hub, security: WidgetSecurity) -> None:
        self.hub = hub
        self.security = security
        self.sio = socketio.AsyncServer(async_mode="aiohttp",
                                        cors_allowed_origins=security.origin_policy,
                                        logger=False, engineio_logger=False,
                                        max_http_buffer_size=64 * 1024)
        for event in ("session_request", "user_uttered", "resume", "user_typing", "rating"):
            self.sio.on(event, getattr(self, f"_on_{event}"))

    def attach(self, app) -> None:
        """Serve socket.io at /socket.io/ on the aiohttp app."""
        self.sio.attach(app, socketio_path="socket.io")
        app.on_shutdown.append(self._disconnect_everyone)

    async def _disconnect_everyone(self, app) -> None:
        # On shutdown, before aiohttp waits for open requests: a widget's websocket or
        # pending long-poll would otherwise hold the shutdown up for a minute.
        await self.sio.shutdown()

    # --- who the socket speaks for ------------------------------------------------------

    def _client_ip(self, sid: str) -> str:
        environ = self.sio.get_environ(sid) or {}
        request = environ.get("aiohttp.request")
        return (request.remote if request is not None else None) or "unknown"

    async def _address_of(self, sid: str, data: Any) -> str | None:
        """The conversation address the socket joined, if ``data`` names the same session."""
        session = await self.sio.get_session(sid)
        claimed = data.get("session_id") if isinstance(data, dict) else None
        if claimed and claimed != session.get("token"):
            return None  # a socket may only speak for the session it joined
        return session.get("address")

    async def _anonymous_session(self, sid: str, token: Any) -> tuple[str, str]:
        """(token, address) for the session the token names, or a new one."""
        session = self.security.sessions.read(token)
        if session is not None:
            try:
                conversation = await self.hub.store.get_by_channel(CHANNEL, session.id)
                last_active = _timestamp(conversation.updated_at)
            except NotFound:
                last_active = None
            if not self.security.sessions.expired(session, last_active):
                return session.token, session.id
        self.security.new_conversations.hit(self._client_ip(sid))
        fresh = self.security.sessions.issue()
        return fresh.token, fresh.id

    async def _on_session_request(self, sid: str, data: Any) -> dict[str, Any] | None:
        data = data if isinstance(data, dict) else {}
        try:
            user = self.security.users.verify(data["user"]) if data.get("user") else None
            if user is None and self.security.identity_required:
                raise IdentityRefused("Log in to chat with support.", "identity_required")
            token, address = await self._anonymous_session(sid, data.get("session_id"))
        except (IdentityRefused, RateLimited) as e:
            return await self._refuse(sid, e)
        if user is not None:
            address = _address(user)
        previous = (await self.sio.get_session(sid)).get("address")
        if previous and previous != address:
            await self.sio.leave_room(sid, previous)
        await self.sio.save_session(sid, {"token": token, "address": address, "user": user})
        await self.sio.enter_room(sid, address)
        if user is not None:
            conversation = await self.hub.store.get_or_create(CHANNEL, address)
            await self.hub.store.set_identity(conversation.id, user.id, user.name,
                                              user.attributes, user.attributes_verified)
        await self.sio.emit("session_confirm", token, to=sid)
        await self._send_history(sid, address, 0)
        return None

    # --- events -------------------------------------------------------------------------

    async def _send_history(self, sid: str, address: str, after_id: int) -> None:
        try:
            conversation = await self.hub.store.get_by_channel(CHANNEL, address)
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
            return await self._refuse(sid, DeskError("Send an object with a message.", "invalid"))
        address = await self._address_of(sid, data)
        if address is None:
            return await self._refuse(sid, DeskError(
                "Start a session (session_request) before sending.", "unknown_session"))
        custom = data.get("customData") if isinstance(data.get("customData"), dict) else {}
        client_id = data.get("client_id")
        inbound = str(client_id)[:64] if client_id else None
        try:
            message = await self.hub.intake.user_message(CHANNEL, address, data.get("message"),
                                                         inbound, custom.get("language"))
        except DeskError as e:
            return await self._refuse(sid, e)
        except Exception:  # noqa: BLE001 - e.g. the database is down: say so, keep nothing half-done
            logger.exception("user message failed")
            return await self._refuse(sid, DeskError(
                "We couldn't save your message just now. Please send it again.", "unavailable"))
        return {"id": message.id}

    async def _refuse(self, sid: str, error: DeskError) -> dict[str, Any]:
        extra = {"retry_after": error.retry_after} if isinstance(error, RateLimited) else {}
        body = _error(error.code, str(error), **extra)
        await self.sio.emit("error", body["error"], to=sid)
        return body

    async def _on_resume(self, sid: str, data: Any) -> None:
        address = await self._address_of(sid, data)
        after = data.get("after_id") if isinstance(data, dict) else 0
        if address:
            await self._send_history(sid, address, after if isinstance(after, int) else 0)

    async def _on_user_typing(self, sid: str, data: Any) -> None:
        address = await self._address_of(sid, data)
        if address and isinstance(data, dict):
            await self.hub.intake.user_typing(CHANNEL, address, bool(data.get("typing")))

    async def _on_rating(self, sid: str, data: Any) -> dict[str, Any]:
        address = await self._address_of(sid, data)
        if address is None or not isinstance(data, dict):
            return await self._refuse(sid, DeskError("Start a session first.", "unknown_session"))
        try:
            await self.hub.intake.rate(CHANNEL, address, data.get("score"), data.get("comment"))
        except DeskError as e:
            return await self._refuse(sid, e)
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


def _timestamp(moment) -> float:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=utcnow().tzinfo)
    return moment.timestamp()
