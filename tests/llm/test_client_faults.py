"""Endpoint faults on real loopback sockets: nothing listening, or a listener that never answers.
Every call ends in `LLMUnavailable` within the configured time, whatever the retry count."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from assistant.answering import LLMUnavailable
from assistant.llm import build_answerer
from assistant.llm.answerer import OpenAIAnswerer
from assistant.llm.client import ChatClient, LLMCancelled
from assistant.schemas import Passage
from tests.conftest import make_settings

PASSAGE = Passage(
    chunk_id="d:0", doc_id="d", title="T", publisher="P", date="2023-01-01", kind="k",
    section="", text="HARPs would start in April 2025.", start=0, end=32, score=1.0,
)  # fmt: skip


def client(tmp_path: Path, port: int, **extra: str) -> ChatClient:
    settings = make_settings(
        tmp_path, LLM_BASE_URL=f"http://127.0.0.1:{port}/v1", LLM_MODEL="m", **extra
    )
    return ChatClient(settings)


def test_build_answerer_only_when_configured(tmp_path: Path) -> None:
    assert build_answerer(make_settings(tmp_path)) is None
    configured = make_settings(tmp_path, LLM_BASE_URL="http://127.0.0.1:9/v1", LLM_MODEL="m")
    assert isinstance(build_answerer(configured), OpenAIAnswerer)


def test_closed_port_fails_fast_after_bounded_retries(tmp_path: Path, closed_port: int) -> None:
    chat = client(tmp_path, closed_port, LLM_MAX_RETRIES="2", LLM_TIMEOUT="20")
    started = time.monotonic()
    with pytest.raises(LLMUnavailable, match="APIConnectionError"):
        chat.complete([{"role": "user", "content": "hi"}], max_tokens=8)
    assert time.monotonic() - started < 5  # 3 attempts with 0.25 s and 0.5 s back-off


def test_cancelled_before_asking_never_calls_the_model(tmp_path: Path, closed_port: int) -> None:
    chat = client(tmp_path, closed_port)
    with pytest.raises(LLMCancelled, match="before the model"):
        chat.complete([{"role": "user", "content": "hi"}], max_tokens=8, cancelled=lambda: True)


@pytest.mark.parametrize("retries", ["0", "3"])
def test_silent_endpoint_times_out_within_the_deadline(
    tmp_path: Path, silent_port: int, retries: str
) -> None:
    settings = make_settings(
        tmp_path,
        LLM_BASE_URL=f"http://127.0.0.1:{silent_port}/v1",
        LLM_MODEL="m",
        LLM_MAX_RETRIES=retries,
        LLM_TIMEOUT="1.5",
    )
    answerer = OpenAIAnswerer(settings)
    started = time.monotonic()
    with pytest.raises(LLMUnavailable):
        answerer.answer("When do HARPs start?", [PASSAGE], [], None, lambda: False)
    elapsed = time.monotonic() - started
    assert 1.4 < elapsed < 2.5, elapsed  # one deadline covers every attempt
