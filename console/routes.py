"""The agent console's web side: login, the JSON API and the live websocket."""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from pathlib import Path
from typing import Any

import yaml
from aiohttp import WSMsgType, web

from desk.errors import Conflict, HandoffError, Invalid, NotFound
from handoff.agents import AgentDirectory
from handoff.queue import handoff_json
from storage.schema import iso

logger = logging.getLogger(__name__)

STATIC = Path(__file__).resolve().parent / "static"
COOKIE = "desk_session"

agent_key = web.AppKey("agent", dict)


class ConsoleFeed:
    """The connected consoles; the hub pushes queue changes and messages through it."""

    def __init__(self) -> None:
        self.sockets: dict[web.WebSocketResponse, dict[str, Any]] = {}
        self.hub = None  # set by the app factory (the hub and the feed need each other)

    def online_agents(self) -> int:
        """How many distinct agents have a console open."""
        return len({agent["id"] for agent in self.sockets.values()})

    async def _send(self, ws: web.WebSocketResponse, event: dict[str, Any]) -> None:
        try:
            await ws.send_json(event)
        except (ConnectionResetError, RuntimeError):
            self.sockets.pop(ws, None)

    async def broadcast(self, event: dict[str, Any]) -> None:
        """Send an event to every console."""
        await asyncio.gather(*(self._send(ws, event) for ws in list(self.sockets)))

    async def queue_changed(self) -> None:
        """Send each console its own view of the queue."""
        for ws, agent in list(self.sockets.items()):
            await self._send(ws, {"type": "queue", **await self.hub.queue_view(agent)})


def _json_error(status: int, code: str, message: str) -> web.Response:
    return web.json_response({"error": code, "message": message}, status=status)


_STATUS = {NotFound: 404, Conflict: 409, Invalid: 400}


@web.middleware
async def errors_middleware(request: web.Request, handler):
    """Turn handoff errors into JSON answers with the right status."""
    try:
        return await handler(request)
    except HandoffError as e:
        status = next((s for cls, s in _STATUS.items() if isinstance(e, cls)), 400)
        return _json_error(status, e.code, str(e))


def _directory(request: web.Request) -> AgentDirectory:
    return request.app["agent_directory"]


async def _current(request: web.Request) -> tuple[dict[str, Any], str] | None:
    return await _directory(request).session(request.cookies.get(COOKIE))


@web.middleware
async def auth_middleware(request: web.Request, handler):
    """Require a logged-in agent for /api/, and the CSRF token for changes."""
    if not request.path.startswith("/api/"):
        return await handler(request)
    current = await _current(request)
    if current is None:
        return _json_error(401, "not_logged_in", "Log in to the console first.")
    agent, csrf = current
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        sent = request.headers.get("X-CSRF-Token", "")
        if not hmac.compare_digest(sent.encode(), csrf.encode()):
            return _json_error(403, "bad_csrf_token", "Missing or wrong X-CSRF-Token header.")
    request[agent_key] = agent
    request["csrf_token"] = csrf
    return await handler(request)


async def _body(request: web.Request) -> dict[str, Any]:
    if request.content_type == "application/json":
        try:
            data = await request.json()
        except (json.JSONDecodeError, UnicodeDecodeError) as e:
            raise Invalid("The request body is not valid JSON.", "bad_json") from e
    else:
        data = dict(await request.post())
    if not isinstance(data, dict):
        raise Invalid("Send a JSON object.", "bad_json")
    return data


