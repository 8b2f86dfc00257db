"""Outside business hours, when nobody claims in time and when the bot is down, users are
told honestly."""

from datetime import datetime, timezone

import pytest

from devtools.servers import free_port
from hub.hours import BusinessHours
from tests.support.hub import WidgetUser, base_url, hub_settings_for, start_hub


def test_business_hours():
    hours = BusinessHours.parse("09:00-18:00", "0-4", "Asia/Shanghai")
    monday_10_shanghai = datetime(2026, 11, 23, 2, 0, tzinfo=timezone.utc)
    saturday = datetime(2026, 11, 28, 2, 0, tzinfo=timezone.utc)
    assert hours.is_open(monday_10_shanghai)
    assert not hours.is_open(saturday)
    assert hours.next_opening(saturday).isoformat() == "2026-11-30T09:00:00+08:00"


@pytest.fixture
async def closed_hub(aiohttp_server, tmp_path, fake_rasa):
    closed_day = (datetime.now(timezone.utc).weekday() + 3) % 7  # open on some other day only
    settings = hub_settings_for(tmp_path, fake_rasa, business_hours="09:00-17:00",
                                business_days=str(closed_day), claim_timeout_seconds=0)
    return await start_hub(aiohttp_server, settings)


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
    conversation = await closed_hub.hub.store.get_by_channel("web", user.address)
    stored = [m.text for m in await closed_hub.hub.store.messages_after(conversation.id)]
    assert "my withdrawal of 300 USDT is stuck since yesterday" in stored
    assert (await closed_hub.hub.queue.open_for(conversation.id)).state.value == "queued"
    await user.close()


async def test_nobody_claimed_in_time_the_user_is_told_once(closed_hub):
    user = WidgetUser(base_url(closed_hub))
    await user.connect()
    await user.say("I want to talk to a person")
    await user.wait_for("handoff_state", lambda d: d["state"] == "queued")
    assert await closed_hub.hub.handoffs.notify_timeouts() == 1
    assert await closed_hub.hub.handoffs.notify_timeouts() == 0
    notice = await user.wait_for("bot_uttered", lambda d: "Sorry for the wait" in d["text"])
    assert "stay in the queue" in notice["text"]
    await user.close()


@pytest.mark.parametrize("trouble", ["nobody listens", "answers 500"])
async def test_bot_down_means_a_clear_message_and_a_person(aiohttp_server, tmp_path, fake_rasa,
                                                           trouble):
    overrides = {}
    if trouble == "nobody listens":
        overrides["rasa_url"] = f"http://127.0.0.1:{free_port()}"
    else:
        fake_rasa.down = True
    server = await start_hub(aiohttp_server, hub_settings_for(tmp_path, fake_rasa, **overrides))
    user = WidgetUser(base_url(server))
    await user.connect()
    ack = await user.say("my deposit is late")
    assert ack["id"] > 0  # stored, whatever the bot's state
    notice = await user.wait_for("bot_uttered", lambda d: d["sender"] == "system")
    assert "unavailable" in notice["text"]
    conversation = await server.hub.store.get_by_channel("web", user.address)
    assert (await server.hub.queue.open_for(conversation.id)).reason == "bot_unavailable"
    await user.close()


async def test_a_slow_bot_is_given_up_on_after_the_timeout(aiohttp_server, tmp_path, fake_rasa):
    fake_rasa.delay_seconds = 3
    server = await start_hub(aiohttp_server, hub_settings_for(tmp_path, fake_rasa,
                                                              rasa_timeout_seconds=0.5))
    user = WidgetUser(base_url(server))
    await user.connect()
    await user.say("hi")
    notice = await user.wait_for("bot_uttered", lambda d: d["sender"] == "system", timeout=10)
    assert "unavailable" in notice["text"]
    await user.close()
