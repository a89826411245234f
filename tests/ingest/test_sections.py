from ingest.cleaning import clean_text
from ingest.sections import detect_sections, heading_of, section_at
from tests.conftest import CORPUS


def test_question_headings_are_labelled_by_their_question() -> None:
    level, label = heading_of("Question 6: What recommendations would you give? (250 word limit)")  # type: ignore[misc]
    assert (level, label) == (1, "Question 6: What recommendations would you give?")


def test_key_recommendations_nest_under_the_current_heading() -> None:
    text = "Delivering on the promise\n\nKey recommendations:\n\n- Do this.\n\nPlace\n\nText here."
    sections = detect_sections(text)
    paths = [s.path for s in sections]
    assert "Delivering on the promise > Key recommendations" in paths
    assert (
        section_at(sections, text.index("Do this"))
        == "Delivering on the promise > Key recommendations"
    )
    assert section_at(sections, text.index("Text here")) == "Place"


def test_numbered_heading_and_sentences_are_told_apart() -> None:
    assert heading_of("1. The ICB as convenor and supporter of provider collaboratives") is not None
    assert heading_of("The review was published on 4 April 2023.") is None
    assert heading_of("4 April 2023") is None
    assert heading_of("- a bullet that is short") is None


def test_sections_cover_the_document_without_gaps() -> None:
    raw = (CORPUS / "2023-01-09-nhs-providers-hewitt-review-evidence-submission.txt").read_text()
    text = clean_text(raw)
    sections = detect_sections(text)
    assert sections[0].start == 0 and sections[-1].end == len(text)
    assert all(a.end == b.start for a, b in zip(sections, sections[1:], strict=False))
    questions = [s.path for s in sections if s.path.startswith("Question")]
    assert len(questions) == 13
    offset = text.index("13 questions to answer")
    assert section_at(sections, offset) == "Our submission"
