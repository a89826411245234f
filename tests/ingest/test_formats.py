"""Golden tests: each format's reader yields the expected blocks, headings, lists and pages."""

from __future__ import annotations

from pathlib import Path

from index.document import Block, Sentence
from ingest.loaders import load_pieces
from ingest.structure import Layout, assemble, sentences_of

FIXTURES = Path(__file__).parent.parent / "fixtures" / "formats"


def _read(name: str) -> tuple[Layout, list[Block], list[Sentence]]:
    layout = assemble(load_pieces(FIXTURES / name))
    sentences, blocks = sentences_of(layout.text, layout.blocks)
    return layout, blocks, sentences


def _shape(layout: Layout, blocks: list[Block]) -> list[tuple[str, int, str]]:
    return [(b.kind, b.level, layout.text[b.start : b.end]) for b in blocks if b.kind != "list"]


def test_markdown_blocks_lists_and_front_matter() -> None:
    layout, blocks, _ = _read("sample.md")
    assert "layout: guide" not in layout.text
    assert _shape(layout, blocks) == [
        ("heading", 1, "Sample guidance"),
        (
            "paragraph",
            0,
            "Teams must meet the standard -- every point of it. See the manual for more.",
        ),
        ("heading", 2, "Assessments"),
        ("paragraph", 0, "An assessment checks three things:"),
        ("item", 0, "user needs"),
        ("item", 0, "the team"),
        ("item", 1, "its skills"),
        ("item", 1, "its size"),
        ("item", 0, "open standards"),
        ("quote", 0, "Quoted advice stays a quotation."),
        ("table", 0, "Phase | Length\nAlpha | 8 weeks"),
    ]
    outer, inner = [b for b in blocks if b.kind == "list"]
    assert outer.lead_in == (layout.text.index("An assessment"), layout.text.index(":\n") + 1)
    assert layout.text[outer.start : outer.end].endswith("3. open standards")
    assert inner.parent == next(
        b.index for b in blocks if layout.text[b.start : b.end] == "the team"
    )
    assert blocks[-1].section == "Sample guidance > Assessments"


def test_html_main_content_without_navigation_or_footer() -> None:
    layout, blocks, _ = _read("sample.html")
    for boilerplate in ("Site name", "Home", "Related links", "Crown copyright", "Search", "var x"):
        assert boilerplate not in layout.text
    assert _shape(layout, blocks) == [
        ("heading", 1, "When to be assessed"),
        ("paragraph", 0, "A service is assessed at the end of each phase. It is a peer review."),
        ("paragraph", 0, "Assessments are done by:"),
        ("item", 0, "a central team for large services"),
        ("item", 0, "a local team for small ones"),
        ("heading", 2, "How to book"),
        ("paragraph", 0, "Email the team at least 4 weeks before."),
    ]


def test_docx_headings_numbered_items_and_table() -> None:
    layout, blocks, _ = _read("sample.docx")
    assert _shape(layout, blocks) == [
        ("heading", 1, "Board paper"),
        ("paragraph", 0, "The board is asked to note the following."),
        ("heading", 2, "Recommendations"),
        ("item", 0, "Approve the budget."),
        ("item", 0, "Appoint a chair."),
        ("item", 0, "Consult staff."),
        ("table", 0, "Item | Cost\nBudget | £5m"),
        ("paragraph", 0, "Closing remarks."),
    ]
    assert "1. Approve the budget.\n2. Appoint a chair.\n- Consult staff." in layout.text


def test_pdf_rejoins_lines_and_pages_and_drops_page_furniture() -> None:
    layout, blocks, sentences = _read("sample.pdf")
    assert "Annual report 2024" not in layout.text  # running header
    assert "\n1\n" not in layout.text and "\n2\n" not in layout.text  # page numbers
    assert [(b.kind, b.level, b.page) for b in blocks] == [
        ("heading", 1, 1),
        ("paragraph", 0, 1),
        ("heading", 2, 2),
        ("paragraph", 0, 2),
        ("list", 0, 2),
        ("item", 0, 2),
        ("item", 0, 2),
        ("paragraph", 0, 2),
    ]
    text = [layout.text[s.start : s.end] for s in sentences]
    assert text[0].endswith("recovery is expected next year.")  # across the page break
    assert "Staff wellbeing is a long-standing concern." in text  # hyphenation mended
    assert blocks[2].section == "Annual report > Priorities"


def test_plain_text_paragraphs_bullets_and_numbered_heading() -> None:
    layout, blocks, sentences = _read("sample.txt")
    assert _shape(layout, blocks) == [
        ("heading", 1, "Plain report"),
        ("paragraph", 0, "This paragraph was hard wrapped over three lines by an editor."),
        ("paragraph", 0, "The board agreed:"),
        ("item", 0, "to publish the plan"),
        ("item", 0, "to review it in June"),
        ("item", 1, "with the audit committee"),
        ("heading", 1, "1. Governance"),
        ("paragraph", 0, "The second section starts here."),
    ]
    lead_in = next(s for s in sentences if layout.text[s.start : s.end] == "The board agreed:")
    assert blocks[lead_in.block].kind == "list"


def test_sentences_never_cross_blocks_and_quote_exactly() -> None:
    for name in ("sample.md", "sample.html", "sample.docx", "sample.pdf", "sample.txt"):
        layout, blocks, sentences = _read(name)
        for sentence in sentences:
            block = blocks[sentence.block]
            assert block.start <= sentence.start < sentence.end <= block.end, name
            assert (
                layout.text[sentence.start : sentence.end].strip()
                == layout.text[sentence.start : sentence.end]
            )


def test_a_paragraph_split_mid_sentence_by_a_stray_break_is_rejoined(tmp_path: Path) -> None:
    """A hard break followed by a blank line splits one sentence into two Markdown paragraphs."""
    source = tmp_path / "split.md"
    source.write_text(
        "# Access\n\nNobody should get a slower  \n\nreply because they phone us.\n\n"
        "This paragraph ends properly.\n\nbut this one starts in lower case.\n\n"
        "A list follows,\n\n- with an item\n",
        encoding="utf-8",
    )
    layout = assemble(load_pieces(source))
    assert _shape(layout, layout.blocks) == [
        ("heading", 1, "Access"),
        ("paragraph", 0, "Nobody should get a slower reply because they phone us."),
        ("paragraph", 0, "This paragraph ends properly."),
        ("paragraph", 0, "but this one starts in lower case."),
        ("paragraph", 0, "A list follows,"),
        ("item", 0, "with an item"),
    ]
