"""The hub's Rasa client turns every way of not answering into BotUnavailable."""

import asyncio

import aiohttp
import pytest
from aiohttp import web

from bot.rasa_client import BotUnavailable, RasaClient


@pytest.fixture
async def slow_rasa(aiohttp_server):
    async def slow(request):
        await asyncio.sleep(5)
        return web.json_response([])

    async def broken(request):
        return web.Response(status=500, text="boom")

    app = web.Application()
    app.router.add_post("/webhooks/rest/webhook", slow)
    app.router.add_get("/conversations/{sender}/tracker", broken)
    return await aiohttp_server(app)


async def test_a_slow_rasa_is_unavailable_not_a_crash(slow_rasa):
    async with aiohttp.ClientSession() as session:
        client = RasaClient(session, f"http://127.0.0.1:{slow_rasa.port}", timeout=0.2)
        with pytest.raises(BotUnavailable):
            await client.send("c_1", "hello")
        with pytest.raises(BotUnavailable, match="500"):
            await client.tracker("c_1")
