"""Who is asking: sets `request.state.user_id`, answers 401/403 for /api/* when it must."""

from __future__ import annotations

from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp

from assistant.auth.sessions import CSRF_COOKIE, CSRF_HEADER, SESSION_COOKIE, SessionSigner, csrf_ok

OPEN_API_PATHS = frozenset({"/api/auth/session", "/api/auth/signin"})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class AuthMiddleware(BaseHTTPMiddleware):
    """With sign-in on: a valid session for /api/*, and a CSRF token on every change."""

    def __init__(self, app: ASGIApp, signer: SessionSigner | None) -> None:
        super().__init__(app)
        self.signer = signer

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        request.state.user_id = None
        path = request.url.path
        if self.signer is None or not path.startswith("/api/"):
            return await call_next(request)
        request.state.user_id = self.signer.user_id(request.cookies.get(SESSION_COOKIE))
        if request.method not in SAFE_METHODS and not csrf_ok(
            request.cookies.get(CSRF_COOKIE), request.headers.get(CSRF_HEADER)
        ):
            return JSONResponse(
                {"error": "csrf", "detail": "missing or wrong CSRF token: reload the page"},
                status_code=403,
            )
        if request.state.user_id is None and path not in OPEN_API_PATHS:
            return JSONResponse(
                {"error": "unauthorized", "detail": "sign in to use Review Assistant"},
                status_code=401,
            )
        return await call_next(request)
