"""The OpenAI-compatible endpoint driven by the real `openai` client against a real server."""

from __future__ import annotations

import httpx
import openai
import pytest

from tests.conftest import LiveServer

pytestmark = pytest.mark.integration

QUESTION = "How many questions did the call for evidence ask?"


@pytest.fixture(scope="module")
def client(server: LiveServer) -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{server.url}/v1", api_key="unused", max_retries=0)


def test_completion_carries_citations_in_text_and_as_a_field(client: openai.OpenAI) -> None:
    completion = client.chat.completions.create(
        model="review-assistant", messages=[{"role": "user", "content": QUESTION}]
    )
    text = completion.choices[0].message.content or ""
    extra = completion.model_extra or {}
    citations = extra["citations"]
    assert citations and extra["refused"] is False
    answer, _, sources = text.partition("\n\nSources:\n")
    for c in citations:
        assert f"[{c['n']}]" in answer
        quote = " ".join(c["quote"].split())
        assert f"[{c['n']}] {c['title']} — {c['publisher']}" in sources and f"“{quote}”" in sources
    assert "13 questions" in answer


def test_streamed_completion_matches_the_whole_one(client: openai.OpenAI) -> None:
    messages = [{"role": "user", "content": QUESTION}]
    whole = client.chat.completions.create(model="review-assistant", messages=messages)
    stream = client.chat.completions.create(
        model="review-assistant", messages=messages, stream=True
    )
    chunks = list(stream)
    assert len(chunks) > 3
    text = "".join(c.choices[0].delta.content or "" for c in chunks)
    assert text == whole.choices[0].message.content
    assert chunks[-1].choices[0].finish_reason == "stop"
    assert (chunks[-1].model_extra or {})["citations"] == (whole.model_extra or {})["citations"]


def test_history_makes_a_follow_up_answerable(client: openai.OpenAI) -> None:
    first = client.chat.completions.create(
        model="m", messages=[{"role": "user", "content": "What are HARPs?"}]
    )
    follow = client.chat.completions.create(
        model="m",
        messages=[
            {"role": "system", "content": "You are helpful."},
            {"role": "user", "content": "What are HARPs?"},
            {"role": "assistant", "content": first.choices[0].message.content},
            {"role": "user", "content": "When would they start?"},
        ],
    )
    assert "April 2024" in (follow.choices[0].message.content or "")


def test_bad_requests_are_clear_errors(client: openai.OpenAI, server: LiveServer) -> None:
    with pytest.raises(openai.UnprocessableEntityError):
        client.chat.completions.create(
            model="m", messages=[{"role": "assistant", "content": "Hello"}]
        )
    raw = httpx.post(f"{server.url}/v1/chat/completions", json={"messages": []})
    assert raw.status_code == 422 and raw.json()["error"]
    assert [m.id for m in client.models.list()] == ["review-assistant"]
