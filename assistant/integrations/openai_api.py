"""POST /v1/chat/completions: the assistant as an OpenAI-compatible chat model.

Existing chat front ends and the `openai` client can talk to it (base URL `<server>/v1`, any
model name). Each request is answered by `assistant.pipeline.answer`: the last user message is
the question, earlier user/assistant turns are its history. The reply's text ends with a
"Sources" list ([n] document, publisher, date, section and the quoted passage), and the same
citations come as structured `citations` (top level; in the last chunk when streaming).

Streaming sends the checked answer in pieces once it is ready: a model's raw tokens are never
sent, because the validated answer (or the extractive fallback) may differ from them.

With sign-in on, use `/api/v1` (the same endpoint behind sign-in: an API token as the
`api_key`); `/v1` then answers 401. Shapes and OpenAI-style errors: `openai_schema`.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import StreamingResponse
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from assistant.auth.sessions import auth_required
from assistant.conversations import new_id
from assistant.deps import CollabDep, OwnerDep, SettingsDep
from assistant.integrations.openai_schema import (
    MODEL,
    RESPONSES,
    ChatCompletion,
    Choice,
    CompletionMessage,
    CompletionRequest,
    OpenAIErrorRoute,
)
from assistant.pipeline import Collaborators, answer
from assistant.schemas import MAX_MESSAGE_CHARS, ChatRequest, ChatResponse, Citation
from assistant.security.pii import redact

router = APIRouter(tags=["openai-compatible"], route_class=OpenAIErrorRoute)
PIECE = re.compile(r"\S+\s*")
NO_QUESTION = (
    "There is no question to answer: the last message must be the user's question "
    '(role "user", with some text).'
)
TOO_LONG = f"The question is longer than {MAX_MESSAGE_CHARS:,} characters; please shorten it."


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


class NotAQuestion(ValueError):
    """A request with no question the pipeline can take; the message is the reply to show."""


def _question_and_history(body: CompletionRequest) -> tuple[str, list[tuple[str, str]]]:
    """The last user message, and the user/assistant pairs before it."""
    turns = [(m.role, m.text()) for m in body.messages if m.role in ("user", "assistant")]
    if not turns or turns[-1][0] != "user":
        raise NotAQuestion(NO_QUESTION)
    if len(turns[-1][1]) > MAX_MESSAGE_CHARS:
        raise NotAQuestion(TOO_LONG)
    try:  # what /api/chat accepts as a question (not blank once cleaned)
        ChatRequest(message=turns[-1][1])
    except ValidationError as exc:
        raise NotAQuestion(NO_QUESTION) from exc
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


def _completion(
    body: CompletionRequest, response: ChatResponse | None, text: str
) -> ChatCompletion:
    """The reply as OpenAI's `chat.completion`; without a response, an in-band decline."""
    return ChatCompletion(
        id=f"chatcmpl-{response.message_id if response else new_id()}",
        created=int(time.time()),
        model=body.model,
        choices=[Choice(message=CompletionMessage(content=text))],
        citations=response.citations if response else [],
        refused=response.refused if response else True,
        conversation_id=response.conversation_id if response else None,
    )


def _stream(completion: ChatCompletion) -> Iterator[str]:
    ident, created, model = completion.id, completion.created, completion.model
    yield _chunk(ident, created, model, {"role": "assistant", "content": ""})
    for piece in PIECE.findall(completion.choices[0].message.content):
        yield _chunk(ident, created, model, {"content": piece})
    extras = completion.model_dump(mode="json", include={"citations", "refused", "conversation_id"})
    yield _chunk(ident, created, model, {}, finish_reason="stop", **extras)
    yield "data: [DONE]\n\n"


async def _complete(
    body: CompletionRequest, collab: Collaborators, owner: str | None
) -> StreamingResponse | dict[str, Any]:
    """The answer, streamed or whole; a request with no usable question is answered in-band
    (as a chat front end shows it), not refused: its body matched the schema."""
    try:
        response = await run_in_threadpool(_answer, body, collab, owner)
        completion = _completion(body, response, reply_text(response))
    except NotAQuestion as exc:
        completion = _completion(body, None, str(exc))
    if body.stream:
        return StreamingResponse(_stream(completion), media_type="text/event-stream")
    return completion.model_dump(mode="json")


@router.post("/api/v1/chat/completions", response_model=None, responses=RESPONSES)
async def chat_completions_signed_in(
    body: CompletionRequest, collab: CollabDep, owner: OwnerDep
) -> Any:
    """OpenAI-compatible chat completion behind sign-in (an API token as the bearer key)."""
    return await _complete(body, collab, owner)


@router.post("/v1/chat/completions", response_model=None, responses=RESPONSES)
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
