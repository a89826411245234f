"""A guide answer's citations are the same as an evidence answer's: the PDF page comes too."""

from __future__ import annotations

from dataclasses import replace

from assistant.answer.render import citation_for
from assistant.guides.quoting import Citations
from index.document import Block
from tests.assistant.answer.test_compose import document, evidence


class _NoChunks:
    """The index state's chunk lookup, finding none: the document's own chunks are used."""

    def chunk_for(self, doc_id: str, start: int, end: int) -> None:
        return None


def test_a_guide_citation_carries_the_page_like_an_answer_citation() -> None:
    plain = document()
    doc = replace(plain, blocks=[Block(0, "paragraph", 0, len(plain.text), "Plan", page=7)])
    ev = evidence(doc, 0, 0.9)
    quoted = Citations(_NoChunks())  # type: ignore[arg-type]
    assert quoted.mark(doc, ev.start, ev.end, "Plan") == "[1]"
    assert quoted.items[0].page == 7
    assert quoted.items[0] == citation_for(1, ev).model_copy(update={"section": "Plan"})
