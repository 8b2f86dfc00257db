"""The hub's Rasa channel: the bot's messages and the turn's intent in one answer."""

import uuid

import aiohttp
import pytest

pytestmark = pytest.mark.slow


@pytest.fixture
async def session():
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as session:
        yield session


async def test_a_turn_answers_with_messages_and_the_intent_rasa_stored(desk_servers, session):
    sender = f"hub-{uuid.uuid4().hex[:8]}"
    url = f"{desk_servers.rasa_url}/webhooks/hub/webhook"
    async with session.post(url, json={"sender": sender, "message": "what are the trading fees",
                                       "metadata": {"language": "en"}},
                            headers={"X-Desk-Secret": desk_servers.hub_secret}) as r:
        assert r.status == 200
        turn = await r.json()
    assert turn["intent"]["name"] == "fees" and 0 < turn["intent"]["confidence"] <= 1
    assert any("article" in (m.get("custom") or {}) for m in turn["messages"])
    ranking = turn["intent_ranking"]
    assert len(ranking) == 3 and ranking[0]["name"] == "fees"
    assert ranking[0]["confidence"] >= ranking[1]["confidence"] >= ranking[2]["confidence"]

    async with session.get(f"{desk_servers.rasa_url}/conversations/{sender}/tracker",
                           params={"token": desk_servers.token}) as r:
        latest = (await r.json())["latest_message"]
    assert latest["intent"]["name"] == turn["intent"]["name"]
    assert latest["intent"]["confidence"] == pytest.approx(turn["intent"]["confidence"], abs=1e-4)


@pytest.mark.parametrize("body", [{}, {"sender": "x"}, {"sender": "", "message": "hi"},
                                  {"sender": "x", "message": 42}, ["not", "an", "object"]])
async def test_a_malformed_request_is_refused_and_nothing_is_stored(desk_servers, session, body):
    async with session.post(f"{desk_servers.rasa_url}/webhooks/hub/webhook", json=body,
                            headers={"X-Desk-Secret": desk_servers.hub_secret}) as r:
        assert r.status == 400
        assert "sender" in (await r.json())["error"]
