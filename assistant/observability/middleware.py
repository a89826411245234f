"""Per request: a request id (X-Request-ID in and out), metrics, and one JSON access log line.

Pure ASGI, so streamed responses (SSE) pass through untouched and are timed to their last byte.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from typing import Any

from starlette.routing import Mount
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.observability.logs import request_id
from assistant.observability.metrics import ERRORS, REQUEST_SECONDS, REQUESTS

HEADER = "x-request-id"
VALID_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
log = logging.getLogger("assistant.access")


def _route(scope: Scope) -> str:
    """The matched route's template ("/api/conversations/{conversation_id}"): bounded labels."""
    route = scope.get("route")
    if isinstance(route, Mount):
        return "static"
    path = getattr(route, "path", None)
    return path if isinstance(path, str) else "unmatched"


class RequestContextMiddleware:
    """Outermost middleware: everything inside it logs with this request's id."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = dict(scope["headers"]).get(HEADER.encode(), b"").decode("latin-1")
        rid = given if VALID_ID.fullmatch(given) else uuid.uuid4().hex
        token = request_id.set(rid)
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers: list[Any] = list(message.get("headers", []))
                headers.append((HEADER.encode(), rid.encode()))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            ERRORS.labels(kind="unhandled").inc()
            log.exception("unhandled error", extra={"event": "error", "path": scope["path"]})
            raise
        finally:
            seconds = time.perf_counter() - started
            route, method = _route(scope), scope["method"]
            REQUESTS.labels(method=method, route=route, status=str(status)).inc()
            REQUEST_SECONDS.labels(method=method, route=route).observe(seconds)
            if status >= 500:
                ERRORS.labels(kind=f"http_{status}").inc()
            log.info(
                "%s %s %d", method, scope["path"], status,
                extra={"event": "request", "method": method, "path": scope["path"],
                       "route": route, "status": status,
                       "duration_ms": round(seconds * 1000, 2)},
            )  # fmt: skip
            request_id.reset(token)
