"""The OpenAI-compatible endpoint's request, reply and error shapes, as OpenAPI documents them.

Requests take OpenAI's chat-completion body: the fields the assistant uses are typed, every
other OpenAI parameter (temperature, tools, user, ...) is accepted and ignored, as OpenAI-style
clients send many of them. Errors raised while handling a request leave in OpenAI's shape
(`{"error": {"message", "type", "param", "code"}}`) so OpenAI clients show their message.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Coroutine
from inspect import isawaitable
from typing import Any, Literal

from fastapi import Request, Response
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from pydantic import BaseModel, ConfigDict, Field

from assistant.schemas import Citation, ErrorBody
from assistant.security.text import CleanStr

MODEL = "review-assistant"


class ContentPart(BaseModel):
    """One part of a message's content; only `text` parts are read."""

    model_config = ConfigDict(extra="allow")

    type: str
    text: CleanStr = ""


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="allow")

    role: Literal["system", "developer", "user", "assistant", "tool"]
    content: CleanStr | list[ContentPart] | None = None

    def text(self) -> str:
        if isinstance(self.content, list):
            return "".join(p.text for p in self.content if p.type == "text")
        return self.content or ""


class CompletionRequest(BaseModel):
    """The fields the assistant uses; other OpenAI parameters are accepted and ignored. The
    question is the last message, from the user; earlier user/assistant turns are history."""

    model_config = ConfigDict(extra="allow")

    model: str = MODEL
    messages: list[ChatMessage] = Field(min_length=1, max_length=200)
    stream: bool = False


class CompletionMessage(BaseModel):
    role: Literal["assistant"] = "assistant"
    content: str


class Choice(BaseModel):
    index: int = 0
    message: CompletionMessage
    finish_reason: Literal["stop"] = "stop"


class Usage(BaseModel):
    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0


class ChatCompletion(BaseModel):
    """OpenAI's `chat.completion`, plus the citations as a structured field. `refused` is true
    when the documents do not answer (or there was no question); then `conversation_id` may be
    null. Streamed (`stream: true`), the same reply comes as `text/event-stream` chunks."""

    id: str
    object: Literal["chat.completion"] = "chat.completion"
    created: int
    model: str
    choices: list[Choice]
    usage: Usage = Field(default_factory=Usage)
    citations: list[Citation]
    refused: bool
    conversation_id: str | None


class OpenAIError(BaseModel):
    message: str
    type: str
    param: str | None = None
    code: str | None = None


class OpenAIErrorBody(BaseModel):
    """An error as OpenAI gives it; `code` is the service's machine code (`invalid_request`)."""

    error: OpenAIError


ERROR_TYPES = {401: "authentication_error", 403: "permission_error", 429: "rate_limit_error"}


def _schema(*models: type[BaseModel]) -> dict[str, Any]:
    refs = [{"$ref": f"#/components/schemas/{m.__name__}"} for m in models]
    return {"application/json": {"schema": refs[0] if len(refs) == 1 else {"anyOf": refs}}}


STREAM_EVENT = {  # OpenAPI 3.1: an event stream's schema describes each event
    "type": "object",
    "required": ["data"],
    "properties": {
        "data": {
            "type": "string",
            "description": "a `chat.completion.chunk` as JSON (the last carries the citations); "
            "then `[DONE]`",
        }
    },
}
# Errors raised in the route are OpenAI-shaped; those refused before it (host, body size,
# sign-in on /api) keep the service's `ErrorBody`.
RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "model": ChatCompletion,
        "content": {"text/event-stream": {"schema": STREAM_EVENT}},
        "description": "The answer; with `stream: true`, OpenAI-style SSE chunks then [DONE]",
    },
    400: {"description": "malformed JSON, or a host name that is not served here",
          "content": _schema(OpenAIErrorBody, ErrorBody)},
    401: {"description": "sign-in (or an API token) is needed",
          "content": _schema(OpenAIErrorBody, ErrorBody)},
    422: {"description": "the request does not match the schema", "model": OpenAIErrorBody},
    503: {"description": "the index or the database is unavailable right now",
          "model": OpenAIErrorBody},
}  # fmt: skip


def openai_error(status: int, body: dict[str, Any], headers: dict[str, str]) -> JSONResponse:
    """The service's `{"error", "detail"}` body in OpenAI's shape, status and headers kept."""
    detail = body.get("detail")
    message = detail if isinstance(detail, str) else json.dumps(detail, ensure_ascii=False)
    kind = ERROR_TYPES.get(status, "server_error" if status >= 500 else "invalid_request_error")
    error = OpenAIError(message=message, type=kind, code=str(body.get("error") or "error"))
    return JSONResponse(OpenAIErrorBody(error=error).model_dump(), status, headers)


class OpenAIErrorRoute(APIRoute):
    """A route whose errors are decided by the app's handlers, then reshaped for OpenAI."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handle = super().get_route_handler()

        async def route(request: Request) -> Response:
            try:
                return await handle(request)
            except Exception as exc:
                handlers = request.app.exception_handlers
                decide = next(h for c in type(exc).__mro__ if (h := handlers.get(c)))
                response = decide(request, exc)
                plain = await response if isawaitable(response) else response
                keep = {k: v for k, v in plain.headers.items() if k not in CONTENT_HEADERS}
                return openai_error(plain.status_code, json.loads(bytes(plain.body)), keep)

        return route


CONTENT_HEADERS = {"content-length", "content-type"}
