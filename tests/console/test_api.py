"""The console's HTTP API: login, CSRF, errors, claims."""

import asyncio

from handoff.models import HandoffRequest
from tests.support.hub import Console, base_url


async def test_api_needs_a_login(hub_server, aiohttp_client):
    client = await aiohttp_client(hub_server)
    response = await client.get("/api/queue")
    assert response.status == 401 and (await response.json())["error"] == "not_logged_in"


async def test_wrong_password_is_refused(console, hub_server):
    await console()
    intruder = Console(hub_server, "mia", "wrong password")
    async with intruder.session.post(f"{base_url(hub_server)}/console/login",
                                     data={"username": "mia", "password": "nope"}) as r:
        assert r.status == 401
    await intruder.close()


async def test_session_cookie_is_httponly_and_samesite(console, hub_server):
    agent = await console()
    async with agent.session.post(f"{agent.url}/console/login",
                                  data={"username": "mia", "password": "correct horse 1"}) as r:
        cookie = r.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie


async def test_changes_need_the_csrf_token(console):
    agent = await console()
    agent.csrf = "forged"
    body = await agent.api("POST", "/api/queue/next", expect=403)
    assert body["error"] == "bad_csrf_token"


async def test_claim_conflicts_are_clear(console, hub_server):
    mia, leo = await console("mia", "Mia"), await console("leo", "Leo")
    conversation = await hub_server.hub.store.get_or_create("web", "session-1234")
    handoff = await hub_server.hub.handoffs.escalate(conversation, HandoffRequest())

    async def claim(agent):
        async with agent.session.post(f"{agent.url}/api/handoffs/{handoff.id}/claim",
                                      headers={"X-CSRF-Token": agent.csrf}) as r:
            return r.status, await r.json()

    results = sorted(await asyncio.gather(claim(mia), claim(leo)), key=lambda r: r[0])
    assert [status for status, _ in results] == [200, 409]
    assert results[1][1]["error"] == "already_claimed"


async def test_agents_cannot_write_to_conversations_they_do_not_hold(console, hub_server):
    mia = await console()
    conversation = await hub_server.hub.store.get_or_create("web", "session-1234")
    await hub_server.hub.handoffs.escalate(conversation, HandoffRequest())
    body = await mia.api("POST", f"/api/conversations/{conversation.id}/messages",
                         {"text": "hello"}, expect=409)
    assert body["error"] == "not_yours"


async def test_transfer_to_an_unknown_agent_is_not_found(console, hub_server):
    mia = await console()
    conversation = await hub_server.hub.store.get_or_create("web", "session-1234")
    handoff = await hub_server.hub.handoffs.escalate(conversation, HandoffRequest())
    await mia.api("POST", f"/api/handoffs/{handoff.id}/claim")
    body = await mia.api("POST", f"/api/handoffs/{handoff.id}/transfer", {"agent_id": 999},
                         expect=404)
    assert body["error"] == "unknown_agent"
    body = await mia.api("POST", f"/api/handoffs/{handoff.id}/transfer", {"agent_id": "x"},
                         expect=400)
    assert body["error"] == "bad_agent"


async def test_unknown_conversation_and_bad_json(console):
    mia = await console()
    assert (await mia.api("GET", "/api/conversations/c_nope", expect=404))["error"] \
        == "unknown_conversation"
    async with mia.session.post(f"{mia.url}/api/queue/next", data="{not json",
                                headers={"X-CSRF-Token": mia.csrf,
                                         "Content-Type": "application/json"}) as r:
        assert r.status in (400, 404)


async def test_notes_and_canned_responses(console, hub_server):
    mia = await console()
    conversation = await hub_server.hub.store.get_or_create("web", "session-1234")
    await hub_server.hub.handoffs.escalate(conversation, HandoffRequest())
    await mia.api("POST", f"/api/conversations/{conversation.id}/notes",
                  {"text": "VIP user, be quick"})
    view = await mia.api("GET", f"/api/conversations/{conversation.id}")
    assert [n["text"] for n in view["notes"]] == ["VIP user, be quick"]
    canned = await mia.api("GET", "/api/canned")
    assert all(c["text"]["en"] and c["text"]["zh"] for c in canned)
