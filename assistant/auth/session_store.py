"""Server-side sessions: the cookie carries a random token; the database keeps only its keyed
hash (HMAC with SESSION_SECRET), so a copy of the database cannot be turned into cookies.

A session ends on sign-out, on a password change or when the user is disabled (rows deleted),
after `SESSION_IDLE_MINUTES` without use, and `SESSION_MAX_HOURS` after sign-in whatever happens.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, delete, select
from sqlalchemy.orm import Session

from assistant.auth.users import User
from assistant.db import write
from assistant.tables import UserSession

TOUCH_EVERY = timedelta(seconds=60)  # refresh last_seen_at at most this often


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


class SessionStore:
    """Creates, resolves and ends server-side sessions."""

    def __init__(self, engine: Engine, secret: str, idle: timedelta, absolute: timedelta) -> None:
        self.engine = engine
        self._key = secret.encode()
        self.idle, self.absolute = idle, absolute

    def _hash(self, token: str) -> str:
        return hmac.new(self._key, token.encode(), hashlib.sha256).hexdigest()

    def create(self, user_id: str) -> str:
        """A new session for the user; returns the cookie value (shown to nobody else)."""
        token = secrets.token_urlsafe(32)
        moment = _now()

        def work(session: Session) -> None:
            session.add(
                UserSession(
                    id=self._hash(token),
                    user_id=user_id,
                    created_at=moment,
                    last_seen_at=moment,
                    expires_at=moment + self.absolute,
                )
            )

        write(self.engine, work)
        return token

    def user(self, token: str | None) -> User | None:
        """The enabled user behind a live session, or None (expired sessions are removed)."""
        if not token or len(token) > 200:
            return None
        key = self._hash(token)
        moment = _now()
        with Session(self.engine, expire_on_commit=False) as session:
            row = session.get(UserSession, key)
            if row is None:
                return None
            expired = _aware(row.expires_at) <= moment or (
                _aware(row.last_seen_at) + self.idle <= moment
            )
            user = None if expired else session.get(User, row.user_id)
            stale = _aware(row.last_seen_at) + TOUCH_EVERY <= moment
        if user is None or user.disabled:
            self.end(token)
            return None
        if stale:
            write(self.engine, lambda s: _touch(s, key, moment))
        return user

    def end(self, token: str | None) -> None:
        """Sign-out: the session stops working at once."""
        if token:
            gone = delete(UserSession).where(UserSession.id == self._hash(token))
            write(self.engine, lambda s: s.execute(gone))

    def end_all(self, user_id: str) -> int:
        """Every session of a user (password change, disabled, deleted); returns how many."""
        return end_all_sessions(self.engine, user_id)


def end_all_sessions(engine: Engine, user_id: str) -> int:
    def work(session: Session) -> int:
        ids = list(session.scalars(select(UserSession.id).where(UserSession.user_id == user_id)))
        session.execute(delete(UserSession).where(UserSession.user_id == user_id))
        return len(ids)

    return write(engine, work)


def _touch(session: Session, key: str, moment: datetime) -> None:
    row = session.get(UserSession, key)
    if row is not None:
        row.last_seen_at = moment
