"""The name, amount or time a question asks for that a sentence on its topic leaves out (over
the real spaCy pipeline, on invented sentences)."""

from __future__ import annotations

import pytest

from assistant.answer.asked_value import (
    asked_action,
    asked_subject,
    asks_amount,
    asks_author,
    later_parts,
    level_unsaid,
    named_role,
    part_unsaid,
    value_unsaid,
    year_unsaid,
)
from assistant.answer.question import analyse
from nlp.parse_batches import parse
from tests.assistant.answer.test_asked_detail import evidence_in


@pytest.mark.parametrize(
    ("question", "role"),
    [
        ("What is the name of the county library's head archivist?", "archivist"),
        ("What's the name of the new reading scheme?", "scheme"),
        ("What is the name of the North Library's Chief Librarian?", "librarian"),
    ],
)
def test_the_x_whose_name_is_asked(question: str, role: str) -> None:
    assert role in named_role(parse(question))


def test_no_name_is_asked_without_name_of() -> None:
    assert named_role(parse("Who is the head archivist?")) == frozenset()
    assert named_role(parse("What is the archivist's job?")) == frozenset()


def test_name_of_x_is_answered_by_a_person_or_a_name_tied_to_x() -> None:
    question = analyse("What is the name of the county library's head archivist?")
    acting = "The county library's head archivist has set up a Local History Panel."
    assert value_unsaid(question, evidence_in(acting))  # another name, not the archivist's
    assert not value_unsaid(question, evidence_in("The head archivist is Ruth Ellison."))
    assert not value_unsaid(
        question, evidence_in("Questions go to the head archivist, Ruth Ellison, by email.")
    )
    scheme = analyse("What is the name of the new reading scheme?")
    assert not value_unsaid(scheme, evidence_in("The new reading scheme is Book Buddies."))
    assert value_unsaid(scheme, evidence_in("The new reading scheme starts in the spring term."))


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Above what income do members pay the full fee?", True),
        ("Below which age are readers given a junior card?", True),
        ("At what stage is a book withdrawn?", False),  # a stage, not a threshold
        ("What income limit applies to the reduced fee?", False),
    ],
)
def test_a_threshold_is_asked_after_above_or_below_what(question: str, expected: bool) -> None:
    assert asks_amount(parse(question)) is expected


def test_a_threshold_needs_a_number() -> None:
    question = analyse("Above what income do members pay the full fee?")
    assert value_unsaid(question, evidence_in("Members on higher incomes pay the full fee."))
    assert not value_unsaid(question, evidence_in("Members earning over £30,000 pay the full fee."))


def test_a_time_clause_about_the_asked_subject_does_not_date_it() -> None:
    question = analyse("When will the new loan limit come into effect?")
    assert "limit" in asked_subject(parse(question.text))
    own = "The council will review fines before the new loan limit is introduced."
    assert value_unsaid(question, evidence_in(own))
    condition = "The new loan limit will apply once the branch has reopened."
    assert not value_unsaid(question, evidence_in(condition))
    dated = "The new loan limit starts in March 2025, before the fines are reviewed."
    assert not value_unsaid(question, evidence_in(dated))


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Who wrote the council's library guide?", True),
        ("who authored the reading club's newsletter", True),
        ("Who runs the library?", False),
        ("What did the guide's author write about fines?", False),
    ],
)
def test_an_author_is_asked_by_who_wrote(question: str, expected: bool) -> None:
    assert asks_author(parse(question)) is expected


def test_an_author_the_document_does_not_record_needs_a_person_named() -> None:
    question = analyse("Who wrote the council's library guide?")
    sentence = "The council's library guide sets out opening hours for every branch."
    assert value_unsaid(question, evidence_in(sentence))  # a publisher is no author
    # the document records an author: the sentence may answer through its other words
    assert not value_unsaid(question, evidence_in(sentence, author="Ruth Ellison"))
    assert not value_unsaid(question, evidence_in("The guide was written by Ruth Ellison."))


def test_the_action_who_is_asked_to_have_done() -> None:
    assert asked_action(parse("Who chaired the library panel?")) == "chair"
    assert asked_action(parse("Who is the panel chair?")) == ""  # not an action
    assert asked_action(parse("What did the chair decide?")) == ""  # no "who"


@pytest.mark.parametrize(
    ("sentence", "unsaid"),
    [
        ("Members of the library panel meet with the chair every month.", True),
        ("The library panel chair is Ruth Ellison.", False),
        ("The chair of the library panel, Ruth Ellison, sets the agenda.", False),
        ("The county librarian chairs the library panel.", False),  # the verb, with its subject
        ("The library panel meets every month.", False),  # no role said: left to the gate
    ],
)
def test_a_role_said_without_its_holder_does_not_say_who(sentence: str, unsaid: bool) -> None:
    question = analyse("Who chairs the library panel?")
    assert value_unsaid(question, evidence_in(sentence)) is unsaid


@pytest.mark.parametrize(
    ("question", "parts"),
    [
        ("When and where was the book fair held?", [{"GPE", "LOC", "FAC"}]),
        ("Which fees, and from what year, does the library charge?", [{"DATE", "TIME"}]),
        ("What happens in branches where the heating fails?", []),
        ("In what year did the library open?", []),
        ("Which rooms can members book?", []),
    ],
)
def test_the_parts_later_question_words_ask(question: str, parts: list[set[str]]) -> None:
    assert [set(p) for p in later_parts(parse(question))] == parts


def test_a_later_part_the_sentence_leaves_out() -> None:
    question = analyse("When and where was the book fair held?")
    assert part_unsaid(question, evidence_in("The book fair was held twice last year."))
    assert value_unsaid(question, evidence_in("The book fair was held twice last year."))
    assert not part_unsaid(question, evidence_in("The book fair was held in Leeds in May 2021."))
    fees = analyse("Which fees, and from what year, does the library charge?")
    assert part_unsaid(fees, evidence_in("The library charges late fees."))
    assert not part_unsaid(fees, evidence_in("Since 2019 the library has charged late fees."))


@pytest.mark.parametrize(
    ("sentence", "unsaid"),
    [
        ("Late returns fell by 40% after the reminders began.", True),
        ("The reminders brought a 40% drop in late returns.", True),
        ("About 12% of loans are returned late.", False),
        ("Late returns fell by 40%, to 12% of loans.", False),
    ],
)
def test_a_level_is_not_said_by_a_change(sentence: str, unsaid: bool) -> None:
    question = analyse("What share of loans are returned late?")
    assert level_unsaid(question, evidence_in(sentence)) is unsaid


@pytest.mark.parametrize(
    "question",
    [
        "By how much did the share of late returns fall?",
        "which council shares IT support with partners?",
    ],
)
def test_no_level_is_asked(question: str) -> None:
    assert not level_unsaid(analyse(question), evidence_in("Late returns fell by 40% last year."))


@pytest.mark.parametrize(
    ("sentence", "unsaid"),
    [
        ("The reading room is open every week of the season.", True),
        ("The reading room opened in 1998.", False),
        ("The reading room opened in spring.", True),
        ("The reading room is open around the clock, 7 days a week.", True),
    ],
)
def test_a_year_needs_a_date_with_a_figure(sentence: str, unsaid: bool) -> None:
    question = analyse("In what year did the reading room open?")
    assert year_unsaid(question, evidence_in(sentence)) is unsaid
    assert not year_unsaid(analyse("When did the reading room open?"), evidence_in(sentence))
