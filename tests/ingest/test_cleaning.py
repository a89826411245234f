from ingest.cleaning import clean_text, find_boilerplate
from tests.conftest import CORPUS

RAW = """Skip page header and navigation

The Hewitt Review

Details

Some intro text that is long enough.
  • First bullet point here
    • Nested bullet
- Dash bullet

The plan will be



further developed under ICSs.

Find out more Arrow pointing right

If you would like to join us, sign up to attend our webinar on 21 June 2022 here.
"""


def test_navigation_and_marketing_lines_are_dropped() -> None:
    text = clean_text(RAW)
    for noise in ("Skip page header", "Details", "Find out more", "sign up to attend"):
        assert noise not in text
    assert text.startswith("The Hewitt Review\n\nSome intro text")


def test_bullets_are_normalised_with_nesting() -> None:
    lines = clean_text(RAW).splitlines()
    assert "- First bullet point here" in lines
    assert "  - Nested bullet" in lines
    assert "- Dash bullet" in lines


def test_page_break_inside_a_sentence_is_rejoined() -> None:
    assert "The plan will be further developed under ICSs." in clean_text(RAW)


def test_page_break_between_paragraphs_is_kept_as_a_paragraph_break() -> None:
    assert clean_text("First sentence.\n\n\n\nSecond one.") == "First sentence.\n\nSecond one.\n"


def test_paragraph_recurring_in_two_documents_is_boilerplate() -> None:
    firm = "With a team of over 250 lawyers, we are one of the leading firms in health and care."
    a = f"Alpha unique paragraph about collaboratives.\n\n{firm}\n"
    b = f"Beta unique paragraph about ICBs.\n\n{firm}\n"
    boilerplate = find_boilerplate([a, b])
    assert clean_text(a, boilerplate) == "Alpha unique paragraph about collaboratives.\n"
    assert (
        find_boilerplate([a, "Something else entirely, long enough to count as a paragraph."])
        == set()
    )


def test_real_corpus_is_cleaned_of_known_noise() -> None:
    raws = {p.name: p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))}
    boilerplate = find_boilerplate(raws.values())
    assert len(boilerplate) == 4  # the law firm's four recurring paragraphs
    for name, raw in raws.items():
        text = clean_text(raw, boilerplate)
        assert "Skip page header and navigation" not in text, name
        assert "With a team of over 250 lawyers" not in text, name
        assert "•" not in text, name
        assert "\n\n\n" not in text, name
    providers = clean_text(raws["2023-01-09-nhs-providers-hewitt-review-evidence-submission.txt"])
    assert "will be further developed under ICSs" in providers


def test_cleaning_is_deterministic() -> None:
    raw = (CORPUS / "2023-01-16-ggi-future-of-integrated-care.txt").read_text(encoding="utf-8")
    assert clean_text(raw) == clean_text(raw)
