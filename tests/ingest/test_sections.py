"""Headings by shape in plain text, and sections built from headings."""

from __future__ import annotations

from ingest.formats.text import text_pieces
from ingest.sections import heading_of, section_at
from ingest.sources import collect_sources
from ingest.structure import assemble
from tests.conftest import CORPUS


def test_question_headings_are_labelled_by_their_question() -> None:
    level, label = heading_of("Question 6: What recommendations would you give? (250 word limit)")  # type: ignore[misc]
    assert (level, label) == (1, "Question 6: What recommendations would you give?")


def test_numbered_heading_and_sentences_are_told_apart() -> None:
    assert heading_of("1. The ICB as convenor and supporter of provider collaboratives") is not None
    assert heading_of("The review was published on 4 April 2023.") is None
    assert heading_of("4 April 2023") is None
    assert heading_of("- a bullet that is short") is None


def test_sections_nest_by_level_and_cover_the_text() -> None:
    layout = assemble(
        text_pieces("# Delivering\n\n## Key points\n\n- Do this.\n\n# Place\n\nText here.")
    )
    text, sections = layout.text, layout.sections
    assert section_at(sections, text.index("Do this")) == "Delivering > Key points"
    assert section_at(sections, text.index("Text here")) == "Place"
    assert sections[0].start == 0 and sections[-1].end == len(text)
    assert all(a.end == b.start for a, b in zip(sections, sections[1:], strict=False))


def test_real_document_questions_are_sections() -> None:
    sources, _ = collect_sources([CORPUS], [])
    source = next(s for s in sources if s.meta.id == "nhs-providers-evidence")
    layout = assemble(source.pieces)
    questions = [s.path for s in layout.sections if s.path.startswith("Question")]
    assert len(questions) == 13
