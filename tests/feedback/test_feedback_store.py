"""Feedback records: stored on assistant messages only, owner-checked, exported as CSV/JSONL."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from assistant.cli import app
from assistant.conversations import ConversationStore
from assistant.db import make_engine
from assistant.feedback import MAX_COMMENT, FeedbackTargetNotFound, export_feedback, record_feedback
from assistant.settings import get_settings

CITATION = {
    "n": 1, "doc_id": "d1", "title": "The Hewitt Review", "publisher": "DHSC",
    "date": "2023-04-04", "section": "Summary", "quote": "q", "chunk_id": "c", "start": 0, "end": 1,
}  # fmt: skip


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    return make_engine(f"sqlite:///{tmp_path / 'app.db'}")


def exchange(engine: Engine, owner: str | None, question: str = "What are ICSs?") -> str:
    store = ConversationStore(engine)
    conversation_id = store.ensure(None, owner, question)
    message_id = f"m-{owner}-{question[:8]}"
    response = {"refused": False, "mode": "extractive", "citations": [CITATION]}
    store.add_exchange(conversation_id, question, None, "ICSs are ... [1]", response, message_id)
    return message_id


def test_feedback_is_exported_with_its_question_answer_and_sources(engine: Engine) -> None:
    message_id = exchange(engine, "alice")
    record_feedback(engine, message_id, "down", "  missing context  ", "web", "alice")
    record_feedback(engine, message_id, "up", "   ", "slack", "U123")
    rows = export_feedback(engine)
    assert [(r["rating"], r["source"], r["comment"]) for r in rows] == [
        ("down", "web", "missing context"),
        ("up", "slack", None),
    ]
    assert rows[0]["question"] == "What are ICSs?"
    assert rows[0]["answer"] == "ICSs are ... [1]"
    assert rows[0]["citations"][0]["title"] == "The Hewitt Review"


def test_comments_are_bounded(engine: Engine) -> None:
    message_id = exchange(engine, None)
    record_feedback(engine, message_id, "down", "x" * (MAX_COMMENT + 50), "web", None)
    assert len(export_feedback(engine)[0]["comment"]) == MAX_COMMENT


def test_only_the_owners_assistant_messages_take_feedback(engine: Engine) -> None:
    message_id = exchange(engine, "alice")
    with pytest.raises(FeedbackTargetNotFound):
        record_feedback(engine, "nope", "up", None, "web", "bob")
    with pytest.raises(FeedbackTargetNotFound):
        record_feedback(engine, message_id, "up", None, "web", "bob", owner="bob", check_owner=True)
    record_feedback(engine, message_id, "up", None, "web", "alice", owner="alice", check_owner=True)
    assert len(export_feedback(engine)) == 1


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def test_cli_export_csv_and_jsonl(data_dir: Path) -> None:
    engine = make_engine(f"sqlite:///{data_dir / 'app.db'}")
    record_feedback(engine, exchange(engine, "alice"), "down", 'wrong, "quoted"', "web", "alice")
    engine.dispose()
    runner = CliRunner()
    result = runner.invoke(app, ["feedback", "export", "--format", "csv"])
    assert result.exit_code == 0, result.output
    (row,) = list(csv.DictReader(io.StringIO(result.stdout)))
    assert row["comment"] == 'wrong, "quoted"'
    assert row["sources"] == "[1] The Hewitt Review (DHSC, 2023-04-04)"
    out = data_dir / "feedback.jsonl"
    result = runner.invoke(app, ["feedback", "export", "--format", "jsonl", "--out", str(out)])
    assert result.exit_code == 0, result.output
    (record,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert record["rating"] == "down"
    assert record["question"] == "What are ICSs?"
