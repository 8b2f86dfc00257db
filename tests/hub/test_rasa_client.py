"""The hub's Rasa client turns every way of not answering into BotUnavailable."""

import asyncio

import aiohttp
import pytest
from aiohttp import web

from hub.rasa_client import BotUnavailable, RasaClient


@pytest.fixture
async def rasa(aiohttp_server):
    async def hub_webhook(request):
        body = await request.json()
        if body["message"] == "slow":
            await asyncio.sleep(5)
        if body["message"] == "broken":
            return web.Response(status=500, text="boom")
        if body["message"] == "odd":
            return web.json_response([{"text": "a bare list, as Rasa's REST channel sends"}])
        return web.json_response({"messages": [{"recipient_id": body["sender"], "text": "Hi!"}],
                                  "intent": {"name": "greet", "confidence": 0.97}})

    app = web.Application()
    app.router.add_post("/webhooks/hub/webhook", hub_webhook)
    return await aiohttp_server(app)


async def test_a_turn_carries_the_messages_and_the_intent(rasa):
    async with aiohttp.ClientSession() as session:
        client = RasaClient(f"http://127.0.0.1:{rasa.port}", timeout=2, session=session)
        turn = await client.send("c_1", "hello")
    assert [m["text"] for m in turn.messages] == ["Hi!"]
    assert turn.intent == {"name": "greet", "confidence": 0.97}


@pytest.mark.parametrize(("text", "error"), [("slow", None), ("broken", "500"),
                                             ("odd", "unexpected answer")])
async def test_a_slow_failing_or_odd_rasa_is_unavailable_not_a_crash(rasa, text, error):
    async with aiohttp.ClientSession() as session:
        client = RasaClient(f"http://127.0.0.1:{rasa.port}", timeout=0.2, session=session)
        with pytest.raises(BotUnavailable, match=error):
            await client.send("c_1", text)
