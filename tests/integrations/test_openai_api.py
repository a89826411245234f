"""The OpenAI-compatible endpoint driven by the real `openai` client against a real server."""

from __future__ import annotations

import httpx
import openai
import pytest

from assistant.integrations.openai_api import NO_QUESTION, TOO_LONG
from assistant.schemas import MAX_MESSAGE_CHARS
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


def test_openai_parameters_the_assistant_does_not_use_are_accepted(
    client: openai.OpenAI,
) -> None:
    completion = client.chat.completions.create(
        model="gpt-4o",
        messages=[{"role": "user", "content": [{"type": "text", "text": QUESTION}]}],
        temperature=0.2,
        max_tokens=50,
        user="someone",
        tools=[{"type": "function", "function": {"name": "f", "parameters": {}}}],
        extra_body={"unknown_vendor_field": {"x": 1}},
    )
    assert "13 questions" in (completion.choices[0].message.content or "")
    assert completion.model == "gpt-4o" and (completion.model_extra or {})["refused"] is False


def test_a_request_without_a_question_is_answered_in_band(client: openai.OpenAI) -> None:
    for messages in (
        [{"role": "assistant", "content": "Hello"}],
        [{"role": "user", "content": "\u0000 \u202e "}],
        [{"role": "user", "content": "x" * (MAX_MESSAGE_CHARS + 1)}],
    ):
        completion = client.chat.completions.create(model="m", messages=messages)  # type: ignore[arg-type]
        extra = completion.model_extra or {}
        text = completion.choices[0].message.content or ""
        assert extra["refused"] is True and extra["citations"] == [], text
        assert text in (NO_QUESTION, TOO_LONG)
    stream = client.chat.completions.create(
        model="m", messages=[{"role": "system", "content": "Hi"}], stream=True
    )
    chunks = list(stream)
    assert (chunks[-1].model_extra or {})["refused"] is True
    assert "".join(c.choices[0].delta.content or "" for c in chunks) == NO_QUESTION


def test_bad_requests_are_openai_style_errors(client: openai.OpenAI, server: LiveServer) -> None:
    with pytest.raises(openai.UnprocessableEntityError) as raised:
        client.chat.completions.create(model="m", messages=[])
    assert "messages" in raised.value.message
    raw = httpx.post(f"{server.url}/v1/chat/completions", json={"messages": [{"role": "robot"}]})
    error = raw.json()["error"]
    assert raw.status_code == 422 and error["type"] == "invalid_request_error"
    assert error["code"] == "invalid_request" and "role" in error["message"]
    raw = httpx.post(
        f"{server.url}/v1/chat/completions",
        content=b"{not json",
        headers={"content-type": "application/json"},
    )
    assert raw.status_code == 400 and raw.json()["error"]["code"] == "malformed_json"
    assert [m.id for m in client.models.list()] == ["review-assistant"]
