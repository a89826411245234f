"""Where a sentence sits in its document: its block's kind, the sentence before it in the same
block, and whether a reader can take it as a statement on its own."""

from __future__ import annotations

from index.stored_document import StoredDocument

MIN_WORDS = 4  # fewer words make a label or a fragment, not a statement


def block_kind(doc: StoredDocument, number: int) -> str:
    """The kind of block the sentence belongs to ("paragraph", "item", "heading"…)."""
    sentence = doc.sentences[number]
    block = getattr(sentence, "block", None)
    if block is None or block >= len(doc.blocks):
        return _line_kind(doc, sentence.start)
    return doc.blocks[block].kind


def _line_kind(doc: StoredDocument, start: int) -> str:
    """Without blocks: a line opening with a bullet or number is a list item."""
    line_start = doc.text.rfind("\n", 0, start) + 1
    marker = doc.text[line_start:start].strip()
    return "item" if marker in ("-", "*", "•") or marker.rstrip(".)").isdigit() else "paragraph"


def previous_in_block(doc: StoredDocument, number: int) -> int | None:
    """The sentence before, when it sits in the same block (paragraph) as this one."""
    if number == 0:
        return None
    this, before = doc.sentences[number], doc.sentences[number - 1]
    block = getattr(this, "block", None)
    if block is not None and doc.blocks:
        return number - 1 if getattr(before, "block", None) == block else None
    return None if "\n\n" in doc.text[before.end : this.start] else number - 1


def quotable(doc: StoredDocument, number: int) -> bool:
    """A sentence or list item a reader can take as a statement: not a heading or a question."""
    start, end = doc.sentences[number]
    text = doc.text[start:end].strip()
    return (
        len(text.split()) >= MIN_WORDS
        and not text.endswith("?")
        and block_kind(doc, number) != "heading"
    )
