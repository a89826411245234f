"""API tokens for programmatic clients: `Authorization: Bearer ra_…` on /api/*.

A token is shown once when created; only its sha256 is stored (it is random and long, so a
plain hash is enough). Revoking stops it at once; a disabled user's tokens stop too.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from assistant.auth.users import User, UserError, normalise_email
from assistant.db import write
from assistant.tables import ApiToken

PREFIX = "ra_"
TOUCH_EVERY = timedelta(minutes=5)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(engine: Engine, email: str, name: str) -> tuple[str, str]:
    """(token id, the token itself) for the user with this e-mail address."""
    token = PREFIX + secrets.token_urlsafe(32)

    def work(session: Session) -> str:
        user = session.scalar(select(User).where(User.email == normalise_email(email)))
        if user is None:
            raise UserError(f"no user with e-mail {email}")
        row = ApiToken(
            id=uuid.uuid4().hex[:16],
            user_id=user.id,
            name=name.strip()[:200] or "api",
            token_hash=_hash(token),
            created_at=datetime.now(UTC),
        )
        session.add(row)
        return row.id

    return write(engine, work), token


def revoke_token(engine: Engine, token_id: str) -> bool:
    """Revoke by id; False when there is no such live token."""

    def work(session: Session) -> bool:
        row = session.get(ApiToken, token_id)
        if row is None or row.revoked_at is not None:
            return False
        row.revoked_at = datetime.now(UTC)
        return True

    return write(engine, work)


def list_tokens(engine: Engine) -> list[tuple[ApiToken, str]]:
    """Every token with its owner's e-mail address, newest first."""
    with Session(engine, expire_on_commit=False) as session:
        rows = session.execute(
            select(ApiToken, User.email)
            .join(User, User.id == ApiToken.user_id)
            .order_by(ApiToken.created_at.desc())
        ).all()
        return [(token, email) for token, email in rows]


def token_user(engine: Engine, token: str) -> User | None:
    """The enabled user a live bearer token belongs to, or None."""
    if not token.startswith(PREFIX) or len(token) > 200:
        return None
    key = _hash(token)
    with Session(engine, expire_on_commit=False) as session:
        row = session.scalar(select(ApiToken).where(ApiToken.token_hash == key))
        if row is None or row.revoked_at is not None:
            return None
        user = session.get(User, row.user_id)
        last = row.last_used_at
        token_id = row.id
    if user is None or user.disabled:
        return None
    moment = datetime.now(UTC)
    if last is None or (last if last.tzinfo else last.replace(tzinfo=UTC)) + TOUCH_EVERY < moment:

        def touch(session: Session) -> None:
            found = session.get(ApiToken, token_id)
            if found is not None:
                found.last_used_at = moment

        write(engine, touch)
    return user
