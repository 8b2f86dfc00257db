"""Time bot replies through Rasa's REST channel, with and without the knowledge base."""

from __future__ import annotations

import asyncio
import time
import uuid

import aiohttp

from eval.timing import percentiles_ms

# Each list is one conversation; the message measured is the last one.
KB_MESSAGES = [
    "how do I set up an anti-phishing code",
    "实名认证审核要多久",
    "what are the spot trading fees",
    "API怎么创建",
]
NO_KB_MESSAGES = ["hi", "谢谢", "are you a bot?", "再见"]


async def _time_messages(url: str, messages: list[str], rounds: int) -> tuple[list[float], int]:
    timings, errors = [], 0
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as session:
        for _ in range(rounds):
            for message in messages:
                body = {"sender": f"bench-{uuid.uuid4().hex[:8]}", "message": message}
                started = time.perf_counter()
                async with session.post(url, json=body) as response:
                    await response.read()
                    if response.status != 200:
                        errors += 1
                timings.append(time.perf_counter() - started)
    return timings, errors


def reply_latency(rest_url: str, rounds: int = 10) -> dict[str, dict[str, float]]:
    """Return p50/p95 (ms) and error counts for replies with and without KB search."""
    asyncio.run(_time_messages(rest_url, KB_MESSAGES[:1] + NO_KB_MESSAGES[:1], 1))  # warm up
    figures = {}
    for name, messages in (("knowledge base", KB_MESSAGES), ("no knowledge base", NO_KB_MESSAGES)):
        timings, errors = asyncio.run(_time_messages(rest_url, messages, rounds))
        figures[name] = {"n": len(timings), **percentiles_ms(timings), "errors": errors}
    return figures
