"""The SQL engine (SQLite under the data directory by default, PostgreSQL by URL) and its Base."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import DeclarativeBase

from assistant.extras import require_extra


class Base(DeclarativeBase):
    """Declarative base every table (conversations, users, feedback, Slack events) shares."""


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine with every table created; SQLite gets WAL and foreign keys."""
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        if url.startswith(("postgresql", "postgres")):
            require_extra("postgres", "DATABASE_URL=postgresql://...")
        engine = create_engine(url, pool_pre_ping=True)
    import assistant.tables  # noqa: F401 - registers every table on Base.metadata
    from assistant.migrations import upgrade_database

    upgrade_database(engine)  # Alembic, not create_all: tables change by revision
    return engine
