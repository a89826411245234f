"""Chunks follow structure: whole sentences and items, within the budget and the embedder window."""

from __future__ import annotations

from ingest.chunker import chunk_document
from ingest.formats.text import text_pieces
from ingest.structure import assemble, sentences_of
from nlp.tokens import count_tokens


def _document() -> tuple[str, list, list, list]:
    body = "\n\n".join(
        f"Paragraph {i} says something about the plan. It has a second sentence too."
        for i in range(30)
    )
    layout = assemble(text_pieces(f"# Title\n\n{body}\n\nThe list:\n\n- item one\n- item two\n"))
    sentences, blocks = sentences_of(layout.text, layout.blocks)
    return layout.text, sentences, layout.sections, blocks


def test_chunks_are_exact_spans_of_whole_units_within_budget() -> None:
    text, sentences, sections, blocks = _document()
    chunks = chunk_document("doc", text, sentences, sections, count_tokens, 60, 15, None, blocks)
    starts = {s.start for s in sentences}
    ends = {s.end for s in sentences}
    assert len(chunks) > 5
    for chunk in chunks:
        assert chunk.text == text[chunk.start : chunk.end]
        assert chunk.start in starts and chunk.end in ends
        assert chunk.tokens <= 60


def test_overlap_carries_sentences_forward() -> None:
    text, sentences, sections, blocks = _document()
    chunks = chunk_document("doc", text, sentences, sections, count_tokens, 60, 15, None, blocks)
    assert any(b.start < a.end for a, b in zip(chunks, chunks[1:], strict=False))


def test_a_unit_too_long_for_the_window_is_split_not_truncated() -> None:
    text, sentences, sections, blocks = _document()

    def fits(section: str, body: str) -> bool:
        return len(body.split()) <= 4

    chunks = chunk_document("doc", text, sentences, sections, count_tokens, 60, 15, fits, blocks)
    assert all(len(c.text.split()) <= 4 for c in chunks)
    covered = " ".join(c.text for c in chunks if c.start >= text.index("Paragraph 0"))
    assert "Paragraph 0 says something about the plan." in covered


def test_overlap_must_be_smaller_than_size() -> None:
    import pytest

    text, sentences, sections, blocks = _document()
    with pytest.raises(ValueError):
        chunk_document("doc", text, sentences, sections, count_tokens, 50, 50)
