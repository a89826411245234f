"""The generation writer: a new index generation from an ingest's documents — a Chroma
collection (new documents' vectors added, unchanged ones' copied from the previous generation),
the BM25 index, source guides, sentence vectors and what questions are read with — written,
published, the old pruned."""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING

import bm25s
import numpy as np

from assistant.settings import Settings
from index.centrality import documents_off_subject
from index.collection_reading import build_reading, write_reading
from index.embedder import Embedder
from index.guides import build_guides, read_guides, write_guides
from index.store import Generation, collection_name, open_chroma
from index.stored_document import StoredDocument
from index.writing import (
    complete_generations,
    mark_building,
    prune,
    publish,
    remove_orphans,
    unmark_building,
    write_generation,
)
from ingest.documents import context_line, sentence_embedding_text
from ingest.embedding_worker import EmbeddingWorker, Progress
from nlp.lexical import terms

if TYPE_CHECKING:
    from chromadb.api import ClientAPI
    from chromadb.api.models.Collection import Collection

log = logging.getLogger(__name__)
CHROMA_BATCH = 2000


def write_new_generation(
    documents: list[StoredDocument],
    worker: EmbeddingWorker,
    previous: Generation | None,
    manifest_collection: object,
    settings: Settings,
    progress: Progress | None,
) -> str:
    """Write, publish and return the name of the generation holding `documents`; the new ones
    are those handed to `worker`, the rest reuse the previous generation's vectors."""
    embedder = worker.embedder
    client = open_chroma(settings.data_dir, settings.chroma_host, settings.chroma_port)
    remove_killed_ingests(settings, client)
    name = f"g{time.strftime('%Y%m%d%H%M%S')}{time.time_ns() % 1_000_000:06d}"
    mark_building(settings.index_dir, name)  # a killed ingest's collection is found by this
    chroma = client.create_collection(
        collection_name(name),
        metadata={
            "embedding_model": embedder.model_id,
            "dimension": embedder.dimension,
            "hnsw:space": "cosine",
        },
    )
    reused = [d for d in documents if d.doc_id not in worker]
    if previous is not None:
        _copy_embeddings(client, previous, reused, chroma)
    bm25 = bm25s.BM25()  # while the embedder finishes
    bm25.index(
        [
            terms(f"{_context(d, c.section)}\n{c.text}") or ["_"]
            for d in documents
            for c in d.chunks
        ],
        show_progress=False,
    )
    new = [d for d in documents if d.doc_id in worker]
    vectors = worker.collect(new, progress)
    _add_chunks(new, vectors, chroma)
    sentence_vectors = _sentence_vectors(documents, previous, vectors, embedder)
    old_guides = read_guides(previous.path) if previous is not None else None
    titles = embedder.embed([d.title for d in documents]) if documents else np.zeros((0, 0))
    aside = documents_off_subject(documents, sentence_vectors, titles)
    guides = build_guides(documents, old_guides, aside)  # index/guides.py
    info = {
        "embedding_model": embedder.model_id,
        "dimension": embedder.dimension,
        "chunk_tokens": settings.chunk_tokens,
        "chunk_overlap": settings.chunk_overlap,
        "created_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "collection": manifest_collection,
    }
    path = write_generation(settings.index_dir, name, info, documents, bm25, sentence_vectors)
    write_guides(path, guides)
    write_reading(path, build_reading(d.text for d in documents))  # index/collection_reading.py
    publish(settings.index_dir, name)
    prune(settings.index_dir, client, keep={name} | ({previous.name} if previous else set()))
    unmark_building(settings.index_dir, name)
    return name


def remove_killed_ingests(settings: Settings, client: ClientAPI) -> None:
    """Clean up after killed ingests (the caller holds the ingest lock).

    The embedded Chroma belongs to this DATA_DIR alone: a collection without a complete
    generation folder is an orphan. A Chroma server is shared, so there only what this
    DATA_DIR's own ingests marked (assistant.shared_index checks the published generations).
    """
    index_dir = settings.index_dir
    live = None if settings.chroma_host else complete_generations(index_dir)
    removed = remove_orphans(index_dir, client, live)
    if removed:
        log.info("removed generations left by interrupted ingests: %s", ", ".join(removed))


def _chroma_metadata(doc: StoredDocument, section: str) -> dict[str, str | int]:
    return {
        "doc_id": doc.doc_id,
        "publisher": doc.publisher,
        "kind": doc.kind,
        "date": doc.date,
        "section": section,
    }


def _context(document: StoredDocument, section: str) -> str:
    return context_line(document.title, document.publisher, section)


def _sentence_vectors(
    documents: list[StoredDocument],
    previous: Generation | None,
    fresh: dict[str, np.ndarray],
    embedder: Embedder,
) -> np.ndarray:
    """Every sentence's vector, in document and sentence order; unchanged documents reuse theirs.

    `fresh` holds each new document's vectors (chunks first, then sentences).
    """
    stacked: list[np.ndarray] = []
    for document in documents:
        if document.doc_id in fresh:
            stacked.append(fresh[document.doc_id][len(document.chunks) :])
            continue
        vectors = np.asarray(previous.sentence_vectors(document.doc_id) if previous else [])
        if len(vectors) != len(document.sentences):  # an index written before it kept them
            texts = [sentence_embedding_text(document, i) for i in range(len(document.sentences))]
            vectors = embedder.embed(texts)
        stacked.append(vectors.astype(np.float32))
    if not stacked:
        return np.zeros((0, embedder.dimension), dtype=np.float32)
    return np.vstack(stacked).astype(np.float32)


def _copy_embeddings(
    client: ClientAPI, previous: Generation, docs: list[StoredDocument], target: Collection
) -> None:
    if not docs:
        return
    source = client.get_collection(previous.collection_name)
    ids = [c.chunk_id for d in docs for c in d.chunks]
    for i in range(0, len(ids), CHROMA_BATCH):
        got = source.get(
            ids=ids[i : i + CHROMA_BATCH], include=["embeddings", "metadatas", "documents"]
        )
        target.add(
            ids=got["ids"],
            embeddings=got["embeddings"],
            metadatas=got["metadatas"],
            documents=got["documents"],
        )


def _add_chunks(
    fresh: list[StoredDocument], vectors: dict[str, np.ndarray], collection: Collection
) -> None:
    """The new documents' chunks with their vectors into Chroma, a few thousand at a time."""
    items = [(d, c, vectors[d.doc_id][n]) for d in fresh for n, c in enumerate(d.chunks)]
    total = len(items)
    for i in range(0, total, CHROMA_BATCH):
        batch = items[i : i + CHROMA_BATCH]
        collection.add(
            ids=[c.chunk_id for _, c, _ in batch],
            embeddings=np.vstack([v for _, _, v in batch]).tolist(),
            metadatas=[_chroma_metadata(d, c.section) for d, c, _ in batch],
            documents=[c.text for _, c, _ in batch],
        )
