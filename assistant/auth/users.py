"""User accounts, created by an administrator; passwords hashed with argon2."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Boolean, DateTime, Engine, String, false, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from assistant.db import Base

_HASHER = PasswordHasher()
MIN_PASSWORD = 10


@cache
def _dummy_hash() -> str:
    """Verifying against this keeps "no such user" as slow as "wrong password"."""
    return _HASHER.hash("not-a-real-password")


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
    if len(password) < MIN_PASSWORD:
        raise UserError(f"the password must be at least {MIN_PASSWORD} characters")
    with Session(engine) as session, session.begin():
        if session.scalar(select(User.id).where(User.email == email)):
            raise UserError(f"a user with e-mail {email} already exists")
        user = User(
            id=uuid.uuid4().hex,
            email=email,
            name=name.strip() or email,
            password_hash=_HASHER.hash(password),
            is_admin=admin,
            created_at=datetime.now(UTC),
        )
        session.add(user)
        return user.id


def authenticate(engine: Engine, email: str, password: str) -> User | None:
    """The user when the password matches, else None."""
    with Session(engine) as session:
        user = session.scalar(select(User).where(User.email == normalise_email(email)))
        try:
            _HASHER.verify(user.password_hash if user else _dummy_hash(), password)
        except (VerificationError, InvalidHashError):
            return None
        if user is None:
            return None
        session.expunge(user)
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
