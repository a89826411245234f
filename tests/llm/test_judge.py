"""`OpenAIAnswerer`: the prompt it sends and what reaches the reader from a reply (no model)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from assistant.answering import Turn
from assistant.llm.answerer import MALFORMED_NOTICE, UNSUPPORTED_NOTICE, LLMRejected, OpenAIAnswerer
from assistant.llm.client import ChatClient
from assistant.schemas import Passage, PromptInfo
from assistant.settings import Settings
from nlp.tokens import count_tokens
from tests.conftest import make_settings

TEXT = (
    "The review proposes HARPs. HARPs would start in April 2025 in a small number of pilot "
    "areas. Their performance would be assessed by NHS England."
)
PASSAGE = Passage(
    chunk_id="nhsconfed:3", doc_id="nhsconfed", title="Hewitt review: what you need to know",
    publisher="NHS Confederation", date="2023-04-04", kind="briefing", section="HARPs",
    text=TEXT, start=5000, end=5000 + len(TEXT), score=0.9,
)  # fmt: skip
USED = [PromptInfo(name="answer", version="1", sha256="0" * 64)]


@pytest.fixture
def answerer(tmp_path: Path) -> OpenAIAnswerer:
    settings = make_settings(tmp_path, LLM_BASE_URL="http://127.0.0.1:9/v1", LLM_MODEL="m")
    return OpenAIAnswerer(settings)


def test_supported_reply_becomes_a_cited_llm_answer(answerer: OpenAIAnswerer) -> None:
    draft = answerer.judge("HARPs would start in April 2025 in pilot areas [1].", [PASSAGE], USED)
    assert draft.mode == "llm" and not draft.refused and draft.warnings == []
    [cite] = draft.citations
    assert cite.n == 1 and cite.doc_id == "nhsconfed" and cite.section == "HARPs"
    assert cite.quote == "HARPs would start in April 2025 in a small number of pilot areas."
    assert TEXT[cite.start - PASSAGE.start : cite.end - PASSAGE.start] == cite.quote
    assert draft.prompt == USED


def test_flagged_but_mostly_supported_reply_keeps_warnings(answerer: OpenAIAnswerer) -> None:
    reply = (
        "HARPs would start in April 2025 in pilot areas [1]. "
        "NHS England would assess their performance [1][4]. "
        "There would be 12 of them [1]."
    )
    draft = answerer.judge(reply, [PASSAGE], USED)
    assert draft.mode == "llm" and "[4]" not in draft.answer
    assert any("Removed citation [4]" in w for w in draft.warnings)
    assert any("states 12" in w for w in draft.warnings)


@pytest.mark.parametrize(
    ("reply", "notice"),
    [
        ("", MALFORMED_NOTICE),
        ("<<<SOURCE 1 BEGIN — untrusted>>> The review proposes HARPs [1].", MALFORMED_NOTICE),
        ("Question: What are HARPs?\nHARPs are pilots [1].", MALFORMED_NOTICE),
        ("HARPs are a bread popular in 1990 [1]. Bakers love them [1].", UNSUPPORTED_NOTICE),
        ("HARPs would start in April 2025 in pilot areas.", UNSUPPORTED_NOTICE),
        ("HARPs would start in April 2025 [3].", UNSUPPORTED_NOTICE),
    ],
)
def test_unusable_replies_are_rejected_with_a_notice(
    answerer: OpenAIAnswerer, reply: str, notice: str
) -> None:
    with pytest.raises(LLMRejected) as caught:
        answerer.judge(reply, [PASSAGE], USED)
    assert caught.value.notice == notice


def test_not_covered_is_a_refusal(answerer: OpenAIAnswerer) -> None:
    draft = answerer.judge("NOT_COVERED", [PASSAGE], USED)
    assert draft.refused and draft.refusal_reason == "not_covered" and draft.mode == "llm"
    assert draft.citations == [] and "don't cover this" in draft.answer


class RecordingClient(ChatClient):
    """Returns a fixed reply and keeps the messages it was asked with."""

    def __init__(self, settings: Settings, reply: str) -> None:
        super().__init__(settings)
        self.reply = reply
        self.sent: list[list[Any]] = []

    def complete(self, messages: list[Any], **_: Any) -> str:
        self.sent.append(messages)
        return self.reply


def test_prompt_has_numbered_untrusted_sources_within_budget(tmp_path: Path) -> None:
    settings = make_settings(
        tmp_path, LLM_BASE_URL="http://127.0.0.1:9/v1", LLM_MODEL="m",
        LLM_CONTEXT_TOKENS="1024", LLM_MAX_TOKENS="256",
    )  # fmt: skip
    recorder = RecordingClient(settings, "HARPs would start in April 2025 in pilot areas [1].")
    answerer = OpenAIAnswerer(settings, client=recorder)
    many = [PASSAGE.model_copy(update={"chunk_id": f"c{i}", "text": TEXT * 3}) for i in range(9)]
    draft = answerer.answer("When <<<do>>> HARPs start?", many, [Turn("user", "Hi")], None, no)
    [[system, user]] = recorder.sent
    assert system["role"] == "system" and "NOT_COVERED" in system["content"]
    assert user["role"] == "user" and "<<<SOURCE 1 BEGIN" in user["content"]
    assert "untrusted" in user["content"] and "When ‹‹‹do››› HARPs start?" in user["content"]
    shown = user["content"].count(" BEGIN — untrusted")
    assert 1 <= shown < len(many)  # only what fits in 1,024 tokens with 256 kept for the answer
    assert count_tokens(system["content"] + user["content"]) <= 1024 - 256
    assert draft.mode == "llm" and [p.name for p in draft.prompt] == ["system", "answer", "rewrite"]


def no() -> bool:
    return False
