"""The terminal's source lines carry each citation's location: section, and page for a PDF."""

from __future__ import annotations

from assistant.schemas import ChatResponse
from assistant.terminal import source_lines


def _citation(n: int, section: str, page: int | None) -> dict[str, object]:
    return {
        "n": n, "doc_id": "doc", "title": "A Code", "publisher": "An Office",
        "date": "2020-06-11", "section": section, "quote": "Use open standards.",
        "chunk_id": f"doc:{n}", "start": 0, "end": 19, "page": page,
    }  # fmt: skip


def test_source_lines_give_section_and_pdf_page() -> None:
    response = ChatResponse.model_validate(
        {
            "conversation_id": "c",
            "message_id": "m",
            "answer": "Use open standards [1][2].",
            "refused": False,
            "mode": "extractive",
            "citations": [_citation(1, "Standards > Open", 4), _citation(2, "Intro", None)],
        }  # fmt: skip
    )
    assert source_lines(response) == [
        "[1] A Code — An Office, 2020-06-11, Standards > Open, page 4",
        "[2] A Code — An Office, 2020-06-11, Intro",
    ]
