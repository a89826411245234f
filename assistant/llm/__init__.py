"""LLM mode: cited answers from any OpenAI-compatible API, checked before anyone reads them.

`build_answerer(settings)` is what the app's lifespan (and the CLI, eval) call: it returns an
`LLMAnswerer` when `LLM_BASE_URL` and `LLM_MODEL` are set, else None. Prompt files are loaded
and checked at that point, so a broken prompt fails at start-up rather than mid-answer.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from assistant.answering import LLMAnswerer
from assistant.settings import Settings

if TYPE_CHECKING:
    from assistant.llm.answerer import CollectionInfo, LLMRejected, OpenAIAnswerer
    from assistant.llm.client import ChatClient, LLMCancelled

__all__ = ["ChatClient", "LLMCancelled", "LLMRejected", "OpenAIAnswerer", "build_answerer"]
# Imported on first use: `assistant.llm.validation` is used without the `llm` extra (openai).
_LAZY = {
    "ChatClient": "assistant.llm.client",
    "LLMCancelled": "assistant.llm.client",
    "LLMRejected": "assistant.llm.answerer",
    "OpenAIAnswerer": "assistant.llm.answerer",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def build_answerer(
    settings: Settings, collection: CollectionInfo | None = None
) -> LLMAnswerer | None:
    """The configured answerer, or None when the LLM mode is off; `collection` returns the
    index's `collection:` manifest section, which the system prompt names."""
    if not settings.llm_enabled:
        return None
    from assistant.llm.answerer import OpenAIAnswerer

    return OpenAIAnswerer(settings, collection=collection)
