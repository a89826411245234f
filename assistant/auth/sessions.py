"""Server-side sessions and double-submit CSRF tokens; when sign-in is required at all.

The cookie carries a random token; the database keeps only its keyed hash (HMAC with
SESSION_SECRET), so a copy of the database cannot be turned into cookies. A session ends on
sign-out, on a password change or when the user is disabled (rows deleted), after
`SESSION_IDLE_MINUTES` without use, and `SESSION_MAX_HOURS` after sign-in whatever happens.
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
from assistant.settings import Settings
from assistant.tables import UserSession

SESSION_COOKIE = "ra_session"
CSRF_COOKIE = "ra_csrf"
CSRF_HEADER = "x-csrf-token"
SESSION_MAX_AGE = 12 * 60 * 60  # cookie lifetime; the server's own expiry is what counts
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
MIN_SECRET_BYTES = 32
TOUCH_EVERY = timedelta(seconds=60)  # refresh last_seen_at at most this often


class AuthConfigError(ValueError):
    """Sign-in settings that must not be served."""


def is_local(host: str | None) -> bool:
    """A loopback address (127.0.0.0/8, ::1, localhost)."""
    return bool(host) and (host in LOCAL_HOSTS or str(host).startswith("127."))


def auth_required(settings: Settings, bound_host: str | None = None) -> bool:
    """`AUTH=auto` means sign-in everywhere but a loopback address.

    `bound_host` is the address the request actually arrived on (the socket the server bound),
    so an app started by any server command is protected when it listens beyond loopback.
    """
    if settings.auth == "auto":
        return not is_local(settings.host) or (bound_host is not None and not is_local(bound_host))
    return settings.auth == "on"


def secret_problem(settings: Settings) -> str | None:
    """Why SESSION_SECRET cannot protect sessions, or None when it can."""
    secret = settings.session_secret.get_secret_value() if settings.session_secret else ""
    if not secret:
        return (
            "sign-in is on but SESSION_SECRET is not set: set it to a long random string, "
            "e.g. `python -c 'import secrets; print(secrets.token_urlsafe(32))'`"
        )
    if len(secret.encode()) < MIN_SECRET_BYTES:
        return (
            f"SESSION_SECRET is too short: use at least {MIN_SECRET_BYTES} bytes, "
            "e.g. `python -c 'import secrets; print(secrets.token_urlsafe(32))'`"
        )
    return None


def check_auth_settings(settings: Settings) -> None:
    """Refuse to serve without sign-in beyond this machine, or with sign-in but a weak secret."""
    required = auth_required(settings)
    if not required and not is_local(settings.host):
        raise AuthConfigError(
            f"refusing to serve on {settings.host} with sign-in switched off: anyone on the "
            "network could read the conversations. Set AUTH=on (and SESSION_SECRET), or bind "
            "to 127.0.0.1."
        )
    problem = secret_problem(settings) if required else None
    if problem:
        raise AuthConfigError(problem)


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


def new_csrf_token() -> str:
    return secrets.token_urlsafe(32)


def csrf_ok(cookie: str | None, header: str | None) -> bool:
    return bool(cookie and header and secrets.compare_digest(cookie, header))
