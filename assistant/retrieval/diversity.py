"""Diversity of the final cut: a cap per document and no passage that mostly repeats another.

Chunks overlap (the chunker carries sentences over), so two neighbours can both rank high while
adding one new sentence between them; the reader gets more of the collection without them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

MAX_SHARED = 0.75  # a candidate sharing more than this share of its span with a pick is dropped


@dataclass(frozen=True)
class Candidate:
    """A ranked chunk: where it sits, so overlap and per-document counts can be judged."""

    chunk_id: str
    doc_id: str
    start: int
    end: int


def shared_share(a: Candidate, b: Candidate) -> float:
    """The share of the shorter span that the two spans have in common (0 across documents)."""
    if a.doc_id != b.doc_id:
        return 0.0
    common = min(a.end, b.end) - max(a.start, b.start)
    shorter = min(a.end - a.start, b.end - b.start)
    return max(common, 0) / shorter if shorter > 0 else 0.0


def diverse(
    ranked: Iterable[Candidate], k: int, max_per_document: int, max_shared: float = MAX_SHARED
) -> list[Candidate]:
    """The first `k` candidates in rank order, at most `max_per_document` from one document,
    skipping any that mostly repeats a passage already picked."""
    picked: list[Candidate] = []
    per_document: Counter[str] = Counter()
    for candidate in ranked:
        if per_document[candidate.doc_id] >= max_per_document:
            continue
        if any(shared_share(candidate, p) > max_shared for p in picked):
            continue
        picked.append(candidate)
        per_document[candidate.doc_id] += 1
        if len(picked) == k:
            break
    return picked
