"""The document model every layer shares: sections and chunks as spans of a cleaned text."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    """A heading's reach: [start, end) in the cleaned text, with its path ("H1 > H2")."""

    start: int
    end: int
    path: str
    level: int


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
