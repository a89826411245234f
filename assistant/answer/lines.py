"""An answer's lines: a sentence (or list item) with every place that says it, and when two
sentences say the same thing."""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

from assistant.answer.evidence import Evidence
from index.stored_document import StoredDocument

REDUNDANT = 0.55  # term overlap (Jaccard) above which a sentence adds nothing new
CONTAINED = 0.8  # share of the shorter sentence's terms inside the other: it adds nothing


@dataclass
class Line:
    """One line of the answer: a sentence (or list item) and every place that says it."""

    sources: list[Evidence]
    item: bool = False
    terms: set[str] = field(default_factory=set)

    @property
    def main(self) -> Evidence:
        return self.sources[0]


def jaccard(a: AbstractSet[str], b: AbstractSet[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def redundant(a: AbstractSet[str], b: AbstractSet[str]) -> bool:
    """Two sentences share most of their terms, or one's terms sit almost all in the other
    ("An enhanced role for X – X should…" after "X should…")."""
    smaller = min(len(a), len(b))
    return jaccard(a, b) >= REDUNDANT or (smaller > 0 and len(a & b) / smaller >= CONTAINED)


def sentence_evidence(doc: StoredDocument, number: int, like: Evidence) -> Evidence:
    start, end = doc.sentences[number]
    return Evidence(doc, like.passage, number, start, end, like.rank, {}, None, like.probability)
