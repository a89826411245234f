"""The OpenAI-compatible endpoint replays a client's history into a conversation: personal data
in it is redacted like any question, and a failed answer leaves no replayed conversation."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text

from assistant.settings import Settings
from index.store import current_name
from tests.conftest import StartServer

pytestmark = pytest.mark.integration
PERSONAL = "I am jane.doe@example.org, NHS number 943 476 5919. What are the main recommendations?"


def _body(answered: str = "They are listed in the review.") -> dict[str, object]:
    return {
        "model": "review-assistant",
        "messages": [
            {"role": "user", "content": PERSONAL},
            {"role": "assistant", "content": answered},
            {"role": "user", "content": "When would they start?"},
        ],
    }


def _stored(db: Path) -> tuple[list[str], list[str]]:
    engine = create_engine(f"sqlite:///{db}")
    with engine.connect() as connection:
        titles = [str(t) for t in connection.scalars(text("SELECT title FROM conversations"))]
        contents = [str(c) for c in connection.scalars(text("SELECT content FROM messages"))]
    engine.dispose()
    return titles, contents


def test_replayed_history_is_stored_redacted(
    corpus_index: Settings, start_server: StartServer, tmp_path: Path
) -> None:
    db = tmp_path / "app.db"
    server = start_server(corpus_index, DATABASE_URL=f"sqlite:///{db}")
    reply = httpx.post(f"{server.url}/v1/chat/completions", json=_body(), timeout=120)
    assert reply.status_code == 200, reply.text
    titles, contents = _stored(db)
    assert titles and contents
    for stored in (*titles, *contents):
        assert "jane.doe@example.org" not in stored and "943 476 5919" not in stored
    assert any("main recommendations" in c for c in contents)  # the rest of the turn is kept


def test_a_failed_answer_leaves_no_replayed_conversation(
    corpus_index: Settings, start_server: StartServer, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(corpus_index.data_dir, data_dir, ignore=shutil.ignore_patterns("app.db*"))
    documents = data_dir / "index" / str(current_name(data_dir / "index")) / "documents.json"
    damaged = json.loads(documents.read_text())
    damaged["documents"] = [{"doc_id": "x", "sections": "of the wrong shape"}]
    documents.write_text(json.dumps(damaged))
    db = tmp_path / "app.db"
    settings = corpus_index.model_copy(update={"data_dir": data_dir})
    server = start_server(settings, DATABASE_URL=f"sqlite:///{db}")
    reply = httpx.post(f"{server.url}/v1/chat/completions", json=_body(), timeout=120)
    assert reply.status_code == 503, reply.text
    assert _stored(db) == ([], [])
