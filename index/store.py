"""Index generations on disk: a Chroma collection, a BM25 index, documents.json (with each
sentence's parse facts) and the sentence vectors (sentences.npy) per generation.

A reader follows the `CURRENT` pointer, which an ingest replaces atomically (`os.replace`) only
after the new generation is complete, so a failed or killed ingest leaves the previous index in
use. Writers hold a file lock, so two ingests cannot interleave.
"""

from __future__ import annotations

import json
import os
import shutil
from bisect import bisect_left, bisect_right
from dataclasses import asdict, dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import bm25s
import numpy as np

if TYPE_CHECKING:  # chromadb is imported when first used: an unchanged re-ingest never needs it
    from chromadb.api import ClientAPI
    from chromadb.api.models.Collection import Collection

from index.document import Block, Chunk, Removal, Section, Sentence
from nlp.facts import SentenceFacts

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
class StoredDocument:
    """A document as indexed: metadata, cleaned text, structure, chunks and what cleaning removed.

    `removed` spans are offsets in the extracted text (before cleaning), not in `text`;
    `facts[i]` are the parse facts of `sentences[i]`, computed once at ingest.
    """

    doc_id: str
    title: str
    publisher: str
    author: str
    date: str
    kind: str
    about: str
    source_file: str
    content_hash: str
    text: str
    sections: list[Section]
    sentences: list[Sentence]
    chunks: list[Chunk]
    blocks: list[Block] = field(default_factory=list)
    removed: list[Removal] = field(default_factory=list)
    clean: str = ""  # the cleaning profile applied ("" = none)
    source_hash: str = ""  # digest of the file, its metadata and the ingest recipe
    facts: list[SentenceFacts] = field(default_factory=list)

    @property
    def tokens(self) -> int:
        return sum(c.tokens for c in self.chunks)

    def sentence_text(self, number: int) -> str:
        sentence = self.sentences[number]
        return self.text[sentence.start : sentence.end]

    def sentences_within(self, start: int, end: int) -> list[int]:
        """Numbers of the sentences lying wholly inside [start, end), in order."""
        starts = self._sentence_starts
        first = bisect_left(starts, start) if starts is not None else 0
        found = []
        for number in range(first, len(self.sentences)):
            sentence = self.sentences[number]
            if starts is not None and sentence.start > end:
                break
            if sentence.start >= start and sentence.end <= end:
                found.append(number)
        return found

    def sentence_at(self, offset: int) -> int:
        """Number of the last sentence starting at or before `offset` (0 before the first)."""
        starts = self._sentence_starts
        if starts is None:
            return max((n for n, s in enumerate(self.sentences) if s.start <= offset), default=0)
        return max(bisect_right(starts, offset) - 1, 0)

    @cached_property
    def _sentence_starts(self) -> list[int] | None:
        """Sentence starts when in order (as ingest writes them), for bisection."""
        starts = [s.start for s in self.sentences]
        return starts if all(a <= b for a, b in zip(starts, starts[1:], strict=False)) else None

    def sentence_facts(self, number: int) -> SentenceFacts | None:
        """The stored parse facts of a sentence (None for a document built without them)."""
        return self.facts[number] if len(self.facts) == len(self.sentences) else None

    def block_at(self, offset: int) -> Block | None:
        """The innermost non-list block holding a character offset."""
        for block in self.blocks:
            if block.kind != "list" and block.start <= offset < block.end:
                return block
        return None

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["chunks"] = [{k: v for k, v in asdict(c).items() if k != "text"} for c in self.chunks]
        data["facts"] = [f.to_json() for f in self.facts]
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> StoredDocument:
        text = data["text"]
        chunks = [Chunk(**c, text=text[c["start"] : c["end"]]) for c in data["chunks"]]
        nested = ("sections", "sentences", "chunks", "blocks", "removed", "facts")
        blocks = [
            Block(**{**b, "lead_in": tuple(b["lead_in"]) if b.get("lead_in") else None})
            for b in data.get("blocks", [])
        ]
        return cls(
            **{k: v for k, v in data.items() if k not in nested},
            sections=[Section(**s) for s in data["sections"]],
            sentences=[Sentence(**s) for s in data["sentences"]],
            chunks=chunks,
            blocks=blocks,
            removed=[Removal(**r) for r in data.get("removed", [])],
            facts=[SentenceFacts.from_json(f) for f in data.get("facts", [])],
        )


@dataclass
class Generation:
    """One complete, immutable index build."""

    name: str
    path: Path
    info: dict[str, Any]
    documents: dict[str, StoredDocument]
    chunks: list[Chunk] = field(default_factory=list)

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
    return Generation(name=name, path=path, info=data["info"], documents=documents)


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


