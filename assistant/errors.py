"""Every error leaves as JSON `{"error", "detail"}` with a 4xx/5xx status and no stack trace."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from assistant.conversations import ConversationNotFound
from index.store import IndexMismatchError, IndexNotReady

log = logging.getLogger(__name__)


def _body(status: int, error: str, detail: Any) -> JSONResponse:
    return JSONResponse({"error": error, "detail": detail}, status_code=status)


def _explain(errors: list[Any]) -> str:
    parts = []
    for err in errors:
        where = ".".join(str(p) for p in err.get("loc", ()) if p != "body") or "body"
        parts.append(f"{where}: {err.get('msg', 'invalid')}")
    return "; ".join(parts)


async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
    errors = list(exc.errors())
    if any(e.get("type") == "json_invalid" for e in errors):
        return _body(400, "malformed_json", "the request body is not valid JSON")
    return _body(422, "invalid_request", _explain(errors))


async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
    names = {
        400: "bad_request",
        401: "unauthorized",
        403: "forbidden",
        404: "not_found",
        405: "method_not_allowed",
        409: "conflict",
        413: "too_large",
        429: "rate_limited",
    }
    response = _body(exc.status_code, names.get(exc.status_code, "error"), exc.detail)
    if exc.headers:
        response.headers.update(exc.headers)
    return response


async def _not_found(_: Request, exc: ConversationNotFound) -> JSONResponse:
    return _body(404, "not_found", str(exc))


async def _not_ready(_: Request, exc: Exception) -> JSONResponse:
    return _body(503, "index_not_ready", str(exc))


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    return _body(500, "internal_error", "something went wrong; the error has been logged")


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _validation)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _http)  # type: ignore[arg-type]
    app.add_exception_handler(ConversationNotFound, _not_found)  # type: ignore[arg-type]
    app.add_exception_handler(IndexNotReady, _not_ready)
    app.add_exception_handler(IndexMismatchError, _not_ready)
    app.add_exception_handler(Exception, _unexpected)
