import asyncio

import pytest

from desk.errors import Conflict, NotFound
from handoff.models import Handoff
from tests.support.databases import queued_conversation


async def test_queue_orders_by_priority_then_waiting_time(store, queue):
    _, first = await queued_conversation(store, queue, "u1")
    _, second = await queued_conversation(store, queue, "u2")
    _, urgent = await queued_conversation(store, queue, "u3", priority="urgent")
    _, complaint = await queued_conversation(store, queue, "u4", priority="high")

    assert [h.id for h in await queue.waiting()] == [
        urgent.id, complaint.id, first.id, second.id]
    assert (await queue.position(second)).position == 4
    assert (await queue.position(urgent)).position == 1
    assert (await queue.position(second, agents_online=2)).eta_seconds == 600


async def test_a_conversation_is_queued_once_and_urgency_raises_its_priority(store, queue):
    conversation, handoff = await queued_conversation(store, queue, "u1")
    again, created = await queue.create(conversation.id, "urgent", "urgent", "web", "en", {})
    assert not created and again.id == handoff.id and again.priority == "urgent"
    assert len(await queue.waiting()) == 1
    assert (await store.get(conversation.id)).mode == "handoff"


async def test_fifty_concurrent_claims_have_exactly_one_winner(store, queue, directory):
    agents = [await directory.create(f"agent{i}", f"Agent {i}", "correct horse 1")
              for i in range(50)]
    _, handoff = await queued_conversation(store, queue, "u1")

    async def claim(agent):
        try:
            return await queue.claim(handoff.id, agent.id)
        except Conflict as e:
            return e

    results = await asyncio.gather(*(claim(a) for a in agents))
    winners = [r for r in results if isinstance(r, Handoff)]
    losers = [r for r in results if isinstance(r, Conflict)]
    assert len(winners) == 1 and len(losers) == 49
    assert all(e.code == "already_claimed" for e in losers)
    assert (await queue.get(handoff.id)).claimed_by == winners[0].claimed_by


async def test_agents_taking_next_get_each_conversation_exactly_once(store, queue, directory):
    agents = [await directory.create(f"a{i}", f"A {i}", "correct horse 1", max_concurrent=20)
              for i in range(6)]
    for i in range(30):
        await queued_conversation(store, queue, f"u{i}")

    async def drain(agent):
        taken = []
        while True:
            try:
                taken.append((await queue.take_next(agent.id)).id)
            except NotFound:
                return taken

    taken = [h for batch in await asyncio.gather(*(drain(a) for a in agents)) for h in batch]
    assert len(taken) == 30 and len(set(taken)) == 30
    assert await queue.waiting() == []


async def test_take_next_serves_the_most_urgent_first(store, queue, directory):
    agent = await directory.create("mia", "Mia", "correct horse 1")
    await queued_conversation(store, queue, "u1")
    _, urgent = await queued_conversation(store, queue, "u2", priority="urgent")
    assert (await queue.take_next(agent.id)).id == urgent.id


async def test_empty_queue_says_so(queue, directory):
    agent = await directory.create("mia", "Mia", "correct horse 1")
    with pytest.raises(NotFound) as e:
        await queue.take_next(agent.id)
    assert e.value.code == "queue_empty"


async def test_agents_have_a_limit(store, queue, directory):
    agent = await directory.create("mia", "Mia", "correct horse 1", max_concurrent=1)
    _, first = await queued_conversation(store, queue, "u1")
    _, second = await queued_conversation(store, queue, "u2")
    await queue.claim(first.id, agent.id)
    with pytest.raises(Conflict) as e:
        await queue.claim(second.id, agent.id)
    assert e.value.code == "at_capacity"


async def test_release_keeps_the_place_in_the_queue(store, queue, directory):
    agent = await directory.create("mia", "Mia", "correct horse 1")
    _, first = await queued_conversation(store, queue, "u1")
    await queued_conversation(store, queue, "u2")
    await queue.claim(first.id, agent.id)
    released = await queue.release(first.id, agent.id)
    assert released.state == "queued" and released.claimed_by is None
    assert (await queue.waiting())[0].id == first.id


async def test_transfer_return_and_resolve(store, queue, directory):
    mia = await directory.create("mia", "Mia", "correct horse 1")
    leo = await directory.create("leo", "Leo", "correct horse 1")
    conversation, handoff = await queued_conversation(store, queue, "u1")
    await queue.claim(handoff.id, mia.id)

    moved = await queue.transfer(handoff.id, mia.id, leo.id)
    assert moved.claimed_by == leo.id
    with pytest.raises(Conflict) as e:
        await queue.resolve(handoff.id, mia.id)  # no longer hers
    assert e.value.code == "not_yours"

    resolved = await queue.resolve(handoff.id, leo.id)
    assert resolved.state == "resolved" and resolved.closed_at is not None
    assert (await store.get(conversation.id)).mode == "bot"
    assert await queue.open_for(conversation.id) is None


async def test_overdue_handoffs_are_reported_once(store, queue):
    _, handoff = await queued_conversation(store, queue, "u1")
    assert [h.id for h in await queue.overdue(older_than_seconds=-1)] == [handoff.id]
    assert await queue.mark_timeout_notified(handoff.id)
    assert not await queue.mark_timeout_notified(handoff.id)
    assert await queue.overdue(older_than_seconds=-1) == []
