"""Every error leaves as JSON `{"error", "detail"}` with a 4xx/5xx status and no stack trace,
no filesystem path, and a schema in the OpenAPI document that says so (`document_errors`)."""

from __future__ import annotations

import logging
import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from assistant.conversations import ConversationNotFound
from assistant.db import DatabaseUnusable
from assistant.security.text import VISIBLE
from index.store import IndexMismatchError, IndexNotReady, IndexUnavailable

log = logging.getLogger(__name__)
PATH = re.compile(r"(?:[A-Za-z]:)?(?:/[^\s/'\"]+){2,}/?")
ERROR_SCHEMA = {"$ref": "#/components/schemas/ErrorBody"}
DEFAULT_422 = {"$ref": "#/components/schemas/HTTPValidationError"}
COMMON_ERRORS = {
    "400": "malformed JSON, or a host name that is not served here",
    "413": "the request body is too large",
    "422": "the request does not match the schema",
    "503": "the index or the database is unavailable right now",
}
API_ERRORS = {"401": "sign-in (or an API token) is needed", "403": "not allowed (or no CSRF token)"}


def without_paths(text: str) -> str:
    """A message with filesystem paths reduced to their last part."""
    return PATH.sub(lambda m: m.group(0).rstrip("/").rsplit("/", 1)[-1], text)


def _body(status: int, error: str, detail: Any) -> JSONResponse:
    return JSONResponse({"error": error, "detail": detail}, status_code=status)


def _explain(errors: list[Any]) -> str:
    parts = []
    for err in errors:
        where = ".".join(str(p) for p in err.get("loc", ()) if p != "body") or "body"
        message = err.get("msg", "invalid")
        if (
            err.get("type") == "string_pattern_mismatch"
            and (err.get("ctx") or {}).get("pattern") == VISIBLE
        ):
            message = "must not be blank (control and invisible characters are removed)"
        parts.append(f"{where}: {message}")
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
    return _body(503, "index_not_ready", without_paths(str(exc)))


async def _unavailable(_: Request, exc: Exception) -> JSONResponse:
    log.warning("index unavailable: %s (%r)", exc, exc.__cause__)
    return _body(503, "index_unavailable", without_paths(str(exc)))


async def _database(request: Request, exc: Exception) -> JSONResponse:
    log.error("database unavailable on %s %s: %s", request.method, request.url.path, exc)
    return _body(503, "database_unavailable", "the database is unavailable; try again shortly")


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    return _body(500, "internal_error", "something went wrong; the error has been logged")


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _validation)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _http)  # type: ignore[arg-type]
    app.add_exception_handler(ConversationNotFound, _not_found)  # type: ignore[arg-type]
    app.add_exception_handler(IndexNotReady, _not_ready)
    app.add_exception_handler(IndexMismatchError, _not_ready)
    app.add_exception_handler(IndexUnavailable, _unavailable)
    app.add_exception_handler(OperationalError, _database)
    app.add_exception_handler(DatabaseUnusable, _database)
    app.add_exception_handler(Exception, _unexpected)
    document_errors(app)


def document_errors(app: FastAPI) -> None:
    """The OpenAPI document lists the error answers every operation can give, as `ErrorBody`."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(
            title=app.title,
            version=app.version,
            summary=app.summary,
            description=app.description,
            routes=app.routes,
        )
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.setdefault(
            "ErrorBody",
            {
                "title": "ErrorBody",
                "type": "object",
                "required": ["error", "detail"],
                "properties": {
                    "error": {"type": "string", "title": "Error"},
                    "detail": {
                        "title": "Detail",
                        "anyOf": [
                            {"type": "string"},
                            {"type": "array", "items": {"type": "object"}},
                        ],
                    },
                },
            },
        )
        for path, operations in schema.get("paths", {}).items():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                errors = {**COMMON_ERRORS, **(API_ERRORS if path.startswith("/api/") else {})}
                if "{" in path:  # a named resource that may not exist (or not be the caller's)
                    errors["404"] = "no such resource"
                for status, description in errors.items():
                    entry = responses.setdefault(status, {"description": description})
                    content = entry.setdefault("content", {})
                    json_body = content.setdefault("application/json", {})
                    if json_body.get("schema", DEFAULT_422) == DEFAULT_422:  # FastAPI's own 422
                        json_body["schema"] = ERROR_SCHEMA
        for name in ("HTTPValidationError", "ValidationError"):
            components.pop(name, None)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
