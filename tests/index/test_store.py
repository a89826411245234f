"""Generations keep the structured model, the sentence facts and vectors exactly as written."""

from __future__ import annotations

import json
from pathlib import Path

import bm25s
import numpy as np
import pytest

from index.store import (
    DOCUMENTS_FILE,
    FORMAT_VERSION,
    POINTER,
    IndexMismatchError,
    load_generation,
    pointer_stamp,
)
from index.writing import publish, write_generation
from tests.index.samples import FACTS, sample_document


def test_round_trip_keeps_blocks_sentences_removals_and_vectors(tmp_path: Path) -> None:
    docs = [sample_document("a", 3), sample_document("b", 2)]
    vectors = np.arange(5 * 4, dtype=np.float32).reshape(5, 4)
    bm25 = bm25s.BM25()
    bm25.index([["plan"], ["item"]], show_progress=False)
    write_generation(tmp_path, "g1", {"dimension": 4}, docs, bm25, vectors)
    publish(tmp_path, "g1")
    generation = load_generation(tmp_path)
    assert generation.info["sentence_rows"] == {"a": [0, 3], "b": [3, 2]}
    loaded = generation.documents["a"]
    assert loaded.blocks == docs[0].blocks and loaded.blocks[1].lead_in == (9, 18)
    assert loaded.sentences == docs[0].sentences and loaded.removed == docs[0].removed
    assert loaded.chunks[0].page == 3 and loaded.clean == "web-capture"
    assert np.array_equal(generation.sentence_vectors("b"), vectors[3:5])
    assert generation.sentence_refs == [("a", 0), ("a", 1), ("a", 2), ("b", 0), ("b", 1)]
    start, end = loaded.sentences[0]  # format-1 callers unpacked (start, end) tuples
    assert loaded.text[start:end] == "The plan:" == loaded.sentence_text(0)
    assert loaded.block_at(25) == docs[0].blocks[2]
    assert loaded.facts == FACTS and generation.documents["b"].facts == FACTS[:2]
    assert loaded.sentence_facts(1) == FACTS[1]
    assert FACTS[1].labels == {"DATE", "ORG"} and FACTS[1].values == (("April 2024", "DATE"),)
    assert FACTS[1].names == ("Example Trust",)


def test_a_generation_of_an_older_format_asks_for_a_reingest(tmp_path: Path) -> None:
    bm25 = bm25s.BM25()
    bm25.index([["plan"]], show_progress=False)
    write_generation(tmp_path, "g1", {}, [sample_document("a", 3)], bm25)
    publish(tmp_path, "g1")
    path = tmp_path / "g1" / DOCUMENTS_FILE
    data = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({**data, "format": FORMAT_VERSION - 1}), encoding="utf-8")
    with pytest.raises(IndexMismatchError, match=r"has format 2.*re-ingest with `review-assistant"):
        load_generation(tmp_path)


def test_every_publish_gives_the_pointer_a_new_stamp(tmp_path: Path) -> None:
    """Readers re-read the generation's name only when the stamp moves: each publish must move
    it, even to a name of the same length, or to the same name again."""
    assert pointer_stamp(tmp_path) is None
    before = None
    for name in ("g1", "g2", "g2", "g1"):
        publish(tmp_path, name)
        stamp = pointer_stamp(tmp_path)
        assert stamp is not None and stamp != before
        assert stamp == pointer_stamp(tmp_path)  # unchanged while nothing is published
        before = stamp
    (tmp_path / POINTER).unlink()
    assert pointer_stamp(tmp_path) is None
