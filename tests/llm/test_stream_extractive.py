"""`/api/chat/stream` without a language model: one `final` event, same answer as /api/chat."""

from __future__ import annotations

import httpx
import pytest

from assistant.schemas import ChatResponse
from tests.conftest import LiveServer
from tests.llm.sse import stream_chat

pytestmark = pytest.mark.integration


def test_extractive_stream_is_one_final_event(server: LiveServer) -> None:
    received = stream_chat(server.url, "What are HARPs?", timeout=60)
    assert [name for name, _ in received] == ["final"]
    final = ChatResponse.model_validate(received[0][1])
    assert final.mode == "extractive" and final.citations and not final.refused
    plain = httpx.post(f"{server.url}/api/chat", json={"message": "What are HARPs?"}, timeout=60)
    assert plain.json()["answer"] == final.answer
    follow = stream_chat(server.url, "When would they start?", final.conversation_id, timeout=60)
    body = follow[-1][1]
    assert body["conversation_id"] == final.conversation_id and body["search_query"]


def test_stream_is_in_the_openapi_schema(server: LiveServer) -> None:
    spec = httpx.get(f"{server.url}/openapi.json", timeout=30).json()
    assert (
        "text/event-stream"
        in spec["paths"]["/api/chat/stream"]["post"]["responses"]["200"]["content"]
    )
