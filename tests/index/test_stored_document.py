"""A stored document finds its sentences and their parse facts."""

from __future__ import annotations

from tests.index.samples import sample_document


def test_a_document_without_facts_has_none_for_its_sentences() -> None:
    document = sample_document("a", 3)
    document.facts = []
    assert document.sentence_facts(0) is None


def test_sentences_within_a_span_are_found_in_order() -> None:
    document = sample_document("a", 3)  # sentences at 9-18, 23-33, 36-47
    assert document.sentences_within(9, 47) == [0, 1, 2]
    assert document.sentences_within(10, 47) == [1, 2]
    assert document.sentences_within(9, 40) == [0, 1]
    assert document.sentences_within(19, 22) == []
    by_hand = sample_document("b", 3)
    by_hand.sentences = by_hand.sentences[::-1]  # out of order: still found, by a full scan
    assert by_hand.sentences_within(20, 47) == [0, 1]
