"""A complaint beside another matter is heard: acknowledged once, and the case, if it
reaches a person, goes with the complaint and a higher priority. The flow still runs."""

import pytest

from desk.frustration import sounds_like_complaint


@pytest.mark.parametrize(("text", "ranking", "complains"), [
    ("withdrawal pending 3 days, this is ridiculous, I'll report you to the regulator", [], True),
    ("提币三天了还没到账 什么垃圾平台", [], True),
    ("WHERE IS MY MONEY!!!", [], True),
    ("my USDT withdrawal has been pending for 3 hours", [], False),
    ("提币一直显示审核中", [], False),
    ("my withdrawal is late", [{"name": "withdrawal_delay", "confidence": 0.7},
                               {"name": "complaint", "confidence": 0.35}], True),
    ("my withdrawal is late", [{"name": "withdrawal_delay", "confidence": 0.9},
                               {"name": "complaint", "confidence": 0.05}], False),
])
def test_a_complaint_is_read_from_words_or_the_runners_up(text, ranking, complains):
    assert sounds_like_complaint(text, ranking) is complains


async def test_an_angry_withdrawal_is_acknowledged_once_and_escalates_with_priority(
        widget_user, console, hub_server):
    user = await widget_user()
    await user.say("my withdrawal has been stuck for 3 days, this is a joke")
    heard = await user.wait_for("bot_uttered", lambda d: d["sender"] == "system")
    assert "complaint" in heard["text"]
    await user.wait_for("bot_uttered", lambda d: "Which coin" in d["text"])  # the flow runs
    await user.say("my withdrawal is STILL not here, ridiculous")
    await user.wait_for("bot_uttered", lambda d: "Which coin" in d["text"] and d["id"] > heard["id"] + 2)
    notices = [t for t in user.texts("system") if "complaint" in t]
    assert len(notices) == 1

    agent = await console()
    await user.say("I want to talk to a person")
    await user.wait_for("handoff_state", lambda d: d["state"] == "queued")
    handoff = (await agent.api("GET", "/api/queue"))["waiting"][0]
    assert handoff["priority"] == "high" and handoff["details"]["complaint"] is True


async def test_a_calm_message_is_not_taken_for_a_complaint(widget_user, console):
    user = await widget_user()
    await user.say("my withdrawal is late")
    await user.wait_for("bot_uttered", lambda d: "Which coin" in d["text"])
    assert user.texts("system") == []
    agent = await console()
    await user.say("I want to talk to a person")
    await user.wait_for("handoff_state", lambda d: d["state"] == "queued")
    assert (await agent.api("GET", "/api/queue"))["waiting"][0]["priority"] == "normal"
