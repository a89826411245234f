"""Conversations are per channel: with sign-in off, what the CLI and evaluation runs ask never
appears in the web chat's history (a real server, the real CLI, the same database)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text

from assistant.conversations import ConversationStore
from assistant.db import make_engine
from assistant.migrations import upgrade_database
from assistant.pipeline import answer
from assistant.runtime import build_collaborators
from assistant.schemas import ChatRequest
from assistant.settings import PROJECT_ROOT, Settings
from index.embedder import Embedder
from tests.conftest import StartServer


def test_cli_and_evaluation_conversations_stay_out_of_the_web_history(
    corpus_index: Settings, start_server: StartServer, embedder: Embedder, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'app.db'}"
    env = {**os.environ, "DATA_DIR": str(corpus_index.data_dir), "DATABASE_URL": url}
    env["CORPUS_DIR"] = str(corpus_index.corpus_dir)
    cli = subprocess.run(  # the CLI, as someone at a terminal would run it
        [sys.executable, "-m", "assistant", "ask", "What is a CLI question?"],
        env=env, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert "\nconversation " in cli.stdout, cli.stderr  # answered and stored
    settings = corpus_index.model_copy(update={"database_url": url})
    collab = build_collaborators(settings, embedder=embedder)  # as the evaluation runner does
    answer(ChatRequest(message="What is an evaluation question?"), collab)
    collab.conversations.engine.dispose()

    server = start_server(corpus_index, AUTH="off", DATABASE_URL=url)
    with httpx.Client(base_url=server.url, timeout=120) as client:
        asked = client.post("/api/chat", json={"message": "What is a web question?"})
        assert asked.status_code == 200
        listed = client.get("/api/conversations").json()
    assert [c["title"] for c in listed] == ["What is a web question?"]

    engine = make_engine(url)
    every = ConversationStore(engine).list(None)  # all three are stored, each with its channel
    with engine.connect() as connection:
        rows = connection.execute(text("select title, channel from conversations")).all()
    channels: dict[str, str | None] = {row.title: row.channel for row in rows}
    engine.dispose()
    assert len(every) == 3
    assert channels == {
        "What is a CLI question?": "cli",
        "What is an evaluation question?": None,
        "What is a web question?": "web",
    }


def test_upgrading_labels_earlier_conversations(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    old = create_engine(url)
    upgrade_database(old, "0003_published_index")  # the schema before channels
    with old.begin() as connection:
        for row in (
            "('signed-in', 'u1', 'Web', NULL)",
            "('thread', 'U123', 'Slack', 'T1:C1:1.0')",
            "('nobody', NULL, 'CLI or web with sign-in off', NULL)",
        ):
            connection.exec_driver_sql(
                "INSERT INTO conversations (id, owner, title, external_key, created_at, updated_at)"
                f" VALUES {row[:-1]}, '2024-01-02 03:04:05', '2024-01-02 03:04:05')"
            )
    old.dispose()
    engine = make_engine(url)  # migrates to head
    store = ConversationStore(engine)
    assert [c["title"] for c in store.list("u1", channel="web")] == ["Web"]
    assert store.list("U123", channel="web") == []
    assert store.list(None, channel="web") == []
    assert [c["title"] for c in store.list(None)] == ["CLI or web with sign-in off"]
    engine.dispose()
