"""`/api/chat/stream`: event encoding, and without a language model one `final` event carrying
the same answer as /api/chat."""

from __future__ import annotations

import json

import httpx
import pytest

from assistant.api.stream import _error, _event
from assistant.schemas import AnswerEvent, ChatResponse
from tests.conftest import LiveServer
from tests.llm.conftest import stream_chat


def test_events_are_encoded_for_sse() -> None:
    token = _event(AnswerEvent(type="token", text="HARPs [1]"))
    assert token.event == "token" and json.loads(str(token.data)) == {"text": "HARPs [1]"}
    response = ChatResponse(
        conversation_id="c", message_id="m", answer="A [1].", citations=[], refused=False,
        mode="llm", notice="n",
    )  # fmt: skip
    final = _event(AnswerEvent(type="final", response=response))
    assert final.event == "final"
    assert ChatResponse.model_validate_json(str(final.data)) == response
    error = _error("internal_error", "logged")
    assert error.event == "error" and json.loads(str(error.data))["error"] == "internal_error"


@pytest.mark.integration
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


@pytest.mark.integration
def test_stream_is_in_the_openapi_schema(server: LiveServer) -> None:
    spec = httpx.get(f"{server.url}/openapi.json", timeout=30).json()
    assert (
        "text/event-stream"
        in spec["paths"]["/api/chat/stream"]["post"]["responses"]["200"]["content"]
    )
