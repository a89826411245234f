"""/api/admin: administrators only — users (list, disable, enable, delete) and the audit log.

The feedback export lives beside the feedback route (assistant.api.feedback) behind the same
`AdminDep`. With sign-in off, the one local user is the administrator.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Request
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from assistant.auth import admin, audit
from assistant.auth.users import User, UserError, list_users
from assistant.deps import ConversationsDep
from assistant.schemas import ErrorBody


def require_admin(request: Request) -> str:
    """The acting administrator's e-mail ("local" with sign-in off); 403 for members."""
    if request.state.role != "admin":
        raise HTTPException(403, "administrators only")
    user: User | None = request.state.user
    return user.email if user is not None else "local"


AdminDep = Annotated[str, Depends(require_admin)]
ADMIN_ERRORS: dict[int | str, dict[str, Any]] = {403: {"model": ErrorBody}}
UserEmail = Annotated[
    str, Path(min_length=3, max_length=320, pattern=r"^[^\s\x00-\x1f]+@[^\s\x00-\x1f]+$")
]
router = APIRouter(prefix="/api/admin", tags=["admin"], responses=ADMIN_ERRORS)


class UserOut(BaseModel):
    email: str
    name: str
    role: str
    disabled: bool


class AuditOut(BaseModel):
    at: str
    event: str
    actor: str | None
    subject: str | None
    ip: str | None
    detail: str | None


def _out(user: User) -> UserOut:
    return UserOut(email=user.email, name=user.name, role=user.role, disabled=user.disabled)


@router.get("/users", response_model=list[UserOut])
async def users(actor: AdminDep, store: ConversationsDep) -> list[UserOut]:
    """List users with their role and whether they are disabled."""
    return [_out(u) for u in await run_in_threadpool(list_users, store.engine)]


async def _act(action: Any, *args: Any) -> UserOut:
    try:
        return _out(await run_in_threadpool(action, *args))
    except UserError as exc:
        raise HTTPException(404, str(exc)) from exc


NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": ErrorBody}}


@router.post("/users/{email}/disable", response_model=UserOut, responses=NOT_FOUND)
async def disable(email: UserEmail, actor: AdminDep, store: ConversationsDep) -> UserOut:
    """Disable a user: their sessions and API tokens stop working at once."""
    return await _act(admin.disable, store.engine, email, actor)


@router.post("/users/{email}/enable", response_model=UserOut, responses=NOT_FOUND)
async def enable(email: UserEmail, actor: AdminDep, store: ConversationsDep) -> UserOut:
    """Enable a disabled user again."""
    return await _act(admin.disable, store.engine, email, actor, False)


@router.delete("/users/{email}", response_model=UserOut, responses=NOT_FOUND)
async def delete(email: UserEmail, actor: AdminDep, store: ConversationsDep) -> UserOut:
    """Delete a user with their sessions, API tokens and conversations."""
    return await _act(admin.delete, store.engine, email, actor)


@router.get("/audit", response_model=list[AuditOut])
async def audit_log(actor: AdminDep, store: ConversationsDep) -> list[AuditOut]:
    """The latest 200 audit events, newest first."""
    events = await run_in_threadpool(audit.recent, store.engine, 200)
    return [
        AuditOut(
            at=e.at.isoformat(),
            event=e.event,
            actor=e.actor,
            subject=e.subject,
            ip=e.ip,
            detail=e.detail,
        )  # fmt: skip
        for e in events
    ]
