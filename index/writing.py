"""Writing index generations: a generation's files (renamed into place when complete), the
`CURRENT` pointer (replaced atomically), pruning old generations and cleaning up after killed
ingests. Callers hold the ingest lock, so two writers never interleave."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

import bm25s
import numpy as np

from index.store import (
    BM25_DIR,
    DOCUMENTS_FILE,
    FORMAT_VERSION,
    POINTER,
    SENTENCES_FILE,
    current_name,
)
from index.stored_document import StoredDocument

if TYPE_CHECKING:  # chromadb is imported when first used
    from chromadb.api import ClientAPI


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
