"""Floods are cut off with a clear error and a wait time: messages, new conversations,
requests for an agent, console logins."""

from handoff.agents import AgentDirectory
from handoff.models import HandoffRequest
from hub.limits import Limit, RateLimiter
from tests.support.hub import Console, WidgetUser, base_url, hub_settings_for, start_hub


def test_a_sliding_window_lets_events_through_again_after_it_passes():
    now = [0.0]
    limiter = RateLimiter(Limit(2, 10), "messages", clock=lambda: now[0])
    limiter.hit("a")
    limiter.hit("a")
    assert limiter.retry_after("a") == 10
    now[0] = 9.5
    assert limiter.retry_after("a") == 1
    now[0] = 10.0
    limiter.hit("a")
    assert limiter.retry_after("b") == 0


async def test_a_user_sending_too_fast_is_told_to_wait_and_nothing_is_stored(
        aiohttp_server, tmp_path, fake_rasa):
    server = await start_hub(aiohttp_server, hub_settings_for(tmp_path, fake_rasa,
                                                              limit_messages="3/60"))
    user = WidgetUser(base_url(server))
    await user.connect()
    for i in range(3):
        assert (await user.say(f"message {i}"))["id"] > 0
    refused = await user.say("one more")
    assert refused["error"]["code"] == "rate_limited" and refused["error"]["retry_after"] > 0
    conversation = await server.hub.store.get_by_channel("web", user.address)
    texts = [m.text for m in await server.hub.store.messages_after(conversation.id)]
    assert "one more" not in texts
    await user.close()


async def test_one_address_cannot_open_conversations_without_end(aiohttp_server, tmp_path,
                                                                 fake_rasa):
    server = await start_hub(aiohttp_server, hub_settings_for(tmp_path, fake_rasa,
                                                              limit_new_conversations="2/3600"))
    users = [WidgetUser(base_url(server)) for _ in range(3)]
    for user in users[:2]:
        await user.connect()
    third = users[2]
    await third.sio.connect(third.url, socketio_path="socket.io", transports=["polling"])
    await third.sio.emit("session_request", {"session_id": None})
    assert (await third.wait_for("error"))["code"] == "rate_limited"
    # A returning user with their own session is not a new conversation.
    again = WidgetUser(base_url(server))
    await again.connect(users[0].session_id)
    assert again.session_id == users[0].session_id
    for user in users + [again]:
        await user.close()


async def test_asking_for_agents_over_and_over_is_limited(aiohttp_server, tmp_path, fake_rasa):
    server = await start_hub(aiohttp_server, hub_settings_for(tmp_path, fake_rasa,
                                                              limit_escalations="1/3600"))
    hub = server.hub
    agent = await AgentDirectory(hub.store.engine).create("mia", "Mia", "correct horse 1")
    conversation = await hub.store.get_or_create("web", "flooder-session")
    first = await hub.handoffs.escalate(conversation, HandoffRequest())
    await hub.handoffs.claim(agent, first.id)
    await hub.handoffs.resolve(agent, first.id)
    assert await hub.handoffs.escalate(conversation, HandoffRequest()) is None
    notices = [m.text for m in await hub.store.messages_after(conversation.id)]
    assert any("several times" in text for text in notices)


async def test_the_sixth_failed_login_in_five_minutes_gets_429_even_with_the_right_password(
        hub_server):
    await AgentDirectory(hub_server.hub.store.engine).create("mia", "Mia", "correct horse 1")
    guesser = Console(hub_server, "mia", "wrong")
    statuses = []
    for _ in range(6):
        async with guesser.session.post(f"{guesser.url}/console/login",
                                        data={"username": "mia", "password": "wrong"}) as r:
            statuses.append(r.status)
    assert statuses == [401] * 5 + [429]
    async with guesser.session.post(f"{guesser.url}/console/login",
                                    data={"username": "mia", "password": "correct horse 1"}) as r:
        assert r.status == 429 and int(r.headers["Retry-After"]) > 0
        assert (await r.json())["error"] == "rate_limited"
    await guesser.close()


async def test_password_checks_run_off_the_event_loop(hub_server, monkeypatch):
    """argon2 is slow on purpose; on the loop's thread a login flood would stall every chat."""
    import threading

    from handoff import agents as agents_module

    directory = AgentDirectory(hub_server.hub.store.engine)
    await directory.create("mia", "Mia", "correct horse 1")
    loop_thread, seen = threading.get_ident(), []
    real = agents_module._hasher

    class RecordingHasher:
        def verify(self, *args):
            seen.append(threading.get_ident())
            return real.verify(*args)

        def __getattr__(self, name):
            return getattr(real, name)

    monkeypatch.setattr(agents_module, "_hasher", RecordingHasher())
    assert await directory.authenticate("mia", "correct horse 1") is not None
    assert await directory.authenticate("mia", "wrong") is None
    assert seen and loop_thread not in seen
