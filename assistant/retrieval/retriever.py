"""`Retriever`: dense + keyword rankings, fused, filtered before the cut-off, diversified."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from assistant.retrieval.dense import dense_chunks
from assistant.retrieval.diversity import Candidate, diverse
from assistant.retrieval.filters import allowed_documents
from assistant.retrieval.fusion import reciprocal_rank_fusion
from assistant.retrieval.keyword import SentenceRef
from assistant.retrieval.state import IndexState, load_state
from assistant.schemas import Passage, SearchFilters
from index.embedder import Embedder
from index.store import (
    IndexMismatchError,
    IndexNotReady,
    IndexUnavailable,
    current_name,
    pointer_stamp,
)
from nlp.batching import Batcher

if TYPE_CHECKING:
    from chromadb.api import ClientAPI

CANDIDATES = 40  # per scorer, among the allowed documents


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
        self._stamp: tuple[int, int, int] | None = None  # the pointer's, when `_state` was read
        self._lock = threading.Lock()
        self._last = threading.local()  # this thread's last query and its vector
        # Questions of concurrent requests are embedded together (~15% less CPU each at 8 a
        # batch; the same vectors byte for byte as one at a time, padding is masked).
        self._embed = Batcher(lambda texts: list(self.embedder.embed(texts)))

    def query_vector(self, query: str) -> np.ndarray:
        """The query's embedding, as this thread's last `search` used it: the answer engine
        (same request, same thread) scores sentences against that vector instead of embedding
        the question a second time. One per thread, so not a cache across requests: a
        question asked again is embedded again."""
        last = getattr(self._last, "query", None)
        if last == query:
            vector: np.ndarray = self._last.vector
            return vector
        vector = np.asarray(self._embed(query), dtype=np.float32)
        vector.flags.writeable = False
        self._last.query, self._last.vector = query, vector
        return vector

    def state(self) -> IndexState:
        """The loaded index, reloaded if the `CURRENT` pointer changed (raises IndexNotReady).
        The pointer is read again only when its file changed (an answer asks several times)."""
        with self._lock:
            try:
                stamp = pointer_stamp(self.index_dir)
                if self._state is not None and stamp is not None and stamp == self._stamp:
                    return self._state
                name = current_name(self.index_dir)
                if self._state is None or self._state.generation.name != name:
                    self._state = load_state(self.index_dir, name, self.client, self.embedder)
                self._stamp = stamp
            except (IndexNotReady, IndexMismatchError):
                raise
            except Exception as exc:  # unreadable files, vector store away: 503, retried
                raise IndexUnavailable(f"the index cannot be read ({type(exc).__name__})") from exc
            return self._state

    def search(self, query: str, k: int = 6, filters: SearchFilters | None = None) -> list[Passage]:
        """The `k` best passages for `query` among the documents `filters` allow."""
        state = self.state()
        allowed = allowed_documents(state.generation.documents, filters)
        if not allowed:
            return []
        limit = min(CANDIDATES, _chunks_in(state, allowed))
        dense = self._dense(state, self.query_vector(query), allowed, limit)
        keyword = state.keywords.chunks(query, allowed, limit)
        return self._ranked(state, dense, keyword, k)

    def search_each(
        self, query: str, k: int, doc_ids: list[str], filters: SearchFilters | None = None
    ) -> dict[str, list[Passage]]:
        """For each document, `search(query, k, filters)` narrowed to that document: the same
        passages for less work. The BM25 scores are computed once; and the documents with no
        more chunks than the cut-off (whose search ranks all of their chunks) share one dense
        query over them all, which gives each its chunks with the same distances."""
        state = self.state()
        documents = state.generation.documents
        base = filters or SearchFilters()
        allowed = {
            d: allowed_documents(documents, base.model_copy(update={"doc_id": [d]}))
            for d in doc_ids
        }
        sizes = {d: _chunks_in(state, allowed[d]) for d in doc_ids}
        small = {d for d in doc_ids if 0 < sizes[d] <= CANDIDATES}
        shared: dict[str, float] | None = None
        if len(small) > 1:
            union = set().union(*(allowed[d] for d in small))
            total = _chunks_in(state, union)
            found = self._dense(state, self.query_vector(query), union, total)
            shared = found if len(found) == total else None  # else: one query each, as search
        scores = state.keywords.scores(query)
        searched: dict[str, list[Passage]] = {}
        for d in doc_ids:
            if not allowed[d]:
                searched[d] = []
                continue
            limit = min(CANDIDATES, sizes[d])
            if shared is None or d not in small:
                dense = self._dense(state, self.query_vector(query), allowed[d], limit)
            else:
                chunk = state.generation.chunk
                dense = {c: v for c, v in shared.items() if chunk(c).doc_id in allowed[d]}
            keyword = state.keywords.best(scores, allowed[d], limit)
            searched[d] = self._ranked(state, dense, keyword, k)
        return searched

    @staticmethod
    def _dense(
        state: IndexState, vector: np.ndarray, allowed: set[str], limit: int
    ) -> dict[str, float]:
        everything = len(allowed) == len(state.generation.documents)
        try:
            return dense_chunks(state.collection, vector, None if everything else allowed, limit)
        except Exception as exc:  # the vector store (e.g. a Chroma server) is unreachable
            raise IndexUnavailable(
                f"the vector store is unreachable ({type(exc).__name__})"
            ) from exc

    def _ranked(
        self, state: IndexState, dense: dict[str, float], keyword: list[str], k: int
    ) -> list[Passage]:
        """The dense and keyword rankings fused, diversified, cut to `k` passages."""
        generation = state.generation
        fused = dict(reciprocal_rank_fusion([list(dense), keyword]))
        ranked = (generation.chunk(cid) for cid in fused)
        picked = diverse(
            (Candidate(c.chunk_id, c.doc_id, c.start, c.end) for c in ranked),
            k,
            self.max_per_document,
        )
        keyword_rank = {cid: rank for rank, cid in enumerate(keyword)}
        return [
            state.passage(
                generation.chunk(c.chunk_id),
                fused[c.chunk_id],
                dense.get(c.chunk_id),
                keyword_rank.get(c.chunk_id),
            )
            for c in picked
        ]

    def sentence_passages(
        self, query: str, limit: int, exclude: set[str], filters: SearchFilters | None = None
    ) -> list[Passage]:
        """Chunks holding the sentences that share the most (IDF-weighted) terms with the query.

        Complements chunk-level retrieval for the extractive answer: a long chunk can rank low
        even though one of its sentences answers the question word for word.
        """
        state = self.state()
        allowed = allowed_documents(state.generation.documents, filters)
        ranked = state.keywords.sentences(query, allowed)
        return self._sentence_chunks(state, ranked, limit, exclude)

    @staticmethod
    def _sentence_chunks(
        state: IndexState, refs: list[SentenceRef], limit: int, exclude: set[str]
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
            passages.append(state.passage(chunk))
            if len(passages) == limit:
                break
        return passages


def _chunks_in(state: IndexState, allowed: set[str]) -> int:
    return sum(len(state.generation.documents[d].chunks) for d in allowed)
