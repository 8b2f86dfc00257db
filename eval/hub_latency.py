"""Handoff latencies through the hub: escalation to console, agent message to widget."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import aiohttp
import numpy as np
import socketio
from aiohttp import web

from bot.app import create_app
from bot.settings import HubSettings
from desk.servers import free_port


async def _measure(rasa_url: str, work: Path, rounds: int) -> dict[str, dict[str, float]]:
    settings = HubSettings(database_url=f"sqlite+aiosqlite:///{work / 'bench.db'}",
                           rasa_url=rasa_url, load_knowledge_base=False)
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

    def stats(values: list[float]) -> dict[str, float]:
        ms = np.array(values) * 1000
        return {"n": len(ms), "p50": float(np.percentile(ms, 50)),
                "p95": float(np.percentile(ms, 95))}

    return {"escalation to console": stats(to_console), "agent message to widget": stats(to_widget)}


def handoff_latency(rasa_url: str, work: Path, rounds: int = 20) -> dict[str, dict[str, float]]:
    """Run the measurement against a running Rasa; return p50/p95 in milliseconds."""
    return asyncio.run(_measure(rasa_url, work, rounds))
