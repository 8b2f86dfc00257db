"""The handoff queue: who waits, in what order, and which agent holds what.

Order: priority first (urgent, then high, then normal), then waiting time. Every state
change is one conditional UPDATE (``... WHERE state = 'queued'``), so under any
concurrency exactly one agent wins a claim; on PostgreSQL, taking the next conversation
locks the candidate row with ``FOR UPDATE SKIP LOCKED`` so agents never wait on each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import and_, func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from desk.clock import utcnow
from desk.errors import Conflict, NotFound
from handoff.models import OPEN_STATES, Handoff, HandoffState, Priority
from storage.conversations import Mode, set_mode
from storage.schema import agents, handoffs

_QUEUED, _CLAIMED = HandoffState.QUEUED.value, HandoffState.CLAIMED.value


@dataclass(frozen=True)
class QueuePosition:
    """Where a waiting conversation stands."""

    position: int
    eta_seconds: int


class HandoffQueue:
    """Create handoffs and move them between the bot, the queue and the agents."""

    def __init__(self, engine: AsyncEngine, average_handle_seconds: int = 300) -> None:
        self.engine = engine
        self.average_handle_seconds = average_handle_seconds
        self._postgres = engine.dialect.name == "postgresql"

    async def open_for(self, conversation_id: str) -> Handoff | None:
        """Return the conversation's queued or claimed handoff, if any."""
        async with self.engine.connect() as db:
            row = (await db.execute(select(handoffs).where(
                handoffs.c.conversation_id == conversation_id,
                handoffs.c.state.in_([s.value for s in OPEN_STATES]),
            ).order_by(handoffs.c.id.desc()).limit(1))).mappings().first()
        return Handoff.from_row(row) if row else None

    async def get(self, handoff_id: int) -> Handoff:
        """Return a handoff by id."""
        async with self.engine.connect() as db:
            row = (await db.execute(select(handoffs).where(handoffs.c.id == handoff_id))
                   ).mappings().first()
        if row is None:
            raise NotFound(f"No handoff {handoff_id}.")
        return Handoff.from_row(row)

    async def latest_for(self, conversation_id: str) -> Handoff | None:
        """Return the conversation's most recent handoff in any state."""
        async with self.engine.connect() as db:
            row = (await db.execute(select(handoffs).where(
                handoffs.c.conversation_id == conversation_id
            ).order_by(handoffs.c.id.desc()).limit(1))).mappings().first()
        return Handoff.from_row(row) if row else None

    async def create(
        self,
        conversation_id: str,
        reason: str,
        priority: Priority,
        channel: str,
        language: str | None,
        details: dict[str, Any],
    ) -> tuple[Handoff, bool]:
        """Queue the conversation for a person; return the handoff and whether it is new.

        A conversation already waiting or held by an agent keeps its handoff; an urgent
        escalation raises the waiting one's priority instead of queueing twice.
        """
        existing = await self.open_for(conversation_id)
        priority = Priority(priority)
        if existing:
            if priority.rank < existing.priority.rank:
                async with self.engine.begin() as db:
                    await db.execute(update(handoffs).where(handoffs.c.id == existing.id)
                                     .values(priority=priority.rank))
                return await self.get(existing.id), False
            return existing, False
        async with self.engine.begin() as db:
            result = await db.execute(insert(handoffs).values(
                conversation_id=conversation_id, state=_QUEUED, reason=reason, priority=priority.rank,
                language=language, channel=channel, details=details, queued_at=utcnow(),
                timeout_notified=False))
            await set_mode(db, conversation_id, Mode.HANDOFF)
            handoff_id = result.inserted_primary_key[0]
        return await self.get(handoff_id), True

    async def position(self, handoff: Handoff, agents_online: int = 1) -> QueuePosition:
        """Return the handoff's place in the queue and an estimated wait."""
        async with self.engine.connect() as db:
            ahead = (await db.execute(select(func.count()).select_from(handoffs).where(
                handoffs.c.state == _QUEUED,
                or_(handoffs.c.priority < handoff.priority.rank,
                    and_(handoffs.c.priority == handoff.priority.rank,
                         handoffs.c.queued_at < handoff.queued_at)),
            ))).scalar_one()
        position = ahead + 1
        eta = self.average_handle_seconds * position // max(1, agents_online)
        return QueuePosition(position, eta)

    async def waiting(self) -> list[Handoff]:
        """Return the queued handoffs in the order they will be served."""
        async with self.engine.connect() as db:
            rows = (await db.execute(select(handoffs).where(handoffs.c.state == _QUEUED)
                                     .order_by(handoffs.c.priority, handoffs.c.queued_at,
                                               handoffs.c.id))).mappings().all()
        return [Handoff.from_row(r) for r in rows]

    async def held_by(self, agent_id: int) -> list[Handoff]:
        """Return the handoffs an agent holds."""
        async with self.engine.connect() as db:
            rows = (await db.execute(select(handoffs).where(
                handoffs.c.state == _CLAIMED, handoffs.c.claimed_by == agent_id
            ).order_by(handoffs.c.claimed_at))).mappings().all()
        return [Handoff.from_row(r) for r in rows]

    async def claimed_conversation_ids(self) -> list[str]:
        """Return the conversations an agent holds right now."""
        async with self.engine.connect() as db:
            rows = await db.execute(select(handoffs.c.conversation_id)
                                    .where(handoffs.c.state == _CLAIMED))
        return [r[0] for r in rows]

    async def _check_capacity(self, db, agent_id: int) -> None:
        agent = (await db.execute(select(agents.c.max_concurrent).where(agents.c.id == agent_id)
                                  )).scalar_one_or_none()
        if agent is None:
            raise NotFound(f"No agent {agent_id}.")
        held = (await db.execute(select(func.count()).select_from(handoffs).where(
            handoffs.c.state == _CLAIMED, handoffs.c.claimed_by == agent_id))).scalar_one()
        if held >= agent:
            raise Conflict(f"You already hold {held} conversations, your limit.", "at_capacity")

    async def claim(self, handoff_id: int, agent_id: int) -> Handoff:
        """Give a queued handoff to the agent; exactly one of several claimers wins."""
        async with self.engine.begin() as db:
            await self._check_capacity(db, agent_id)
            result = await db.execute(
                update(handoffs)
                .where(handoffs.c.id == handoff_id, handoffs.c.state == _QUEUED)
                .values(state=_CLAIMED, claimed_by=agent_id, claimed_at=utcnow()))
            if result.rowcount != 1:
                exists = (await db.execute(select(handoffs.c.state)
                                           .where(handoffs.c.id == handoff_id))).scalar_one_or_none()
                if exists is None:
                    raise NotFound(f"No handoff {handoff_id}.")
                raise Conflict("Another agent already took this conversation.", "already_claimed")
        return await self.get(handoff_id)

    async def take_next(self, agent_id: int) -> Handoff:
        """Claim the first conversation in the queue for the agent."""
        for _ in range(50):
            async with self.engine.begin() as db:
                await self._check_capacity(db, agent_id)
                candidate = (select(handoffs.c.id).where(handoffs.c.state == _QUEUED)
                             .order_by(handoffs.c.priority, handoffs.c.queued_at, handoffs.c.id)
                             .limit(1))
                if self._postgres:
                    candidate = candidate.with_for_update(skip_locked=True)
                handoff_id = (await db.execute(candidate)).scalar_one_or_none()
                if handoff_id is None:
                    raise NotFound("Nobody is waiting.", "queue_empty")
                result = await db.execute(
                    update(handoffs)
                    .where(handoffs.c.id == handoff_id, handoffs.c.state == _QUEUED)
                    .values(state=_CLAIMED, claimed_by=agent_id, claimed_at=utcnow()))
                if result.rowcount == 1:
                    break
            # On SQLite another agent won this row between our read and write: try the next.
        else:
            raise Conflict("The queue is too busy right now; try again.", "busy")
        return await self.get(handoff_id)

    async def _change_held(self, handoff_id: int, agent_id: int, **values: Any) -> Handoff:
        async with self.engine.begin() as db:
            result = await db.execute(
                update(handoffs)
                .where(handoffs.c.id == handoff_id, handoffs.c.state == _CLAIMED,
                       handoffs.c.claimed_by == agent_id)
                .values(**values))
            if result.rowcount != 1:
                raise Conflict("You don't hold this conversation.", "not_yours")
            if values.get("state") in (HandoffState.RESOLVED.value, HandoffState.RETURNED.value):
                conversation_id = (await db.execute(
                    select(handoffs.c.conversation_id).where(handoffs.c.id == handoff_id)
                )).scalar_one()
                await set_mode(db, conversation_id, Mode.BOT)
        return await self.get(handoff_id)

    async def release(self, handoff_id: int, agent_id: int) -> Handoff:
        """Put a held conversation back in the queue; it keeps its original place."""
        return await self._change_held(handoff_id, agent_id, state=_QUEUED, claimed_by=None,
                                       claimed_at=None)

    async def transfer(self, handoff_id: int, agent_id: int, to_agent_id: int) -> Handoff:
        """Hand a held conversation to another agent (within their limit)."""
        async with self.engine.begin() as db:
            await self._check_capacity(db, to_agent_id)
        return await self._change_held(handoff_id, agent_id, claimed_by=to_agent_id,
                                       claimed_at=utcnow())

    async def force_release(self, handoff_id: int) -> Handoff:
        """A supervisor puts a claimed conversation back in the queue, whoever holds it."""
        async with self.engine.begin() as db:
            result = await db.execute(
                update(handoffs).where(handoffs.c.id == handoff_id, handoffs.c.state == _CLAIMED)
                .values(state=_QUEUED, claimed_by=None, claimed_at=None))
        if result.rowcount != 1:
            await self.get(handoff_id)  # NotFound if there is no such handoff
            raise Conflict("Nobody holds this conversation.", "not_claimed")
        return await self.get(handoff_id)

    async def reassign(self, handoff_id: int, to_agent_id: int) -> Handoff:
        """A supervisor gives a queued or claimed conversation to an agent (within their limit)."""
        async with self.engine.begin() as db:
            await self._check_capacity(db, to_agent_id)
            result = await db.execute(
                update(handoffs).where(handoffs.c.id == handoff_id,
                                       handoffs.c.state.in_([_QUEUED, _CLAIMED]))
                .values(state=_CLAIMED, claimed_by=to_agent_id, claimed_at=utcnow()))
        if result.rowcount != 1:
            await self.get(handoff_id)
            raise Conflict("This conversation is already closed.", "closed")
        return await self.get(handoff_id)

    async def was_held_by(self, conversation_id: str, agent_id: int) -> bool:
        """Whether the agent holds or held one of the conversation's handoffs."""
        async with self.engine.connect() as db:
            found = (await db.execute(select(handoffs.c.id).where(
                handoffs.c.conversation_id == conversation_id,
                handoffs.c.claimed_by == agent_id).limit(1))).scalar_one_or_none()
        return found is not None

    async def return_to_bot(self, handoff_id: int, agent_id: int) -> Handoff:
        """End the handoff; the bot answers the user again."""
        return await self._change_held(handoff_id, agent_id, state=HandoffState.RETURNED.value,
                                       closed_at=utcnow())

    async def resolve(self, handoff_id: int, agent_id: int) -> Handoff:
        """Close the handoff as resolved; the bot answers any later message."""
        return await self._change_held(handoff_id, agent_id, state=HandoffState.RESOLVED.value,
                                       closed_at=utcnow())

    async def overdue(self, older_than_seconds: int) -> list[Handoff]:
        """Return queued handoffs nobody claimed in time whose users were not told yet."""
        cutoff = utcnow() - timedelta(seconds=older_than_seconds)
        async with self.engine.connect() as db:
            rows = (await db.execute(select(handoffs).where(
                handoffs.c.state == _QUEUED, handoffs.c.queued_at < cutoff,
                handoffs.c.timeout_notified.is_(False)))).mappings().all()
        return [Handoff.from_row(r) for r in rows]

    async def mark_timeout_notified(self, handoff_id: int) -> bool:
        """Record that the user was told about the wait; False if someone else already did."""
        async with self.engine.begin() as db:
            result = await db.execute(update(handoffs).where(
                handoffs.c.id == handoff_id, handoffs.c.timeout_notified.is_(False)
            ).values(timeout_notified=True))
        return result.rowcount == 1
