"""`run_ingest`: load → clean → structure → chunk → embed → index, incremental and crash-safe."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import bm25s
import numpy as np
from filelock import FileLock, Timeout

from assistant.settings import Settings
from index.document import Removal
from index.embedder import Embedder
from index.guides import build_guides, read_guides, write_guides
from index.store import (
    FORMAT_VERSION,
    Generation,
    IndexMismatchError,
    IndexNotReady,
    collection_name,
    load_generation,
    open_chroma,
)
from index.stored_document import StoredDocument
from index.writing import (
    complete_generations,
    interrupted,
    mark_building,
    prune,
    publish,
    remove_orphans,
    unmark_building,
    write_generation,
)
from ingest.chunker import chunk_document
from ingest.cleaning import removal_rule, repeated_paragraphs
from ingest.manifest import read_manifest
from ingest.sources import Source, collect_sources
from ingest.structure import Layout, assemble, sentences_of
from nlp.facts import VERSION as FACTS_VERSION
from nlp.facts import sentence_facts
from nlp.lexical import VERSION as LEXICAL_VERSION
from nlp.lexical import terms
from nlp.tokens import count_tokens

if TYPE_CHECKING:
    from chromadb.api import ClientAPI
    from chromadb.api.models.Collection import Collection

log = logging.getLogger(__name__)
CHROMA_BATCH = 2000
# Bump when loaders, layout, sentence splitting or chunking change: documents are rebuilt.
STRUCTURE_VERSION = 2
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
    removals: dict[str, list[Removal]] = field(default_factory=dict)

    @property
    def removed_spans(self) -> int:
        return sum(len(r) for r in self.removals.values())

    @property
    def removed_chars(self) -> int:
        return sum(len(x.text) for r in self.removals.values() for x in r)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)


def _fingerprint(source: Source, text: str, settings: Settings, embedder: type[Embedder]) -> str:
    meta = source.meta.model_dump(mode="json")
    recipe = [
        settings.chunk_tokens, settings.chunk_overlap, embedder.model_id, LEXICAL_VERSION,
        STRUCTURE_VERSION, FACTS_VERSION,
    ]  # fmt: skip
    payload = json.dumps([meta, recipe, text], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def context_line(title: str, publisher: str, section: str) -> str:
    """The context prepended to a passage for embedding and BM25: document, publisher, section."""
    head = f"{title} ({publisher})" if publisher else title
    return f"{head}\n{section}" if section else head


def embedding_text(document: StoredDocument, section: str, text: str) -> str:
    """What the embedder sees: the passage after its document title, publisher and section."""
    return f"{context_line(document.title, document.publisher, section)}\n{text}"


def clean_source(source: Source, repeated: set[str]) -> tuple[Layout, list[Removal]]:
    """The cleaned layout of a source under its profile, and a record of every removed piece.

    Removal offsets refer to the extracted text (all pieces laid out, nothing removed).
    """
    profile = source.meta.clean or ""
    rules = [removal_rule(p, profile, repeated) for p in source.pieces]
    if not any(rules):
        return assemble(source.pieces), []
    extracted = assemble(source.pieces)
    removals = [
        Removal(start, end, rule, extracted.text[start:end])
        for (start, end), rule in zip(extracted.spans, rules, strict=True)
        if rule
    ]
    kept = [p for p, rule in zip(source.pieces, rules, strict=True) if not rule]
    return assemble(kept), removals


def publisher_repeats(sources: list[Source]) -> dict[str, set[str]]:
    """Per publisher, paragraphs repeated across its documents that have a cleaning profile."""
    by_publisher: dict[str, list[Source]] = {}
    for source in sources:
        if source.meta.clean and source.meta.publisher:
            by_publisher.setdefault(source.meta.publisher, []).append(source)
    return {
        publisher: repeated_paragraphs(s.pieces for s in group)
        for publisher, group in by_publisher.items()
    }


def cleaned_texts(sources: list[Source]) -> dict[str, str]:
    """doc id → cleaned text, as ingest would index it (for checks of the evaluation data)."""
    repeats = publisher_repeats(sources)
    return {
        s.meta.id: clean_source(s, repeats.get(s.meta.publisher, set()))[0].text for s in sources
    }


def _build_document(
    source: Source,
    layout: Layout,
    removals: list[Removal],
    digest: str,
    settings: Settings,
    embedder: Embedder,
    facts: bool = True,
) -> StoredDocument:
    """The document with its sentences, chunks and (unless `facts` is false: `_with_facts`
    adds them later, while the embedder works) its sentence facts."""
    meta = source.meta
    text = layout.text
    sentences, blocks = sentences_of(text, layout.blocks)

    def fits(section: str, body: str) -> bool:
        context = context_line(meta.title, meta.publisher, section)
        return embedder.count_tokens(f"{context}\n{body}") <= embedder.max_tokens

    chunks = chunk_document(
        meta.id, text, sentences, layout.sections, count_tokens,
        settings.chunk_tokens, settings.chunk_overlap, fits, blocks,
    )  # fmt: skip
    document = StoredDocument(
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
        sections=layout.sections,
        sentences=sentences,
        chunks=chunks,
        blocks=blocks,
        removed=removals,
        clean=meta.clean or "",
    )
    return _with_facts(document) if facts else document


def _with_facts(document: StoredDocument) -> StoredDocument:
    text = document.text
    document.facts = sentence_facts([text[s.start : s.end] for s in document.sentences])
    return document


def _collection(sources: list[Source]) -> dict[str, object] | None:
    """The `collection:` section of the first source folder's manifest that has one."""
    seen: set[Path] = set()
    for source in sources:
        folder = source.path.parent
        if folder in seen:
            continue
        seen.add(folder)
        found = read_manifest(folder).collection
        if found is not None:
            return found.model_dump(mode="json")
    return None


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