class ConsoleRoutes:
    """HTTP handlers of the console; each delegates to the hub."""

    def __init__(self, hub, feed: ConsoleFeed, kb_store=None, canned_file: Path | None = None,
                 cookie_secure: bool = False) -> None:
        self.hub = hub
        self.feed = feed
        self.kb_store = kb_store
        self.cookie_secure = cookie_secure
        self.canned = yaml.safe_load(canned_file.read_text(encoding="utf-8"))["responses"] \
            if canned_file and canned_file.exists() else []

    def register(self, app: web.Application) -> None:
        """Add the console's routes to the app."""
        app.router.add_get("/console", self.page)
        app.router.add_static("/console/static", STATIC)
        app.router.add_post("/console/login", self.login)
        app.router.add_post("/console/logout", self.logout)
        r = app.router
        r.add_get("/api/me", self.me)
        r.add_get("/api/queue", self.queue)
        r.add_post("/api/queue/next", self.take_next)
        r.add_get("/api/agents", self.agents)
        r.add_post(r"/api/handoffs/{id:\d+}/claim", self.claim)
        r.add_post(r"/api/handoffs/{id:\d+}/release", self.release)
        r.add_post(r"/api/handoffs/{id:\d+}/transfer", self.transfer)
        r.add_post(r"/api/handoffs/{id:\d+}/return", self.return_to_bot)
        r.add_post(r"/api/handoffs/{id:\d+}/resolve", self.resolve)
        r.add_get("/api/conversations/{cid}", self.conversation)
        r.add_post("/api/conversations/{cid}/messages", self.send_message)
        r.add_post("/api/conversations/{cid}/notes", self.add_note)
        r.add_get("/api/canned", self.canned_responses)
        r.add_get("/api/kb/search", self.kb_search)
        r.add_get("/api/ws", self.websocket)

    async def page(self, request: web.Request) -> web.FileResponse:
        return web.FileResponse(STATIC / "console.html")

    async def login(self, request: web.Request) -> web.Response:
        data = await _body(request)
        agent = await _directory(request).authenticate(str(data.get("username", "")),
                                                       str(data.get("password", "")))
        if agent is None:
            return _json_error(401, "bad_credentials", "Wrong username or password.")
        token, csrf = await _directory(request).start_session(agent["id"])
        response = web.json_response({"agent": agent, "csrf_token": csrf})
        response.set_cookie(COOKIE, token, httponly=True, samesite="Strict",
                            secure=self.cookie_secure, path="/", max_age=12 * 3600)
        return response

    async def logout(self, request: web.Request) -> web.Response:
        token = request.cookies.get(COOKIE)
        current = await _current(request)
        if current and not hmac.compare_digest(
                request.headers.get("X-CSRF-Token", "").encode(), current[1].encode()):
            return _json_error(403, "bad_csrf_token", "Missing or wrong X-CSRF-Token header.")
        if token:
            await _directory(request).end_session(token)
        response = web.json_response({"ok": True})
        response.del_cookie(COOKIE, path="/")
        return response

    async def me(self, request: web.Request) -> web.Response:
        return web.json_response({"agent": request[agent_key], "csrf_token": request["csrf_token"]})

    async def queue(self, request: web.Request) -> web.Response:
        return web.json_response(await self.hub.queue_view(request[agent_key]))

    async def agents(self, request: web.Request) -> web.Response:
        online = {a["id"] for a in self.feed.sockets.values()}
        return web.json_response([{"id": a["id"], "display_name": a["display_name"],
                                   "online": a["id"] in online}
                                  for a in await _directory(request).all()])

    async def _handoff_answer(self, handoff: dict[str, Any]) -> web.Response:
        return web.json_response({"handoff": handoff_json(handoff)})

    async def take_next(self, request: web.Request) -> web.Response:
        return await self._handoff_answer(await self.hub.take_next(request[agent_key]))

    async def claim(self, request: web.Request) -> web.Response:
        return await self._handoff_answer(
            await self.hub.claim(request[agent_key], int(request.match_info["id"])))

    async def release(self, request: web.Request) -> web.Response:
        return await self._handoff_answer(
            await self.hub.release(request[agent_key], int(request.match_info["id"])))

    async def transfer(self, request: web.Request) -> web.Response:
        data = await _body(request)
        try:
            to_agent = await _directory(request).get(int(data.get("agent_id")))
        except (TypeError, ValueError) as e:
            raise Invalid("Say which agent to transfer to (agent_id).", "bad_agent") from e
        except Exception as e:  # noqa: BLE001 - no such agent
            raise NotFound("No such agent.") from e
        return await self._handoff_answer(
            await self.hub.transfer(request[agent_key], int(request.match_info["id"]), to_agent))

    async def return_to_bot(self, request: web.Request) -> web.Response:
        return await self._handoff_answer(
            await self.hub.return_to_bot(request[agent_key], int(request.match_info["id"])))

    async def resolve(self, request: web.Request) -> web.Response:
        return await self._handoff_answer(
            await self.hub.resolve(request[agent_key], int(request.match_info["id"])))

    async def conversation(self, request: web.Request) -> web.Response:
        cid = request.match_info["cid"]
        conversation = await self.hub.store.get(cid)
        try:
            after = int(request.query.get("after_id", 0))
        except ValueError as e:
            raise Invalid("after_id must be a number.", "bad_after_id") from e
        messages = await self.hub.store.messages_after(cid, after)
        handoff = await self.hub.queue.open_for(cid) or await self.hub.queue.latest_for(cid)
        return web.json_response({
            "conversation": {"id": cid, "channel": conversation["channel"],
                             "language": conversation["language"], "mode": conversation["mode"],
                             "flagged": bool(conversation["flagged_secret"]),
                             "flagged_secret": bool(conversation["flagged_secret"]),
                             "created_at": iso(conversation["created_at"])},
            "handoff": handoff_json(handoff) if handoff else None,
            "messages": [m.to_json() for m in messages],
            "notes": await self.hub.store.notes(cid),
            "suggestions": await self._suggest(messages if after == 0 else
                                               await self.hub.store.messages_after(cid, 0),
                                               conversation["language"]),
        })

    async def _suggest(self, messages, language: str | None) -> list[dict[str, Any]]:
        """Articles for what the user said (the end of their recent messages)."""
        said = " ".join(m.text for m in messages if m.sender == "user")[-600:]
        return await self._search(said, language) if said.strip() else []

    async def _search(self, query: str, language: str | None) -> list[dict[str, Any]]:
        # Embedding is CPU work: keep it off the event loop that serves every socket.
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(None, self._search_blocking, query, language)

    def _search_blocking(self, query: str, language: str | None) -> list[dict[str, Any]]:
        if self.kb_store is None or not query.strip():
            return []
        try:
            kb = self.kb_store.current()
            hits = kb.search(query, language, k=3)
        except Exception:  # noqa: BLE001 - suggestions are a help, never a failure
            logger.exception("knowledge-base suggestions failed")
            return []
        return [{"id": h.article_id, "title": h.title, "language": h.language,
                 "body": kb.article(h.article_id).body[h.language],
                 "confidence": round(h.confidence, 3)} for h in hits]

    async def send_message(self, request: web.Request) -> web.Response:
        data = await _body(request)
        message = await self.hub.agent_message(request[agent_key], request.match_info["cid"],
                                               data.get("text"), data.get("client_id"))
        return web.json_response({"message": message.to_json()})

    async def add_note(self, request: web.Request) -> web.Response:
        data = await _body(request)
        cid = request.match_info["cid"]
        await self.hub.store.get(cid)
        note = await self.hub.store.add_note(cid, request[agent_key]["id"], data.get("text"))
        return web.json_response({"note": note})

    async def canned_responses(self, request: web.Request) -> web.Response:
        return web.json_response(self.canned)

    async def kb_search(self, request: web.Request) -> web.Response:
        language = request.query.get("language") or None
        return web.json_response(await self._search(request.query.get("q", ""), language))

    async def websocket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(heartbeat=20)
        await ws.prepare(request)
        agent = request[agent_key]
        self.feed.sockets[ws] = agent
        await ws.send_json({"type": "queue", **await self.hub.queue_view(agent)})
        try:
            async for msg in ws:
                if msg.type != WSMsgType.TEXT:
                    continue
                try:
                    event = json.loads(msg.data)
                    if event.get("type") == "typing":
                        await self.hub.agent_typing(agent, str(event["conversation_id"]),
                                                    bool(event.get("typing")))
                except (ValueError, KeyError, TypeError, HandoffError):
                    await ws.send_json({"type": "error", "message": "Unreadable event."})
        finally:
            self.feed.sockets.pop(ws, None)
        return ws
