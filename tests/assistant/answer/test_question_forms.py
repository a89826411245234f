"""How a question's words are read: a noun as written, and a question about change over time
(over the real spaCy pipeline)."""

from __future__ import annotations

import pytest

from assistant.answer.question import analyse
from assistant.answer.question_forms import in_sequence, over_time, range_subject, sequence_words
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


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("What were the main stages from the launch of the scheme to its closure?", True),
        ("What are the milestones from consultation to implementation?", True),
        ("List the stages of the inquiry in chronological order.", True),
        ("What were the steps of the inquiry, in order?", True),
        ("What happened between the launch of the scheme and its closure?", True),
        ("What steps must be taken in order to comply with the rules?", False),
        ("In what order should the checks be done?", False),
        ("What is the difference between a plan and a strategy?", False),
        ("Which services moved from the council to the trust?", False),
        ("What are the benefits of moving from paper to digital records?", False),
    ],
)
def test_a_question_asking_for_events_in_their_order(question: str, expected: bool) -> None:
    assert in_sequence(parse(question)) is expected
    assert analyse(question).series is expected  # dated steps answer it


def test_the_words_asking_for_steps_and_what_the_range_is_of() -> None:
    doc = parse("What were the main stages from the launch of the city inquiry to its report?")
    assert sequence_words(doc) == frozenset({"stage", "main"})
    stages = next(t for t in doc if t.lower_ == "stages")
    assert range_subject(doc, stages) == (frozenset({"inquiry"}), frozenset({"city", "inquiry"}))
    assert sequence_words(parse("What were the main stages of the inquiry?")) == frozenset()
