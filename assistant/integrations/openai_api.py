"""POST /v1/chat/completions: the assistant as an OpenAI-compatible chat model.

Existing chat front ends and the `openai` client can talk to it (base URL `<server>/v1`, any
model name). Each request is answered by `assistant.pipeline.answer`: the last user message is
the question, earlier user/assistant turns are its history. The reply's text ends with a
"Sources" list ([n] document, publisher, date, section and the quoted passage), and the same
citations come as structured `citations` (top level; in the last chunk when streaming).

Streaming sends the checked answer in pieces once it is ready: a model's raw tokens are never
sent, because the validated answer (or the extractive fallback) may differ from them.

With sign-in on, use `/api/v1` (the same endpoint behind sign-in: an API token as the
`api_key`); `/v1` then answers 401.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from typing import Any, Literal

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from assistant.auth.sessions import auth_required
from assistant.conversations import new_id
from assistant.deps import CollabDep, OwnerDep, SettingsDep
from assistant.pipeline import Collaborators, answer
from assistant.schemas import MAX_MESSAGE_CHARS, ChatRequest, ChatResponse, Citation, ErrorBody
from assistant.security.pii import redact

router = APIRouter(tags=["openai-compatible"])
MODEL = "review-assistant"
PIECE = re.compile(r"\S+\s*")


class ContentPart(BaseModel):
    model_config = ConfigDict(extra="allow")

    type: str
    text: str = ""


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="allow")

    role: Literal["system", "developer", "user", "assistant", "tool"]
    content: str | list[ContentPart] | None = None

    def text(self) -> str:
        if isinstance(self.content, list):
            return "".join(p.text for p in self.content if p.type == "text")
        return self.content or ""


class CompletionRequest(BaseModel):
    """The fields the assistant uses; other OpenAI parameters are accepted and ignored."""

    model_config = ConfigDict(extra="allow")

    model: str = MODEL
    messages: list[ChatMessage] = Field(min_length=1, max_length=200)
    stream: bool = False


def sources_text(citations: list[Citation]) -> str:
    """The citations as text appended to the answer, one line each with the exact quote."""
    lines = []
    for c in citations:
        where = ", ".join(part for part in (c.publisher, c.date, c.section) if part)
        quote = " ".join(c.quote.split())
        lines.append(f"[{c.n}] {c.title} — {where}: “{quote}”")
    return "\n\nSources:\n" + "\n".join(lines) if lines else ""


def reply_text(response: ChatResponse) -> str:
    notice = f"\n\n{response.notice}" if response.notice else ""
    return response.answer.strip() + notice + sources_text(response.citations)


def _extras(response: ChatResponse) -> dict[str, Any]:
    return {
        "citations": [c.model_dump(mode="json") for c in response.citations],
        "refused": response.refused,
        "conversation_id": response.conversation_id,
    }


def _question_and_history(body: CompletionRequest) -> tuple[str, list[tuple[str, str]]]:
    """The last user message, and the user/assistant pairs before it."""
    turns = [(m.role, m.text()) for m in body.messages if m.role in ("user", "assistant")]
    if not turns or turns[-1][0] != "user" or not turns[-1][1].strip():
        raise HTTPException(422, "the last message must be the user's question")
    if len(turns[-1][1]) > MAX_MESSAGE_CHARS:
        raise HTTPException(422, f"the question is longer than {MAX_MESSAGE_CHARS} characters")
    pairs = []
    for (role, text), (next_role, next_text) in zip(turns[:-1], turns[1:-1], strict=False):
        if role == "user" and next_role == "assistant":
            pairs.append((text, next_text))
    return turns[-1][1], pairs


def _answer(body: CompletionRequest, collab: Collaborators, owner: str | None) -> ChatResponse:
    question, history = _question_and_history(body)
    conversation_id = None
    store = collab.conversations
    if history:  # replay the client's history (personal data redacted, as for any question)
        conversation_id = store.ensure(None, owner, redact(history[0][0]).text)
        for asked, answered in history:
            store.add_exchange(conversation_id, redact(asked).text, None,
                               redact(answered).text, {}, new_id())  # fmt: skip
    try:
        return answer(
            ChatRequest(message=question, conversation_id=conversation_id), collab, owner=owner
        )
    except Exception:
        if conversation_id is not None:  # no replayed history without its answered question
            store.delete(conversation_id, owner)
        raise


def _chunk(ident: str, created: int, model: str, delta: dict[str, Any], **extra: Any) -> str:
    finish = extra.pop("finish_reason", None)
    data = {
        "id": ident,
        "object": "chat.completion.chunk",
        "created": created,
        "model": model,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
        **extra,
    }
    return f"data: {json.dumps(data, ensure_ascii=False)}\n\n"


def _stream(response: ChatResponse, model: str) -> Iterator[str]:
    ident, created = f"chatcmpl-{response.message_id}", int(time.time())
    yield _chunk(ident, created, model, {"role": "assistant", "content": ""})
    for piece in PIECE.findall(reply_text(response)):
        yield _chunk(ident, created, model, {"content": piece})
    yield _chunk(ident, created, model, {}, finish_reason="stop", **_extras(response))
    yield "data: [DONE]\n\n"


async def _complete(
    body: CompletionRequest, collab: Collaborators, owner: str | None
) -> StreamingResponse | dict[str, Any]:
    response = await run_in_threadpool(_answer, body, collab, owner)
    if body.stream:
        return StreamingResponse(_stream(response, body.model), media_type="text/event-stream")
    return {
        "id": f"chatcmpl-{response.message_id}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": body.model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": reply_text(response)},
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
        **_extras(response),
    }


RESPONSES: dict[int | str, dict[str, Any]] = {401: {"model": ErrorBody}, 422: {"model": ErrorBody}}


@router.post("/api/v1/chat/completions", responses=RESPONSES)
async def chat_completions_signed_in(
    body: CompletionRequest, collab: CollabDep, owner: OwnerDep
) -> Any:
    """OpenAI-compatible chat completion behind sign-in (an API token as the bearer key)."""
    return await _complete(body, collab, owner)


@router.post("/v1/chat/completions", responses=RESPONSES)
async def chat_completions(
    body: CompletionRequest, request: Request, collab: CollabDep, settings: SettingsDep
) -> Any:
    """OpenAI-compatible chat completion (sign-in off; otherwise use /api/v1)."""
    server = request.scope.get("server")
    if auth_required(settings, server[0] if server else None):
        raise HTTPException(401, "sign-in is on: use /api/v1/chat/completions with an API token")
    return await _complete(body, collab, None)


@router.get("/v1/models")
@router.get("/api/v1/models")
def models() -> dict[str, Any]:
    """The one model this endpoint offers (front ends list models before chatting)."""
    return {"object": "list", "data": [{"id": MODEL, "object": "model", "owned_by": "local"}]}
