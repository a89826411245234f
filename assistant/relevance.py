"""How much of a question the collection has words for at all: a question whose key terms the
documents never use ("abolish", a place never named) cannot be answered from them."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Collection

TYPO_CUTOFF = 0.8


def unknown_share(
    question_terms: Collection[str], vocabulary: Collection[str], idf: Callable[[str], float]
) -> float:
    """IDF-weighted share of question terms that appear nowhere in the corpus (0..1)."""
    total = sum(idf(t) for t in question_terms)
    if not total:
        return 0.0
    missing = [t for t in question_terms if t not in vocabulary and not near(t, vocabulary)]
    return sum(idf(t) for t in missing) / total


def near(term: str, vocabulary: Collection[str]) -> bool:
    """Tolerate typos and inflections: a known term with the same first five letters, or a close
    spelling ("reveiw")."""
    if len(term) >= 6 and any(v.startswith(term[:5]) for v in vocabulary):
        return True
    return len(term) >= 4 and bool(
        difflib.get_close_matches(term, list(vocabulary), n=1, cutoff=TYPO_CUTOFF)
    )
