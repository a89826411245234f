"""Embedding beside parsing: each new document's chunks and sentences go to the embedder on a
side thread as soon as the document is chunked, while the ingest thread computes its facts and
reads the next document; the model loads there while the first document is read."""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from types import TracebackType

import numpy as np

from assistant.settings import Settings
from index.embedder import Embedder
from index.stored_document import StoredDocument
from ingest.documents import vector_texts

Progress = Callable[[int, int], None]  # (chunks embedded, chunks to embed)


def ingest_embedder(settings: Settings) -> Embedder:
    """The embedder an ingest uses: one ONNX thread per run, a run per core."""
    return Embedder(batch_size=settings.embed_batch_size, threads=1, workers=_cores())


def _cores() -> int:
    """CPU cores this process may use (its affinity mask where the OS has one)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


class EmbeddingWorker:
    """One side thread that embeds the documents handed to it, in the order they come."""

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="ingest-embed")
        self._runs: dict[str, Future[np.ndarray]] = {}  # doc id -> its chunk then sentence vectors

    def __enter__(self) -> EmbeddingWorker:
        self._pool.submit(self.embedder.load)  # the model loads while the first document is read
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._pool.shutdown(cancel_futures=True)

    def submit(self, document: StoredDocument) -> None:
        """Start embedding a new document's chunks, then its sentences."""
        self._runs[document.doc_id] = self._pool.submit(self.embedder.embed, vector_texts(document))

    def __contains__(self, doc_id: object) -> bool:
        """Whether the document was handed over for embedding (it is new or changed)."""
        return doc_id in self._runs

    def collect(
        self, new: list[StoredDocument], progress: Progress | None
    ) -> dict[str, np.ndarray]:
        """Each new document's vectors as its embedding finishes, counting chunks for `progress`."""
        total = sum(len(d.chunks) for d in new)
        vectors: dict[str, np.ndarray] = {}
        done = 0
        for document in new:
            vectors[document.doc_id] = self._runs[document.doc_id].result()
            done += len(document.chunks)
            if progress:
                progress(done, total)
        return vectors
