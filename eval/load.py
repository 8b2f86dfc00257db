"""Reply latency and throughput under concurrent conversations: hub widget vs Rasa direct.

The widget side speaks socket.io over a websocket (Engine.IO v4 framing, written out
here because python-engineio's websocket client needs a newer aiohttp than Rasa allows).
A message's latency is the time until the hub acknowledges it, which it does after the
bot's replies were stored and emitted; for Rasa, until the REST channel answers.

Two kinds of load: *back-to-back*, where each conversation sends its next message as soon
as the reply is in (the most the bot can take: throughput), and *paced*, where each user
reads the reply and types for 2 to 6 seconds first (what users of a busy desk see).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import random
import time
import uuid

import aiohttp

from eval.latency import KB_MESSAGES, NO_KB_MESSAGES
from eval.timing import percentiles_ms


class WidgetSocket:
    """A minimal socket.io client over a websocket: connect, emit with ack, answer pings."""

    def __init__(self, session: aiohttp.ClientSession, base_url: str) -> None:
        self.session = session
        self.url = base_url.replace("http", "ws") + "/socket.io/?EIO=4&transport=websocket"
        self._acks: dict[int, asyncio.Future] = {}
        self._ids = itertools.count(1)
        self._confirmed: asyncio.Future = asyncio.get_running_loop().create_future()

    async def connect(self) -> str:
        self.ws = await self.session.ws_connect(self.url)
        await self.ws.receive_str()  # Engine.IO open packet
        await self.ws.send_str("40")
        self._reader = asyncio.create_task(self._read())
        await self.ws.send_str('42["session_request",{"session_id":null}]')
        return await asyncio.wait_for(self._confirmed, 30)

    async def _read(self) -> None:
        async for message in self.ws:
            data = message.data
            if data == "2":
                await self.ws.send_str("3")
            elif data.startswith("43"):
                ack_id, _, body = data[2:].partition("[")
                future = self._acks.pop(int(ack_id), None)
                if future and not future.done():
                    future.set_result(json.loads("[" + body)[0])
            elif data.startswith('42["session_confirm"'):
                if not self._confirmed.done():
                    self._confirmed.set_result(json.loads(data[2:])[1])

    async def call(self, event: str, payload: dict, timeout: float = 60) -> dict:
        ack_id = next(self._ids)
        future = asyncio.get_running_loop().create_future()
        self._acks[ack_id] = future
        await self.ws.send_str(f"42{ack_id}" + json.dumps([event, payload]))
        return await asyncio.wait_for(future, timeout)

    async def close(self) -> None:
        await self.ws.close()
        self._reader.cancel()


THINK_SECONDS = (2.0, 6.0)


def _pauses(paced: bool, seed: int):
    """Seconds to wait before each message: none back-to-back, reading and typing if paced."""
    rng = random.Random(seed)
    while True:
        yield rng.uniform(*THINK_SECONDS) if paced else 0.0


async def _hub_conversation(session, url, messages, rounds, out, pauses) -> None:
    socket = WidgetSocket(session, url)
    session_id = await socket.connect()
    try:
        for _ in range(rounds):
            for text in messages:
                await asyncio.sleep(next(pauses))
                started = time.perf_counter()
                try:
                    ack = await socket.call("user_uttered", {"message": text,
                                                             "session_id": session_id})
                    out.append((time.perf_counter() - started, "error" in ack))
                except (asyncio.TimeoutError, aiohttp.ClientError):
                    out.append((time.perf_counter() - started, True))
    finally:
        await socket.close()


async def _rasa_conversation(session, rest_url, messages, rounds, out, pauses) -> None:
    sender = f"load-{uuid.uuid4().hex[:8]}"
    for _ in range(rounds):
        for text in messages:
            await asyncio.sleep(next(pauses))
            started = time.perf_counter()
            try:
                async with session.post(rest_url, json={"sender": sender, "message": text}) as r:
                    await r.read()
                    out.append((time.perf_counter() - started, r.status != 200))
            except (asyncio.TimeoutError, aiohttp.ClientError):
                out.append((time.perf_counter() - started, True))


async def _run(kind: str, target: str, messages: list[str], concurrency: int, rounds: int,
               paced: bool = False) -> dict:
    results: list[tuple[float, bool]] = []
    connector = aiohttp.TCPConnector(limit=concurrency + 10)
    async with aiohttp.ClientSession(connector=connector,
                                     timeout=aiohttp.ClientTimeout(total=120)) as session:
        conversation = _hub_conversation if kind == "hub" else _rasa_conversation
        started = time.perf_counter()
        await asyncio.gather(*(conversation(session, target, messages, rounds, results,
                                            _pauses(paced, seed))
                               for seed in range(concurrency)))
        wall = time.perf_counter() - started
    return {"messages": len(results), "errors": sum(r[1] for r in results),
            **percentiles_ms([r[0] for r in results], (50, 95, 99)),
            "per_second": len(results) / wall}


def load_test(hub_url: str, rest_url: str, levels=(1, 10, 50), paced_levels=(10, 50),
              rounds: int = 3) -> list[dict]:
    """Measure both paths at each level, with and without knowledge-base answers."""
    for kind, target in (("rasa", rest_url), ("hub", hub_url)):  # warm up: load models, caches
        asyncio.run(_run(kind, target, KB_MESSAGES + NO_KB_MESSAGES, 1, 1))
    plan = [(False, c) for c in levels] + [(True, c) for c in paced_levels]
    rows = []
    for paced, concurrency in plan:
        for label, messages in (("knowledge base", KB_MESSAGES), ("no knowledge base",
                                                                  NO_KB_MESSAGES)):
            for kind, target in (("rasa", rest_url), ("hub", hub_url)):
                figures = asyncio.run(_run(kind, target, messages, concurrency, rounds, paced))
                rows.append({"load": "paced" if paced else "back-to-back", "path": kind,
                             "replies": label, "concurrency": concurrency, **figures})
                print(f"  {rows[-1]['load']} {concurrency} {label} {kind}: "
                      f"p50 {figures['p50']:.0f} ms, p95 {figures['p95']:.0f} ms, "
                      f"{figures['errors']} errors", flush=True)
    return rows
