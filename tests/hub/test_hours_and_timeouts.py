"""Outside business hours and when nobody claims in time, users are told honestly."""

from datetime import datetime, timezone

import pytest

from hub.app import create_app, hub_key
from hub.settings import BusinessHours, HubSettings
from tests.support.hub import WidgetUser, base_url

pytestmark = pytest.mark.slow


def test_business_hours():
    hours = BusinessHours.parse("09:00-18:00", "0-4", "Asia/Shanghai")
    monday_10_shanghai = datetime(2026, 11, 23, 2, 0, tzinfo=timezone.utc)
    saturday = datetime(2026, 11, 28, 2, 0, tzinfo=timezone.utc)
    assert hours.is_open(monday_10_shanghai)
    assert not hours.is_open(saturday)
    assert hours.next_opening(saturday).isoformat() == "2026-11-30T09:00:00+08:00"


@pytest.fixture
async def closed_hub(aiohttp_server, tmp_path, desk_servers):
    now = datetime.now(timezone.utc)
    closed_day = (now.weekday() + 3) % 7  # open on some other day only
    settings = HubSettings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'hub.db'}",
                           rasa_url=desk_servers.rasa_url, load_knowledge_base=False,
                           business_hours=BusinessHours.parse("09:00-17:00", str(closed_day), "UTC"),
                           claim_timeout_seconds=0)
    app = create_app(settings)
    server = await aiohttp_server(app)
    server.hub = app[hub_key]
    return server


async def test_outside_hours_the_user_learns_when_agents_are_back_and_can_leave_a_message(
        closed_hub):
    user = WidgetUser(base_url(closed_hub))
    await user.connect()
    await user.say("I want to talk to a person")
    state = await user.wait_for("handoff_state", lambda d: d["state"] == "queued")
    assert state["offline"] and state["next_open"]
    notice = await user.wait_for("bot_uttered", lambda d: "offline" in d["text"])
    assert "Leave your message" in notice["text"]

    await user.say("my withdrawal of 300 USDT is stuck since yesterday")
    conversation = await closed_hub.hub.store.get_by_channel("web", user.session_id)
    stored = [m.text for m in await closed_hub.hub.store.messages_after(conversation["id"])]
    assert "my withdrawal of 300 USDT is stuck since yesterday" in stored
    assert (await closed_hub.hub.queue.open_for(conversation["id"]))["state"] == "queued"
    await user.close()


async def test_nobody_claimed_in_time_the_user_is_told_once(closed_hub):
    user = WidgetUser(base_url(closed_hub))
    await user.connect()
    await user.say("I want to talk to a person")
    await user.wait_for("handoff_state", lambda d: d["state"] == "queued")
    assert await closed_hub.hub.notify_timeouts() == 1
    assert await closed_hub.hub.notify_timeouts() == 0
    notice = await user.wait_for("bot_uttered", lambda d: "Sorry for the wait" in d["text"])
    assert "stay in the queue" in notice["text"]
    await user.close()


async def test_bot_down_means_a_clear_message_and_a_person(aiohttp_server, tmp_path):
    from devtools.servers import free_port

    settings = HubSettings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'hub.db'}",
                           rasa_url=f"http://127.0.0.1:{free_port()}", load_knowledge_base=False)
    app = create_app(settings)
    server = await aiohttp_server(app)
    user = WidgetUser(base_url(server))
    await user.connect()
    ack = await user.say("my deposit is late")
    assert ack["id"] > 0  # stored, whatever the bot's state
    notice = await user.wait_for("bot_uttered", lambda d: d["sender"] == "system")
    assert "unavailable" in notice["text"]
    conversation = await app[hub_key].store.get_by_channel("web", user.session_id)
    assert (await app[hub_key].queue.open_for(conversation["id"]))["reason"] == "bot_unavailable"
    await user.close()
