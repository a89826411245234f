"""Administrators' actions, shared by the CLI and the admin-only /api/admin routes: each one
changes a user and ends their sessions where it must, and is written to the audit log."""

from __future__ import annotations

from sqlalchemy import Engine

from assistant.auth import audit
from assistant.auth.session_store import end_all_sessions
from assistant.auth.tokens import create_token, revoke_token
from assistant.auth.users import User, delete_user, set_disabled, set_password


def disable(engine: Engine, email: str, actor: str, disabled: bool = True) -> User:
    user = set_disabled(engine, email, disabled)
    if disabled:
        end_all_sessions(engine, user.id)
    audit.record(engine, "user_disabled" if disabled else "user_enabled", actor=actor,
                 subject=user.email)  # fmt: skip
    return user


def delete(engine: Engine, email: str, actor: str) -> User:
    user = delete_user(engine, email)
    audit.record(engine, "user_deleted", actor=actor, subject=user.email)
    return user


def reset_password(engine: Engine, email: str, password: str, actor: str) -> User:
    user = set_password(engine, email, password)
    ended = end_all_sessions(engine, user.id)
    audit.record(engine, "password_reset", actor=actor, subject=user.email,
                 detail=f"{ended} sessions ended")  # fmt: skip
    return user


def new_token(engine: Engine, email: str, name: str, actor: str) -> tuple[str, str]:
    token_id, token = create_token(engine, email, name)
    audit.record(engine, "token_created", actor=actor, subject=email, detail=token_id)
    return token_id, token


def revoke(engine: Engine, token_id: str, actor: str) -> bool:
    done = revoke_token(engine, token_id)
    if done:
        audit.record(engine, "token_revoked", actor=actor, detail=token_id)
    return done
