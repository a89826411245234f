"""Server-side sessions without a server: idle and absolute expiry, hashed storage, ending."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, text

from assistant.auth.session_store import SessionStore
from assistant.auth.users import add_user, set_disabled
from assistant.db import make_engine

SECRET = "x" * 40


def _store(tmp_path: Path) -> tuple[Engine, SessionStore, str]:
    engine = make_engine(f"sqlite:///{tmp_path / 'app.db'}")
    user_id = add_user(engine, "s@example.org", "S", "long enough password")
    return engine, SessionStore(engine, SECRET, timedelta(minutes=30), timedelta(hours=12)), user_id


def _age(engine: Engine, column: str, delta: timedelta) -> None:
    with engine.begin() as connection:
        connection.execute(text(f"UPDATE user_sessions SET {column} = :t"),
                           {"t": datetime.now(UTC) - delta})  # fmt: skip


def test_only_a_keyed_hash_of_the_token_is_stored(tmp_path: Path) -> None:
    engine, store, user_id = _store(tmp_path)
    token = store.create(user_id)
    user = store.user(token)
    assert user is not None and user.id == user_id
    with engine.connect() as connection:
        stored = connection.execute(text("SELECT id FROM user_sessions")).scalar()
    assert stored != token and token not in str(stored)
    assert (
        SessionStore(engine, "y" * 40, timedelta(hours=1), timedelta(hours=1)).user(token) is None
    )


def test_idle_sessions_expire(tmp_path: Path) -> None:
    engine, store, user_id = _store(tmp_path)
    token = store.create(user_id)
    _age(engine, "last_seen_at", timedelta(minutes=31))
    assert store.user(token) is None
    with engine.connect() as connection:  # and the expired row is gone
        assert connection.execute(text("SELECT COUNT(*) FROM user_sessions")).scalar() == 0


def test_sessions_end_at_the_absolute_limit_even_when_used(tmp_path: Path) -> None:
    engine, store, user_id = _store(tmp_path)
    token = store.create(user_id)
    _age(engine, "expires_at", timedelta(seconds=1))
    assert store.user(token) is None


def test_ending_and_disabling(tmp_path: Path) -> None:
    engine, store, user_id = _store(tmp_path)
    first, second = store.create(user_id), store.create(user_id)
    store.end(first)
    assert store.user(first) is None and store.user(second) is not None
    set_disabled(engine, "s@example.org", True)
    assert store.user(second) is None
    assert store.end_all(user_id) == 0  # the disabled user's session was already removed
