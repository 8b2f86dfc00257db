import asyncio

import pytest

from desk.errors import Invalid, NotFound
from storage.conversations import MAX_MESSAGE_CHARS, check_user_text


async def test_conversation_is_created_once_per_channel_user(store):
    first, second = await asyncio.gather(store.get_or_create("web", "s1"),
                                         store.get_or_create("web", "s1"))
    assert first.id == second.id
    assert (await store.get_or_create("telegram", "s1")).id != first.id


async def test_inbound_message_is_stored_once_however_often_it_arrives(store):
    conversation = await store.get_or_create("web", "s1")
    first, new = await store.add_message(conversation.id, "user", "hello", inbound_id="m-1")
    again, new_again = await store.add_message(conversation.id, "user", "hello",
                                               inbound_id="m-1")
    assert new and not new_again and again.id == first.id
    assert await store.count_messages(conversation.id) == 1


async def test_a_message_and_its_conversation_changes_are_written_together(store):
    conversation = await store.get_or_create("web", "s1")
    await store.add_message(conversation.id, "user", "你好", inbound_id="m-1",
                            conversation_updates={"language": "zh", "expecting": None})
    assert (await store.get(conversation.id)).language == "zh"
    # A repeat is not a new message: it changes nothing.
    _, new = await store.add_message(conversation.id, "user", "你好", inbound_id="m-1",
                                     conversation_updates={"language": "en"})
    assert not new and (await store.get(conversation.id)).language == "zh"

    await store.add_bot_messages(conversation.id, [("Which coin?", {"buttons": []})],
                                 {"expecting": "tx_hash"})
    assert (await store.get(conversation.id)).expecting == "tx_hash"


async def test_messages_after_replays_in_order(store):
    conversation = await store.get_or_create("web", "s1")
    ids = [(await store.add_message(conversation.id, "bot", f"m{i}"))[0].id for i in range(5)]
    replay = await store.messages_after(conversation.id, after_id=ids[1])
    assert [m.id for m in replay] == ids[2:]
    assert replay[0].to_json()["created_at"].endswith("Z")


async def test_a_bot_turn_is_stored_in_order_and_reads_back_as_returned(store, directory):
    conversation = await store.get_or_create("web", "s1")
    stored = await store.add_bot_messages(conversation.id, [
        ("**Fees**", {"buttons": [], "article": {"id": "fees", "title": "Fees"}}),
        ("Did this help?", {"buttons": [{"title": "Yes", "payload": "/affirm"}]}),
    ])
    replay = await store.messages_after(conversation.id)
    assert [m.to_json() for m in replay] == [m.to_json() for m in stored]
    assert [m.text for m in replay] == ["**Fees**", "Did this help?"]

    agent = await directory.create("ana", "Ana", "a long enough password")
    message, _ = await store.add_message(conversation.id, "agent", "Hi, Ana here",
                                         agent_id=agent.id)
    assert message.agent_name == "Ana"
    assert (await store.messages_after(conversation.id, stored[-1].id))[0].to_json() == \
        message.to_json()


@pytest.mark.parametrize(("text", "code"), [("", "empty_message"), ("   ", "empty_message"),
                                            ("x" * (MAX_MESSAGE_CHARS + 1), "message_too_long"),
                                            (None, "empty_message")])
def test_bad_text_is_refused_with_a_reason(text, code):
    with pytest.raises(Invalid) as e:
        check_user_text(text)
    assert e.value.code == code


async def test_unknown_conversation(store):
    with pytest.raises(NotFound):
        await store.get("c_missing")


async def test_rating_is_validated_and_stored_once_per_handoff(store, queue):
    from tests.support.databases import queued_conversation

    conversation, handoff = await queued_conversation(store, queue, "u1")
    with pytest.raises(Invalid):
        await store.rate(conversation.id, handoff.id, 6, None)
    await store.rate(conversation.id, handoff.id, 5, "quick and kind")
    with pytest.raises(Invalid) as e:
        await store.rate(conversation.id, handoff.id, 4, None)
    assert e.value.code == "already_rated"


async def test_agents_log_in_with_argon2_hashed_passwords(directory):
    agent = await directory.create("mia", "Mia", "correct horse 1")
    assert await directory.authenticate("mia", "correct horse 1") == agent
    assert await directory.authenticate("mia", "wrong") is None
    assert await directory.authenticate("nobody", "correct horse 1") is None
    token, csrf = await directory.start_session(agent.id)
    assert await directory.session(token) == (agent, csrf)
    await directory.end_session(token)
    assert await directory.session(token) is None
