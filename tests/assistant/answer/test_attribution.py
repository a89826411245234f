"""A question asking what a party said is answered only by a sentence with that party speaking."""

from __future__ import annotations

import pytest

from assistant.answer.attribution import asked_speaker, speaks, unvoiced
from tests.assistant.answer.test_compose import document, evidence

PARTS = [
    ("paragraph", "Key partners including the council should also be engaged."),
    ("paragraph", "The council argued that budgets should cover three years."),
    ("paragraph", "33% of respondents saw the framework as a support tool."),
    ("lead", "Partners should also:"),
    ("item", "publish the plan"),
]
SOURCES = [document(publisher="Example Body")]  # title "A plan", kind "briefing"


@pytest.mark.parametrize(
    ("question", "party"),
    [
        ("What did the council say about the budget?", {"council"}),
        ("What do private landlords think of the plan's targets?", {"landlord"}),
        ("What does Example Body say about budgets?", set()),  # a publisher: a source
        ("What does the briefing say about budgets?", set()),  # a document's kind
        ("What do the documents say about budgets?", set()),
        ("What percentage of respondents think the framework helps?", set()),  # a value asked
        ("When did the council publish its budget?", set()),
    ],
)
def test_the_party_whose_words_are_asked_for(question: str, party: set[str]) -> None:
    assert asked_speaker(question, SOURCES) == party


def test_a_party_speaks_as_a_subject_not_as_someone_elses_object() -> None:
    doc = document(parts=PARTS)
    council = frozenset({"council"})
    assert not speaks(evidence(doc, 0, 0.9), council)  # "partners including the council"
    assert speaks(evidence(doc, 1, 0.9), council)  # "The council argued…"
    assert speaks(evidence(doc, 2, 0.9), frozenset({"respond"}))  # "33% of respondents saw…"
    assert unvoiced(council, [evidence(doc, 0, 0.9)], 0.5)
    assert not unvoiced(council, [evidence(doc, 0, 0.9), evidence(doc, 1, 0.6)], 0.5)
    assert unvoiced(council, [evidence(doc, 0, 0.9), evidence(doc, 1, 0.4)], 0.5)  # below bar
    assert not unvoiced(frozenset(), [evidence(doc, 0, 0.9)], 0.5)  # no party asked about
