"""The seam between the pipeline and whichever answerer writes the text (extractive or LLM)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from assistant.schemas import Citation, Mode, Passage, PromptInfo, RefusalReason


class LLMUnavailable(RuntimeError):
    """The language model could not produce a usable answer; the pipeline falls back."""


@dataclass(frozen=True)
class Turn:
    """One stored turn of a conversation, as answerers see it."""

    role: Literal["user", "assistant"]
    content: str
    search_query: str | None = None


@dataclass
class AnswerDraft:
    """An answer before it gets ids and is stored."""

    answer: str
    citations: list[Citation]
    refused: bool
    mode: Mode
    refusal_reason: RefusalReason | None = None
    warnings: list[str] = field(default_factory=list)
    notice: str | None = None
    prompt: list[PromptInfo] = field(default_factory=list)
    evidence: dict[str, Any] | None = None  # the extractive engine's scores and decision
    nearest: list[Passage] = field(default_factory=list)  # closest sentences, for a decline


TokenCallback = Callable[[str], None]


class LLMAnswerer(Protocol):
    """What the LLM mode provides; see assistant/llm/."""

    def rewrite(self, message: str, history: list[Turn]) -> str:
        """A standalone search question for a follow-up."""
        ...

    def answer(
        self,
        question: str,
        passages: list[Passage],
        history: list[Turn],
        on_token: TokenCallback | None,
        cancelled: Callable[[], bool],
    ) -> AnswerDraft:
        """Write a cited answer from the passages, or raise `LLMUnavailable`."""
        ...
