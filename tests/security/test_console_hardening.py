"""The console: pages from other sites cannot open its feed or the widget's socket, pages
carry security headers, agents see only their work, supervisors see everything and what
everyone did."""

import aiohttp
import pytest

from handoff.agents import AgentDirectory
from handoff.models import HandoffRequest, Role
from tests.support.hub import Console, base_url, hub_settings_for, start_hub


async def test_a_page_on_another_site_cannot_open_the_console_feed(console):
    mia = await console()
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        await mia.session.ws_connect(mia.url.replace("http", "ws") + "/api/ws",
                                     headers={"Origin": "https://evil.example"})
    assert refused.value.status == 403
    ws = await mia.session.ws_connect(mia.url.replace("http", "ws") + "/api/ws",
                                      headers={"Origin": mia.url})
    assert (await ws.receive_json())["type"] == "queue"
    await ws.close()


@pytest.mark.parametrize(("origin", "allowed"), [("https://evil.example", False),
                                                 ("https://www.exchange.example", True)])
async def test_the_widget_socket_accepts_listed_sites_only(aiohttp_server, tmp_path, fake_rasa,
                                                           origin, allowed):
    server = await start_hub(aiohttp_server, hub_settings_for(
        tmp_path, fake_rasa, widget_origins="https://www.exchange.example"))
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{base_url(server)}/socket.io/?EIO=4&transport=polling",
                            headers={"Origin": origin}) as r:
            assert (r.status == 200) is allowed


@pytest.mark.parametrize("path", ["/", "/zh", "/console"])
async def test_pages_carry_a_strict_content_security_policy(hub_server, path):
    async with aiohttp.ClientSession() as http:
        async with http.get(base_url(hub_server) + path) as r:
            policy = r.headers["Content-Security-Policy"]
            assert "script-src 'self';" in policy and "unsafe-eval" not in policy
            assert "frame-ancestors" in policy and "object-src 'none'" in policy
            assert r.headers["X-Content-Type-Options"] == "nosniff"
            assert r.headers["Referrer-Policy"]


async def test_the_console_cookie_is_secure_behind_https(aiohttp_server, tmp_path, fake_rasa):
    server = await start_hub(aiohttp_server, hub_settings_for(
        tmp_path, fake_rasa, public_url="https://support.exchange.example"))
    await AgentDirectory(server.hub.store.engine).create("mia", "Mia", "correct horse 1")
    agent = Console(server, "mia", "correct horse 1")
    async with agent.session.post(f"{agent.url}/console/login",
                                  data={"username": "mia", "password": "correct horse 1"}) as r:
        assert "Secure" in r.headers["Set-Cookie"]
    await agent.close()


async def _supervisor(server) -> Console:
    directory = AgentDirectory(server.hub.store.engine)
    await directory.create("boss", "Boss", "correct horse 1", role=Role.SUPERVISOR)
    boss = Console(server, "boss", "correct horse 1")
    boss.agent = await boss.login()
    return boss


async def test_agents_see_only_the_queue_and_their_own_conversations(console, hub_server):
    mia, leo = await console("mia", "Mia"), await console("leo", "Leo")
    store, handoffs = hub_server.hub.store, hub_server.hub.handoffs
    private = await store.get_or_create("web", "never-escalated")
    assert (await mia.api("GET", f"/api/conversations/{private.id}", expect=403))["error"] \
        == "not_allowed"
    queued = await store.get_or_create("web", "waiting-user")
    handoff = await handoffs.escalate(queued, HandoffRequest())
    await mia.api("GET", f"/api/conversations/{queued.id}")  # in the queue: anyone may look
    await mia.api("POST", f"/api/handoffs/{handoff.id}/claim")
    await leo.api("GET", f"/api/conversations/{queued.id}", expect=403)  # Mia's now
    await mia.api("POST", f"/api/handoffs/{handoff.id}/resolve")
    await mia.api("GET", f"/api/conversations/{queued.id}")  # she held it
    await leo.api("GET", f"/api/conversations/{queued.id}", expect=403)
    assert (await leo.api("GET", "/api/audit", expect=403))["error"] == "supervisors_only"


async def test_supervisors_force_release_reassign_deactivate_and_read_the_audit_log(
        console, hub_server):
    mia, leo = await console("mia", "Mia"), await console("leo", "Leo")
    boss = await _supervisor(hub_server)
    conversation = await hub_server.hub.store.get_or_create("web", "stuck-user")
    handoff = await hub_server.hub.handoffs.escalate(conversation, HandoffRequest())
    await mia.api("POST", f"/api/handoffs/{handoff.id}/claim")
    await mia.api("POST", f"/api/handoffs/{handoff.id}/force-release", expect=403)
    released = await boss.api("POST", f"/api/handoffs/{handoff.id}/force-release")
    assert released["handoff"]["state"] == "queued"
    moved = await boss.api("POST", f"/api/handoffs/{handoff.id}/reassign",
                           {"agent_id": leo.agent["id"]})
    assert moved["handoff"]["claimed_by"] == leo.agent["id"]
    await boss.api("GET", f"/api/conversations/{conversation.id}")
    await boss.api("POST", f"/api/agents/{mia.agent['id']}/deactivate")
    assert (await mia.api("GET", "/api/queue", expect=401))["error"] == "not_logged_in"
    entries = (await boss.api("GET", "/api/audit"))["entries"]
    actions = [(e["username"], e["action"]) for e in reversed(entries)]
    assert actions == [("mia", "claim"), ("boss", "force_release"), ("boss", "reassign"),
                       ("boss", "open_transcript"), ("boss", "deactivate_agent")]


async def test_a_new_password_ends_every_session(console, hub_server):
    mia = await console()
    await AgentDirectory(hub_server.hub.store.engine).set_password("mia", "a brand new pass")
    assert (await mia.api("GET", "/api/queue", expect=401))["error"] == "not_logged_in"
