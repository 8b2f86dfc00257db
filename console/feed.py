"""The connected agent consoles: the hub pushes queue changes and messages through here."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from handoff.models import Agent


class ConsoleFeed:
    """Every open console websocket and the agent it belongs to."""

    def __init__(self) -> None:
        self._sockets: dict[web.WebSocketResponse, Agent] = {}

    def join(self, ws: web.WebSocketResponse, agent: Agent) -> None:
        """Start sending events to a console."""
        self._sockets[ws] = agent

    def leave(self, ws: web.WebSocketResponse) -> None:
        """Stop sending to a console that closed."""
        self._sockets.pop(ws, None)

    def online_agents(self) -> int:
        """How many distinct agents have a console open."""
        return len(self.online_agent_ids())

    def online_agent_ids(self) -> set[int]:
        """The agents with a console open."""
        return {agent.id for agent in self._sockets.values()}

    async def _send(self, ws: web.WebSocketResponse, event: dict[str, Any]) -> None:
        try:
            await ws.send_json(event)
        except (ConnectionResetError, RuntimeError):
            self.leave(ws)

    async def broadcast(self, event: dict[str, Any]) -> None:
        """Send an event to every console."""
        await asyncio.gather(*(self._send(ws, event) for ws in list(self._sockets)))

    async def close_all(self, app: web.Application | None = None) -> None:
        """Close every console's websocket (on shutdown, so it does not wait for them)."""
        for ws in list(self._sockets):
            await ws.close(code=1001, message=b"server shutting down")
        self._sockets.clear()

    async def send_each(self, make_event: Callable[[Agent], Awaitable[dict[str, Any]]]) -> None:
        """Send each console an event made for its own agent (e.g. their view of the queue)."""
        for ws, agent in list(self._sockets.items()):
            await self._send(ws, await make_event(agent))
