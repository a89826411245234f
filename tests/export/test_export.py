"""Board-paper export over a real server: every footnote quotes its passage exactly."""

from __future__ import annotations

import io
import re
import zipfile

import httpx
import pytest
from docx import Document
from lxml import etree
from pypdf import PdfReader

from assistant.export.paper import BoardPaper, Exchange, Footnote, board_paper
from assistant.export.pdf_paper import note_text, render_pdf
from assistant.plaintext import plain_lines
from tests.conftest import LiveServer

pytestmark = pytest.mark.integration

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
QUESTIONS = (
    "What are the main recommendations of the review?",
    "How many questions did the call for evidence ask?",
)


def _ask(server: LiveServer, message: str, conversation_id: str | None = None) -> dict:
    body = {"message": message, "conversation_id": conversation_id}
    response = httpx.post(f"{server.url}/api/chat", json=body, timeout=120)
    assert response.status_code == 200, response.text
    return response.json()


@pytest.fixture(scope="module")
def conversation(server: LiveServer) -> list[dict]:
    first = _ask(server, QUESTIONS[0])
    second = _ask(server, QUESTIONS[1], first["conversation_id"])
    assert first["citations"] and second["citations"]
    return [first, second]


def _footnotes(docx_bytes: bytes) -> dict[int, list[str]]:
    """Footnote id -> the texts of its italic runs (the quote), read from word/footnotes.xml."""
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as archive:
        root = etree.fromstring(archive.read("word/footnotes.xml"))
    notes: dict[int, list[str]] = {}
    for note in root.iter(f"{W}footnote"):
        n = int(note.get(f"{W}id"))
        if n <= 0:
            continue
        quotes = []
        for run in note.iter(f"{W}r"):
            if run.find(f"{W}rPr/{W}i") is None:
                continue
            parts = [
                "\n" if child.tag == f"{W}br" else (child.text or "")
                for child in run
                if child.tag in (f"{W}t", f"{W}br")
            ]
            quotes.append("".join(parts))
        notes[n] = quotes
    return notes


def _expected(conversation: list[dict]) -> list[dict]:
    return [c for turn in conversation for c in sorted(turn["citations"], key=lambda c: c["n"])]


