"""A Slack answer that fails leaves nothing behind: the thread's conversation is stored with its
first turn (question and answer in one transaction) or not at all, over a real server."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text

from assistant.app import create_app
from assistant.settings import Settings
from assistant.slack.flow import ERROR_TEXT
from index.store import current_name
from tests.conftest import make_settings
from tests.slack.conftest import SlackService
from tests.slack.standin import (
    BOT_TOKEN,
    BOT_USER,
    SIGNING_SECRET,
    TEAM,
    SlackSender,
    StandinSlack,
    new_ts,
    serve,
)

pytestmark = [pytest.mark.slack, pytest.mark.integration]
CHANNEL = "CFAILED"


@pytest.fixture
def broken(
    corpus_index: Settings, standin: StandinSlack, tmp_path: Path
) -> Iterator[tuple[SlackService, Path]]:
    """A server over a private copy of the index whose documents.json is of the wrong shape."""
    data_dir = tmp_path / "data"
    shutil.copytree(corpus_index.data_dir, data_dir, ignore=shutil.ignore_patterns("app.db*"))
    documents = data_dir / "index" / str(current_name(data_dir / "index")) / "documents.json"
    shutil.copy(documents, tmp_path / "documents.json")
    damaged = json.loads(documents.read_text())
    damaged["documents"] = [{"doc_id": "x", "sections": "of the wrong shape"}]
    documents.write_text(json.dumps(damaged))
    settings = make_settings(
        data_dir,
        corpus_index.corpus_dir,
        DATABASE_URL=f"sqlite:///{tmp_path / 'app.db'}",
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=standin.api_url,
    )
    app = create_app(settings)
    url, stop = serve(app)
    with httpx.Client(timeout=30) as client:
        yield SlackService(app, settings, standin, SlackSender(url, client)), documents
    stop()


def mention(ts: str, question: str, thread_ts: str) -> dict[str, str]:
    return {"type": "app_mention", "user": "UFAILED", "text": f"<@{BOT_USER}> {question}",
            "ts": ts, "thread_ts": thread_ts, "channel": CHANNEL, "event_ts": ts}  # fmt: skip


def stored(service: SlackService) -> list[tuple[str, int]]:
    """(conversation id, its messages) for every stored conversation."""
    with service.collab.conversations.engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT c.id, (SELECT count(*) FROM messages m WHERE m.conversation_id = c.id)"
                " FROM conversations c"
            )  # fmt: skip
        )
        return [(str(cid), int(count)) for cid, count in rows]


def test_a_failed_answer_leaves_no_conversation_and_the_thread_starts_cleanly_later(
    broken: tuple[SlackService, Path], tmp_path: Path
) -> None:
    service, documents = broken
    ts = new_ts()
    service.sender.event(mention(ts, "What is an integrated care system?", ts), "EvFailed1")
    [reply] = service.standin.wait_for("chat.postMessage", channel=CHANNEL, thread_ts=ts)
    assert reply.params["text"] == ERROR_TEXT  # the person is told
    assert stored(service) == []  # no empty conversation, no half-written turn
    conversations = service.collab.conversations
    assert conversations.id_for_external_key(f"{TEAM}:{CHANNEL}:{ts}") is None

    shutil.copy(tmp_path / "documents.json", documents)  # the index is readable again
    service.sender.event(mention(new_ts(), "What is an integrated care system?", ts), "EvFailed2")
    replies = service.standin.wait_for("chat.postMessage", count=2, channel=CHANNEL, thread_ts=ts)
    assert replies[-1].params["text"] != ERROR_TEXT
    conversation_id = conversations.id_for_external_key(f"{TEAM}:{CHANNEL}:{ts}")
    assert conversation_id is not None
    assert stored(service) == [(conversation_id, 2)]  # the question and its answer, together
    assert [t.role for t in conversations.turns(conversation_id)] == ["user", "assistant"]
