"""Keyword scoring: BM25 over chunks and IDF-weighted term overlap over sentences.

Both rank only the allowed documents, so a filter never empties a result that a global
cut-off would have filled with other documents' chunks.
"""

from __future__ import annotations

import bisect
import math
from collections import Counter

import bm25s
import numpy as np

from assistant.relevance import Vocabulary
from index.store import Generation
from nlp.lexical import terms

SentenceRef = tuple[str, int]  # (doc id, sentence number)
SHORTEST_ABBREVIATION = 4  # "collab" stands for "collaboration"; "co" for nothing in particular
MEMO = 50_000


class KeywordIndex:
    """BM25 over a generation's chunks plus a term → sentences index for sentence lookup."""

    def __init__(self, generation: Generation, bm25: bm25s.BM25) -> None:
        self.generation = generation
        self.bm25 = bm25
        self.document_frequency: Counter[str] = Counter()
        for chunk in generation.chunks:
            self.document_frequency.update(set(terms(f"{chunk.section}\n{chunk.text}")))
        self.sentence_index: dict[str, list[SentenceRef]] = {}
        for doc in generation.documents.values():
            for number, (start, end) in enumerate(doc.sentences):
                for term in set(terms(doc.text[start:end])):
                    self.sentence_index.setdefault(term, []).append((doc.doc_id, number))
        self.vocabulary = Vocabulary(self.document_frequency)
        self._idf: dict[str, float] = {}  # of the collection's terms (bounded by them)
        self._ordered = sorted(self.document_frequency)
        self._known: dict[str, str | None] = {}  # unknown query term -> the term it stands for

    def known_term(self, term: str) -> str | None:
        """The collection's term an unknown query term stands for: the most frequent term it
        abbreviates ("collab" -> "collabor"); None when there is none."""
        if term in self.document_frequency:
            return term
        if term in self._known:
            return self._known[term]
        found: str | None = None
        if len(term) >= SHORTEST_ABBREVIATION and not term.isdigit():
            start = bisect.bisect_left(self._ordered, term)
            longer = []
            for known in self._ordered[start:]:
                if not known.startswith(term):
                    break
                longer.append(known)
            if longer:
                found = max(longer, key=lambda t: (self.document_frequency[t], t))
        if len(self._known) >= MEMO:
            self._known.clear()
        self._known[term] = found
        return found

    def query_terms(self, query: str) -> list[str]:
        """The query's terms the collection has, an unknown one replaced by the term it
        abbreviates (a glossary's acronyms were tried too: their common words, "care",
        "system", lowered dev recall@5 on both corpora)."""
        return [known for t in terms(query) if (known := self.known_term(t)) is not None]

    def idf(self, term: str) -> float:
        """BM25's IDF of a term over chunks (rare terms weigh more)."""
        known = self._idf.get(term)
        if known is not None:
            return known
        n = len(self.generation.chunks)
        df = self.document_frequency.get(term, 0)
        value = math.log(1 + (n - df + 0.5) / (df + 0.5))
        if df:
            self._idf[term] = value
        return value

    def chunks(self, query: str, allowed: set[str], limit: int) -> list[str]:
        """Ids of the `limit` best BM25 chunks of the allowed documents (score > 0)."""
        return self.best(self.scores(query), allowed, limit)

    def scores(self, query: str) -> np.ndarray | None:
        """Every chunk's BM25 score for the query (None when it has no indexed term)."""
        q_terms = self.query_terms(query)
        return self.bm25.get_scores(q_terms) if q_terms else None

    def best(self, scores: np.ndarray | None, allowed: set[str], limit: int) -> list[str]:
        """Ids of the `limit` best-scored chunks of the allowed documents (score > 0)."""
        if scores is None or limit <= 0:
            return []
        chunks = self.generation.chunks
        mask = np.fromiter((c.doc_id in allowed for c in chunks), dtype=bool, count=len(chunks))
        scores = np.where(mask, scores, 0.0)
        ranked = np.argsort(-scores, kind="stable")[:limit]
        return [chunks[i].chunk_id for i in ranked if scores[i] > 0]

    def sentences(self, query: str, allowed: set[str]) -> list[SentenceRef]:
        """Sentences of the allowed documents by the IDF-weighted query terms they contain."""
        weights: dict[SentenceRef, float] = {}
        for term in set(self.query_terms(query)):
            weight = self.idf(term)  # once per term, not per sentence holding it
            for ref in self.sentence_index.get(term, ()):
                if ref[0] in allowed:
                    weights[ref] = weights.get(ref, 0.0) + weight
        return [ref for ref, _ in sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))]
