"""Conversations in a real PostgreSQL server (DATABASE_URL), the multi-machine option."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from assistant.conversations import ConversationNotFound
from assistant.db import make_engine
from assistant.pipeline import answer
from assistant.runtime import build_collaborators
from assistant.schemas import ChatRequest
from assistant.settings import Settings
from index.embedder import Embedder
from tests.conftest import free_port, make_settings

pytestmark = pytest.mark.integration
# Debian installs each major version side by side; use the newest.
BIN = max(Path("/usr/lib/postgresql").glob("*/bin"), default=Path("/usr/lib/postgresql/15/bin"))


def _as_postgres(*args: str) -> list[str]:
    """PostgreSQL refuses to run as root; run its programs as the `postgres` user then."""
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else list(args)


@pytest.fixture
def postgres_url(tmp_path: Path) -> Iterator[str]:
    data = tmp_path / "pg"
    data.mkdir()
    if os.geteuid() == 0:
        shutil.chown(data, "postgres", "postgres")
        for parent in (tmp_path, *tmp_path.parents):  # let the postgres user reach its folder
            if parent == Path("/tmp"):
                break
            parent.chmod(parent.stat().st_mode | 0o011)
    subprocess.run(
        _as_postgres(str(BIN / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust"),
        check=True,
        capture_output=True,
    )
    port = free_port()
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {data}"
    subprocess.run(
        _as_postgres(str(BIN / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(data / "log"),
                     "-w", "start"),
        check=True,
        capture_output=True,
    )  # fmt: skip
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            _as_postgres(str(BIN / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"),
            capture_output=True,
        )


def test_conversations_live_in_postgres(
    postgres_url: str, corpus_index: Settings, embedder: Embedder
) -> None:
    settings = make_settings(
        corpus_index.data_dir, corpus_index.corpus_dir, DATABASE_URL=postgres_url
    )
    collab = build_collaborators(settings, embedder=embedder)
    first = answer(ChatRequest(message="What are HARPs?"), collab, owner="user-1")
    follow = answer(
        ChatRequest(message="When would they start?", conversation_id=first.conversation_id),
        collab,
        owner="user-1",
    )
    assert "April 2024" in follow.answer
    with pytest.raises(ConversationNotFound):
        collab.conversations.get(first.conversation_id, "someone-else")
    engine = make_engine(postgres_url)
    with engine.connect() as connection:
        assert connection.execute(text("select count(*) from messages")).scalar() == 4
        assert str(connection.execute(text("select version()")).scalar()).startswith("PostgreSQL")
    engine.dispose()
    collab.conversations.engine.dispose()
