"""Who is asking, decided on every request to /api/*: a bearer API token or a server-side
session (with a CSRF token on every change); the user is looked up each time, so a disabled
or deleted user, an ended session or a revoked token stops working at once.

Pure ASGI (no BaseHTTPMiddleware): the request body is never read here. Whether sign-in is
required is decided per request from the address the connection actually arrived on, so an
app served beyond loopback by any server command asks for sign-in under `AUTH=auto`.
"""

from __future__ import annotations

import json
from typing import Any

import anyio.to_thread
from starlette.datastructures import Headers
from starlette.requests import cookie_parser
from starlette.types import ASGIApp, Receive, Scope, Send

from assistant.auth.session_store import SessionStore
from assistant.auth.sessions import (
    CSRF_COOKIE,
    CSRF_HEADER,
    SESSION_COOKIE,
    auth_required,
    csrf_ok,
    secret_problem,
)
from assistant.auth.tokens import token_user
from assistant.auth.users import User
from assistant.settings import Settings

OPEN_API_PATHS = frozenset({"/api/auth/session", "/api/auth/signin"})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


async def send_json(send: Send, status: int, body: dict[str, Any], headers: Any = ()) -> None:
    """A complete JSON response from middleware (the app is not called)."""
    payload = json.dumps(body).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(payload)).encode()),
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": payload})


def session_store(scope: Scope, settings: Settings) -> SessionStore:
    """The app's session store, made on first use from the engine built in the lifespan."""
    state = scope["app"].state
    store: SessionStore | None = getattr(state, "sessions", None)
    if store is None:
        secret = settings.session_secret.get_secret_value() if settings.session_secret else ""
        store = SessionStore(
            state.collab.conversations.engine,
            secret,
            settings.session_idle,
            settings.session_absolute,
        )
        state.sessions = store
    return store


def set_user(scope: Scope, user: User | None, *, local: bool = False) -> None:
    state = scope.setdefault("state", {})
    state["user"] = user
    state["user_id"] = user.id if user else None
    state["role"] = "admin" if local else (user.role if user else None)


class AuthMiddleware:
    """With sign-in required: a user for /api/*, and CSRF on changes made with a cookie."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        set_user(scope, None)
        server = scope.get("server")
        if not auth_required(self.settings, server[0] if server else None):
            set_user(scope, None, local=True)  # this machine's own user: sign-in is off
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        if not path.startswith("/api/"):
            await self.app(scope, receive, send)
            return
        problem = secret_problem(self.settings)
        if problem:
            await send_json(send, 503, {"error": "misconfigured", "detail": problem})
            return
        headers = Headers(scope=scope)
        engine = scope["app"].state.collab.conversations.engine
        authorization = headers.get("authorization", "")
        if authorization.lower().startswith("bearer "):
            user = await anyio.to_thread.run_sync(token_user, engine, authorization[7:].strip())
            if user is None:
                await send_json(
                    send, 401, {"error": "unauthorized", "detail": "invalid or revoked API token"}
                )
                return
            set_user(scope, user)
            await self.app(scope, receive, send)
            return
        cookies = cookie_parser(headers.get("cookie", ""))
        if scope["method"] not in SAFE_METHODS and not csrf_ok(
            cookies.get(CSRF_COOKIE), headers.get(CSRF_HEADER)
        ):
            detail = "missing or wrong CSRF token: reload the page"
            await send_json(send, 403, {"error": "csrf", "detail": detail})
            return
        store = session_store(scope, self.settings)
        user = await anyio.to_thread.run_sync(store.user, cookies.get(SESSION_COOKIE))
        if user is None and path not in OPEN_API_PATHS:
            detail = "sign in to use Review Assistant"
            await send_json(send, 401, {"error": "unauthorized", "detail": detail})
            return
        set_user(scope, user)
        await self.app(scope, receive, send)
