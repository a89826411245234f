"""User accounts, created by an administrator; passwords hashed with argon2."""

from __future__ import annotations

import threading
import uuid
from datetime import UTC, datetime
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Boolean, DateTime, Engine, String, false, select
from sqlalchemy import delete as sa_delete
from sqlalchemy.orm import Mapped, Session, mapped_column

from assistant.db import Base

_HASHER = PasswordHasher()
MIN_PASSWORD = 10
HASH_CONCURRENCY = 2  # argon2 takes ~64 MB per hash: a burst of sign-ins queues, not balloons
_HASHING = threading.BoundedSemaphore(HASH_CONCURRENCY)


def hash_password(password: str) -> str:
    with _HASHING:
        return _HASHER.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    with _HASHING:
        try:
            return _HASHER.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False


@cache
def _dummy_hash() -> str:
    """Verifying against this keeps "no such user" as slow as "wrong password"."""
    return hash_password("not-a-real-password")


class UserError(ValueError):
    """A user could not be created (duplicate e-mail, weak password, …)."""


class User(Base):
    __tablename__ = "users"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True, index=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(200))
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    @property
    def role(self) -> str:
        return "admin" if self.is_admin else "member"


def normalise_email(email: str) -> str:
    return email.strip().casefold()


def add_user(engine: Engine, email: str, name: str, password: str, admin: bool = False) -> str:
    """Create a user; returns the new id."""
    email = normalise_email(email)
    if "@" not in email or len(email) > 320:
        raise UserError(f"{email!r} is not an e-mail address")
    _check_password(password)
    with Session(engine) as session, session.begin():
        if session.scalar(select(User.id).where(User.email == email)):
            raise UserError(f"a user with e-mail {email} already exists")
        user = User(
            id=uuid.uuid4().hex,
            email=email,
            name=name.strip() or email,
            password_hash=hash_password(password),
            is_admin=admin,
            created_at=datetime.now(UTC),
        )
        session.add(user)
        return user.id


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise UserError(f"the password must be at least {MIN_PASSWORD} characters")


def authenticate(engine: Engine, email: str, password: str) -> User | None:
    """The enabled user when the password matches, else None (as slow either way)."""
    with Session(engine) as session:
        user = session.scalar(select(User).where(User.email == normalise_email(email)))
        if user is not None:
            session.expunge(user)
    ok = verify_password(user.password_hash if user else _dummy_hash(), password)
    if not ok or user is None or user.disabled:
        return None
    return user


def find_user(engine: Engine, email: str) -> User | None:
    with Session(engine, expire_on_commit=False) as session:
        return session.scalar(select(User).where(User.email == normalise_email(email)))


def _change(engine: Engine, email: str, **values: object) -> User:
    with Session(engine, expire_on_commit=False) as session, session.begin():
        user = session.scalar(select(User).where(User.email == normalise_email(email)))
        if user is None:
            raise UserError(f"no user with e-mail {email}")
        for name, value in values.items():
            setattr(user, name, value)
        return user


def set_disabled(engine: Engine, email: str, disabled: bool) -> User:
    """Disable (or enable again) a user; the caller ends a disabled user's sessions."""
    return _change(engine, email, disabled=disabled)


def set_password(engine: Engine, email: str, password: str) -> User:
    """Set a new password; the caller ends the user's sessions."""
    _check_password(password)
    return _change(engine, email, password_hash=hash_password(password))


def delete_user(engine: Engine, email: str) -> User:
    """Delete a user with their sessions, tokens and conversations (and feedback on them)."""
    from assistant.conversations import Conversation

    with Session(engine, expire_on_commit=False) as session, session.begin():
        user = session.scalar(select(User).where(User.email == normalise_email(email)))
        if user is None:
            raise UserError(f"no user with e-mail {email}")
        session.execute(sa_delete(Conversation).where(Conversation.owner == user.id))
        session.delete(user)
        return user


def get_user(engine: Engine, user_id: str) -> User | None:
    with Session(engine) as session:
        user = session.get(User, user_id)
        if user is not None:
            session.expunge(user)
        return user


def list_users(engine: Engine) -> list[User]:
    with Session(engine) as session:
        users = list(session.scalars(select(User).order_by(User.email)))
        for user in users:
            session.expunge(user)
        return users
