"""Generations keep the structured model, the sentence facts and vectors exactly as written."""

from __future__ import annotations

import json
from pathlib import Path

import bm25s
import numpy as np
import pytest

from index.document import Block, Chunk, Removal, Section, Sentence
from index.store import (
    DOCUMENTS_FILE,
    FORMAT_VERSION,
    IndexMismatchError,
    StoredDocument,
    load_generation,
    publish,
    write_generation,
)
from nlp.facts import SentenceFacts

FACTS = [
    SentenceFacts((), dependent=False, negated=False),
    SentenceFacts((("April 2024", "DATE"), ("Example Trust", "ORG")), True, negated=False),
    SentenceFacts((("3", "CARDINAL"),), dependent=False, negated=True),
]


def _document(doc_id: str, sentences: int) -> StoredDocument:
    text = "Heading\n\nThe plan:\n\n- first item\n- second item\n"
    spans = [(9, 18), (23, 33), (36, 47)][:sentences]
    return StoredDocument(
        doc_id=doc_id, title="T", publisher="P", author="", date="2024", kind="guidance",
        about="", source_file="/x.txt", content_hash="h", text=text,
        sections=[Section(0, len(text), "Heading", 1)],
        sentences=[Sentence(s, e, 2) for s, e in spans],
        chunks=[Chunk(f"{doc_id}:0000", doc_id, 0, 9, 47, "Heading", text[9:47], 10, page=3)],
        blocks=[
            Block(0, "heading", 0, 7, "Heading", level=1, page=3),
            Block(1, "list", 9, 47, "Heading", page=3, lead_in=(9, 18)),
            Block(2, "item", 23, 33, "Heading", page=3, parent=1),
        ],
        removed=[Removal(0, 7, "navigation", "Share")],
        clean="web-capture",
        facts=FACTS[:sentences],
    )  # fmt: skip


def test_round_trip_keeps_blocks_sentences_removals_and_vectors(tmp_path: Path) -> None:
    docs = [_document("a", 3), _document("b", 2)]
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


def test_a_document_without_facts_has_none_for_its_sentences() -> None:
    document = _document("a", 3)
    document.facts = []
    assert document.sentence_facts(0) is None


def test_a_generation_of_an_older_format_asks_for_a_reingest(tmp_path: Path) -> None:
    bm25 = bm25s.BM25()
    bm25.index([["plan"]], show_progress=False)
    write_generation(tmp_path, "g1", {}, [_document("a", 3)], bm25)
    publish(tmp_path, "g1")
    path = tmp_path / "g1" / DOCUMENTS_FILE
    data = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({**data, "format": FORMAT_VERSION - 1}), encoding="utf-8")
    with pytest.raises(IndexMismatchError, match=r"has format 2.*re-ingest with `review-assistant"):
        load_generation(tmp_path)


def test_vectors_must_match_the_sentences(tmp_path: Path) -> None:
    bm25 = bm25s.BM25()
    bm25.index([["plan"]], show_progress=False)
    with pytest.raises(ValueError, match="sentence vectors"):
        write_generation(tmp_path, "g1", {}, [_document("a", 3)], bm25, np.zeros((2, 4)))


def test_sentences_within_a_span_are_found_in_order() -> None:
    document = _document("a", 3)  # sentences at 9-18, 23-33, 36-47
    assert document.sentences_within(9, 47) == [0, 1, 2]
    assert document.sentences_within(10, 47) == [1, 2]
    assert document.sentences_within(9, 40) == [0, 1]
    assert document.sentences_within(19, 22) == []
    by_hand = _document("b", 3)
    by_hand.sentences = by_hand.sentences[::-1]  # out of order: still found, by a full scan
    assert by_hand.sentences_within(20, 47) == [0, 1]
