"""The embedding worker returns each handed-over document's chunk then sentence vectors, and
counts the embedded chunks for the progress bar."""

from __future__ import annotations

import numpy as np

from index.embedder import Embedder
from ingest.documents import vector_texts
from ingest.embedding_worker import EmbeddingWorker
from tests.index.samples import sample_document


def test_vectors_come_back_per_document_with_chunk_progress(embedder: Embedder) -> None:
    first, second = sample_document("a", 3), sample_document("b", 2)
    reported: list[tuple[int, int]] = []
    with EmbeddingWorker(embedder) as worker:
        worker.submit(first)
        worker.submit(second)
        vectors = worker.collect([first, second], lambda *counts: reported.append(counts))
    assert "a" in worker and "b" in worker and "c" not in worker  # "c": not handed over
    assert vectors["a"].shape == (1 + 3, embedder.dimension)
    assert vectors["b"].shape == (1 + 2, embedder.dimension)
    assert np.allclose(vectors["a"], embedder.embed(vector_texts(first)), atol=1e-5)
    assert reported == [(1, 2), (2, 2)]
