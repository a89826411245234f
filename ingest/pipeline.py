"""`run_ingest`: load → clean → structure → chunk → embed → index, incremental and crash-safe."""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import bm25s
import numpy as np
from filelock import FileLock, Timeout

from assistant.settings import Settings
from index.embedder import Embedder
from index.store import (
    Generation,
    IndexMismatchError,
    IndexNotReady,
    StoredDocument,
    collection_name,
    load_generation,
    open_chroma,
    prune,
    publish,
    write_generation,
)
from ingest.chunker import chunk_document
from ingest.cleaning import clean_text, find_boilerplate
from ingest.sections import detect_sections
from ingest.sources import Source, collect_sources
from nlp.lexical import VERSION as LEXICAL_VERSION
from nlp.lexical import terms
from nlp.sentences import sentence_spans
from nlp.tokens import count_tokens

if TYPE_CHECKING:
    from chromadb.api import ClientAPI
    from chromadb.api.models.Collection import Collection

log = logging.getLogger(__name__)
CHROMA_BATCH = 2000
Progress = Callable[[int, int], None]


class IngestError(RuntimeError):
    """Ingest could not run; the previous index is untouched."""


@dataclass
class IngestSummary:
    """What an ingest did, for the closing summary line."""

    generation: str
    documents: int
    chunks: int
    tokens: int
    seconds: float
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)


