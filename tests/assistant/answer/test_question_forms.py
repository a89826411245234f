"""How a question's words are read: a noun as written, and a question about change over time
(over the real spaCy pipeline)."""

from __future__ import annotations

import pytest

from assistant.answer.question import analyse
from assistant.answer.question_forms import over_time
from nlp.parse_batches import parse


def test_a_noun_whose_dictionary_form_is_another_term_is_read_as_written() -> None:
    question = analyse("What do the documents say about data sharing?")
    assert "data" in question.focus and "datum" not in question.focus
    assert "data" in question.focus_terms
    plural = analyse("What do the reports say about assessments?")
    assert "assessment" in plural.focus  # a plural the stemmer folds keeps its lemma


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("How has the number of points in the handbook changed over time?", True),
        ("How has the handbook evolved?", True),
        ("What happened to the partnerships between 2022 and 2024?", True),
        ("What did the board do over the years?", True),
        ("What share of trusts saw costs rise over the last year?", False),
        ("What changes does the review propose?", False),
        ("What should change in 2024?", False),
        ("How many points did the handbook have in 2015 and 2020?", False),
    ],
)
def test_a_question_about_change_over_time(question: str, expected: bool) -> None:
    assert over_time(parse(question)) is expected
    read = analyse(question)
    assert read.changes is expected
    if expected:
        assert read.series  # every dated step answers it
