"""Alembic migrations for every table, run on start (`serve`, `ingest`) and by `migrate`.

A database made by the old `create_all` (tables but no `alembic_version`) is adopted: the
baseline revision creates only the tables it lacks, so it ends stamped at the baseline and then
takes the later revisions like any other. Concurrent starters (several workers, two hosts) are
serialised: a PostgreSQL advisory lock, or a file lock beside the SQLite file.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from filelock import FileLock
from sqlalchemy import Connection, Engine, create_engine, inspect, text

if TYPE_CHECKING:  # Alembic is imported only when a database is not at the head already
    from alembic.config import Config

HERE = Path(__file__).resolve().parent
BASELINE = "0001_baseline"
# pg_advisory_lock key for schema changes ("RAmigr" as an integer; any fixed value would do).
ADVISORY_KEY = 0x52416D696772

log = logging.getLogger(__name__)


def alembic_config(url: str | None = None) -> Config:
    """An Alembic config pointing at this package's scripts (no alembic.ini needed)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(HERE))
    if url:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


@lru_cache(maxsize=1)
def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "no migration scripts"
    return head


_REVISION = re.compile(r'^(down_revision|revision)\b[^=\n]*=\s*"([^"]+)"', re.MULTILINE)


@lru_cache(maxsize=1)
def quick_head() -> str | None:
    """The head read from the scripts' `revision = "..."` lines without importing Alembic (a
    cold `ask` checks the schema in milliseconds); None unless they form exactly one head."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for script in (HERE / "versions").glob("*.py"):
        for name, value in _REVISION.findall(script.read_text(encoding="utf-8")):
            (revisions if name == "revision" else parents).add(value)
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def stored_revision(connection: Connection) -> str | None:
    """The `alembic_version` row, read with plain SQL (None: no version table yet)."""
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def current_revision(connection: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


def _is_legacy(connection: Connection) -> bool:
    """Tables made by `create_all` before migrations existed: no version table, some tables."""
    names = set(inspect(connection).get_table_names())
    return "alembic_version" not in names and bool(names & {"conversations", "users", "feedback"})


@contextmanager
def _schema_lock(engine: Engine) -> Iterator[None]:
    if engine.dialect.name == "postgresql":
        from index.published import advisory_lock  # only when there is something to migrate

        with advisory_lock(engine, ADVISORY_KEY):
            yield
        return
    database = engine.url.database
    if engine.dialect.name == "sqlite" and database and database != ":memory:":
        with FileLock(f"{database}.migrate.lock"):
            yield
        return
    yield


def upgrade_database(engine: Engine, revision: str = "head") -> str | None:
    """Bring the database to `revision` (the latest by default); returns the revision it is at."""
    if revision == "head" and (quick := quick_head()) is not None:
        with engine.connect() as connection:
            if stored_revision(connection) == quick:
                return quick  # already at the head: Alembic is not even imported
    target = head_revision() if revision == "head" else revision
    with engine.connect() as connection:
        if current_revision(connection) == target:
            return target
    with _schema_lock(engine), engine.begin() as connection:
        before = current_revision(connection)
        if before == target:
            return target
        if before is None and _is_legacy(connection):
            log.info("adopting a database created without migrations as %s", BASELINE)
        from alembic import command

        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
        after = current_revision(connection)
    log.info("database schema upgraded from %s to %s", before or "nothing", after)
    return after


def database_revision(url: str) -> str | None:
    """The revision a database is at (None: empty, missing, or made by `create_all`)."""
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        return None
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return current_revision(connection)
    finally:
        engine.dispose()


def migrate(url: str) -> tuple[str | None, str | None]:
    """Upgrade the database at `url` to the latest revision: (revision before, revision after)."""
    from assistant.db import make_engine

    before = database_revision(url)
    engine = make_engine(url)  # migrates
    try:
        with engine.connect() as connection:
            return before, current_revision(connection)
    finally:
        engine.dispose()
