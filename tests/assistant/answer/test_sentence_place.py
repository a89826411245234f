"""Where a sentence sits: its block's kind, the sentence before it in its block, and whether it
reads as a statement on its own."""

from __future__ import annotations

from assistant.answer.sentence_place import block_kind, previous_in_block, quotable
from tests.assistant.answer.test_compose import PARTS, document


def test_the_sentence_before_counts_only_inside_the_same_block() -> None:
    doc = document()
    assert previous_in_block(doc, 1) == 0  # two sentences of one paragraph
    assert previous_in_block(doc, 0) is None  # the document's first sentence
    assert previous_in_block(doc, 3) is None  # a list item after its lead-in's block


def test_block_kinds_come_from_the_stored_blocks() -> None:
    doc = document()
    assert [block_kind(doc, n) for n in (0, 2, 3)] == ["paragraph", "list", "item"]


def test_a_question_or_a_fragment_is_not_quotable() -> None:
    parts = [("paragraph", "Who pays for it?"), ("paragraph", "Costs rose."), *PARTS[2:]]
    doc = document(parts=parts)
    assert not quotable(doc, 0)  # a question
    assert not quotable(doc, 1)  # two words: a fragment
    assert quotable(doc, 3)  # "Fewer national targets for local systems."