def test_docx_footnotes_quote_every_cited_passage_exactly(
    server: LiveServer, conversation: list[dict]
) -> None:
    conversation_id = conversation[0]["conversation_id"]
    response = httpx.get(
        f"{server.url}/api/conversations/{conversation_id}/export", params={"format": "docx"}
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response.headers["content-disposition"]
    expected = _expected(conversation)
    notes = _footnotes(response.content)
    assert sorted(notes) == list(range(1, len(expected) + 1))
    for n, citation in enumerate(expected, start=1):
        assert notes[n] == [citation["quote"]]
    document = Document(io.BytesIO(response.content))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading 2")]
    assert headings == list(QUESTIONS)
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        body = archive.read("word/document.xml").decode()
        footnotes_xml = archive.read("word/footnotes.xml").decode()
    references = [int(n) for n in re.findall(r'footnoteReference w:id="(\d+)"', body)]
    assert set(references) == set(range(1, len(expected) + 1))
    for citation in expected:
        assert citation["title"] in footnotes_xml and citation["date"] in footnotes_xml


def test_pdf_lists_every_quote_with_its_source(
    server: LiveServer, conversation: list[dict]
) -> None:
    conversation_id = conversation[0]["conversation_id"]
    response = httpx.get(
        f"{server.url}/api/conversations/{conversation_id}/export", params={"format": "pdf"}
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    pages = _pdf_pages(response.content)
    flat = " ".join(pages)
    for question in QUESTIONS:
        assert " ".join(question.split()) in flat
    for n, citation in enumerate(_expected(conversation), start=1):
        quote = " ".join(citation["quote"].split())
        note = f"[{n}] “{quote}” — {citation['title']}"
        on = [i for i, page in enumerate(pages) if note in page]
        assert len(on) == 1, (n, on)  # quoted once, at the foot of one page ...
        marked = [i for i, page in enumerate(pages) if page.replace(note, "").count(f"[{n}]")]
        assert marked[0] == on[0]  # ... the page where the answer first cites it


def _pdf_pages(pdf: bytes) -> list[str]:
    """Each page's text with whitespace runs made single spaces."""
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def test_pdf_footnotes_stand_on_the_page_of_their_marker() -> None:
    """A paper of many pages: every note is printed at the foot of the page citing it."""
    exchanges = []
    for i in range(10):
        notes = [
            Footnote(4 * i + j, f"Passage {4 * i + j} quoted. " * (1 + j * 3), "Doc", "Pub",
                     "2024-01-01", "3.2", j + 1)
            for j in range(1, 5)
        ]  # fmt: skip
        lines = [f"• Point {note.n} of answer {i}, long enough to fill the line [{note.n}]"
                 for note in notes]  # fmt: skip
        exchanges.append(Exchange(f"Question {i}?", lines, notes))
    pages = _pdf_pages(render_pdf(BoardPaper("Paper", exchanges)))
    assert len(pages) >= 3
    for exchange in exchanges:
        for note in exchange.footnotes:
            text = " ".join(note_text(note).split())
            assert text.endswith(f"section 3.2, page {note.page}")
            on = [i for i, page in enumerate(pages) if text in page]
            body = [i for i, page in enumerate(pages) if f"fill the line [{note.n}]" in page]
            assert on == body and len(on) == 1, (note.n, on, body)


def test_single_answer_export_renumbers_from_one(
    server: LiveServer, conversation: list[dict]
) -> None:
    second = conversation[1]
    response = httpx.get(
        f"{server.url}/api/conversations/{second['conversation_id']}/export",
        params={"format": "docx", "message_id": second["message_id"]},
    )
    assert response.status_code == 200, response.text
    notes = _footnotes(response.content)
    citations = sorted(second["citations"], key=lambda c: c["n"])
    assert notes == {i: [c["quote"]] for i, c in enumerate(citations, start=1)}


@pytest.mark.parametrize(
    ("path", "params", "status"),
    [
        ("/api/conversations/nope/export", {"format": "docx"}, 404),
        ("/api/conversations/{id}/export", {"format": "odt"}, 422),
        ("/api/conversations/{id}/export", {"format": "pdf", "message_id": "nope"}, 404),
    ],
)
def test_bad_export_requests_get_clear_errors(
    server: LiveServer, conversation: list[dict], path: str, params: dict, status: int
) -> None:
    url = server.url + path.format(id=conversation[0]["conversation_id"])
    response = httpx.get(url, params=params)
    assert response.status_code == status
    assert response.json()["error"] and response.json()["detail"]


def test_markers_are_renumbered_across_answers() -> None:
    def turn(n_citations: int, message_id: str) -> list[dict]:
        citations = [
            {"n": i, "quote": f"q{message_id}{i}", "title": "T", "date": "2024"}
            for i in range(1, n_citations + 1)
        ]
        answer = "- **First** point [1]\n- Second [2]" if n_citations > 1 else "Only [1]."
        response = {"answer": answer, "citations": citations}
        reply = {"role": "assistant", "content": answer, "message_id": message_id}
        return [
            {"role": "user", "content": f"Q{message_id}", "message_id": "u" + message_id},
            {**reply, "response": response},
        ]

    conversation = {"title": "Paper", "messages": turn(2, "a") + turn(1, "b")}
    paper = board_paper(conversation, lambda _citation: 7)
    assert paper.exchanges[0].answer_lines == ["• First point [1]", "• Second [2]"]
    assert paper.exchanges[1].answer_lines == ["Only [3]."]
    assert [(f.n, f.quote, f.page) for f in paper.footnotes] == [
        (1, "qa1", 7), (2, "qa2", 7), (3, "qb1", 7)
    ]  # fmt: skip
    assert plain_lines("# Heading\n\n__bold__ text") == ["Heading", "bold text"]
