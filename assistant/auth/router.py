"""/api/auth: the session state, sign-in, sign-out and password change.

Sign-in is throttled per account and per address (429 with `Retry-After`), password hashing is
bounded (see users.HASH_CONCURRENCY), and every outcome goes to the audit log.
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from assistant.auth import audit, throttle
from assistant.auth.middleware import session_store
from assistant.auth.sessions import (
    CSRF_COOKIE,
    SESSION_COOKIE,
    SESSION_MAX_AGE,
    new_csrf_token,
)
from assistant.auth.users import (
    MIN_PASSWORD,
    User,
    UserError,
    authenticate,
    normalise_email,
    set_password,
)
from assistant.deps import ConversationsDep, SettingsDep
from assistant.schemas import ErrorBody
from assistant.security.text import VISIBLE, CleanStr

router = APIRouter(prefix="/api/auth", tags=["auth"])


class SignInRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: CleanStr = Field(min_length=3, max_length=320, pattern=VISIBLE)
    password: CleanStr = Field(min_length=1, max_length=1000, pattern=VISIBLE)


class PasswordChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    current_password: CleanStr = Field(min_length=1, max_length=1000, pattern=VISIBLE)
    new_password: CleanStr = Field(min_length=MIN_PASSWORD, max_length=1000, pattern=VISIBLE)


class SessionState(BaseModel):
    auth_required: bool
    signed_in: bool
    name: str | None = None
    email: str | None = None
    role: str | None = None
    csrf_token: str | None = None


def _secure(request: Request) -> bool:
    # X-Forwarded-Proto counts only from a trusted proxy, which has already set the scheme.
    return request.url.scheme == "https"


def _csrf(request: Request, response: Response) -> str:
    token = request.cookies.get(CSRF_COOKIE) or new_csrf_token()
    response.set_cookie(CSRF_COOKIE, token, max_age=SESSION_MAX_AGE, httponly=False,
                        samesite="strict", secure=_secure(request))  # fmt: skip
    return token


def _required(request: Request) -> bool:
    return request.state.role != "admin" or request.state.user is not None


def _ip(request: Request) -> str | None:
    return request.client.host if request.client else None


def _start_session(request: Request, response: Response, settings: SettingsDep, user: User) -> str:
    token = session_store(request.scope, settings).create(user.id)
    response.set_cookie(SESSION_COOKIE, token, max_age=settings.session_max_hours * 3600,
                        httponly=True, samesite="lax", secure=_secure(request))  # fmt: skip
    return _csrf(request, response)


def _signed_in(user: User, csrf: str) -> SessionState:
    return SessionState(auth_required=True, signed_in=True, name=user.name, email=user.email,
                        role=user.role, csrf_token=csrf)  # fmt: skip


@router.get("/session", response_model=SessionState)
async def session_state(request: Request, response: Response) -> SessionState:
    """Say whether sign-in is needed and who is signed in; issues the CSRF token."""
    if not _required(request):
        return SessionState(auth_required=False, signed_in=True, role="admin")
    token = _csrf(request, response)
    user: User | None = request.state.user
    if user is None:
        return SessionState(auth_required=True, signed_in=False, csrf_token=token)
    return _signed_in(user, token)


@router.post(
    "/signin",
    response_model=SessionState,
    responses={401: {"model": ErrorBody}, 409: {"model": ErrorBody}, 429: {"model": ErrorBody}},
)
async def sign_in(
    body: SignInRequest,
    request: Request,
    response: Response,
    settings: SettingsDep,
    store: ConversationsDep,
) -> SessionState:
    """Sign in with e-mail and password; sets the session cookie."""
    if not _required(request):
        raise HTTPException(409, "sign-in is switched off on this server")
    engine, email, ip = store.engine, normalise_email(body.email), _ip(request)
    try:
        await run_in_threadpool(throttle.check, engine, email, ip)
    except throttle.Throttled as exc:
        await run_in_threadpool(audit.record, engine, audit.SIGNIN_THROTTLED, subject=email, ip=ip)
        raise HTTPException(
            429,
            f"too many failed sign-ins: try again in {exc.retry_after} seconds",
            headers={"Retry-After": str(exc.retry_after)},
        ) from None
    user = await run_in_threadpool(authenticate, engine, email, body.password)
    if user is None:
        await run_in_threadpool(audit.record, engine, audit.SIGNIN_FAILED, subject=email, ip=ip)
        raise HTTPException(401, "wrong e-mail address or password")
    await run_in_threadpool(audit.record, engine, audit.SIGNIN, actor=email, subject=email, ip=ip)
    csrf = await run_in_threadpool(_start_session, request, response, settings, user)
    return _signed_in(user, csrf)


@router.post("/signout", status_code=204)
async def sign_out(request: Request, response: Response, settings: SettingsDep) -> Response:
    """Sign out: the session ends on the server and the cookie is removed."""
    user: User | None = request.state.user
    if user is not None and _required(request):
        store = session_store(request.scope, settings)
        await run_in_threadpool(store.end, request.cookies.get(SESSION_COOKIE))
        await run_in_threadpool(
            audit.record, store.engine, audit.SIGNOUT, actor=user.email, ip=_ip(request)
        )
    response.status_code = 204
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.post(
    "/password",
    response_model=SessionState,
    responses={401: {"model": ErrorBody}, 409: {"model": ErrorBody}, 422: {"model": ErrorBody}},
)
async def change_password(
    body: PasswordChange, request: Request, response: Response, settings: SettingsDep
) -> SessionState:
    """Change one's own password: every other session of the user ends."""
    user: User | None = request.state.user
    if user is None:
        raise HTTPException(409, "sign-in is switched off on this server")
    store = session_store(request.scope, settings)
    checked = await run_in_threadpool(authenticate, store.engine, user.email, body.current_password)
    if checked is None:
        raise HTTPException(401, "the current password is wrong")
    try:
        await run_in_threadpool(set_password, store.engine, user.email, body.new_password)
    except UserError as exc:
        raise HTTPException(422, str(exc)) from exc
    await run_in_threadpool(store.end_all, user.id)
    await run_in_threadpool(
        audit.record, store.engine, "password_changed", actor=user.email, subject=user.email,
        ip=_ip(request),
    )  # fmt: skip
    csrf = await run_in_threadpool(_start_session, request, response, settings, user)
    return _signed_in(user, csrf)