def write_generation(
    index_dir: Path,
    name: str,
    info: dict[str, Any],
    documents: list[StoredDocument],
    bm25: bm25s.BM25,
    sentence_vectors: np.ndarray | None = None,
) -> Path:
    """Write a generation's files into a temporary folder, then rename it into place.

    `sentence_vectors` rows follow the documents' order and each document's sentence order;
    `info["sentence_rows"]` records where each document's rows start and how many there are.
    """
    final = index_dir / name
    staging = index_dir / f".{name}.tmp"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    payload = {
        "format": FORMAT_VERSION,
        "info": info,
        "documents": [d.to_json() for d in documents],
    }
    if sentence_vectors is not None:
        rows, offset = {}, 0
        for doc in documents:
            rows[doc.doc_id] = [offset, len(doc.sentences)]
            offset += len(doc.sentences)
        if offset != len(sentence_vectors):
            raise ValueError(f"{len(sentence_vectors)} sentence vectors for {offset} sentences")
        payload["info"] = {**info, "sentence_rows": rows}
        np.save(staging / SENTENCES_FILE, sentence_vectors.astype(np.float32))
    (staging / DOCUMENTS_FILE).write_text(json.dumps(payload), encoding="utf-8")
    bm25.save(str(staging / BM25_DIR))
    os.replace(staging, final)
    return final


def publish(index_dir: Path, name: str) -> None:
    """Atomically point readers at a complete generation."""
    tmp = index_dir / f".{POINTER}.tmp"
    tmp.write_text(name, encoding="utf-8")
    with open(tmp, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(tmp, index_dir / POINTER)


def prune(index_dir: Path, client: ClientAPI, keep: set[str]) -> None:
    """Delete generations (folders and collections) other than `keep`, e.g. crashed leftovers."""
    for entry in index_dir.iterdir():
        name = entry.name.lstrip(".").removesuffix(".tmp")
        if entry.is_dir() and name not in keep:
            shutil.rmtree(entry, ignore_errors=True)
    for collection in client.list_collections():
        coll_name = collection if isinstance(collection, str) else collection.name
        if coll_name.startswith("chunks-") and coll_name.removeprefix("chunks-") not in keep:
            client.delete_collection(coll_name)


BUILDING_MARK = ".building-"  # `.building-<generation>`: an ingest is writing that generation


def mark_building(index_dir: Path, name: str) -> None:
    """Record, before its collection exists, that an ingest is building generation `name`."""
    (index_dir / f"{BUILDING_MARK}{name}").touch()


def unmark_building(index_dir: Path, name: str) -> None:
    (index_dir / f"{BUILDING_MARK}{name}").unlink(missing_ok=True)


def interrupted(index_dir: Path) -> bool:
    """True when an earlier ingest died and left something to clean up."""
    return any(
        entry.name.startswith(BUILDING_MARK) or (entry.is_dir() and entry.name.endswith(".tmp"))
        for entry in index_dir.iterdir()
    )


def remove_orphans(index_dir: Path, client: ClientAPI, live: set[str] | None = None) -> list[str]:
    """Remove what killed ingests left behind; returns the generations removed.

    Call it holding the ingest lock (no other ingest is writing). Always: staging folders and
    every generation an interrupted ingest marked as building but never made current. With
    `live` (the generations readers may use; the current one is always kept), also every
    `chunks-*` collection of a generation outside it.
    """
    index_dir.mkdir(parents=True, exist_ok=True)
    current = current_name(index_dir)
    removed: list[str] = []
    for entry in index_dir.iterdir():
        if entry.name.startswith(BUILDING_MARK):
            name = entry.name.removeprefix(BUILDING_MARK)
            if name != current:
                shutil.rmtree(index_dir / name, ignore_errors=True)
                removed.append(name)
            entry.unlink(missing_ok=True)
        elif entry.is_dir() and entry.name.startswith(".") and entry.name.endswith(".tmp"):
            shutil.rmtree(entry, ignore_errors=True)
    keep = None if live is None else live | ({current} if current else set())
    for collection in client.list_collections():
        coll_name = collection if isinstance(collection, str) else collection.name
        generation = coll_name.removeprefix("chunks-")
        orphan = generation in removed or (keep is not None and generation not in keep)
        if coll_name.startswith("chunks-") and orphan:
            client.delete_collection(coll_name)
            removed.append(generation)
    return sorted(set(removed))


def complete_generations(index_dir: Path) -> set[str]:
    """The generation folders an ingest finished writing (renamed into place)."""
    return {e.name for e in index_dir.iterdir() if e.is_dir() and not e.name.startswith(".")}
