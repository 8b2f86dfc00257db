"""Handoff tests run on SQLite and on a real PostgreSQL server.

PostgreSQL comes from DESK_TEST_POSTGRES_URL (``scripts/start-postgres.sh`` prints one;
.ci/run sets it). Without it the PostgreSQL cases are skipped locally, and fail in CI.
"""

from __future__ import annotations

import asyncio
import os

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from handoff.agents import AgentDirectory
from handoff.queue import HandoffQueue
from storage.conversations import ConversationStore
from storage.engine import create_engine, migrate

POSTGRES_URL = os.environ.get("DESK_TEST_POSTGRES_URL")


def _reset_postgres(url: str) -> None:
    async def reset() -> None:
        engine = create_async_engine(url)
        async with engine.begin() as db:
            await db.execute(text("DROP SCHEMA public CASCADE"))
            await db.execute(text("CREATE SCHEMA public"))
        await engine.dispose()

    asyncio.run(reset())


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path) -> str:
    """A freshly migrated, empty database of each kind."""
    if request.param == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path / 'desk.db'}"
    else:
        if not POSTGRES_URL:
            if os.environ.get("CI"):
                pytest.fail("CI must set DESK_TEST_POSTGRES_URL (scripts/start-postgres.sh)")
            pytest.skip("DESK_TEST_POSTGRES_URL not set; run scripts/start-postgres.sh")
        url = POSTGRES_URL
        _reset_postgres(url)
    migrate(url)
    return url


@pytest.fixture
async def engine(database_url):
    engine = create_engine(database_url)
    yield engine
    await engine.dispose()


@pytest.fixture
def store(engine) -> ConversationStore:
    return ConversationStore(engine)


@pytest.fixture
def queue(engine) -> HandoffQueue:
    return HandoffQueue(engine, average_handle_seconds=300)


@pytest.fixture
def directory(engine) -> AgentDirectory:
    return AgentDirectory(engine)


async def queued_conversation(store, queue, user: str, priority: str = "normal"):
    conversation = await store.get_or_create("web", user)
    handoff, _ = await queue.create(conversation.id, "asked_for_human", priority, "web", "en", {})
    return conversation, handoff