def _source_hash(source: Source, settings: Settings) -> str:
    meta = source.meta.model_dump(mode="json")
    recipe = [settings.chunk_tokens, settings.chunk_overlap, Embedder.model_id, LEXICAL_VERSION,
              STRUCTURE_VERSION, FORMAT_VERSION, FACTS_VERSION]  # fmt: skip
    payload = json.dumps([meta, recipe, source.file_digest], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _all_unchanged(
    previous: Generation, sources: list[Source], hashes: list[str], collection: object
) -> bool:
    """True when every file, its metadata and the collection are as the previous ingest saw them."""
    old = previous.documents
    return (
        {s.meta.id for s in sources} == set(old)
        and all(old[s.meta.id].source_hash == h for s, h in zip(sources, hashes, strict=True))
        and previous.info.get("collection") == collection
    )


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
    hashes = [_source_hash(s, settings) for s in sources]
    collection = _collection(sources)
    summary = IngestSummary(generation="", documents=0, chunks=0, tokens=0, seconds=0.0)
    summary.warnings = warnings
    if previous is not None and _all_unchanged(previous, sources, hashes, collection):
        if interrupted(settings.index_dir):  # only then is Chroma opened for an unchanged ingest
            _remove_orphans(settings, open_chroma(settings.data_dir, settings.chroma_host,
                                                  settings.chroma_port))  # fmt: skip
        same = [previous.documents[s.meta.id] for s in sources]
        summary.unchanged = [d.doc_id for d in same]
        summary.removals = {d.doc_id: d.removed for d in same if d.removed}
        return _finish(summary, previous.name, same, started)

    embedder = embedder or Embedder(
        batch_size=settings.embed_batch_size, threads=1, workers=_cores()
    )
    # Embedding runs beside the parsing: each new document's chunks and sentences go to the
    # embedder as soon as it is chunked, while this thread computes its facts and reads the next.
    background = ThreadPoolExecutor(1, thread_name_prefix="ingest-embed")
    try:
        background.submit(embedder.load)  # the model loads while the first document is read
        return _ingest_documents(
            sources, hashes, collection, previous, settings, embedder, background, progress,
            summary, started,
        )  # fmt: skip
    finally:
        background.shutdown(cancel_futures=True)


def _cores() -> int:
    """CPU cores this process may use (its affinity mask where the OS has one)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def _ingest_documents(
    sources: list[Source],
    hashes: list[str],
    collection: object,
    previous: Generation | None,
    settings: Settings,
    embedder: Embedder,
    background: ThreadPoolExecutor,
    progress: Progress | None,
    summary: IngestSummary,
    started: float,
) -> IngestSummary:
    repeats = publisher_repeats(sources)
    old_docs = previous.documents if previous else {}
    documents: list[StoredDocument] = []
    fresh: dict[str, Future[np.ndarray]] = {}  # doc id -> its chunk then sentence vectors
    for source, source_hash in zip(sources, hashes, strict=True):
        layout, removals = clean_source(source, repeats.get(source.meta.publisher, set()))
        digest = _fingerprint(source, layout.text, settings, type(embedder))
        old = old_docs.get(source.meta.id)
        if old is not None and old.content_hash == digest:
            old.source_hash = source_hash
            documents.append(old)
            summary.unchanged.append(old.doc_id)
        else:
            document = _build_document(source, layout, removals, digest, settings, embedder, False)
            fresh[document.doc_id] = background.submit(embedder.embed, _vector_texts(document))
            _with_facts(document)
            document.source_hash = source_hash
            documents.append(document)
            (summary.updated if old is not None else summary.added).append(document.doc_id)
        if documents[-1].removed:
            summary.removals[documents[-1].doc_id] = documents[-1].removed
    summary.removed = sorted(set(old_docs) - {d.doc_id for d in documents})

    client = open_chroma(settings.data_dir, settings.chroma_host, settings.chroma_port)
    _remove_orphans(settings, client)
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
    reused = [d for d in documents if d.doc_id not in fresh]
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
    old_guides = read_guides(previous.path) if previous is not None else None
    guides = build_guides(documents, old_guides)  # index/guides.py
    new = [d for d in documents if d.doc_id in fresh]
    vectors = _collect(new, fresh, progress)
    _add_chunks(new, vectors, chroma)
    sentence_vectors = _sentence_vectors(documents, previous, vectors, embedder)
    info = {
        "embedding_model": embedder.model_id,
        "dimension": embedder.dimension,
        "chunk_tokens": settings.chunk_tokens,
        "chunk_overlap": settings.chunk_overlap,
        "created_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "collection": collection,
    }
    path = write_generation(settings.index_dir, name, info, documents, bm25, sentence_vectors)
    write_guides(path, guides)
    publish(settings.index_dir, name)
    prune(settings.index_dir, client, keep={name} | ({previous.name} if previous else set()))
    unmark_building(settings.index_dir, name)
    return _finish(summary, name, documents, started)


def _remove_orphans(settings: Settings, client: ClientAPI) -> None:
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


def _context(document: StoredDocument, section: str) -> str:
    return context_line(document.title, document.publisher, section)


def sentence_embedding_text(document: StoredDocument, number: int) -> str:
    """A sentence with light context (its section path) for the sentence vectors."""
    sentence = document.sentences[number]
    block = document.blocks[sentence.block] if document.blocks else None
    section = block.section if block is not None else ""
    body = document.text[sentence.start : sentence.end]
    return f"{section}\n{body}" if section else body


def _vector_texts(document: StoredDocument) -> list[str]:
    """What is embedded for a new document: its chunks, then its sentences."""
    chunks = [embedding_text(document, c.section, c.text) for c in document.chunks]
    sentences = [sentence_embedding_text(document, i) for i in range(len(document.sentences))]
    return chunks + sentences


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


def _collect(
    new: list[StoredDocument], runs: dict[str, Future[np.ndarray]], progress: Progress | None
) -> dict[str, np.ndarray]:
    """Each new document's vectors as its embedding finishes, counting chunks for `progress`."""
    total = sum(len(d.chunks) for d in new)
    vectors: dict[str, np.ndarray] = {}
    done = 0
    for document in new:
        vectors[document.doc_id] = runs[document.doc_id].result()
        done += len(document.chunks)
        if progress:
            progress(done, total)
    return vectors


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
