"""Tests for the kind of thing a question asks for (`asked_kind`)."""

from __future__ import annotations

import pytest

from assistant.answer.asked_detail import detail_unsaid
from assistant.answer.asked_kind import (
    asked_modifiers,
    asks_offset,
    asks_sum,
    generic_only,
    head_unsaid,
    indefinite_only,
    kind_unsaid,
    offset_only,
    sum_unsaid,
)
from assistant.answer.evidence import Evidence
from assistant.answer.question import analyse
from nlp.parse_batches import parse
from tests.assistant.answer.test_asked_detail import evidence_in


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Which parking permit do residents need?", ["parking"]),
        ("What storage format does the library require for scans?", ["storage"]),
        ("Which permit do residents need?", []),
        ("What is the parking permit fee?", []),
        ("Summarise which parking permits exist.", []),
    ],
)
def test_the_modifiers_of_the_asked_kind(question: str, expected: list[str]) -> None:
    assert [t.text for t in asked_modifiers(parse(question))] == expected


def test_a_kind_needs_one_of_its_modifiers_in_the_document() -> None:
    question = analyse("Which parking permit do residents need?")
    assert kind_unsaid(question, evidence_in("Residents need a permit from the council office."))
    assert not kind_unsaid(question, evidence_in("Residents need a green parking permit."))
    said_before = evidence_in("Parking is free on Sundays.", "Residents need a zone B permit.")
    assert not kind_unsaid(question, said_before)


def test_the_kind_is_checked_for_the_best_sentence() -> None:
    question = analyse("What storage format does the library require for scans?")
    assert detail_unsaid(question, evidence_in("This format is used by most teams."))
    assert not detail_unsaid(question, evidence_in("Scans must use the TIFF storage format."))


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("How much money would the new fee raise?", True),
        ("How much does a replacement card cost?", True),
        ("How much would the council save by closing the branch?", True),
        ("How much time does a renewal take?", False),
        ("How many books can members borrow?", False),
    ],
)
def test_a_sum_is_asked_by_how_much_money_or_cost(question: str, expected: bool) -> None:
    assert asks_sum(parse(question)) is expected


def test_a_sum_needs_money_not_other_numbers() -> None:
    question = analyse("How much money would the 5 per cent fee rise in 2025 raise?")
    assert sum_unsaid(question, evidence_in("The fee rises by 5 per cent in 2025."))
    assert not sum_unsaid(question, evidence_in("The 5 per cent rise would raise £40,000 a year."))


def test_an_offset_is_no_span() -> None:
    question = analyse("How long does the induction meeting last?")
    assert offset_only(
        question, evidence_in("The induction meeting is held two days before the start.")
    )
    assert not offset_only(question, evidence_in("The induction meeting lasts two hours."))
    before = analyse("How long before the start is the induction meeting held?")
    assert not offset_only(before, evidence_in("It is held two days before the start."))


@pytest.mark.parametrize(
    ("sentence", "generic"),
    [
        ("Some services are run locally, for example in branch libraries.", True),
        ("Branch libraries in Ashford and Dover have opened on Sundays.", False),
        ("Three branch libraries have opened on Sundays.", False),
        ("Branch libraries that have volunteers open on Sundays.", False),
        ("Opening hours vary.", False),
        ("The other suitable branch libraries open on Sundays.", True),
        ("Their branch libraries and reading rooms open on Sundays.", True),
        ("These branch libraries open on Sundays.", False),
        ("Northern branch libraries open on Sundays.", False),
    ],
)
def test_which_xs_said_only_as_xs_say_none(sentence: str, generic: bool) -> None:
    question = analyse("Which branch libraries open on Sundays?")
    assert generic_only(question, evidence_in(sentence)) is generic


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("How long before the start is the induction meeting held?", True),
        ("How long after the hearing does the panel send its decision?", True),
        ("How long does the panel take to decide after the hearing?", True),
        ("How long does the meeting before the interview last?", False),
        ("How long does the pre-visit before the inspection last?", False),
        ("How long does the interview last?", False),
    ],
)
def test_an_offset_is_asked_when_before_or_after_follows_no_noun(
    question: str, expected: bool
) -> None:
    assert asks_offset(parse(question)) is expected


def _specific(ev: Evidence) -> Evidence:
    ev.features = {"asked_unsaid": 1.0}  # the gate's weight of the unsaid asked noun
    return ev


def test_a_specific_asked_noun_its_document_never_says_is_unsaid() -> None:
    question = analyse("What loyalty card does the library offer to members?")
    unsaid = _specific(evidence_in("The library offers discounts to members."))
    assert head_unsaid(question, unsaid)
    assert detail_unsaid(question, unsaid)
    elsewhere = _specific(evidence_in("Ask at the desk for a card.", "It gives discounts."))
    assert not head_unsaid(question, elsewhere)
    vague = evidence_in("The library offers discounts to members.")
    vague.features = {"asked_unsaid": 0.2}
    assert not head_unsaid(question, vague)
    # a lead-in's list is the thing asked, whatever the question calls it
    led = _specific(evidence_in("Members are offered:"))
    assert not head_unsaid(question, led)


@pytest.mark.parametrize(
    "question",
    [
        "At what stage does the library ask for a deposit?",  # the noun frames the answer
        "What is the library's verdict on the deposit?",  # asked in whatever words
    ],
)
def test_only_what_x_asks_for_the_noun_itself(question: str) -> None:
    ev = _specific(evidence_in("The library wants a deposit on booking."))
    assert not head_unsaid(analyse(question), ev)


@pytest.mark.parametrize(
    "sentence",
    ["The other suitable branch libraries open on Sundays.", "Some branch libraries open:"],
)
def test_a_list_introduced_names_the_xs(sentence: str) -> None:
    question = analyse("Which branch libraries open on Sundays?")
    generic = not sentence.endswith(":")
    assert generic_only(question, evidence_in(sentence)) is generic


@pytest.mark.parametrize(
    ("sentence", "unnamed"),
    [
        ("The county shared its data with a local lending library (LLL) in Kent.", True),
        ("Members may borrow from any local lending library.", True),
        ("The county shared its data with Ashford local lending library.", False),
        ("The county shared its data with a local lending library called Booknook.", False),
        ("The local lending library in Kent holds the data.", False),
    ],
)
def test_which_x_said_only_as_an_x_is_unnamed(sentence: str, unnamed: bool) -> None:
    question = analyse("Which local lending library in Kent did the county share data with?")
    assert indefinite_only(question, evidence_in(sentence)) is unnamed
