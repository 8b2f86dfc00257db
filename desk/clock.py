"""Times as the desk stores and shows them: timezone-aware UTC, ISO 8601 with a Z."""

from __future__ import annotations

from datetime import datetime, timezone


def utcnow() -> datetime:
    """Timezone-aware now, in UTC."""
    return datetime.now(timezone.utc)


def iso(moment: datetime | None) -> str | None:
    """Format a stored time as ISO 8601 in UTC (SQLite hands times back without a zone)."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")
