"""Agents: accounts with argon2 password hashes, login sessions and CSRF tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from desk.errors import Conflict, Invalid
from storage.schema import agent_sessions, agents, utcnow

_hasher = PasswordHasher()
# Verifying against this keeps a login for an unknown user as slow as a wrong password.
_DUMMY_HASH = _hasher.hash("not a real password")


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def agent_json(row: Any) -> dict[str, Any]:
    """The agent shape of docs/hub-protocol.md."""
    return {"id": row["id"], "username": row["username"], "display_name": row["display_name"],
            "max_concurrent": row["max_concurrent"]}


class AgentDirectory:
    """Create agents, check passwords, and keep their login sessions."""

    def __init__(self, engine: AsyncEngine, session_hours: int = 12) -> None:
        self.engine = engine
        self.session_lifetime = timedelta(hours=session_hours)

    async def create(self, username: str, display_name: str, password: str,
                     max_concurrent: int = 3) -> dict[str, Any]:
        """Create an agent; the password is stored only as an argon2 hash."""
        if len(password) < 8:
            raise Invalid("Passwords need at least 8 characters.", "weak_password")
        try:
            async with self.engine.begin() as db:
                result = await db.execute(insert(agents).values(
                    username=username, display_name=display_name,
                    password_hash=_hasher.hash(password), max_concurrent=max_concurrent,
                    created_at=utcnow()))
                agent_id = result.inserted_primary_key[0]
        except IntegrityError as e:
            raise Conflict(f"An agent called {username!r} exists.", "agent_exists") from e
        return await self.get(agent_id)

    async def get(self, agent_id: int) -> dict[str, Any]:
        """Return an agent by id."""
        async with self.engine.connect() as db:
            row = (await db.execute(select(agents).where(agents.c.id == agent_id))).mappings().one()
        return agent_json(row)

    async def all(self) -> list[dict[str, Any]]:
        """Return every agent."""
        async with self.engine.connect() as db:
            rows = (await db.execute(select(agents).order_by(agents.c.display_name))).mappings().all()
        return [agent_json(r) for r in rows]

    async def authenticate(self, username: str, password: str) -> dict[str, Any] | None:
        """Return the agent if the password is right, else None."""
        async with self.engine.connect() as db:
            row = (await db.execute(select(agents).where(agents.c.username == username))
                   ).mappings().first()
        try:
            _hasher.verify(row["password_hash"] if row else _DUMMY_HASH, password)
        except (VerificationError, InvalidHashError):
            return None
        if row is None:
            return None
        if _hasher.check_needs_rehash(row["password_hash"]):
            async with self.engine.begin() as db:
                await db.execute(update(agents).where(agents.c.id == row["id"])
                                 .values(password_hash=_hasher.hash(password)))
        return agent_json(row)

    async def start_session(self, agent_id: int) -> tuple[str, str]:
        """Open a login session; return (cookie token, CSRF token)."""
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        async with self.engine.begin() as db:
            await db.execute(insert(agent_sessions).values(
                token_hash=_token_hash(token), agent_id=agent_id, csrf_token=csrf,
                expires_at=utcnow() + self.session_lifetime))
        return token, csrf

    async def session(self, token: str | None) -> tuple[dict[str, Any], str] | None:
        """Return (agent, CSRF token) for a live session cookie, else None."""
        if not token:
            return None
        async with self.engine.connect() as db:
            row = (await db.execute(
                select(agent_sessions, agents).select_from(
                    agent_sessions.join(agents, agent_sessions.c.agent_id == agents.c.id))
                .where(agent_sessions.c.token_hash == _token_hash(token))
            )).mappings().first()
        if row is None:
            return None
        expires = row["expires_at"]
        now = utcnow() if expires.tzinfo else utcnow().replace(tzinfo=None)
        if expires < now:
            return None
        return agent_json({**row, "id": row["agent_id"]}), row["csrf_token"]

    async def end_session(self, token: str) -> None:
        """Log out."""
        async with self.engine.begin() as db:
            await db.execute(delete(agent_sessions)
                             .where(agent_sessions.c.token_hash == _token_hash(token)))
