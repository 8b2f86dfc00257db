"""A user in the widget, an agent in the console, a scripted bot behind the hub."""

import asyncio

import pytest
import socketio
from mnemonic import Mnemonic
from sqlalchemy import select

from storage.schema import messages, ratings
from tests.support.hub import base_url


async def test_bot_answers_in_the_widget(widget_user):
    user = await widget_user()
    ack = await user.say("hi")
    assert ack["id"] > 0
    reply = await user.wait_for("bot_uttered", lambda d: d["sender"] == "bot")
    assert "Kestrel" in reply["text"]
    assert any(e == "bot_typing" for e, _ in user.events)


async def test_a_users_messages_sent_at_once_are_answered_one_after_the_other(widget_user,
                                                                                 hub_server,
                                                                                 fake_rasa):
    fake_rasa.delay_seconds = 0.2
    user = await widget_user()
    await asyncio.gather(user.say("hi", client_id="m1"),
                         user.say("what are the trading fees?", client_id="m2"))
    conversation = await hub_server.hub.store.get_by_channel("web", user.address)
    senders = [m.sender.value for m in await hub_server.hub.store.messages_after(conversation.id)]
    # Each message's bot turn is stored before the next message goes to the bot.
    assert senders == ["user", "bot", "user", "bot"]
    assert hub_server.hub.intake.users_being_served() == 0


async def test_escalation_reaches_the_console_and_they_talk_live(widget_user, console, hub_server,
                                                                 fake_rasa):
    agent = await console()
    await agent.open_ws()
    user = await widget_user()

    await user.say("I want to talk to a real person")
    state = await user.wait_for("handoff_state", lambda d: d["state"] == "queued")
    assert state["position"] == 1 and state["eta_seconds"] > 0
    queued = await agent.wait_for(lambda e: e["type"] == "queue" and e["waiting"])
    handoff = queued["waiting"][0]
    assert handoff["reason"] == "asked_for_human" and handoff["priority"] == "normal"
    assert handoff["details"]["intent_ranking"][0]["intent"] == "request_human"

    # the bot stays quiet while the user waits: the message reaches the agent, not Rasa
    await user.say("hello? anyone there")
    await agent.wait_for(lambda e: e["type"] == "message"
                         and e["message"]["text"] == "hello? anyone there")
    assert "hello? anyone there" not in fake_rasa.texts()

    await agent.api("POST", f"/api/handoffs/{handoff['id']}/claim")
    joined = await user.wait_for("handoff_state", lambda d: d["state"] == "claimed")
    assert joined["agent_name"] == "Mia"

    await agent.api("POST", f"/api/conversations/{handoff['conversation_id']}/messages",
                    {"text": "Hi, I'm Mia. How can I help?", "client_id": "a1"})
    reply = await user.wait_for("bot_uttered", lambda d: d["sender"] == "agent")
    assert reply["agent_name"] == "Mia" and reply["text"] == "Hi, I'm Mia. How can I help?"

    await user.say("my withdrawal is stuck")
    await agent.wait_for(lambda e: e["type"] == "message"
                         and e["message"]["text"] == "my withdrawal is stuck")

    await agent.api("POST", f"/api/handoffs/{handoff['id']}/resolve")
    await user.wait_for("rating_request")
    await user.wait_for("bot_uttered", lambda d: d["sender"] == "bot"
                        and "sort this out" in d["text"])
    assert fake_rasa.triggered == [(handoff["conversation_id"], "EXTERNAL_handoff_resolved")]
    assert (await user.sio.call("rating", {"session_id": user.session_id, "score": 5,
                                           "comment": "fast"}))["ok"]
    async with hub_server.hub.store.engine.connect() as db:
        stored = (await db.execute(select(ratings))).mappings().all()
    assert [(r["score"], r["comment"]) for r in stored] == [(5, "fast")]


async def test_an_urgent_case_jumps_the_queue(widget_user, console):
    agent = await console()
    calm = await widget_user()
    await calm.say("I want to talk to a person")
    await calm.wait_for("handoff_state", lambda d: d["state"] == "queued")
    hacked = await widget_user()
    await hacked.say("I was hacked, someone withdrew my BTC")
    await hacked.wait_for("handoff_state", lambda d: d["state"] == "queued" and d["position"] == 1)
    await calm.wait_for("handoff_state", lambda d: d["state"] == "queued" and d["position"] == 2)
    taken = (await agent.api("POST", "/api/queue/next"))["handoff"]
    assert taken["reason"] == "urgent" and taken["priority"] == "urgent"


async def test_handing_back_to_the_bot(widget_user, console, fake_rasa):
    agent = await console()
    user = await widget_user()
    await user.say("can I speak to a human agent please")
    await user.wait_for("handoff_state", lambda d: d["state"] == "queued")
    handoff = (await agent.api("POST", "/api/queue/next"))["handoff"]
    await agent.api("POST", f"/api/handoffs/{handoff['id']}/return")
    await user.wait_for("bot_uttered", lambda d: "back with you" in d["text"])
    await user.wait_for("handoff_state", lambda d: d["state"] == "returned")
    await user.say("how do I set up an anti-phishing code")
    answer = await user.wait_for("bot_uttered", lambda d: (d.get("article") or {}).get("id")
                                 == "anti-phishing-code")
    assert answer["sender"] == "bot"
    assert fake_rasa.texts()[-1] == "how do I set up an anti-phishing code"


