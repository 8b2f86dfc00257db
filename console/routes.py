"""The agent console's page, JSON API and live websocket; each handler asks the hub."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from aiohttp import WSMsgType, web

from console.auth import agent_key, csrf_key, json_error, read_body
from console.feed import ConsoleFeed
from console.suggestions import ArticleSuggestions
from desk.errors import Conflict, DeskError, Forbidden, Invalid
from handoff.models import Handoff
from hub.hub import Hub
from hub.keys import directory_key
from hub.origins import origin_allowed

STATIC = Path(__file__).resolve().parent / "static"


def load_canned_responses(path: Path | None) -> list[dict[str, Any]]:
    """The agents' canned responses (console/canned_responses.yml)."""
    if path is None or not path.exists():
        return []
    return yaml.safe_load(path.read_text(encoding="utf-8"))["responses"]



def _handoff_id(request: web.Request) -> int:
    return int(request.match_info["id"])


class ConsoleRoutes:
    """HTTP handlers of the console."""

    def __init__(self, hub: Hub, feed: ConsoleFeed, suggestions: ArticleSuggestions,
                 canned: list[dict[str, Any]], allowed_origins: frozenset[str] = frozenset()
                 ) -> None:
        self.hub = hub
        self.feed = feed
        self.suggestions = suggestions
        self.canned = canned
        self.allowed_origins = allowed_origins

    def register(self, app: web.Application) -> None:
        """Add the console's page and API routes to the app."""
        r = app.router
        r.add_get("/console", self.page)
        r.add_static("/console/static", STATIC)
        r.add_get("/api/me", self.me)
        r.add_get("/api/queue", self.queue)
        r.add_post("/api/queue/next", self.take_next)
        r.add_get("/api/agents", self.agents)
        r.add_post(r"/api/handoffs/{id:\d+}/claim", self.claim)
        r.add_post(r"/api/handoffs/{id:\d+}/release", self.release)
        r.add_post(r"/api/handoffs/{id:\d+}/transfer", self.transfer)
        r.add_post(r"/api/handoffs/{id:\d+}/return", self.return_to_bot)
        r.add_post(r"/api/handoffs/{id:\d+}/resolve", self.resolve)
        r.add_post(r"/api/handoffs/{id:\d+}/force-release", self.force_release)
        r.add_post(r"/api/handoffs/{id:\d+}/reassign", self.reassign)
        r.add_post(r"/api/agents/{id:\d+}/deactivate", self.deactivate)
        r.add_get("/api/audit", self.audit_log)
        r.add_get("/api/conversations/{cid}", self.conversation)
        r.add_post("/api/conversations/{cid}/messages", self.send_message)
        r.add_post("/api/conversations/{cid}/notes", self.add_note)
        r.add_get("/api/canned", self.canned_responses)
        r.add_get("/api/kb/search", self.kb_search)
        r.add_get("/api/ws", self.websocket)

    async def page(self, request: web.Request) -> web.FileResponse:
        return web.FileResponse(STATIC / "console.html")

    async def me(self, request: web.Request) -> web.Response:
        return web.json_response({"agent": request[agent_key].to_json(),
                                  "csrf_token": request[csrf_key]})

    async def queue(self, request: web.Request) -> web.Response:
        return web.json_response(await self.hub.views.queue_view(request[agent_key]))

    async def agents(self, request: web.Request) -> web.Response:
        online = self.feed.online_agent_ids()
        return web.json_response([{"id": a.id, "display_name": a.display_name,
                                   "online": a.id in online}
                                  for a in await request.app[directory_key].all()])

    @staticmethod
    def _answer(handoff: Handoff) -> web.Response:
        return web.json_response({"handoff": handoff.to_json()})

    async def take_next(self, request: web.Request) -> web.Response:
        return self._answer(await self.hub.handoffs.take_next(request[agent_key]))

    async def claim(self, request: web.Request) -> web.Response:
        return self._answer(await self.hub.handoffs.claim(request[agent_key], _handoff_id(request)))

    async def release(self, request: web.Request) -> web.Response:
        return self._answer(await self.hub.handoffs.release(request[agent_key],
                                                            _handoff_id(request)))

    @staticmethod
    async def _target_agent(request: web.Request):
        data = await read_body(request)
        try:
            to_agent_id = int(data.get("agent_id"))
        except (TypeError, ValueError) as e:
            raise Invalid("Say which agent to transfer to (agent_id).", "bad_agent") from e
        return await request.app[directory_key].get(to_agent_id)

    async def transfer(self, request: web.Request) -> web.Response:
        to_agent = await self._target_agent(request)
        return self._answer(await self.hub.handoffs.transfer(request[agent_key],
                                                             _handoff_id(request), to_agent))

    async def force_release(self, request: web.Request) -> web.Response:
        return self._answer(await self.hub.handoffs.force_release(request[agent_key],
                                                                  _handoff_id(request)))

    async def reassign(self, request: web.Request) -> web.Response:
        to_agent = await self._target_agent(request)
        return self._answer(await self.hub.handoffs.reassign(request[agent_key],
                                                             _handoff_id(request), to_agent))

    async def deactivate(self, request: web.Request) -> web.Response:
        supervisor = request[agent_key]
        supervisor.require_supervisor()
        agent_id = int(request.match_info["id"])
        if agent_id == supervisor.id:
            raise Conflict("You can't deactivate yourself.", "cannot_deactivate_self")
        agent = await request.app[directory_key].set_active(agent_id, False)
        await self.hub.audit.record(supervisor.id, "deactivate_agent", details={"agent": agent_id})
        return web.json_response({"agent": agent.to_json()})

    async def audit_log(self, request: web.Request) -> web.Response:
        request[agent_key].require_supervisor()
        try:
            limit = int(request.query.get("limit", 200))
            before = int(request.query["before_id"]) if "before_id" in request.query else None
        except ValueError as e:
            raise Invalid("limit and before_id must be numbers.", "bad_query") from e
        return web.json_response({"entries": await self.hub.audit.recent(
            limit, before, request.query.get("conversation_id"))})

    async def _readable(self, request: web.Request, conversation_id: str) -> None:
        agent = request[agent_key]
        await self.hub.store.get(conversation_id)  # NotFound first: no existence oracle needed
        if not await self.hub.handoffs.may_read(agent, conversation_id):
            raise Forbidden("This conversation is not in the queue or yours.", "not_allowed")

    async def return_to_bot(self, request: web.Request) -> web.Response:
        return self._answer(await self.hub.handoffs.return_to_bot(request[agent_key],
                                                                  _handoff_id(request)))

    async def resolve(self, request: web.Request) -> web.Response:
        return self._answer(await self.hub.handoffs.resolve(request[agent_key],
                                                            _handoff_id(request)))

    async def conversation(self, request: web.Request) -> web.Response:
        cid = request.match_info["cid"]
        try:
            after = int(request.query.get("after_id", 0))
        except ValueError as e:
            raise Invalid("after_id must be a number.", "bad_after_id") from e
        await self._readable(request, cid)
        if after == 0:
            await self.hub.audit.record(request[agent_key].id, "open_transcript", cid)
        everything = await self.hub.store.messages_after(cid, 0)  # the suggestions read it all
        view = await self.hub.views.transcript(cid, after, everything if after == 0 else None)
        view["suggestions"] = await self.suggestions.for_messages(
            everything, view["conversation"]["language"])
        return web.json_response(view)

    async def send_message(self, request: web.Request) -> web.Response:
        data = await read_body(request)
        message = await self.hub.handoffs.agent_message(
            request[agent_key], request.match_info["cid"], data.get("text"), data.get("client_id"))
        return web.json_response({"message": message.to_json()})

    async def add_note(self, request: web.Request) -> web.Response:
        data = await read_body(request)
        cid = request.match_info["cid"]
        await self._readable(request, cid)
        note = await self.hub.handoffs.add_note(request[agent_key], cid, data.get("text"))
        return web.json_response({"note": note})

    async def canned_responses(self, request: web.Request) -> web.Response:
        return web.json_response(self.canned)

    async def kb_search(self, request: web.Request) -> web.Response:
        language = request.query.get("language") or None
        return web.json_response(await self.suggestions.search(request.query.get("q", ""),
                                                               language))

    async def websocket(self, request: web.Request) -> web.StreamResponse:
        # A page on another site must not open an agent's feed with the agent's cookie.
        if not origin_allowed(request.headers.get("Origin"), request.host, self.allowed_origins):
            return json_error(403, "bad_origin", "This page may not open the console's feed.")
        ws = web.WebSocketResponse(heartbeat=20, max_msg_size=16 * 1024)
        await ws.prepare(request)
        agent = request[agent_key]
        self.feed.join(ws, agent)
        await ws.send_json({"type": "queue", **await self.hub.views.queue_view(agent)})
        try:
            async for msg in ws:
                if msg.type != WSMsgType.TEXT:
                    continue
                try:
                    event = json.loads(msg.data)
                    if event.get("type") == "typing":
                        await self.hub.handoffs.agent_typing(agent, str(event["conversation_id"]),
                                                             bool(event.get("typing")))
                except (ValueError, KeyError, TypeError, AttributeError, DeskError):
                    await ws.send_json({"type": "error", "message": "Unreadable event."})
        finally:
            self.feed.leave(ws)
        return ws
