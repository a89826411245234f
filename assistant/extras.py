"""Optional extras (`postgres`, `slack`, `llm`, `eval`, `langchain`): import them only when used.

A core install (`pip install review-assistant`) serves the web chat, API and CLI with extractive
answers; a feature that needs an extra says which one to install instead of a bare ImportError.
"""

from __future__ import annotations

import importlib
import importlib.util
from types import ModuleType

# extra -> the top-level modules it provides (the first one is checked by `has_extra`)
EXTRAS: dict[str, tuple[str, ...]] = {
    "postgres": ("psycopg",),
    "slack": ("slack_bolt", "slack_sdk"),
    "llm": ("openai", "httpx2"),
    "eval": ("langchain_chroma", "langchain_text_splitters", "sklearn"),
    "langchain": ("langchain_core",),
}


class MissingExtra(RuntimeError):
    """A feature needs an optional extra that is not installed."""

    def __init__(self, extra: str, feature: str) -> None:
        super().__init__(
            f"{feature} needs the '{extra}' extra: pip install 'review-assistant[{extra}]'"
            f" (or uv sync --extra {extra})"
        )
        self.extra = extra


def has_extra(extra: str) -> bool:
    """Whether every module of `extra` can be imported (without importing it)."""
    return all(importlib.util.find_spec(name) is not None for name in EXTRAS[extra])


def require_extra(extra: str, feature: str) -> None:
    """Raise `MissingExtra` naming the pip command when `extra` is not installed."""
    if not has_extra(extra):
        raise MissingExtra(extra, feature)


def import_extra(module: str, extra: str, feature: str) -> ModuleType:
    """Import `module` (from this package or a dependency) that needs `extra` installed."""
    require_extra(extra, feature)
    return importlib.import_module(module)
