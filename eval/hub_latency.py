"""Latency through the hub: escalation to console, agent message to widget, its own cost."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import aiohttp
import socketio
from aiohttp import web

from bot.widget.channel import CHANNEL as WIDGET_CHANNEL
from devtools.servers import RunningDesk, free_port
from eval.load import WidgetSocket
from eval.timing import percentiles_ms
from hub.app import create_app
from hub.keys import hub_key
from hub.settings import HubSettings


async def _measure(desk: RunningDesk, work: Path, rounds: int) -> dict[str, dict[str, float]]:
    settings = HubSettings(database_url=f"sqlite+aiosqlite:///{work / 'bench.db'}",
                           load_knowledge_base=False, **desk.hub_settings())
    app = create_app(settings)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    url = f"http://127.0.0.1:{port}"
    await app["agent_directory"].create("bench", "Bench Agent", "benchmark password",
                                        max_concurrent=rounds + 1)

    to_console, to_widget = [], []
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        async with http.post(f"{url}/console/login",
                             data={"username": "bench", "password": "benchmark password"}) as r:
            csrf = (await r.json())["csrf_token"]
        ws = await http.ws_connect(url.replace("http", "ws") + "/api/ws")
        await ws.receive_json()  # the initial queue
        for _ in range(rounds):
            user = socketio.AsyncClient(reconnection=False)
            loop = asyncio.get_running_loop()
            confirmed, agent_said = loop.create_future(), loop.create_future()
            user.on("session_confirm", lambda sid, f=confirmed: f.done() or f.set_result(sid))
            user.on("bot_uttered", lambda d, f=agent_said: (
                d.get("sender") == "agent" and not f.done() and f.set_result(time.perf_counter())))
            # Polling: python-engineio's websocket client needs a newer aiohttp than Rasa allows.
            await user.connect(url, socketio_path="socket.io", transports=["polling"])
            await user.emit("session_request", {"session_id": None})
            session_id = await asyncio.wait_for(confirmed, 30)
            started = time.perf_counter()
            await user.emit("user_uttered", {"message": "I want to talk to a person",
                                             "session_id": session_id})
            handoff = None
            while handoff is None:
                event = await ws.receive_json(timeout=60)
                if event.get("type") == "queue" and event["waiting"]:
                    handoff = event["waiting"][-1]
            to_console.append(time.perf_counter() - started)
            async with http.post(f"{url}/api/handoffs/{handoff['id']}/claim",
                                 headers={"X-CSRF-Token": csrf}) as r:
                assert r.status == 200
            sent = time.perf_counter()
            async with http.post(f"{url}/api/conversations/{handoff['conversation_id']}/messages",
                                 json={"text": "Hi, how can I help?"},
                                 headers={"X-CSRF-Token": csrf}) as r:
                assert r.status == 200
            to_widget.append(await asyncio.wait_for(agent_said, 30) - sent)
            async with http.post(f"{url}/api/handoffs/{handoff['id']}/resolve",
                                 headers={"X-CSRF-Token": csrf}):
                pass
            await user.eio.disconnect(abort=True)  # no wait for the long-poll
        await ws.close()
    await runner.cleanup()

    return {"escalation to console": _stats(to_console),
            "agent message to widget": _stats(to_widget)}


def _stats(seconds: list[float]) -> dict[str, float]:
    return {"n": len(seconds), **percentiles_ms(seconds)}


def handoff_latency(desk: RunningDesk, work: Path, rounds: int = 20) -> dict[str, dict[str, float]]:
    """Run the measurement against a running Rasa; return p50/p95 in milliseconds."""
    return asyncio.run(_measure(desk, work, rounds))


# What an instant bot answers to every message: an article's text with its source and a
# "did this help?" question with buttons, the shape of a knowledge-base reply.
INSTANT_TURN = {
    "messages": [
        {"text": "**Deposit not credited?** Check the network, then the confirmations. " * 8},
        {"custom": {"article": {"id": "deposit-not-credited-checklist",
                                "title": "Deposit not credited"}}},
        {"text": "Did this answer your question?",
         "buttons": [{"title": "Yes", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}]},
    ],
    "intent": {"name": "deposit_delay", "confidence": 0.93},
}


async def _hub_own_cost(work: Path, messages: int) -> dict[str, dict[str, float]]:
    async def instant_bot(_request: web.Request) -> web.Response:
        return web.json_response(INSTANT_TURN)

    bot = web.Application()
    bot.router.add_post("/webhooks/hub/webhook", instant_bot)
    bot_runner = web.AppRunner(bot)
    await bot_runner.setup()
    bot_port = free_port()
    await web.TCPSite(bot_runner, "127.0.0.1", bot_port).start()

    settings = HubSettings(database_url=f"sqlite+aiosqlite:///{work / 'own-cost.db'}",
                           rasa_url=f"http://127.0.0.1:{bot_port}", load_knowledge_base=False)
    app = create_app(settings)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    hub = app[hub_key]

    in_process, widget = [], []
    async with aiohttp.ClientSession() as http:
        socket = WidgetSocket(http, f"http://127.0.0.1:{port}")
        session_id = await socket.connect()
        for i in range(messages + 10):  # the first ten warm up
            started = time.perf_counter()
            await hub.intake.user_message(WIDGET_CHANNEL, f"own-cost-{i % 10}", "my deposit has not arrived")
            elapsed = time.perf_counter() - started
            started = time.perf_counter()
            await socket.call("user_uttered", {"message": "my deposit has not arrived",
                                               "session_id": session_id})
            if i >= 10:
                in_process.append(elapsed)
                widget.append(time.perf_counter() - started)
        await socket.close()
    await runner.cleanup()
    await bot_runner.cleanup()

    return {"hub's own work": _stats(in_process),
            "through the widget's websocket": _stats(widget)}


def hub_own_cost(work: Path, messages: int = 200) -> dict[str, dict[str, float]]:
    """The hub's latency with a bot that answers at once: its own work, then via a websocket.

    *Own work*: ``UserIntake.user_message`` called in-process (store the message, ask the bot over
    HTTP, store and emit its replies). *Through the websocket*: the same from a widget
    client, until the hub acknowledges. Rasa's own time is not in either.
    """
    return asyncio.run(_hub_own_cost(work, messages))
