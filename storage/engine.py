"""The database engine, and schema migrations with Alembic."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import AsyncAdaptedQueuePool

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def create_engine(url: str) -> AsyncEngine:
    """Create the async engine; SQLite gets WAL and a busy timeout for concurrent writers."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database:
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        # SQLAlchemy's default for a SQLite file is no pool: every transaction would open
        # a connection (and aiosqlite a thread) and set the pragmas again.
        pooled = {"poolclass": AsyncAdaptedQueuePool, "pool_size": 5, "max_overflow": 10} \
            if parsed.database not in (None, "", ":memory:") else {}
        engine = create_async_engine(url, future=True, connect_args={"timeout": 30}, **pooled)

        @event.listens_for(engine.sync_engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        return engine
    return create_async_engine(url, future=True, pool_size=10, max_overflow=20,
                               pool_pre_ping=True)


def sync_url(url: str) -> str:
    """Return the URL with a synchronous driver, for Alembic."""
    parsed = make_url(url)
    drivers = {"sqlite": "sqlite", "postgresql": "postgresql+psycopg2"}
    return str(parsed.set(drivername=drivers[parsed.get_backend_name()]))


def migrate(url: str) -> None:
    """Bring the database schema up to date (``alembic upgrade head``)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", sync_url(url).replace("%", "%%"))
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database:
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    command.upgrade(config, "head")
