"""A widget client cannot choose whose conversation it joins; logged-in users are who the
exchange says they are."""

import time

import jwt
import pytest

from identity.sessions import SessionIssuer
from identity.users import user_hash
from tests.support.hub import SESSION_SECRET, WidgetUser, base_url, hub_settings_for, start_hub

IDENTITY_SECRET = "exchange-backend-shared-secret-42"


async def test_a_made_up_session_id_gets_a_fresh_session_not_someone_elses(widget_user):
    victim = await widget_user()
    await victim.say("my withdrawal address is bc1qvictim...")
    attacker = await widget_user(victim.address)  # the bare id, as an old client would send
    assert attacker.session_id != victim.session_id
    history = await attacker.wait_for("history")
    assert history["messages"] == []


async def test_a_tampered_token_is_refused(widget_user):
    victim = await widget_user()
    await victim.say("hi")
    forged = victim.session_id[:-2] + ("AA" if not victim.session_id.endswith("AA") else "BB")
    attacker = await widget_user(forged)
    assert attacker.session_id != victim.session_id
    assert (await attacker.wait_for("history"))["messages"] == []


async def test_a_token_signed_with_another_key_is_refused(widget_user):
    other = SessionIssuer(b"someone-elses-signing-key-000000", 3600).issue()
    user = await widget_user(other.token)
    assert user.session_id != other.token


async def test_the_same_token_resumes_the_same_conversation(widget_user):
    user = await widget_user()
    await user.say("hi")
    again = await widget_user(user.session_id)
    assert again.session_id == user.session_id
    assert [m["text"] for m in (await again.wait_for("history"))["messages"]][0] == "hi"


def test_an_idle_session_expires():
    issuer = SessionIssuer(SESSION_SECRET.encode(), idle_seconds=3600)
    session = issuer.issue(now=1_000_000)
    read = issuer.read(session.token)
    assert read is not None and not issuer.expired(read, now=1_000_000 + 3000)
    assert issuer.expired(read, now=1_000_000 + 3601)
    assert not issuer.expired(read, last_active=1_000_000 + 3000, now=1_000_000 + 3601)


async def test_a_socket_that_switches_session_stops_hearing_the_first(widget_user, hub_server):
    user = await widget_user()
    first = user.session_id
    await user.sio.emit("session_request", {"session_id": None})
    await user.wait_for("session_confirm", lambda token: token != first)
    second = user.session_id
    assert second != first
    # Speaking for the first session from this socket is now refused.
    ack = await user.sio.call("user_uttered", {"message": "hi", "session_id": first}, timeout=10)
    assert ack["error"]["code"] == "unknown_session"
    ack = await user.sio.call("user_uttered", {"message": "hi", "session_id": second}, timeout=10)
    assert ack["id"] > 0


@pytest.fixture
async def identity_hub(aiohttp_server, tmp_path, fake_rasa):
    async def make(**overrides):
        settings = hub_settings_for(tmp_path, fake_rasa, identity_secret=IDENTITY_SECRET,
                                    **overrides)
        return await start_hub(aiohttp_server, settings)

    return make


async def _connect(server, user=None, session_id=None):
    client = WidgetUser(base_url(server))
    await client.sio.connect(client.url, socketio_path="socket.io", transports=["polling"])
    payload = {"session_id": session_id}
    if user is not None:
        payload["user"] = user
    await client.sio.emit("session_request", payload)
    return client


async def test_a_verified_user_has_one_conversation_across_devices(identity_hub, console):
    server = await identity_hub()
    claim = {"id": "u-1001", "hash": user_hash("u-1001", IDENTITY_SECRET), "name": "Lin",
             "attributes": {"vip_level": "3", "kyc_level": "2", "region": "SG"}}
    laptop = await _connect(server, claim)
    await laptop.wait_for("history")
    await laptop.say("my USDT withdrawal is stuck")
    phone = await _connect(server, claim)
    history = await phone.wait_for("history")
    assert [m["text"] for m in history["messages"]][0] == "my USDT withdrawal is stuck"
    conversation = await server.hub.store.get_by_channel("web", "user:u-1001")
    identity = conversation.identity_json()
    assert identity["verified"] and identity["user_id"] == "u-1001"
    assert identity["attributes"]["vip_level"] == "3" and not identity["attributes_verified"]
    for client in (laptop, phone):
        await client.close()


@pytest.mark.parametrize("claim", [
    {"id": "u-1001", "hash": "0" * 64},
    {"id": "u-1001", "hash": user_hash("u-1002", IDENTITY_SECRET)},
    {"id": "u-1001"},
    {"id": "../../etc", "hash": user_hash("../../etc", IDENTITY_SECRET)},
    {"token": "not.a.jwt"},
    {"token": jwt.encode({"sub": "u-1001", "exp": int(time.time()) + 600}, "wrong-key-xxxxxxxxxx",
                         algorithm="HS256")},
    {"token": jwt.encode({"sub": "u-1001", "exp": int(time.time()) - 10}, IDENTITY_SECRET,
                         algorithm="HS256")},
    {"token": jwt.encode({"sub": "u-1001"}, IDENTITY_SECRET, algorithm="HS256")},
])
async def test_a_wrong_identity_is_refused_with_a_clear_error(identity_hub, claim):
    server = await identity_hub()
    client = await _connect(server, claim)
    error = await client.wait_for("error")
    assert error["code"].startswith("identity_")
    assert not any(e == "session_confirm" for e, _ in client.events)
    await client.close()


async def test_a_signed_token_carries_verified_attributes(identity_hub):
    server = await identity_hub()
    token = jwt.encode({"sub": "u-77", "exp": int(time.time()) + 600, "name": "Ana",
                        "attributes": {"vip_level": "5"}}, IDENTITY_SECRET, algorithm="HS256")
    client = await _connect(server, {"token": token})
    await client.wait_for("history")
    conversation = await server.hub.store.get_by_channel("web", "user:u-77")
    assert conversation.attributes_verified and conversation.user_attributes == {"vip_level": "5"}
    await client.close()


async def test_verification_can_be_made_mandatory(identity_hub):
    server = await identity_hub(identity_required=True)
    client = await _connect(server)
    assert (await client.wait_for("error"))["code"] == "identity_required"
    await client.close()
