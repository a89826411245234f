"""The document model every layer shares: blocks, sentences, sections and chunks as spans of one
cleaned text, so a citation can always quote `text[start:end]` exactly."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

BlockKind = Literal["heading", "paragraph", "list", "item", "table", "quote"]


@dataclass(frozen=True)
class Section:
    """A heading's reach: [start, end) in the cleaned text, with its path ("H1 > H2")."""

    start: int
    end: int
    path: str
    level: int


@dataclass(frozen=True)
class Block:
    """A structural unit of a document: heading, paragraph, list, list item, table or quotation.

    A "list" spans its lead-in sentence (when there is one) and all its items; an item's span is
    its text without the bullet or number in front of it.
    """

    index: int  # position in the document's block list
    kind: BlockKind
    start: int
    end: int
    section: str  # section path "H1 > H2"
    level: int = 0  # heading level, or nesting depth of an item / list
    page: int | None = None  # PDF page (1-based)
    parent: int | None = None  # for an item: its list block; for a nested list: its parent item
    lead_in: tuple[int, int] | None = None  # for a list: span of its lead-in sentence, if any


@dataclass(frozen=True)
class Sentence:
    """A sentence (or a whole list item, or a table row) inside exactly one block.

    A lead-in sentence ("The review recommends:") belongs to the list block it introduces.
    """

    start: int
    end: int
    block: int  # index of the paragraph/item/quote/table (or, for a lead-in, list) block

    def __iter__(self) -> Iterator[int]:
        """Unpacks as `start, end`, as the (start, end) tuples of format 1 did."""
        return iter((self.start, self.end))

    def __getitem__(self, i: int) -> int:
        """`sentence[0]` / `sentence[1]`, as the (start, end) tuples of format 1 did."""
        return (self.start, self.end)[i]


@dataclass(frozen=True)
class Removal:
    """A span cleaning removed: offsets in the extracted text, the rule applied, the text."""

    start: int
    end: int
    rule: str
    text: str


@dataclass(frozen=True)
class Chunk:
    """A contiguous span of a cleaned document: `text == document_text[start:end]`."""

    chunk_id: str
    doc_id: str
    index: int
    start: int
    end: int
    section: str
    text: str
    tokens: int
    page: int | None = None
