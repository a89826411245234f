"""Reading index generations: a Chroma collection, a BM25 index, documents.json (each
document a `StoredDocument`, with its sentences' parse facts) and the sentence vectors
(sentences.npy) per generation, and what questions are read with (reading.json,
`index/collection_reading.py`; None for a generation built before it was stored).

A reader follows the `CURRENT` pointer, which an ingest replaces atomically (`os.replace`) only
after the new generation is complete (`index/writing.py`), so a failed or killed ingest leaves
the previous index in use. Writers hold a file lock, so two ingests cannot interleave.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import bm25s
import numpy as np

if TYPE_CHECKING:  # chromadb is imported when first used: an unchanged re-ingest never needs it
    from chromadb.api import ClientAPI
    from chromadb.api.models.Collection import Collection

from index.collection_reading import CollectionReading, read_reading
from index.document import Chunk
from index.stored_document import StoredDocument

# 3: documents carry their sentences' parse facts (entities, dependent, negated).
FORMAT_VERSION = 3
POINTER = "CURRENT"
DOCUMENTS_FILE = "documents.json"
SENTENCES_FILE = "sentences.npy"
BM25_DIR = "bm25"


class IndexNotReady(RuntimeError):
    """There is no usable index yet (nothing ingested, or the pointer is broken)."""


class IndexMismatchError(RuntimeError):
    """The index was built with another embedding model or format; it must be re-ingested."""


class IndexUnavailable(RuntimeError):
    """The index cannot be used right now (unreadable files, vector store unreachable).

    Not cached: the next request tries again, so the service recovers without a restart.
    """


@dataclass
class Generation:
    """One complete, immutable index build."""

    name: str
    path: Path
    info: dict[str, Any]
    documents: dict[str, StoredDocument]
    chunks: list[Chunk] = field(default_factory=list)
    reading: CollectionReading | None = None  # None: computed on the first question instead

    def __post_init__(self) -> None:
        self.chunks = [c for d in self.documents.values() for c in d.chunks]
        self._by_id = {c.chunk_id: c for c in self.chunks}

    def chunk(self, chunk_id: str) -> Chunk:
        return self._by_id[chunk_id]

    @cached_property
    def sentence_matrix(self) -> np.ndarray:
        """Unit-length vectors of every sentence, rows in `sentence_refs` order (float32)."""
        path = self.path / SENTENCES_FILE
        if not path.exists():
            return np.zeros((0, int(self.info.get("dimension", 0))), dtype=np.float32)
        return np.load(path, mmap_mode="r")

    @cached_property
    def sentence_refs(self) -> list[tuple[str, int]]:
        """(doc id, sentence number) of each row of `sentence_matrix`."""
        rows = self.info.get("sentence_rows", {})
        refs: list[tuple[str, int]] = []
        for doc_id, (_offset, count) in sorted(rows.items(), key=lambda kv: kv[1][0]):
            refs.extend((doc_id, i) for i in range(count))
        return refs

    def sentence_vectors(self, doc_id: str) -> np.ndarray:
        """Vectors of one document's sentences, row i for `documents[doc_id].sentences[i]`."""
        offset, count = self.info.get("sentence_rows", {}).get(doc_id, (0, 0))
        return np.asarray(self.sentence_matrix[offset : offset + count])

    @property
    def collection_name(self) -> str:
        return collection_name(self.name)


def collection_name(generation: str) -> str:
    return f"chunks-{generation}"


def open_chroma(data_dir: Path, host: str | None = None, port: int = 8000) -> ClientAPI:
    """The embedded on-disk Chroma by default; a Chroma server when a host is configured."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if host:
        return chromadb.HttpClient(host=host, port=port, settings=settings)
    path = data_dir / "chroma"
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=settings)


def current_name(index_dir: Path) -> str | None:
    """The generation the pointer names, or None before the first ingest."""
    try:
        return (index_dir / POINTER).read_text(encoding="utf-8").strip() or None
    except FileNotFoundError:
        return None


def pointer_stamp(index_dir: Path) -> tuple[int, int, int] | None:
    """The pointer file's identity (inode, size, modification time), None when absent: a
    publish replaces the file, so a reader that sees the same stamp need not re-read the name
    (a stat costs about a tenth of reading the file)."""
    try:
        found = os.stat(os.path.join(index_dir, POINTER))  # no Path objects: asked per search
    except FileNotFoundError:
        return None
    return found.st_ino, found.st_size, found.st_mtime_ns


def load_generation(index_dir: Path, name: str | None = None) -> Generation:
    """Read a generation's documents.json (the current one by default)."""
    name = name or current_name(index_dir)
    if not name:
        raise IndexNotReady("no index yet: run `review-assistant ingest`")
    path = index_dir / name
    try:
        data = json.loads((path / DOCUMENTS_FILE).read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError) as exc:
        raise IndexNotReady(f"index generation {name} is unreadable: {exc}") from exc
    if data.get("format") != FORMAT_VERSION:
        raise IndexMismatchError(
            f"index generation {name} has format {data.get('format')}, written by another "
            f"version; this version reads format {FORMAT_VERSION}: re-ingest with "
            "`review-assistant ingest` (it rebuilds every document)"
        )
    documents = {d["doc_id"]: StoredDocument.from_json(d) for d in data["documents"]}
    reading = read_reading(path, (d.text for d in documents.values()))
    return Generation(name=name, path=path, info=data["info"], documents=documents, reading=reading)


def open_collection(
    client: ClientAPI, generation: Generation, model_id: str, dim: int
) -> Collection:
    """The generation's Chroma collection, checked against the embedding model in use."""
    try:
        collection = client.get_collection(generation.collection_name)
    except Exception as exc:  # chromadb raises NotFoundError/ValueError depending on backend
        raise IndexNotReady(f"Chroma collection {generation.collection_name} is missing") from exc
    meta = collection.metadata or {}
    if meta.get("embedding_model") != model_id or meta.get("dimension") != dim:
        raise IndexMismatchError(
            f"the index was built with embedding model {meta.get('embedding_model')!r} "
            f"(dimension {meta.get('dimension')}), but this installation uses {model_id!r} "
            f"(dimension {dim}): re-ingest with `review-assistant ingest --rebuild`"
        )
    return collection


def load_bm25(generation: Generation) -> bm25s.BM25:
    return bm25s.BM25.load(str(generation.path / BM25_DIR))
