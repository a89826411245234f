"""How much of a question the collection has words for at all: a question whose key terms the
documents never use ("abolish", a place never named) cannot be answered from them."""

from __future__ import annotations

import difflib
import threading
from collections.abc import Callable, Collection, Iterable, Iterator

import numpy as np

TYPO_CUTOFF = 0.8
PREFIX = 5  # a known term with the same first five letters counts as the same word
MEMO = 50_000
ALPHABET = {c: i for i, c in enumerate("abcdefghijklmnopqrstuvwxyz0123456789")}


def letter_counts(term: str) -> np.ndarray:
    """How often each letter or digit occurs (anything else counted together, last)."""
    counts = np.zeros(len(ALPHABET) + 1, dtype=np.int32)
    for c in term:
        counts[ALPHABET.get(c, len(ALPHABET))] += 1
    return counts


class Vocabulary(Collection[str]):
    """A collection's terms, with "is this a typo or inflection of a known term" memoised: the
    check compares against every term, and the same question terms come back."""

    def __init__(self, terms: Iterable[str]) -> None:
        self.terms = frozenset(terms)
        self._prefixes = frozenset(t[:PREFIX] for t in self.terms if len(t) >= PREFIX)
        self._ordered = sorted(self.terms)
        self._lengths = np.array([len(t) for t in self._ordered], dtype=np.int64)
        width = len(ALPHABET) + 1
        self._counts = np.array([letter_counts(t) for t in self._ordered]).reshape(-1, width)
        self._near: dict[str, bool] = {}
        self._lock = threading.Lock()

    def __contains__(self, term: object) -> bool:
        return term in self.terms

    def __iter__(self) -> Iterator[str]:
        return iter(self.terms)

    def __len__(self) -> int:
        return len(self.terms)

    def knows(self, term: str) -> bool:
        """The term, or a close spelling of it ("reveiw"), is in the collection."""
        if term in self.terms:
            return True
        with self._lock:
            found = self._near.get(term)
        if found is None:
            found = self.near(term)
            with self._lock:
                if len(self._near) >= MEMO:
                    self._near.clear()
                self._near[term] = found
        return found

    def near(self, term: str) -> bool:
        """Tolerate typos and inflections: a known term with the same first five letters, or a
        close spelling. difflib compares only the terms whose shared letters (its own upper
        bound, `quick_ratio`, computed here for all terms at once) allow a close match."""
        if len(term) > PREFIX and term[:PREFIX] in self._prefixes:
            return True
        if len(term) < 4 or not self._ordered:
            return False
        shared = np.minimum(self._counts, letter_counts(term)).sum(axis=1)
        bound = 2.0 * shared / (len(term) + self._lengths)
        candidates = [self._ordered[i] for i in np.flatnonzero(bound >= TYPO_CUTOFF)]
        return bool(difflib.get_close_matches(term, candidates, n=1, cutoff=TYPO_CUTOFF))


def unknown_share(
    question_terms: Collection[str], vocabulary: Collection[str], idf: Callable[[str], float]
) -> float:
    """IDF-weighted share of question terms that appear nowhere in the corpus (0..1)."""
    total = sum(idf(t) for t in question_terms)
    if not total:
        return 0.0
    known = vocabulary if isinstance(vocabulary, Vocabulary) else Vocabulary(vocabulary)
    missing = [t for t in question_terms if not known.knows(t)]
    return sum(idf(t) for t in missing) / total
