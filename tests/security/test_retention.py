"""`review-assistant purge`: old conversations, their feedback and Slack records are deleted,
newer ones kept, and the deleted text is gone from the database file (secure delete, VACUUM)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from assistant.cli import app
from assistant.conversations import ConversationStore, new_id
from assistant.db import make_engine
from assistant.feedback import export_feedback, record_feedback
from assistant.retention import RetentionError, parse_age
from assistant.settings import get_settings
from assistant.slack.store import SlackStore

SECRET = "zebra-quartz-marker-8124"


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("RETENTION_DAYS", raising=False)
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def _exchange(store: ConversationStore, question: str) -> tuple[str, str]:
    cid, mid = new_id(), new_id()
    store.add_exchange(cid, question, None, f"answer to {question}", {}, mid, create=True)
    return cid, mid


def test_purge_deletes_old_records_and_reclaims_the_space(data_dir: Path) -> None:
    db = data_dir / "app.db"
    engine = make_engine(f"sqlite:///{db}")
    store = ConversationStore(engine)
    old_cid, old_mid = _exchange(store, f"old question {SECRET} " + "padding " * 500)
    new_cid, new_mid = _exchange(store, "a recent question")
    record_feedback(engine, old_mid, "down", f"comment {SECRET}", "web", None)
    record_feedback(engine, new_mid, "up", None, "web", None)
    slack = SlackStore(engine)
    slack.claim("event:old")
    long_ago = datetime.now(UTC) - timedelta(days=200)
    with engine.begin() as connection:
        connection.execute(
            text("UPDATE conversations SET updated_at = :t WHERE id = :c"),
            {"t": long_ago, "c": old_cid},
        )
        connection.execute(
            text("UPDATE slack_seen SET created_at = :t"), {"t": long_ago.replace(tzinfo=None)}
        )
    engine.dispose()
    assert SECRET.encode() in db.read_bytes() + _wal(db)

    result = CliRunner().invoke(app, ["purge", "--older-than", "90d"])
    assert result.exit_code == 0, result.output
    assert "Purged 1 conversations" in result.stdout and "1 Slack records" in result.stdout

    engine = make_engine(f"sqlite:///{db}")
    store = ConversationStore(engine)
    assert [c["conversation_id"] for c in store.list(None)] == [new_cid]
    assert [row["message_id"] for row in export_feedback(engine)] == [new_mid]
    assert SlackStore(engine).claim("event:old")  # forgotten, so claimable again
    engine.dispose()
    assert SECRET.encode() not in db.read_bytes() + _wal(db)


def _wal(db: Path) -> bytes:
    wal = db.with_name(db.name + "-wal")
    return wal.read_bytes() if wal.exists() else b""


def test_purge_needs_an_age_or_a_retention_setting(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = CliRunner().invoke(app, ["purge"])
    assert missing.exit_code == 2 and "--older-than" in missing.output
    monkeypatch.setenv("RETENTION_DAYS", "30")
    get_settings.cache_clear()
    ok = CliRunner().invoke(app, ["purge"])
    assert ok.exit_code == 0 and "older than 30d" in ok.stdout


@pytest.mark.parametrize("value", ["90", "0d", "ninety days", "12m"])
def test_unreadable_ages_are_refused(value: str) -> None:
    with pytest.raises(RetentionError):
        parse_age(value)
    assert parse_age("2w") == timedelta(weeks=2)
