"""A question counting what it asks for is answered only by evidence giving that many."""

from __future__ import annotations

from dataclasses import replace

import pytest

from assistant.answer.members import counted_members, members_given
from tests.assistant.answer.test_compose import document, evidence

PARTS = [
    ("paragraph", "Teams report the 4 mandatory indicators defined in the manual."),
    ("paragraph", "The plan names three aims: speed, cost and quality."),
    ("lead", "The indicators are:"),
    ("item", "cost per transaction"),
    ("item", "user satisfaction"),
    ("item", "completion rate"),
    ("item", "digital take-up"),
]


@pytest.mark.parametrize(
    ("question", "count"),
    [
        ("What are the 4 mandatory indicators?", 4),
        ("Which ten systems were picked first?", 10),
        ("Which three aims does the plan name?", 3),
        ("What lessons do the two articles draw?", None),  # the number is not on what is asked
        ("What happened in 2023?", None),
        ("What are the indicators?", None),
    ],
)
def test_the_count_is_read_on_the_noun_asked_about(question: str, count: int | None) -> None:
    assert counted_members(question) == count


def test_naming_the_set_does_not_give_its_members() -> None:
    doc = document(parts=PARTS)
    named = evidence(doc, 0, 0.9)  # "the 4 mandatory indicators defined in the manual"
    assert not members_given(4, [named], 0.5)
    assert members_given(4, [named, evidence(doc, 2, 0.8)], 0.5)  # a list of four items
    assert not members_given(5, [named, evidence(doc, 2, 0.8)], 0.5)  # of another length
    assert not members_given(4, [named, evidence(doc, 2, 0.4)], 0.5)  # below the bar
    assert members_given(3, [evidence(doc, 1, 0.9)], 0.5)  # "speed, cost and quality"


def test_sentences_under_numbered_headings_give_members() -> None:
    doc = document(parts=PARTS)
    sections = [replace(doc.sections[0], level=0)] + [
        replace(doc.sections[0], start=s.start, end=s.end, path=f"Plan > {n} Aim", level=2)
        for n, s in ((15, doc.sentences[0]), (16, doc.sentences[1]))
    ]
    headed = replace(doc, sections=sections)
    ranked = [evidence(headed, 0, 0.9), evidence(headed, 1, 0.8)]
    assert members_given(3, ranked, 0.5)
    assert not members_given(3, ranked[:1], 0.5)  # one numbered heading is one member
