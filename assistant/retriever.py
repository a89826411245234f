"""Hybrid retrieval: dense (Chroma) + BM25, reciprocal rank fusion, per-document diversity."""

from __future__ import annotations

import math
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import bm25s
import numpy as np
from chromadb.api import ClientAPI
from chromadb.api.models.Collection import Collection
from chromadb.api.types import Where

from assistant.schemas import Passage, SearchFilters
from index.document import Chunk
from index.embedder import Embedder
from index.store import (
    Generation,
    StoredDocument,
    current_name,
    load_bm25,
    load_generation,
    open_collection,
)
from nlp.lexical import terms

RRF_K = 60
CANDIDATES = 40


@dataclass
class IndexState:
    """Everything loaded for one generation; swapped whole when the pointer moves."""

    generation: Generation
    collection: Collection
    bm25: bm25s.BM25
    document_frequency: Counter[str]
    sentence_index: dict[str, list[tuple[str, int]]]

    def chunk_for(self, doc_id: str, start: int, end: int) -> Chunk | None:
        """The first chunk of a document that contains the span."""
        for chunk in self.generation.documents[doc_id].chunks:
            if chunk.start <= start and end <= chunk.end:
                return chunk
        return None

    def idf(self, term: str) -> float:
        n = len(self.generation.chunks)
        df = self.document_frequency.get(term, 0)
        return math.log(1 + (n - df + 0.5) / (df + 0.5))


def _allowed_docs(documents: dict[str, StoredDocument], filters: SearchFilters | None) -> set[str]:
    allowed = set(documents)
    if filters is None:
        return allowed
    for doc_id, doc in documents.items():
        if filters.doc_id and doc_id not in filters.doc_id:
            allowed.discard(doc_id)
        if filters.publisher and doc.publisher.casefold() not in {
            p.casefold() for p in filters.publisher
        }:
            allowed.discard(doc_id)
        if filters.kind and doc.kind.casefold() not in {k.casefold() for k in filters.kind}:
            allowed.discard(doc_id)
        # Dates may be year-month only ("2023-04"); compare on the common prefix.
        if filters.date_from and doc.date[:10] < filters.date_from.isoformat()[: len(doc.date)]:
            allowed.discard(doc_id)
        if filters.date_to and doc.date[:10] > filters.date_to.isoformat()[: len(doc.date)]:
            allowed.discard(doc_id)
    return allowed


def _sentence_index(generation: Generation) -> dict[str, list[tuple[str, int]]]:
    """Term → sentences (doc id, sentence number) containing it."""
    index: dict[str, list[tuple[str, int]]] = {}
    for doc in generation.documents.values():
        for number, (start, end) in enumerate(doc.sentences):
            for term in set(terms(doc.text[start:end])):
                index.setdefault(term, []).append((doc.doc_id, number))
    return index


def _sentence_text(document: StoredDocument, number: int) -> str:
    start, end = document.sentences[number]
    return document.text[start:end]


