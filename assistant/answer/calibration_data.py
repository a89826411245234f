"""What calibration learns from: dev items of a labelled dataset, each question's candidate
sentences as feature rows, and which of them support a gold answer."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assistant.answer.evidence import Evidence

SKIPPED_KINDS = frozenset({"injection", "follow_up"})  # multi-turn or adversarial items


@dataclass
class Example:
    """One dev question: its candidates' features and labels, and whether it is answerable."""

    item_id: str
    answerable: bool
    rows: list[list[float]] = field(default_factory=list)
    labels: list[int] = field(default_factory=list)
    group: str = ""  # the corpus it was asked of: cross-validation holds out one at a time


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w%£$.]+", " ", text.casefold()).split())


def supports(ev: Evidence, item: dict[str, Any]) -> bool:
    """The sentence holds (part of) a gold quote, or a key fact inside a gold document."""
    sentence = _norm(ev.text)
    gold_docs = {g["doc_id"] for g in item.get("gold_evidence", [])}
    for gold in item.get("gold_evidence", []):
        quote = _norm(gold["quote"])
        if gold["doc_id"] == ev.doc.doc_id and quote and (quote in sentence or sentence in quote):
            return True
    if ev.doc.doc_id not in gold_docs:
        return False
    padded = f" {sentence} "
    return any(
        f" {_norm(alias)} " in padded for fact in item.get("key_facts", []) for alias in fact
    )


def dev_items(path: Path, corpus: str | None = None) -> list[dict[str, Any]]:
    """Single-turn dev items of a JSONL dataset (optionally of one `corpus` value)."""
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        if item.get("split") != "dev" or item.get("kind") in SKIPPED_KINDS:
            continue
        if len(item.get("turns", [])) != 1 or (corpus and item.get("corpus") != corpus):
            continue
        items.append(item)
    return items
