"""The audit log: what each agent did, for supervisors. Rows are only ever added."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from desk.clock import iso, utcnow
from storage.schema import agents, audit_log


class AuditLog:
    """Record agents' actions (claim, transfer, resolve, return, note, open a transcript)."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    async def record(self, agent_id: int, action: str, conversation_id: str | None = None,
                     handoff_id: int | None = None, details: dict[str, Any] | None = None
                     ) -> None:
        """Add one entry."""
        async with self.engine.begin() as db:
            await db.execute(insert(audit_log).values(
                at=utcnow(), agent_id=agent_id, action=action, conversation_id=conversation_id,
                handoff_id=handoff_id, details=details or {}))

    async def recent(self, limit: int = 200, before_id: int | None = None,
                     conversation_id: str | None = None) -> list[dict[str, Any]]:
        """The newest entries first, with the agent's name."""
        query = (select(audit_log, agents.c.display_name, agents.c.username)
                 .select_from(audit_log.join(agents, audit_log.c.agent_id == agents.c.id))
                 .order_by(audit_log.c.id.desc()).limit(min(max(limit, 1), 1000)))
        if before_id is not None:
            query = query.where(audit_log.c.id < before_id)
        if conversation_id is not None:
            query = query.where(audit_log.c.conversation_id == conversation_id)
        async with self.engine.connect() as db:
            rows = (await db.execute(query)).mappings().all()
        return [{"id": r["id"], "at": iso(r["at"]), "agent_id": r["agent_id"],
                 "agent": r["display_name"], "username": r["username"], "action": r["action"],
                 "conversation_id": r["conversation_id"], "handoff_id": r["handoff_id"],
                 "details": r["details"] or {}} for r in rows]
