"""LLM mode: cited answers from any OpenAI-compatible API, checked before anyone reads them.

`build_answerer(settings)` is what the app's lifespan (and the CLI, eval) call: it returns an
`LLMAnswerer` when `LLM_BASE_URL` and `LLM_MODEL` are set, else None. Prompt files are loaded
and checked at that point, so a broken prompt fails at start-up rather than mid-answer.
"""

from __future__ import annotations

from assistant.answering import LLMAnswerer
from assistant.llm.answerer import LLMRejected, OpenAIAnswerer
from assistant.llm.client import ChatClient, LLMCancelled
from assistant.settings import Settings

__all__ = ["ChatClient", "LLMCancelled", "LLMRejected", "OpenAIAnswerer", "build_answerer"]


def build_answerer(settings: Settings) -> LLMAnswerer | None:
    """The configured answerer, or None when the LLM mode is off."""
    if not settings.llm_enabled:
        return None
    return OpenAIAnswerer(settings)