class Retriever:
    """Searches the current index generation, reloading when an ingest publishes a new one."""

    def __init__(
        self, index_dir: Path, client: ClientAPI, embedder: Embedder, max_per_document: int = 3
    ) -> None:
        self.index_dir = index_dir
        self.client = client
        self.embedder = embedder
        self.max_per_document = max_per_document
        self._state: IndexState | None = None
        self._lock = threading.Lock()

    def state(self) -> IndexState:
        """The loaded index, reloaded if the `CURRENT` pointer changed (raises IndexNotReady)."""
        name = current_name(self.index_dir)
        with self._lock:
            if self._state is None or self._state.generation.name != name:
                generation = load_generation(self.index_dir, name)
                collection = open_collection(
                    self.client, generation, self.embedder.model_id, self.embedder.dimension
                )
                df: Counter[str] = Counter()
                for chunk in generation.chunks:
                    df.update(set(terms(f"{chunk.section}\n{chunk.text}")))
                self._state = IndexState(
                    generation, collection, load_bm25(generation), df, _sentence_index(generation)
                )
            return self._state

    def search(self, query: str, k: int = 6, filters: SearchFilters | None = None) -> list[Passage]:
        """The `k` best passages for `query`, at most `max_per_document` from one document."""
        state = self.state()
        documents = state.generation.documents
        allowed = _allowed_docs(documents, filters)
        if not allowed:
            return []
        chunks = state.generation.chunks
        vector = self.embedder.embed([query])[0]
        dense = self._dense(state.collection, vector, allowed, len(chunks))
        sparse = self._sparse(state, query, allowed)
        fused: dict[str, float] = {}
        for ranking in (list(dense), sparse):
            for rank, chunk_id in enumerate(ranking):
                fused[chunk_id] = fused.get(chunk_id, 0.0) + 1.0 / (RRF_K + rank + 1)
        order = sorted(fused, key=lambda cid: (-fused[cid], cid))
        picked: list[str] = []
        per_doc: Counter[str] = Counter()
        for chunk_id in order:
            doc_id = state.generation.chunk(chunk_id).doc_id
            if per_doc[doc_id] < self.max_per_document:
                picked.append(chunk_id)
                per_doc[doc_id] += 1
            if len(picked) == k:
                break
        bm25_scores = dict(zip(sparse, range(len(sparse)), strict=True))
        return [
            self._passage(state, state.generation.chunk(cid), fused[cid], dense.get(cid),
                          bm25_scores.get(cid))
            for cid in picked
        ]  # fmt: skip

    def sentence_passages(
        self, query: str, limit: int, exclude: set[str], filters: SearchFilters | None = None
    ) -> list[Passage]:
        """Chunks holding the sentences that share the most (IDF-weighted) terms with the query.

        Complements chunk-level retrieval for the extractive answer: a long chunk can rank low
        even though one of its sentences answers the question word for word.
        """
        state = self.state()
        allowed = _allowed_docs(state.generation.documents, filters)
        weights: dict[tuple[str, int], float] = {}
        for term in set(terms(query)):
            for ref in state.sentence_index.get(term, ()):
                if ref[0] in allowed:
                    weights[ref] = weights.get(ref, 0.0) + state.idf(term)
        ranked = [ref for ref, _ in sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))]
        return self._sentence_chunks(state, ranked, limit, exclude)

    def count_passages(
        self,
        counted: set[str],
        states_count: Callable[[str], bool],
        limit: int,
        exclude: set[str],
        filters: SearchFilters | None = None,
    ) -> list[Passage]:
        """Chunks with sentences that state a number of the counted thing ("11 questions"):
        for "how many" questions the answer can sit in a passage that shares one word only."""
        state = self.state()
        allowed = _allowed_docs(state.generation.documents, filters)
        documents = state.generation.documents
        refs = sorted({ref for term in counted for ref in state.sentence_index.get(term, ())})
        stating = [
            (doc_id, number)
            for doc_id, number in refs
            if doc_id in allowed and states_count(_sentence_text(documents[doc_id], number))
        ]
        return self._sentence_chunks(state, stating, limit, exclude)

    def _sentence_chunks(
        self, state: IndexState, refs: list[tuple[str, int]], limit: int, exclude: set[str]
    ) -> list[Passage]:
        """Passages for the chunks holding these sentences, in order, skipping `exclude`."""
        passages: list[Passage] = []
        seen = set(exclude)
        for doc_id, number in refs:
            start, end = state.generation.documents[doc_id].sentences[number]
            chunk = state.chunk_for(doc_id, start, end)
            if chunk is None or chunk.chunk_id in seen:
                continue
            seen.add(chunk.chunk_id)
            passages.append(self._passage(state, chunk, 0.0, None, None))
            if len(passages) == limit:
                break
        return passages

    def _dense(
        self, collection: Collection, vector: np.ndarray, allowed: set[str], total: int
    ) -> dict[str, float]:
        result = collection.query(
            query_embeddings=[vector.tolist()],
            n_results=min(CANDIDATES, total),
            where=cast(Where, {"doc_id": {"$in": sorted(allowed)}}),
            include=["distances"],
        )
        distances = (result.get("distances") or [[]])[0]
        return {cid: 1.0 - float(d) for cid, d in zip(result["ids"][0], distances, strict=True)}

    def _sparse(self, state: IndexState, query: str, allowed: set[str]) -> list[str]:
        q_terms = [t for t in terms(query) if t in state.document_frequency]
        if not q_terms:
            return []
        scores = state.bm25.get_scores(q_terms)
        chunks = state.generation.chunks
        ranked = np.argsort(-scores, kind="stable")[:CANDIDATES]
        return [chunks[i].chunk_id for i in ranked if scores[i] > 0 and chunks[i].doc_id in allowed]

    @staticmethod
    def _passage(
        state: IndexState, chunk: Chunk, score: float, dense: float | None, bm25_rank: int | None
    ) -> Passage:
        doc = state.generation.documents[chunk.doc_id]
        return Passage(
            chunk_id=chunk.chunk_id,
            doc_id=doc.doc_id,
            title=doc.title,
            publisher=doc.publisher,
            date=doc.date,
            kind=doc.kind,
            section=chunk.section,
            text=chunk.text,
            start=chunk.start,
            end=chunk.end,
            score=round(score, 6),
            dense_score=None if dense is None else round(dense, 4),
            bm25_score=None if bm25_rank is None else float(bm25_rank),
        )
