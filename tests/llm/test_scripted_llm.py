"""LLM mode end to end against a scripted OpenAI-compatible server (real HTTP on loopback):
the happy path over /api/chat and /api/chat/stream, and each fallback."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from assistant.llm.answerer import collection_phrase
from assistant.settings import Settings
from index.store import load_generation
from tests.conftest import LiveServer, StartServer
from tests.llm.conftest import stream_chat
from tests.scripted_llm import ScriptedLLM

pytestmark = pytest.mark.integration
QUESTION = "What are provider collaboratives?"


@pytest.fixture(scope="module")
def scripted() -> Iterator[ScriptedLLM]:
    server = ScriptedLLM().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def llm_server(
    corpus_index: Settings, start_server: StartServer, scripted: ScriptedLLM
) -> LiveServer:
    return start_server(
        corpus_index,
        LLM_BASE_URL=scripted.base_url,
        LLM_MODEL="scripted",
        LLM_MAX_RETRIES="1",
        LLM_TIMEOUT="30",
    )


def chat(server: LiveServer, message: str) -> dict[str, Any]:
    response = httpx.post(f"{server.url}/api/chat", json={"message": message}, timeout=60)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def assert_quotes_exact(corpus_index: Settings, citations: list[dict[str, Any]]) -> None:
    documents = load_generation(corpus_index.index_dir).documents
    for citation in citations:
        text = documents[citation["doc_id"]].text
        assert text[citation["start"] : citation["end"]] == citation["quote"]


def test_llm_answer_cites_its_source(
    llm_server: LiveServer, scripted: ScriptedLLM, corpus_index: Settings
) -> None:
    body = chat(llm_server, QUESTION)
    assert body["mode"] == "llm" and not body["refused"], body
    assert "[1]" in body["answer"] and len(body["citations"]) == 1
    assert body["citations"][0]["quote"].split()[0] in body["answer"]
    assert_quotes_exact(corpus_index, body["citations"])
    assert body["prompt"] and {p["name"] for p in body["prompt"]} >= {"system", "answer"}


def test_the_system_prompt_names_the_collection_from_the_manifest(
    llm_server: LiveServer, scripted: ScriptedLLM, corpus_index: Settings
) -> None:
    chat(llm_server, QUESTION)
    system = scripted.requests[-1]["messages"][0]["content"]
    info = load_generation(corpus_index.index_dir).info.get("collection") or {}
    assert f"You answer questions about {collection_phrase(info)} using ONLY" in system
    assert scripted.requests[-1]["stream"] is True


def test_streamed_llm_answer(llm_server: LiveServer, corpus_index: Settings) -> None:
    events = stream_chat(llm_server.url, QUESTION)
    tokens = [data["text"] for name, data in events if name == "token"]
    final = [data for name, data in events if name == "final"]
    assert len(tokens) > 1
    assert len(final) == 1 and final[0]["mode"] == "llm"
    assert "".join(tokens).strip().endswith("[1]")
    assert_quotes_exact(corpus_index, final[0]["citations"])


def test_not_covered_is_a_decline_in_llm_mode(
    llm_server: LiveServer, scripted: ScriptedLLM
) -> None:
    scripted.script("not_covered")
    body = chat(llm_server, QUESTION)
    assert body["refused"] and body["mode"] == "llm"
    assert body["refusal_reason"] == "not_covered"
    assert body["citations"] == []


def test_a_failing_endpoint_falls_back_to_quotes(
    llm_server: LiveServer, scripted: ScriptedLLM
) -> None:
    scripted.script("error", "error")  # the first try and its one retry
    body = chat(llm_server, QUESTION)
    assert body["mode"] == "extractive" and body["notice"]
    assert body["citations"]


def test_an_invented_citation_falls_back_to_quotes(
    llm_server: LiveServer, scripted: ScriptedLLM
) -> None:
    scripted.script("bad_citation")
    body = chat(llm_server, QUESTION)
    assert body["mode"] == "extractive"
    assert "not supported" in body["notice"]
    assert "green cheese" not in body["answer"]


def test_the_model_is_asked_even_when_quotes_would_decline(
    llm_server: LiveServer, scripted: ScriptedLLM
) -> None:
    asked = len(scripted.requests)
    scripted.script("not_covered")
    body = chat(llm_server, "How much will the chairs of the boards be paid in 2031?")
    assert len(scripted.requests) == asked + 1
    assert body["refused"] and body["mode"] == "llm"


def test_the_answer_prompt_carries_the_expected_answer_type(
    llm_server: LiveServer, scripted: ScriptedLLM
) -> None:
    chat(llm_server, "When was the review published?")
    user = scripted.requests[-1]["messages"][-1]["content"]
    assert "The question asks for a date" in user
