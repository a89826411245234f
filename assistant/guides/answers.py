"""Answers from the source guides: "summarise X", "what does X say", "key points of X".

The seam with the answer engine: `guide_answer(question, state)` returns a cited draft when the
question asks for the gist of the document(s) it names, else None (the engine answers).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.answering import AnswerDraft
from assistant.guides.reader import guides
from assistant.schemas import Citation
from index.guides import DocumentGuide, KeyList, Span
from index.store import StoredDocument

if TYPE_CHECKING:
    from assistant.answer.question import Question
    from assistant.retrieval.state import IndexState

SUMMARY_TYPES = frozenset({"summary", "open"})
LIST_TYPES = frozenset({"list"})
MAX_FOCUS_FOR_GIST = 2  # "what does X say?" has at most a word or two besides the source


class _Citations:
    """Numbers citations in order of use; one number per quoted span."""

    def __init__(self, state: IndexState) -> None:
        self.state = state
        self.items: list[Citation] = []

    def mark(self, doc: StoredDocument, start: int, end: int, section: str) -> str:
        chunk = self.state.chunk_for(doc.doc_id, start, end)
        chunk = chunk or next((c for c in doc.chunks if c.start <= start < c.end), None)
        n = len(self.items) + 1
        self.items.append(
            Citation(
                n=n,
                doc_id=doc.doc_id,
                title=doc.title,
                publisher=doc.publisher,
                date=doc.date,
                section=section,
                quote=doc.text[start:end],
                chunk_id=chunk.chunk_id if chunk else "",
                start=start,
                end=end,
            )  # fmt: skip
        )
        return f"[{n}]"


def _heading(doc: StoredDocument, what: str) -> str:
    when = f", {doc.date}" if doc.date else ""
    by = f" — {doc.publisher}{when}" if doc.publisher else ""
    return f"**{what} of *{doc.title}*{by}**"


def _summary(doc: StoredDocument, guide: DocumentGuide, cite: _Citations) -> list[str]:
    lines = [_heading(doc, "Summary")]
    for s in guide.summary:
        lines.append(f"- {_one_line(s)} {cite.mark(doc, s.start, s.end, s.section)}")
    return lines


def _key_list(doc: StoredDocument, key: KeyList, cite: _Citations) -> list[str]:
    marker = cite.mark(doc, key.start, key.end, key.section)
    lead = _one_line(key.lead_in) if key.lead_in else ""
    head = f"{lead} {marker}" if lead else marker
    return [head, *[f"- {_one_line(item)}" for item in key.items]]


def _one_line(span: Span) -> str:
    return " ".join(span.text.split())


def _wants_gist(question: Question) -> bool:
    if question.answer_type == "summary":
        return True
    return question.answer_type == "open" and len(question.focus) <= MAX_FOCUS_FOR_GIST


def guide_answer(question: Question, state: IndexState) -> AnswerDraft | None:
    """A summary (or the key lists) of the documents the question names, from their guides."""
    if not question.named_documents:
        return None
    wants_lists = question.answer_type in LIST_TYPES
    if not wants_lists and not _wants_gist(question):
        return None
    all_guides = guides(state)
    cite = _Citations(state)
    lines: list[str] = []
    for doc_id in sorted(question.named_documents):
        doc = state.generation.documents.get(doc_id)
        guide = all_guides.get(doc_id)
        if doc is None or guide is None:
            continue
        if wants_lists and guide.key_lists:
            lines.append(_heading(doc, "Key lists"))
            for key in guide.key_lists:
                lines += ["", *_key_list(doc, key, cite)]
        elif guide.summary and not wants_lists:
            lines += _summary(doc, guide, cite)
        lines.append("")
    if not cite.items:
        return None
    return AnswerDraft("\n".join(lines).strip(), cite.items, refused=False, mode="extractive")
