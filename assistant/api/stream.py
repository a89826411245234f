"""POST /api/chat/stream: the same answer as /api/chat, as Server-Sent Events.

Events: `token` ({"text"}) while a language model writes, then one `final` with the full
`ChatResponse` (the final answer is authoritative: it is validated, and may be the extractive
fallback). `error` ({"error", "detail"}) if the pipeline fails. The blocking pipeline runs in a
worker thread and hands events over through a queue; when the client disconnects, the
`cancelled` flag the pipeline polls is set and generation stops at the next token.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from fastapi import APIRouter
from sse_starlette import EventSourceResponse, ServerSentEvent

from assistant.conversations import WEB_CHANNEL, ConversationNotFound
from assistant.deps import CollabDep, OwnerDep
from assistant.errors import without_paths
from assistant.pipeline import Collaborators, answer
from assistant.schemas import AnswerEvent, ChatRequest, ErrorBody
from index.store import IndexUnavailable

log = logging.getLogger(__name__)
router = APIRouter(prefix="/api", tags=["chat"])
PING_SECONDS = 15
STREAM_WORKERS = 16  # concurrent streamed answers; more wait for a free worker
_DONE = object()
_WORKERS = ThreadPoolExecutor(max_workers=STREAM_WORKERS, thread_name_prefix="chat-stream")


def _event(item: AnswerEvent) -> ServerSentEvent:
    if item.type == "final" and item.response is not None:
        return ServerSentEvent(data=item.response.model_dump_json(), event="final")
    return ServerSentEvent(data=json.dumps({"text": item.text}), event=item.type)


def _error(error: str, detail: str) -> ServerSentEvent:
    return ServerSentEvent(data=json.dumps({"error": error, "detail": detail}), event="error")


async def _events(
    request: ChatRequest, collab: Collaborators, owner: str | None
) -> AsyncIterator[ServerSentEvent]:
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[Any] = asyncio.Queue()
    stop = threading.Event()

    def put(item: Any) -> None:
        loop.call_soon_threadsafe(queue.put_nowait, item)

    def work() -> None:
        try:
            answer(
                request, collab, owner=owner, on_event=put, cancelled=stop.is_set,
                channel=WEB_CHANNEL,
            )  # fmt: skip
        except ConversationNotFound as exc:
            put(_error("not_found", str(exc)))
        except IndexUnavailable as exc:  # unreadable index or vector store away: retried later
            put(_error("index_unavailable", without_paths(str(exc))))
        except Exception:
            log.exception("streamed answer failed")
            put(_error("internal_error", "something went wrong; the error has been logged"))
        finally:
            put(_DONE)

    _WORKERS.submit(work)
    try:
        while (item := await queue.get()) is not _DONE:
            yield item if isinstance(item, ServerSentEvent) else _event(item)
    finally:  # client gone (generator cancelled) or finished: stop any generation
        stop.set()


@router.post(
    "/chat/stream",
    response_class=EventSourceResponse,
    responses={
        200: {"content": {"text/event-stream": {}}, "description": "token*, then final"},
        404: {"model": ErrorBody},
        422: {"model": ErrorBody},
    },
)
async def chat_stream(request: ChatRequest, collab: CollabDep, owner: OwnerDep) -> Any:
    """Answer a question as a stream: `token` events, then a `final` event with citations."""
    if request.conversation_id is not None:  # an unknown id is a 404 before streaming starts
        await asyncio.to_thread(collab.conversations.get, request.conversation_id, owner)
    return EventSourceResponse(_events(request, collab, owner), ping=PING_SECONDS)
