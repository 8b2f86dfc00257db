"""What a handoff is: its states, priorities and reasons, the handoff row, the agent, and
the escalation request the bot sends. Defined once; the action server, the hub and the
console all use these."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Any

from pydantic import BaseModel, validator

from desk.clock import iso
from desk.errors import Forbidden


class HandoffState(str, Enum):
    """queued -> claimed -> (queued again on release) -> resolved | returned."""

    QUEUED = "queued"
    CLAIMED = "claimed"
    RESOLVED = "resolved"  # the agent solved it
    RETURNED = "returned"  # the agent handed the user back to the bot

    @property
    def is_open(self) -> bool:
        """Whether a person is (about to be) in charge."""
        return self in (HandoffState.QUEUED, HandoffState.CLAIMED)


OPEN_STATES = (HandoffState.QUEUED, HandoffState.CLAIMED)
CLOSED_STATES = (HandoffState.RESOLVED, HandoffState.RETURNED)


class Priority(str, Enum):
    """How soon an agent should take the conversation; stored as its rank (0 first)."""

    URGENT = "urgent"
    HIGH = "high"
    NORMAL = "normal"

    @property
    def rank(self) -> int:
        """The stored, sortable form: 0 urgent, 1 high, 2 normal."""
        return _RANKS[self]

    @classmethod
    def from_rank(cls, rank: int) -> Priority:
        """The priority stored as ``rank`` (normal for anything unknown)."""
        return next((p for p, r in _RANKS.items() if r == rank), cls.NORMAL)


_RANKS = {Priority.URGENT: 0, Priority.HIGH: 1, Priority.NORMAL: 2}


class HandoffReason(str, Enum):
    """Why a conversation went to a person."""

    URGENT = "urgent"  # a compromised account
    COMPLAINT = "complaint"
    OVERDUE_TRANSFER = "overdue_transfer"
    RECOVERY_REQUEST = "recovery_request"
    ASKED_FOR_HUMAN = "asked_for_human"
    LOW_CONFIDENCE = "low_confidence"
    BOT_UNAVAILABLE = "bot_unavailable"  # raised by the hub when Rasa does not answer


REASON_PRIORITY: dict[HandoffReason, Priority] = {
    HandoffReason.URGENT: Priority.URGENT,
    HandoffReason.COMPLAINT: Priority.HIGH,
    HandoffReason.OVERDUE_TRANSFER: Priority.NORMAL,
    HandoffReason.RECOVERY_REQUEST: Priority.NORMAL,
    HandoffReason.ASKED_FOR_HUMAN: Priority.NORMAL,
    HandoffReason.LOW_CONFIDENCE: Priority.NORMAL,
    HandoffReason.BOT_UNAVAILABLE: Priority.NORMAL,
}


class HandoffRequest(BaseModel):
    """The escalation the bot asks for: the custom payload ``{"handoff": {...}}``.

    The action server builds it (actions/escalation.py) and the hub reads it back; a field
    the hub does not know is kept in ``details`` rather than lost.
    """

    reason: HandoffReason = HandoffReason.ASKED_FOR_HUMAN
    priority: Priority | None = None
    language: str | None = None
    intent_ranking: list[dict[str, Any]] = []
    last_user_message: str | None = None
    details: dict[str, Any] = {}

    class Config:
        frozen = True
        extra = "allow"

    @validator("language")
    def _known_language(cls, value: str | None) -> str | None:  # noqa: N805 - pydantic
        return value if value in ("en", "zh") else None

    @property
    def effective_priority(self) -> Priority:
        """The priority asked for, else the reason's own."""
        return self.priority or REASON_PRIORITY[self.reason]

    def queue_details(self) -> dict[str, Any]:
        """Everything but reason and priority, as the console shows it."""
        return self.dict(exclude={"reason", "priority"}, exclude_none=True)

    def to_event(self) -> dict[str, Any]:
        """The JSON the action server sends."""
        return {**self.dict(exclude_none=True), "reason": self.reason.value,
                "priority": self.effective_priority.value}



@dataclass(frozen=True)
class Handoff:
    """One stretch of a conversation in human hands."""

    id: int
    conversation_id: str
    state: HandoffState
    reason: str
    priority: Priority
    language: str | None
    channel: str
    details: dict[str, Any]
    queued_at: datetime
    claimed_by: int | None = None
    claimed_at: datetime | None = None
    closed_at: datetime | None = None
    timeout_notified: bool = False

    @classmethod
    def from_row(cls, row: Any) -> Handoff:
        """Build it from a ``handoffs`` row."""
        return cls(
            id=row["id"], conversation_id=row["conversation_id"],
            state=HandoffState(row["state"]), reason=row["reason"],
            priority=Priority.from_rank(row["priority"]), language=row["language"],
            channel=row["channel"], details=row["details"] or {}, queued_at=row["queued_at"],
            claimed_by=row["claimed_by"], claimed_at=row["claimed_at"],
            closed_at=row["closed_at"], timeout_notified=bool(row["timeout_notified"]),
        )

    @property
    def ticket(self) -> str:
        """The case number users and agents quote: KX-<date queued>-<handoff id>."""
        queued = iso(self.queued_at) or ""
        return f"KX-{queued[:10].replace('-', '')}-{self.id:04d}"

    def to_json(self) -> dict[str, Any]:
        """The handoff shape of docs/hub-protocol.md (without the last message)."""
        return {
            "id": self.id,
            "ticket": self.ticket,
            "conversation_id": self.conversation_id,
            "state": self.state.value,
            "reason": self.reason,
            "priority": self.priority.value,
            "language": self.language,
            "channel": self.channel,
            "details": self.details,
            "queued_at": iso(self.queued_at),
            "claimed_by": self.claimed_by,
            "claimed_at": iso(self.claimed_at),
        }


class Role(str, Enum):
    """What an agent may do in the console."""

    AGENT = "agent"  # the queue, and the conversations they hold or held
    SUPERVISOR = "supervisor"  # everything: any transcript, force-release, reassign, the audit log


@dataclass(frozen=True)
class Agent:
    """A support agent's account, as the console and the hub see it (no password)."""

    id: int
    username: str
    display_name: str
    max_concurrent: int = 3
    role: Role = Role.AGENT
    active: bool = True

    @classmethod
    def from_row(cls, row: Any, id_column: str = "id") -> Agent:
        """Build it from an ``agents`` row (or a join that renames the id)."""
        return cls(row[id_column], row["username"], row["display_name"], row["max_concurrent"],
                   Role(row["role"] or Role.AGENT.value), bool(row["active"]))

    @property
    def is_supervisor(self) -> bool:
        """Whether the agent may act on every conversation."""
        return self.role is Role.SUPERVISOR

    def require_supervisor(self) -> None:
        """Raise ``Forbidden`` unless the agent is a supervisor."""
        if not self.is_supervisor:
            raise Forbidden("Only a supervisor can do this.", "supervisors_only")

    def to_json(self) -> dict[str, Any]:
        """The agent shape of docs/hub-protocol.md."""
        return {"id": self.id, "username": self.username, "display_name": self.display_name,
                "max_concurrent": self.max_concurrent, "role": self.role.value,
                "active": self.active}