def _fingerprint(source: Source, text: str, settings: Settings) -> str:
    meta = source.meta.model_dump(mode="json")
    recipe = [settings.chunk_tokens, settings.chunk_overlap, Embedder.model_id, LEXICAL_VERSION]
    payload = json.dumps([meta, recipe, text], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _build_document(source: Source, text: str, digest: str, settings: Settings) -> StoredDocument:
    meta = source.meta
    sections = detect_sections(text, title=None)
    sentences = sentence_spans(text)
    chunks = chunk_document(
        meta.id, text, sentences, sections, count_tokens,
        settings.chunk_tokens, settings.chunk_overlap,
    )  # fmt: skip
    return StoredDocument(
        doc_id=meta.id,
        title=meta.title,
        publisher=meta.publisher,
        author=meta.author or "",
        date=meta.date,
        kind=meta.kind,
        about=meta.about or "",
        source_file=str(source.path),
        content_hash=digest,
        text=text,
        sections=sections,
        sentences=sentences,
        chunks=chunks,
    )


def embedding_text(document: StoredDocument, section: str, text: str) -> str:
    """What the embedder sees: the passage with its document title and section for context."""
    return f"{document.title}\n{section}\n{text}" if section else f"{document.title}\n{text}"


def _previous(settings: Settings) -> Generation | None:
    try:
        return load_generation(settings.index_dir)
    except (IndexNotReady, IndexMismatchError):
        return None


def _chroma_metadata(doc: StoredDocument, section: str) -> dict[str, str | int]:
    return {
        "doc_id": doc.doc_id,
        "publisher": doc.publisher,
        "kind": doc.kind,
        "date": doc.date,
        "section": section,
    }


def run_ingest(
    paths: Iterable[Path] | None,
    settings: Settings,
    *,
    rebuild: bool = False,
    embedder: Embedder | None = None,
    progress: Progress | None = None,
) -> IngestSummary:
    """Bring the index in line with the sources; unchanged documents are not re-embedded."""
    started = time.perf_counter()
    index_dir = settings.index_dir
    index_dir.mkdir(parents=True, exist_ok=True)
    try:
        with FileLock(str(index_dir / ".ingest.lock"), timeout=300):
            return _ingest_locked(paths, settings, rebuild, embedder, progress, started)
    except Timeout as exc:
        raise IngestError("another ingest has held the index lock for 5 minutes") from exc


def _ingest_locked(
    paths: Iterable[Path] | None,
    settings: Settings,
    rebuild: bool,
    embedder: Embedder | None,
    progress: Progress | None,
    started: float,
) -> IngestSummary:
    previous = None if rebuild else _previous(settings)
    kept = [Path(d.source_file) for d in previous.documents.values()] if previous else []
    sources, warnings = collect_sources(list(paths or [settings.corpus_dir]), kept)
    if not sources:
        raise IngestError("no documents found to ingest (supported: .txt .md .html .pdf .docx)")
    boilerplate = find_boilerplate(s.raw for s in sources)
    old_docs = previous.documents if previous else {}
    documents: list[StoredDocument] = []
    fresh: list[StoredDocument] = []
    summary = IngestSummary(generation="", documents=0, chunks=0, tokens=0, seconds=0.0)
    for source in sources:
        text = clean_text(source.raw, boilerplate)
        digest = _fingerprint(source, text, settings)
        old = old_docs.get(source.meta.id)
        if old is not None and old.content_hash == digest:
            documents.append(old)
            summary.unchanged.append(old.doc_id)
            continue
        document = _build_document(source, text, digest, settings)
        documents.append(document)
        fresh.append(document)
        (summary.updated if old is not None else summary.added).append(document.doc_id)
    summary.removed = sorted(set(old_docs) - {d.doc_id for d in documents})
    summary.warnings = warnings
    if previous is not None and not summary.changed:
        return _finish(summary, previous.name, documents, started)

    client = open_chroma(settings.data_dir, settings.chroma_host, settings.chroma_port)
    name = f"g{time.strftime('%Y%m%d%H%M%S')}{time.time_ns() % 1_000_000:06d}"
    embedder = embedder or Embedder(batch_size=settings.embed_batch_size)
    collection = client.create_collection(
        collection_name(name),
        metadata={
            "embedding_model": embedder.model_id,
            "dimension": embedder.dimension,
            "hnsw:space": "cosine",
        },
    )
    if previous is not None:
        reused = [d for d in documents if d.doc_id in set(summary.unchanged)]
        _copy_embeddings(client, previous, reused, collection)
    _embed_into(fresh, embedder, collection, progress)
    bm25 = bm25s.BM25()
    all_chunks = [c for d in documents for c in d.chunks]
    bm25.index([terms(f"{c.section}\n{c.text}") or ["_"] for c in all_chunks], show_progress=False)
    info = {
        "embedding_model": embedder.model_id,
        "dimension": embedder.dimension,
        "chunk_tokens": settings.chunk_tokens,
        "chunk_overlap": settings.chunk_overlap,
        "created_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    write_generation(settings.index_dir, name, info, documents, bm25)
    publish(settings.index_dir, name)
    prune(settings.index_dir, client, keep={name} | ({previous.name} if previous else set()))
    return _finish(summary, name, documents, started)


def _finish(
    summary: IngestSummary, name: str, documents: list[StoredDocument], started: float
) -> IngestSummary:
    summary.generation = name
    summary.documents = len(documents)
    summary.chunks = sum(len(d.chunks) for d in documents)
    summary.tokens = sum(d.tokens for d in documents)
    summary.seconds = time.perf_counter() - started
    return summary


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


def _embed_into(
    fresh: list[StoredDocument],
    embedder: Embedder,
    collection: Collection,
    progress: Progress | None,
) -> None:
    items = [(d, c) for d in fresh for c in d.chunks]
    total = len(items)
    done = 0
    for i in range(0, total, CHROMA_BATCH):
        batch = items[i : i + CHROMA_BATCH]
        vectors: list[np.ndarray] = []
        step = embedder.batch_size
        for j in range(0, len(batch), step):
            part = batch[j : j + step]
            vectors.append(embedder.embed([embedding_text(d, c.section, c.text) for d, c in part]))
            done += len(part)
            if progress:
                progress(done, total)
        collection.add(
            ids=[c.chunk_id for _, c in batch],
            embeddings=np.vstack(vectors).tolist(),
            metadatas=[_chroma_metadata(d, c.section) for d, c in batch],
            documents=[c.text for _, c in batch],
        )
