"""Turns stored under contention: nothing lost, no duplicate `seq`, every question followed by
its own answer, no empty conversations — on SQLite (two stores, as two workers would have) and
on a real PostgreSQL server."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import IntegrityError

from assistant.conversations import ConversationNotFound, ConversationStore, new_id
from assistant.db import make_engine, write
from assistant.pipeline import Collaborators, answer
from assistant.schemas import ChatRequest
from tests.assistant.test_postgres import postgres_url  # noqa: F401 - fixture

TURNS = 40


def _hammer(engines: list[Engine]) -> tuple[ConversationStore, str]:
    stores = [ConversationStore(engine) for engine in engines]
    conversation_id = new_id()
    stores[0].add_exchange(conversation_id, "q-first", None, "a-first", {}, new_id(), create=True)

    def turn(i: int) -> None:
        store = stores[i % len(stores)]
        store.add_exchange(conversation_id, f"q-{i}", None, f"a-{i}", {"i": i}, f"m-{i}")

    with ThreadPoolExecutor(max_workers=16) as pool:
        list(pool.map(turn, range(TURNS)))
    return stores[0], conversation_id


def _check(store: ConversationStore, conversation_id: str) -> None:
    messages = store.get(conversation_id, None)["messages"]
    assert len(messages) == 2 * (TURNS + 1)
    for question, reply in zip(messages[::2], messages[1::2], strict=True):
        assert question["role"] == "user" and reply["role"] == "assistant"
        assert question["content"].removeprefix("q-") == reply["content"].removeprefix("a-")
    with store.engine.connect() as connection:
        seqs = connection.execute(
            text("SELECT seq FROM messages WHERE conversation_id = :c ORDER BY seq"),
            {"c": conversation_id},
        ).scalars()
        assert list(seqs) == list(range(2 * (TURNS + 1)))


def test_concurrent_turns_on_sqlite_are_all_stored_in_pairs(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'app.db'}"
    engines = [make_engine(url), make_engine(url)]
    store, conversation_id = _hammer(engines)
    _check(store, conversation_id)
    for engine in engines:
        engine.dispose()


@pytest.mark.integration
def test_concurrent_turns_on_postgres_are_all_stored_in_pairs(
    postgres_url: str,  # noqa: F811
) -> None:
    engines = [make_engine(postgres_url), make_engine(postgres_url)]
    store, conversation_id = _hammer(engines)
    _check(store, conversation_id)
    for engine in engines:
        engine.dispose()


def test_the_database_refuses_a_duplicate_seq(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'app.db'}")
    store = ConversationStore(engine)
    conversation_id = new_id()
    store.add_exchange(conversation_id, "q", None, "a", {}, "m1", create=True)

    def duplicate(session: object) -> None:
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO messages (id, conversation_id, seq, role, content, created_at)"
                    " VALUES ('x', :c, 0, 'user', 'again', CURRENT_TIMESTAMP)"
                ),
                {"c": conversation_id},
            )

    with pytest.raises(IntegrityError):
        write(engine, duplicate)
    engine.dispose()


def test_an_unknown_conversation_stores_nothing(collab: Collaborators) -> None:
    store = collab.conversations
    before = len(store.list(None, limit=10_000))
    with pytest.raises(ConversationNotFound):
        answer(ChatRequest(message="What is an ICS?", conversation_id="no-such-id"), collab)
    assert len(store.list(None, limit=10_000)) == before


def test_two_turns_at_once_in_one_conversation_are_serialised(collab: Collaborators) -> None:
    first = answer(ChatRequest(message="What is an integrated care system?"), collab)
    cid = first.conversation_id
    questions = ["Who leads it?", "What does it cost?", "When did it start?"]
    with ThreadPoolExecutor(max_workers=3) as pool:
        replies = list(
            pool.map(
                lambda q: answer(ChatRequest(message=q, conversation_id=cid), collab), questions
            )
        )
    messages = collab.conversations.get(cid, None)["messages"]
    assert len(messages) == 8
    for reply in replies:
        position = [m["message_id"] for m in messages].index(reply.message_id)
        asked = messages[position - 1]["content"]
        assert asked in questions
        assert messages[position]["response"]["search_query"] == reply.search_query
    assert {m["content"] for m in messages[2::2]} == set(questions)


def test_personal_data_is_redacted_before_it_is_stored(collab: Collaborators) -> None:
    reply = answer(
        ChatRequest(message="My NHS number is 943 476 5919, email me at ada@example.org"), collab
    )
    assert reply.notice and "NHS number" in reply.notice and "e-mail address" in reply.notice
    stored = collab.conversations.get(reply.conversation_id, None)
    assert "943 476 5919" not in stored["title"] and "ada@example.org" not in stored["title"]
    assert "[NHS number removed]" in stored["messages"][0]["content"]
    assert "ada@example.org" not in stored["messages"][0]["content"]
    assert "9434765919" not in (reply.search_query or "")
