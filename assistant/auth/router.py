"""/api/auth: the session state, sign-in and sign-out."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from assistant.auth.sessions import (
    CSRF_COOKIE,
    SESSION_COOKIE,
    SESSION_MAX_AGE,
    SessionSigner,
    auth_required,
    new_csrf_token,
)
from assistant.auth.users import authenticate, get_user
from assistant.deps import ConversationsDep, SettingsDep
from assistant.schemas import ErrorBody

router = APIRouter(prefix="/api/auth", tags=["auth"])


class SignInRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: str = Field(min_length=3, max_length=320)
    password: str = Field(min_length=1, max_length=1000)


class SessionState(BaseModel):
    auth_required: bool
    signed_in: bool
    name: str | None = None
    email: str | None = None
    csrf_token: str | None = None


def _secure(request: Request) -> bool:
    proto = request.headers.get("x-forwarded-proto", request.url.scheme)
    return proto == "https"


def _csrf(request: Request, response: Response) -> str:
    token = request.cookies.get(CSRF_COOKIE) or new_csrf_token()
    response.set_cookie(CSRF_COOKIE, token, max_age=SESSION_MAX_AGE, httponly=False,
                        samesite="strict", secure=_secure(request))  # fmt: skip
    return token


@router.get("/session", response_model=SessionState)
async def session_state(
    request: Request, response: Response, settings: SettingsDep, store: ConversationsDep
) -> SessionState:
    """Say whether sign-in is needed and who is signed in; issues the CSRF token."""
    if not auth_required(settings):
        return SessionState(auth_required=False, signed_in=True)
    token = _csrf(request, response)
    user_id = request.state.user_id
    user = await run_in_threadpool(get_user, store.engine, user_id) if user_id else None
    if user is None:
        return SessionState(auth_required=True, signed_in=False, csrf_token=token)
    return SessionState(auth_required=True, signed_in=True, name=user.name, email=user.email,
                        csrf_token=token)  # fmt: skip


@router.post("/signin", response_model=SessionState, responses={401: {"model": ErrorBody}})
async def sign_in(
    body: SignInRequest,
    request: Request,
    response: Response,
    settings: SettingsDep,
    store: ConversationsDep,
) -> SessionState:
    """Sign in with e-mail and password; sets the session cookie."""
    if not auth_required(settings):
        raise HTTPException(400, "sign-in is switched off on this server")
    user = await run_in_threadpool(authenticate, store.engine, body.email, body.password)
    if user is None:
        raise HTTPException(401, "wrong e-mail address or password")
    secret = settings.session_secret.get_secret_value() if settings.session_secret else ""
    response.set_cookie(SESSION_COOKIE, SessionSigner(secret).sign(user.id),
                        max_age=SESSION_MAX_AGE, httponly=True, samesite="lax",
                        secure=_secure(request))  # fmt: skip
    token = _csrf(request, response)
    return SessionState(auth_required=True, signed_in=True, name=user.name, email=user.email,
                        csrf_token=token)  # fmt: skip


@router.post("/signout", status_code=204)
async def sign_out(response: Response) -> Response:
    """Sign out: the session cookie is removed."""
    response.status_code = 204
    response.delete_cookie(SESSION_COOKIE)
    return response
