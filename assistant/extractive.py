"""The offline answer (no model, deterministic): typed question analysis, scored evidence, a
calibrated answer-or-decline decision and composition by type live in `assistant.answer`."""

from __future__ import annotations

from assistant.answer.engine import answer_extractively

__all__ = ["answer_extractively"]