async def test_a_pressed_button_shows_its_title_and_sends_its_payload(widget_user, hub_server,
                                                                      fake_rasa):
    user = await widget_user()
    await user.say("my deposit has not arrived")
    question = await user.wait_for("bot_uttered", lambda d: d["buttons"])
    payload = question["buttons"][0]["payload"]
    await user.say(payload)
    await user.wait_for("bot_uttered", lambda d: "TxID" in d["text"])
    assert fake_rasa.texts()[-1] == payload
    conversation = await hub_server.hub.store.get_by_channel("web", user.address)
    shown = [m.text for m in await hub_server.hub.store.messages_after(conversation.id)
             if m.sender.value == "user"]
    assert shown[-1] == "TRON (TRC20)"


async def test_reload_resumes_with_history_and_replays_only_what_is_new(widget_user):
    user = await widget_user()
    await user.say("hi")
    await user.wait_for("bot_uttered")
    await user.close()

    again = await widget_user(user.session_id)
    history = await again.wait_for("history")
    assert [m["sender"] for m in history["messages"]][:2] == ["user", "bot"]
    last_id = history["messages"][-1]["id"]

    await again.sio.emit("resume", {"session_id": again.session_id, "after_id": last_id})
    replay = await again.wait_for("history", lambda d: d is not history and d["messages"] == [])
    assert replay["messages"] == []


async def test_a_resent_message_is_stored_once_and_answered_once(widget_user, hub_server,
                                                                 fake_rasa):
    user = await widget_user()
    first = await user.say("hi", client_id="same-id")
    second = await user.say("hi", client_id="same-id")
    assert first["id"] == second["id"]
    async with hub_server.hub.store.engine.connect() as db:
        rows = (await db.execute(select(messages).where(messages.c.sender == "user"))).all()
    assert len(rows) == 1
    assert fake_rasa.texts() == ["hi"]


@pytest.mark.parametrize(("text", "code"), [("x" * 2001, "message_too_long"), ("  ", "empty_message")])
async def test_bad_messages_are_refused_and_nothing_is_stored(widget_user, hub_server, text, code):
    user = await widget_user()
    ack = await user.say(text)
    assert ack["error"]["code"] == code
    assert (await user.wait_for("error"))["code"] == code
    async with hub_server.hub.store.engine.connect() as db:
        assert (await db.execute(select(messages))).all() == []


async def test_message_without_a_session_is_refused(hub_server):
    client = socketio.AsyncClient(reconnection=False)
    await client.connect(base_url(hub_server), socketio_path="socket.io", transports=["polling"])
    ack = await client.call("user_uttered", {"message": "hi"}, timeout=10)
    await client.eio.disconnect(abort=True)
    assert ack["error"]["code"] == "unknown_session"


async def test_secrets_never_reach_the_database_the_bot_or_the_logs(widget_user, hub_server,
                                                                    fake_rasa, caplog):
    phrase = Mnemonic("english").generate(128)
    key = "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"
    user = await widget_user()
    await user.say(f"support told me to send my seed {phrase} and key {key}")
    warning = await user.wait_for("bot_uttered", lambda d: d["sender"] == "system")
    assert "never ask" in warning["text"]

    middle = " ".join(phrase.split()[2:10])
    async with hub_server.hub.store.engine.connect() as db:
        stored = " ".join(r[0] for r in (await db.execute(select(messages.c.text))).all())
    assert middle not in stored and key not in stored and "[redacted]" in stored
    sent_to_bot = " ".join(fake_rasa.texts())
    assert middle not in sent_to_bot and key not in sent_to_bot
    assert middle not in caplog.text and key not in caplog.text
    conversation = await hub_server.hub.store.get_by_channel("web", user.address)
    assert conversation.flagged_secret


async def test_a_hash_the_bot_asked_for_is_kept(widget_user, hub_server, fake_rasa):
    user = await widget_user()
    await user.say("TRC20")
    await user.wait_for("bot_uttered", lambda d: "TxID" in d["text"])
    tx = "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"
    await user.say(tx)
    await user.wait_for("bot_uttered", lambda d: d["sender"] == "bot" and d["id"] > 2)
    assert fake_rasa.texts()[-1] == tx  # a hash, not redacted as a private key


async def test_ticket_status_comes_from_the_hub(widget_user, console):
    agent = await console()
    user = await widget_user()
    await user.say("I want to talk to a person")
    opened = await user.wait_for("bot_uttered", lambda d: "case number" in d["text"])
    ticket = opened["text"].split()[-1].rstrip(".")
    assert ticket.startswith("KX-")
    handoff = (await agent.api("POST", "/api/queue/next"))["handoff"]
    assert handoff["ticket"] == ticket
    await agent.api("POST", f"/api/handoffs/{handoff['id']}/resolve")
    await user.wait_for("rating_request")

    await user.say("what's the status of my ticket?")
    status = await user.wait_for("bot_uttered", lambda d: d["sender"] == "system"
                                 and ticket in d["text"] and "resolved" in d["text"])
    assert status
