"""A heading holds only the heading: the text under it starts a block of its own, so every word
of body text is in some chunk (headings are in none: issue #10, "Exceptions In some cases…")."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from index.embedder import Embedder
from ingest.documents import build_document, clean_source, publisher_repeats
from ingest.formats.pdf import read_pdf
from ingest.formats.text import text_pieces
from ingest.sources import Source, collect_sources
from nlp.sentences import split_sentences
from tests.conftest import PROJECT_ROOT, make_settings

CORPORA = [PROJECT_ROOT / "corpus", PROJECT_ROOT / "corpus-2"]
NUMBERING = re.compile(r"^\(?\d{1,2}[.)]?\s+")
SHORT = 20  # words: a heading names a section; longer ones must at least be one whole sentence
BODY = 11.0
LINE = 13.5  # baseline to baseline inside a paragraph
PARAGRAPH = 20.3  # baseline to baseline between paragraphs and items


def _pdf(path: Path) -> Path:
    """A page laid out like a typeset guide: many short paragraphs and items (so the paragraph
    gap is the most common gap), a bold heading of body size right above its text, and a bold
    heading that runs into its paragraph on one line."""
    from fpdf import FPDF

    pdf = FPDF(unit="pt", format="A4")
    pdf.add_page()
    y = 60.0

    def line(text: str, step: float, style: str = "", size: float = BODY) -> None:
        nonlocal y
        pdf.set_font("Helvetica", style, size)
        pdf.set_xy(60, y)
        pdf.cell(text=text)
        y += step

    line("Storage guide", 30, "B", 16)
    for n in range(8):
        line(f"- point number {n} of the list", PARAGRAPH)
    line("Exceptions", PARAGRAPH, "B")
    line("In some cases you may wish to keep the records on paper, and you", LINE)
    line("should then say why.", PARAGRAPH)
    line("A second short paragraph.", PARAGRAPH)
    pdf.set_font("Helvetica", "B", BODY)
    pdf.set_xy(60, y)
    pdf.cell(text="Archiving records and files ", new_x="RIGHT")
    pdf.set_font("Helvetica", "", BODY)
    pdf.cell(text="Check where your")
    y += LINE
    line("records are and keep them only as long as needed.", PARAGRAPH)
    out = path / "guide.pdf"
    pdf.output(str(out))
    return out


def test_a_pdf_heading_is_only_the_text_in_the_heading_font(tmp_path: Path) -> None:
    pieces = [(p.kind, p.text) for p in read_pdf(_pdf(tmp_path))]
    assert pieces[0] == ("heading", "Storage guide")
    assert pieces[9:] == [
        ("heading", "Exceptions"),
        (
            "paragraph",
            "In some cases you may wish to keep the records on paper, and you should then say why.",
        ),
        ("paragraph", "A second short paragraph."),
        ("heading", "Archiving records and files"),
        ("paragraph", "Check where your records are and keep them only as long as needed."),
    ]


def test_a_question_heading_leaves_its_note_to_a_paragraph() -> None:
    pieces = text_pieces(
        "Question 3: How is the plan funded? (200 word limit) Say who pays.\n\nThe board pays."
    )
    assert [(p.kind, p.text) for p in pieces] == [
        ("heading", "Question 3: How is the plan funded?"),
        ("paragraph", "(200 word limit) Say who pays."),
        ("paragraph", "The board pays."),
    ]


@pytest.fixture(scope="module")
def sources() -> list[Source]:
    return [s for corpus in CORPORA for s in collect_sources([corpus], [])[0]]


def test_every_heading_of_both_corpora_is_only_a_heading(sources: list[Source]) -> None:
    """One sentence (numbering aside), and short unless it is a whole sentence itself."""
    headings = [
        (s.meta.id, NUMBERING.sub("", p.text)) for s in sources for p in s.pieces
        if p.kind == "heading"
    ]  # fmt: skip
    assert len(headings) > 100
    counts = split_sentences([text for _, text in headings])
    wrong = [
        (doc, text)
        for (doc, text), spans in zip(headings, counts, strict=True)
        if len(spans) > 1 or (len(text.split()) > SHORT and not text.endswith((".", "?", "!")))
    ]
    assert wrong == []


def test_all_body_text_of_both_corpora_is_in_some_chunk(
    sources: list[Source], tmp_path: Path
) -> None:
    embedder = Embedder()
    settings = make_settings(tmp_path)
    repeats = publisher_repeats(sources)
    for source in sources:
        layout, removals = clean_source(source, repeats.get(source.meta.publisher, set()))
        document = build_document(source, layout, removals, "x", settings, embedder, facts=False)
        covered = bytearray(len(document.text))
        for chunk in document.chunks:
            covered[chunk.start : chunk.end] = b"\1" * (chunk.end - chunk.start)
        outside = [
            document.text[b.start : b.end]
            for b in document.blocks
            if b.kind not in ("heading", "list")
            and any(
                not covered[i] and not document.text[i].isspace() for i in range(b.start, b.end)
            )
        ]
        assert outside == [], source.meta.id
