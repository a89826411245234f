"""The SQL engine (SQLite under the data directory by default, PostgreSQL by URL) and its Base.

Writes go through `write`: one transaction, begun IMMEDIATE on SQLite so a busy database waits
for the lock (busy_timeout) instead of failing on upgrade, and retried a bounded number of times
when the engine still reports it busy or a concurrent writer took the same unique key.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DatabaseError, IntegrityError, OperationalError
from sqlalchemy.orm import DeclarativeBase, Session

from assistant.extras import require_extra

log = logging.getLogger(__name__)
T = TypeVar("T")
WRITE_ATTEMPTS = 5
BUSY_TIMEOUT_MS = 10_000
_BUSY_MARKERS = ("database is locked", "database is busy", "could not serialize", "deadlock")


class Base(DeclarativeBase):
    """Declarative base every table (conversations, users, feedback, Slack events) shares."""


class DatabaseUnusable(RuntimeError):
    """The database file cannot be opened or read (corrupt, not a database, no permission)."""


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN itself (see _sqlite_begin)
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    # In WAL mode NORMAL syncs at checkpoints, not at every commit: still never corrupt, and a
    # crash of the process loses nothing; only a power cut may lose the last few commits.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def _sqlite_begin(connection: Any) -> None:
    options = connection.get_execution_options()
    if options.get("isolation_level") == "AUTOCOMMIT":  # e.g. VACUUM, which needs no BEGIN
        return
    connection.exec_driver_sql(f"BEGIN {options.get('sqlite_begin', 'DEFERRED')}")


def is_busy(exc: BaseException) -> bool:
    """A lock or serialisation conflict that a retry can get past."""
    return isinstance(exc, OperationalError) and any(
        marker in str(exc).lower() for marker in _BUSY_MARKERS
    )


_sqlite_write_locks: dict[str, threading.RLock] = {}
_sqlite_write_locks_guard = threading.Lock()


@contextmanager
def _one_writer(engine: Engine) -> Iterator[None]:
    """On SQLite, this process's writers take turns on a lock before BEGIN IMMEDIATE.

    SQLite lets one writer in at a time; a thread refused the database lock waits in SQLite's
    busy handler, which polls with sleeps of up to 100 ms. Threads of one process queue here
    instead and start the moment the previous write commits; other processes still meet at
    SQLite's lock (busy_timeout and the retries below).
    """
    if engine.dialect.name != "sqlite":
        yield
        return
    key = str(engine.url)
    with _sqlite_write_locks_guard:
        lock = _sqlite_write_locks.setdefault(key, threading.RLock())
    with lock:
        yield


def writer(engine: Engine) -> Engine:
    """The engine for write transactions (BEGIN IMMEDIATE on SQLite)."""
    if engine.dialect.name == "sqlite":
        return engine.execution_options(sqlite_begin="IMMEDIATE")
    return engine


def write(
    engine: Engine,
    work: Callable[[Session], T],
    *,
    attempts: int = WRITE_ATTEMPTS,
    retry_integrity: bool = False,
) -> T:
    """Run `work` in one write transaction; retried when the database is busy.

    With `retry_integrity`, a unique-key clash (another writer took the same key first) is
    retried too: `work` must then recompute the key inside the transaction.
    """
    bind = writer(engine)
    for attempt in range(1, attempts + 1):
        try:
            with _one_writer(engine), Session(bind, expire_on_commit=False) as session:
                with session.begin():
                    return work(session)
        except (OperationalError, IntegrityError) as exc:
            retryable = is_busy(exc) or (retry_integrity and isinstance(exc, IntegrityError))
            if not retryable or attempt == attempts:
                raise
            log.warning("database busy (attempt %d of %d): retrying", attempt, attempts)
            time.sleep(min(0.05 * 2**attempt, 1.0) * (0.5 + random.random()))
    raise AssertionError("unreachable")


def make_engine(url: str) -> Engine:
    """An engine on a database migrated to the head; SQLite gets WAL, foreign keys, secure delete.

    Raises `DatabaseUnusable` with one clear sentence when the database cannot be read.
    """
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
    else:
        if url.startswith(("postgresql", "postgres")):
            require_extra("postgres", "DATABASE_URL=postgresql://...")
        engine = create_engine(url, pool_pre_ping=True)
    # Alembic's env imports `assistant.tables` (every table) when a migration runs; a database
    # at the head needs none of them, so a cold `ask` maps only the tables it writes.
    from assistant.migrations import upgrade_database

    try:
        upgrade_database(engine)  # Alembic, not create_all: tables change by revision
    except DatabaseError as exc:
        engine.dispose()
        where = url.removeprefix("sqlite:///") if url.startswith("sqlite:") else "the database"
        reason = str(exc.orig).splitlines()[0] if exc.orig else type(exc).__name__
        raise DatabaseUnusable(f"cannot open {where}: {reason}") from exc
    return engine
