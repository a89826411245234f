"""Alembic migrations: a fresh database gets every table; a database made by the old
`create_all` (no alembic_version) is adopted at the baseline and upgraded, its rows kept, on
SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, MetaData, create_engine, text

import assistant.tables  # noqa: F401 - registers every table on Base.metadata
from assistant.conversations import ConversationStore
from assistant.db import Base, make_engine
from assistant.migrations import current_revision, head_revision, migrate, quick_head
from assistant.settings import PROJECT_ROOT
from index.published import metadata as published_index
from tests.scale.engines import PostgresServer

FIXTURES = Path(__file__).parent / "fixtures"
ROWS = [
    "INSERT INTO conversations (id, owner, title, external_key, created_at, updated_at) "
    "VALUES ('c1', 'u1', 'Old question', NULL, '2024-01-02 03:04:05', '2024-01-02 03:04:05')",
    "INSERT INTO messages (id, conversation_id, seq, role, content, search_query, response_json,"
    " created_at) VALUES ('m1', 'c1', 0, 'user', 'What was asked?', NULL, NULL,"
    " '2024-01-02 03:04:05')",
    "INSERT INTO messages (id, conversation_id, seq, role, content, search_query, response_json,"
    " created_at) VALUES ('m2', 'c1', 1, 'assistant', 'What was answered.', 'asked', NULL,"
    " '2024-01-02 03:04:06')",
    "INSERT INTO users (id, email, name, password_hash, is_admin, created_at) VALUES"
    " ('u1', 'a@example.org', 'A', 'x', false, '2024-01-02 03:04:05')",
    'INSERT INTO feedback (id, message_id, rating, comment, source, "user", created_at) VALUES'
    " ('f1', 'm2', 'up', 'useful', 'web', 'u1', '2024-01-02 03:04:07')",
]


@pytest.fixture(scope="module")
def postgres() -> Iterator[PostgresServer]:
    server = PostgresServer()
    yield server
    server.remove()


def _schema_differences(engine: Engine) -> list[object]:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        every = MetaData()  # the app's tables and the published index tables, as Alembic sees them
        for table in (*Base.metadata.tables.values(), *published_index.tables.values()):
            table.to_metadata(every)
        return list(compare_metadata(context, every))


def _old_create_all(engine: Engine) -> None:
    """Make the tables exactly as `create_all` did before migrations, with some rows."""
    script = (FIXTURES / f"create_all_{engine.dialect.name}.sql").read_text(encoding="utf-8")
    lines = [line for line in script.splitlines() if not line.startswith("--")]
    with engine.begin() as connection:
        for statement in "\n".join(lines).split(";"):
            if statement.strip():
                connection.exec_driver_sql(statement)
        for row in ROWS:
            connection.exec_driver_sql(row)


def _assert_upgraded_with_rows(url: str) -> None:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            assert current_revision(connection) == head_revision()
            feedback = connection.execute(text("select comment from feedback")).scalar()
            assert feedback == "useful"
        assert _schema_differences(engine) == []
        messages = ConversationStore(engine).get("c1", "u1")["messages"]
        assert [m["content"] for m in messages] == ["What was asked?", "What was answered."]
    finally:
        engine.dispose()


def test_a_fresh_sqlite_database_gets_every_table_at_the_latest_revision(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'app.db'}")
    with engine.connect() as connection:
        assert current_revision(connection) == head_revision()
    assert _schema_differences(engine) == []
    engine.dispose()


@pytest.mark.parametrize("dialect", ["sqlite", "postgresql"])
def test_a_create_all_database_is_adopted_and_upgraded_keeping_its_rows(
    dialect: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    if dialect == "sqlite":
        url = f"sqlite:///{tmp_path / 'old.db'}"
    else:
        url = request.getfixturevalue("postgres").url
    old = create_engine(url)
    _old_create_all(old)
    with old.connect() as connection:
        assert current_revision(connection) is None
    old.dispose()

    before, after = migrate(url)

    assert (before, after) == (None, head_revision())
    _assert_upgraded_with_rows(url)
    assert migrate(url) == (head_revision(), head_revision())  # a second run changes nothing


@pytest.mark.integration
def test_migrate_command_reports_the_upgrade_then_nothing_to_do(tmp_path: Path) -> None:
    env = {**os.environ, "DATA_DIR": str(tmp_path), "PYTHONUNBUFFERED": "1"}
    env.pop("DATABASE_URL", None)
    old = create_engine(f"sqlite:///{tmp_path / 'app.db'}")
    _old_create_all(old)
    old.dispose()

    def run() -> str:
        done = subprocess.run(
            [sys.executable, "-m", "assistant", "migrate"],
            env=env, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120, check=True,
        )  # fmt: skip
        return " ".join(done.stdout.split())

    assert run() == f"Database upgraded from no revision to {head_revision()}."
    assert run() == f"Database already at revision {head_revision()}."
    _assert_upgraded_with_rows(f"sqlite:///{tmp_path / 'app.db'}")


def test_the_quick_head_check_names_alembics_head_and_skips_alembic_at_the_head(
    tmp_path: Path,
) -> None:
    """`make_engine` on an up-to-date database reads the version row without importing Alembic
    (a cold `ask` starts faster); the head it compares with must be Alembic's own."""
    url = f"sqlite:///{tmp_path / 'app.db'}"
    make_engine(url).dispose()  # migrates a new database to the head
    assert quick_head() == head_revision()
    probe = (
        "import sys; from assistant.db import make_engine; "
        f"make_engine({url!r}).dispose(); print('alembic' in sys.modules)"
    )
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "False"
