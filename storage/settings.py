"""Where the hub's database is: one setting, shared by the hub and the admin commands."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseSettings

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = f"sqlite+aiosqlite:///{PROJECT_ROOT / 'var' / 'desk.db'}"


class DatabaseSettings(BaseSettings):
    """``DESK_DATABASE_URL``: SQLite in ``var/`` by default, PostgreSQL in production."""

    database_url: str = DEFAULT_DATABASE_URL

    class Config:
        env_prefix = "DESK_"
        frozen = True
