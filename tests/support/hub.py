"""The hub from its factory with real socket.io and console clients.

``hub_server`` runs against a fake Rasa (tests/support/fake_rasa.py): the hub's behaviour,
in seconds and without a model. ``real_hub_server`` puts the real Rasa and action servers
behind it, for the end-to-end tests.
"""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
import pytest
import socketio

from handoff.agents import AgentDirectory
from hub.app import create_app
from hub.keys import hub_key
from hub.settings import HubSettings
from tests.support.fake_rasa import FakeRasa

SESSION_SECRET = "test-session-signing-key-0123456789"


@pytest.fixture
async def fake_rasa(aiohttp_server) -> FakeRasa:
    rasa = FakeRasa()
    server = await aiohttp_server(rasa.app())
    rasa.url = f"http://127.0.0.1:{server.port}"
    return rasa


def hub_settings_for(tmp_path, bot, **overrides) -> HubSettings:
    """Settings for a test hub on its own SQLite file, talking to ``bot`` (a FakeRasa or
    the real servers' RunningDesk)."""
    return HubSettings(**{"database_url": f"sqlite+aiosqlite:///{tmp_path / 'hub.db'}",
                          "load_knowledge_base": False, "session_secret": SESSION_SECRET,
                          **bot.hub_settings(), **overrides})


async def start_hub(aiohttp_server, settings: HubSettings, **app_options):
    """Serve a hub app; the server carries its services as ``.hub``."""
    app = create_app(settings, **app_options)
    server = await aiohttp_server(app)
    server.hub = app[hub_key]
    return server


@pytest.fixture
def hub_settings(tmp_path, fake_rasa) -> HubSettings:
    return hub_settings_for(tmp_path, fake_rasa)


@pytest.fixture
async def hub_server(aiohttp_server, hub_settings):
    return await start_hub(aiohttp_server, hub_settings)


@pytest.fixture
async def real_hub_server(aiohttp_server, tmp_path, desk_servers):
    return await start_hub(aiohttp_server, hub_settings_for(tmp_path, desk_servers))


def base_url(server) -> str:
    return f"http://127.0.0.1:{server.port}"


class WidgetUser:
    """A widget client: a real socket.io connection that records every event."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.sio = socketio.AsyncClient(reconnection=False)
        self.events: list[tuple[str, Any]] = []
        self.session_id: str | None = None
        for name in ("session_confirm", "bot_uttered", "history", "handoff_state",
                     "agent_typing", "bot_typing", "rating_request", "error"):
            self.sio.on(name, self._recorder(name))

    def _recorder(self, name: str):
        async def record(data=None):
            self.events.append((name, data))
            if name == "session_confirm":
                self.session_id = data
        return record

    async def connect(self, session_id: str | None = None) -> None:
        # python-engineio's websocket client needs aiohttp 3.10, newer than Rasa allows;
        # the browser tests cover the widget's websocket transport.
        await self.sio.connect(self.url, socketio_path="socket.io", transports=["polling"])
        await self.sio.emit("session_request", {"session_id": session_id})
        await self.wait_for("history")

    @property
    def address(self) -> str:
        """The conversation's address in the hub: the id inside the signed session token."""
        return self.session_id.split(".")[1]

    async def say(self, text: str, client_id: str | None = None, language: str | None = None):
        data = {"message": text, "session_id": self.session_id}
        if client_id:
            data["client_id"] = client_id
        if language:
            data["customData"] = {"language": language}
        return await self.sio.call("user_uttered", data, timeout=60)

    async def wait_for(self, name: str, predicate=lambda data: True, timeout: float = 30):
        """Wait until an event of that name (matching the predicate) has arrived."""
        deadline = asyncio.get_running_loop().time() + timeout
        seen = 0
        while asyncio.get_running_loop().time() < deadline:
            for event, data in self.events[seen:]:
                if event == name and predicate(data):
                    return data
            await asyncio.sleep(0.05)
        raise AssertionError(f"no {name} event; got {[e for e, _ in self.events]}")

    def texts(self, sender: str | None = None) -> list[str]:
        return [d["text"] for e, d in self.events if e == "bot_uttered"
                and (sender is None or d.get("sender") == sender)]

    async def close(self) -> None:
        # abort: don't wait for the pending long-poll request to run out (~30 s).
        await self.sio.eio.disconnect(abort=True)


def _widget_users(server):
    users = []

    async def make(session_id: str | None = None) -> WidgetUser:
        user = WidgetUser(base_url(server))
        await user.connect(session_id)
        users.append(user)
        return user

    return make, users


@pytest.fixture
async def widget_user(hub_server):
    make, users = _widget_users(hub_server)
    yield make
    for user in users:
        await user.close()


@pytest.fixture
async def real_widget_user(real_hub_server):
    make, users = _widget_users(real_hub_server)
    yield make
    for user in users:
        await user.close()


class Console:
    """An agent's console session: cookie, CSRF token, JSON API and websocket."""

    def __init__(self, server, username: str, password: str) -> None:
        self.url = base_url(server)
        self.session = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
        self.username, self.password = username, password
        self.csrf = ""
        self.ws = None
        self.events: list[dict] = []

    async def login(self) -> dict:
        async with self.session.post(f"{self.url}/console/login",
                                     data={"username": self.username, "password": self.password}) as r:
            assert r.status == 200, await r.text()
            body = await r.json()
        self.csrf = body["csrf_token"]
        return body["agent"]

    async def api(self, method: str, path: str, json: dict | None = None, expect: int = 200):
        async with self.session.request(method, self.url + path, json=json,
                                        headers={"X-CSRF-Token": self.csrf}) as r:
            body = await r.json()
            assert r.status == expect, body
            return body

    async def open_ws(self) -> None:
        self.ws = await self.session.ws_connect(self.url.replace("http", "ws") + "/api/ws")
        asyncio.get_running_loop().create_task(self._read())

    async def _read(self) -> None:
        async for msg in self.ws:
            if msg.type == aiohttp.WSMsgType.TEXT:
                self.events.append(msg.json())

    async def wait_for(self, predicate, timeout: float = 30) -> dict:
        deadline = asyncio.get_running_loop().time() + timeout
        while asyncio.get_running_loop().time() < deadline:
            for event in self.events:
                if predicate(event):
                    return event
            await asyncio.sleep(0.05)
        raise AssertionError(f"no matching console event; got {[e['type'] for e in self.events]}")

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
        await self.session.close()


def _consoles(server):
    consoles = []

    async def make(username: str = "mia", display_name: str = "Mia", limit: int = 3) -> Console:
        directory = AgentDirectory(server.hub.store.engine)
        await directory.create(username, display_name, "correct horse 1", limit)
        c = Console(server, username, "correct horse 1")
        c.agent = await c.login()
        consoles.append(c)
        return c

    return make, consoles


@pytest.fixture
async def console(hub_server):
    make, consoles = _consoles(hub_server)
    yield make
    for c in consoles:
        await c.close()


@pytest.fixture
async def real_console(real_hub_server):
    make, consoles = _consoles(real_hub_server)
    yield make
    for c in consoles:
        await c.close()
