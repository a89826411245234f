"""`run_ingest`: load → clean → structure → chunk → embed → index, incremental and crash-safe.

Each source is processed (ingest/documents.py) unless its file, metadata and the recipe are as
the previous ingest saw them; new documents are embedded beside the parsing
(ingest/embedding_worker.py); the generation is written and published last
(ingest/generation_writer.py), so a failed ingest leaves the previous index in use.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from filelock import FileLock, Timeout

from assistant.settings import Settings
from index.document import Removal
from index.embedder import Embedder
from index.store import (
    FORMAT_VERSION,
    Generation,
    IndexMismatchError,
    IndexNotReady,
    load_generation,
    open_chroma,
)
from index.stored_document import StoredDocument
from index.writing import interrupted
from ingest.documents import (
    STRUCTURE_VERSION,
    build_document,
    clean_source,
    fingerprint,
    publisher_repeats,
    with_facts,
)
from ingest.embedding_worker import EmbeddingWorker, Progress, ingest_embedder
from ingest.generation_writer import remove_killed_ingests, write_new_generation
from ingest.manifest import read_manifest
from ingest.sources import Source, collect_sources
from nlp.facts import VERSION as FACTS_VERSION
from nlp.lexical import VERSION as LEXICAL_VERSION


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
            client = open_chroma(settings.data_dir, settings.chroma_host, settings.chroma_port)
            remove_killed_ingests(settings, client)
        same = [previous.documents[s.meta.id] for s in sources]
        summary.unchanged = [d.doc_id for d in same]
        summary.removals = {d.doc_id: d.removed for d in same if d.removed}
        return _finish(summary, previous.name, same, started)

    # Embedding runs beside the parsing (ingest/embedding_worker.py).
    with EmbeddingWorker(embedder or ingest_embedder(settings)) as worker:
        return _ingest_documents(
            sources, hashes, collection, previous, settings, worker, progress, summary, started
        )


def _ingest_documents(
    sources: list[Source],
    hashes: list[str],
    collection: object,
    previous: Generation | None,
    settings: Settings,
    worker: EmbeddingWorker,
    progress: Progress | None,
    summary: IngestSummary,
    started: float,
) -> IngestSummary:
    repeats = publisher_repeats(sources)
    old_docs = previous.documents if previous else {}
    documents: list[StoredDocument] = []
    for source, source_hash in zip(sources, hashes, strict=True):
        layout, removals = clean_source(source, repeats.get(source.meta.publisher, set()))
        digest = fingerprint(source, layout.text, settings, type(worker.embedder))
        old = old_docs.get(source.meta.id)
        if old is not None and old.content_hash == digest:
            old.source_hash = source_hash
            documents.append(old)
            summary.unchanged.append(old.doc_id)
        else:
            document = build_document(
                source, layout, removals, digest, settings, worker.embedder, False
            )
            worker.submit(document)
            with_facts(document)
            document.source_hash = source_hash
            documents.append(document)
            (summary.updated if old is not None else summary.added).append(document.doc_id)
        if documents[-1].removed:
            summary.removals[documents[-1].doc_id] = documents[-1].removed
    summary.removed = sorted(set(old_docs) - {d.doc_id for d in documents})

    name = write_new_generation(documents, worker, previous, collection, settings, progress)
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
