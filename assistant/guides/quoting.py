"""Quoting a document in a guide answer: numbered citations of exact spans, which sentences
state something, and the section a span sits in."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.answer.navigation import navigational
from assistant.answer.render import quote_citation
from assistant.schemas import Citation
from index.guides import Span
from index.stored_document import StoredDocument

if TYPE_CHECKING:
    from assistant.retrieval.state import IndexState

PROSE = ("paragraph", "quote")
PROSE_OR_ITEM = (*PROSE, "item")


class Citations:
    """Numbers citations in order of use; one number per quoted span."""

    def __init__(self, state: IndexState) -> None:
        self.state = state
        self.items: list[Citation] = []

    def mark(self, doc: StoredDocument, start: int, end: int, section: str) -> str:
        chunk = self.state.chunk_for(doc.doc_id, start, end)
        chunk = chunk or next((c for c in doc.chunks if c.start <= start < c.end), None)
        n = len(self.items) + 1
        chunk_id = chunk.chunk_id if chunk else ""
        self.items.append(quote_citation(n, doc, start, end, section, chunk_id))
        return f"[{n}]"


def source_heading(doc: StoredDocument, what: str) -> str:
    when = f", {doc.date}" if doc.date else ""
    by = f" — {doc.publisher}{when}" if doc.publisher else ""
    return f"**{what} of *{doc.title}*{by}**"


def statement(doc: StoredDocument, number: int, kinds: tuple[str, ...] = PROSE) -> bool:
    """A sentence of running text that says something (not a heading, link or list lead-in);
    a section made of bullet points states its case in `kinds` including "item"."""
    sentence = doc.sentences[number]
    block = doc.blocks[sentence.block] if sentence.block < len(doc.blocks) else None
    text = doc.sentence_text(number).strip()
    return (
        (block is None or block.kind in kinds)
        and len(text.split()) >= 6
        and text[-1:] in ".!)”'\""
        and not navigational(doc, number)
    )


def section_of(doc: StoredDocument, offset: int) -> str:
    section = doc.section_at(offset)
    return section.path if section is not None else ""


def heading_text(doc: StoredDocument, start: int, end: int) -> str:
    return " ".join(doc.text[start:end].split())


def one_line(span: Span) -> str:
    return " ".join(span.text.split())
