"""Agents: accounts with argon2 password hashes, login sessions and CSRF tokens."""

from __future__ import annotations

import asyncio
import hashlib
import secrets
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from desk.clock import utcnow
from desk.errors import Conflict, Invalid, NotFound
from handoff.models import Agent, Role
from storage.schema import agent_sessions, agents

_hasher = PasswordHasher()
# Verifying against this keeps a login for an unknown user as slow as a wrong password.
_DUMMY_HASH = _hasher.hash("not a real password")


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def _off_loop(function, *args):
    # argon2 is deliberately slow (tens of ms): on the event loop it would stall every chat.
    return await asyncio.get_running_loop().run_in_executor(None, function, *args)


class AgentDirectory:
    """Create agents, check passwords, and keep their login sessions."""

    def __init__(self, engine: AsyncEngine, session_hours: int = 12) -> None:
        self.engine = engine
        self.session_lifetime = timedelta(hours=session_hours)

    async def create(self, username: str, display_name: str, password: str,
                     max_concurrent: int = 3, role: Role = Role.AGENT) -> Agent:
        """Create an agent; the password is stored only as an argon2 hash."""
        password_hash = await self._hash(password)
        try:
            async with self.engine.begin() as db:
                result = await db.execute(insert(agents).values(
                    username=username, display_name=display_name,
                    password_hash=password_hash, max_concurrent=max_concurrent,
                    role=Role(role).value, active=True,
                    created_at=utcnow()))
                agent_id = result.inserted_primary_key[0]
        except IntegrityError as e:
            raise Conflict(f"An agent called {username!r} exists.", "agent_exists") from e
        return await self.get(agent_id)

    @staticmethod
    async def _hash(password: str) -> str:
        if len(password) < 8:
            raise Invalid("Passwords need at least 8 characters.", "weak_password")
        return await _off_loop(_hasher.hash, password)

    async def set_password(self, username: str, password: str) -> None:
        """Give an agent a new password and end every session they had."""
        password_hash = await self._hash(password)
        async with self.engine.begin() as db:
            agent_id = (await db.execute(select(agents.c.id).where(agents.c.username == username))
                        ).scalar_one_or_none()
            if agent_id is None:
                raise NotFound(f"No agent called {username!r}.", "unknown_agent")
            await db.execute(update(agents).where(agents.c.id == agent_id)
                             .values(password_hash=password_hash))
            await db.execute(delete(agent_sessions).where(agent_sessions.c.agent_id == agent_id))

    async def set_role(self, username: str, role: Role) -> None:
        """Make an agent a supervisor, or an agent again."""
        async with self.engine.begin() as db:
            result = await db.execute(update(agents).where(agents.c.username == username)
                                      .values(role=Role(role).value))
        if result.rowcount != 1:
            raise NotFound(f"No agent called {username!r}.", "unknown_agent")

    async def set_active(self, agent_id: int, active: bool) -> Agent:
        """Deactivate an agent (their sessions end at once) or bring them back."""
        async with self.engine.begin() as db:
            result = await db.execute(update(agents).where(agents.c.id == agent_id)
                                      .values(active=active))
            if result.rowcount != 1:
                raise NotFound(f"No agent {agent_id}.", "unknown_agent")
            if not active:
                await db.execute(delete(agent_sessions).where(agent_sessions.c.agent_id == agent_id))
        return await self.get(agent_id)

    async def get(self, agent_id: int) -> Agent:
        """Return an agent by id."""
        async with self.engine.connect() as db:
            row = (await db.execute(select(agents).where(agents.c.id == agent_id))).mappings().first()
        if row is None:
            raise NotFound(f"No agent {agent_id}.", "unknown_agent")
        return Agent.from_row(row)

    async def all(self) -> list[Agent]:
        """Return every agent."""
        async with self.engine.connect() as db:
            rows = (await db.execute(select(agents).order_by(agents.c.display_name))).mappings().all()
        return [Agent.from_row(r) for r in rows]

    async def authenticate(self, username: str, password: str) -> Agent | None:
        """Return the agent if the password is right, else None."""
        async with self.engine.connect() as db:
            row = (await db.execute(select(agents).where(agents.c.username == username))
                   ).mappings().first()
        try:
            await _off_loop(_hasher.verify, row["password_hash"] if row else _DUMMY_HASH, password)
        except (VerificationError, InvalidHashError):
            return None
        if row is None or not row["active"]:
            return None
        if _hasher.check_needs_rehash(row["password_hash"]):
            rehashed = await _off_loop(_hasher.hash, password)
            async with self.engine.begin() as db:
                await db.execute(update(agents).where(agents.c.id == row["id"])
                                 .values(password_hash=rehashed))
        return Agent.from_row(row)

    async def start_session(self, agent_id: int) -> tuple[str, str]:
        """Open a login session; return (cookie token, CSRF token)."""
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        async with self.engine.begin() as db:
            await db.execute(insert(agent_sessions).values(
                token_hash=_token_hash(token), agent_id=agent_id, csrf_token=csrf,
                expires_at=utcnow() + self.session_lifetime))
        return token, csrf

    async def session(self, token: str | None) -> tuple[Agent, str] | None:
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
        if expires < now or not row["active"]:
            return None
        return Agent.from_row(row, id_column="agent_id"), row["csrf_token"]

    async def end_session(self, token: str) -> None:
        """Log out."""
        async with self.engine.begin() as db:
            await db.execute(delete(agent_sessions)
                             .where(agent_sessions.c.token_hash == _token_hash(token)))
