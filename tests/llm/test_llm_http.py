"""LLM mode end to end: a real uvicorn server of the app talking to a real llama.cpp server,
driven over HTTP (`/api/chat` and `/api/chat/stream`), including the faults."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest

from assistant.llm.validation import markers
from assistant.schemas import ChatResponse
from assistant.settings import Settings
from tests.conftest import LiveServer, StartServer
from tests.llm.conftest import StartLlama, events, llm_env, stream_chat
from tests.llm_server import LlamaServer, short_completion

pytestmark = [pytest.mark.llm, pytest.mark.integration]
CONTRACT = {"conversation_id", "message_id", "answer", "citations", "refused", "mode"}


@pytest.fixture(scope="module")
def app(llama: LlamaServer, corpus_index: Settings, start_server: StartServer) -> LiveServer:
    return start_server(corpus_index, **llm_env(llama.base_url))


def chat(server: LiveServer, message: str, conversation_id: str | None = None) -> dict[str, Any]:
    body = {"message": message, "conversation_id": conversation_id}
    response = httpx.post(f"{server.url}/api/chat", json=body, timeout=180)
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()
    assert CONTRACT <= set(data)
    return data


def check_grounded(server: LiveServer, body: dict[str, Any]) -> None:
    """An LLM answer reaches the reader only validated; otherwise quotes with a notice."""
    if body["mode"] == "extractive":
        assert body["notice"], "a fallback must say so"
    elif not body["refused"]:
        assert set(markers(body["answer"])) == {c["n"] for c in body["citations"]}
        assert {p["name"] for p in body["prompt"]} >= {"system", "answer"}
    for cite in body["citations"]:
        doc = httpx.get(f"{server.url}/api/documents/{cite['doc_id']}", timeout=30).json()
        assert doc["text"][cite["start"] : cite["end"]] == cite["quote"]


def test_chat_and_follow_up(app: LiveServer) -> None:
    first = chat(app, "What are HARPs?")
    check_grounded(app, first)
    follow = chat(app, "When would they start?", first["conversation_id"])
    check_grounded(app, follow)
    assert follow["search_query"] and follow["conversation_id"] == first["conversation_id"]


def test_stream_sends_tokens_then_one_final(app: LiveServer) -> None:
    received = stream_chat(app.url, "What did NHS Providers say about national targets?")
    names = [name for name, _ in received]
    assert names[-1] == "final" and names.count("final") == 1
    assert "token" in names and set(names) <= {"token", "final", "status"}
    final = ChatResponse.model_validate(received[-1][1])
    check_grounded(app, final.model_dump())
    stored = httpx.get(f"{app.url}/api/conversations/{final.conversation_id}", timeout=30).json()
    assert [m["role"] for m in stored["messages"]] == ["user", "assistant"]
    assert stored["messages"][1]["content"] == final.answer


def test_stream_errors_before_streaming_are_json(app: LiveServer) -> None:
    unknown = httpx.post(
        f"{app.url}/api/chat/stream", json={"message": "hi", "conversation_id": "nope"}, timeout=30
    )
    assert unknown.status_code == 404 and unknown.json()["error"] == "not_found"
    empty = httpx.post(f"{app.url}/api/chat/stream", json={"message": " "}, timeout=30)
    assert empty.status_code == 422 and empty.json()["error"] == "invalid_request"


def test_malformed_model_output_falls_back_with_notice(
    llama: LlamaServer, corpus_index: Settings, start_server: StartServer
) -> None:
    # 16 tokens cut the tiny model off before any citation: the reply cannot be shown.
    server = start_server(corpus_index, **llm_env(llama.base_url, LLM_MAX_TOKENS="16"))
    body = chat(server, "What are HARPs?")
    assert body["mode"] == "extractive" and body["notice"] and body["citations"]
    final = stream_chat(server.url, "What are HARPs?")[-1]
    assert final[0] == "final" and final[1]["mode"] == "extractive" and final[1]["notice"]


def test_closed_port_falls_back_quickly(
    corpus_index: Settings, start_server: StartServer, closed_port: int
) -> None:
    server = start_server(corpus_index, **llm_env(f"http://127.0.0.1:{closed_port}/v1"))
    started = time.monotonic()
    first = chat(server, "What are HARPs?")
    follow = chat(server, "When would they start?", first["conversation_id"])
    assert time.monotonic() - started < 15
    for body in (first, follow):
        assert body["mode"] == "extractive" and body["notice"] and not body["refused"]
    assert "2025" in follow["answer"] or "HARP" in follow["search_query"]


def test_llm_server_stopped_mid_conversation(
    start_llama: StartLlama, corpus_index: Settings, start_server: StartServer
) -> None:
    llama = start_llama()
    server = start_server(corpus_index, **llm_env(llama.base_url, LLM_TIMEOUT="60"))
    first = chat(server, "What are HARPs?")
    check_grounded(server, first)
    llama.stop()
    started = time.monotonic()
    follow = chat(server, "When would they start?", first["conversation_id"])
    final = stream_chat(server.url, "What did the review say about targets?")[-1][1]
    assert time.monotonic() - started < 30
    for body in (follow, final):
        assert body["mode"] == "extractive" and body["notice"]


def test_client_disconnect_stops_generation(
    start_llama: StartLlama, corpus_index: Settings, start_server: StartServer
) -> None:
    llama = start_llama()
    # 1,000 tokens take the tiny model 25 s at the very least (it rarely stops on its own).
    long = llm_env(llama.base_url, LLM_MAX_TOKENS="1000", LLM_CONTEXT_TOKENS="2048")
    server = start_server(corpus_index, **long)
    conversation = httpx.post(
        f"{server.url}/api/chat", json={"message": "Hello"}, timeout=60
    ).json()["conversation_id"]
    body = {"message": "What are HARPs?", "conversation_id": conversation}
    with httpx.stream("POST", f"{server.url}/api/chat/stream", json=body, timeout=180) as resp:
        for name, _ in events(resp):
            if name == "token":
                break  # hang up after the first token
        else:
            pytest.fail("no token event before the end of the stream")
    hung_up = time.monotonic()
    # The turn is stored as soon as the pipeline notices the hang-up.
    deadline = hung_up + 10
    while time.monotonic() < deadline:
        got = httpx.get(f"{server.url}/api/conversations/{conversation}", timeout=30).json()
        if len(got["messages"]) == 4:
            break
        time.sleep(0.2)
    else:
        pytest.fail("the cancelled turn was not finished within 10 s")
    reply = short_completion(llama.base_url)
    assert reply.status_code == 200 and time.monotonic() - hung_up < 15
