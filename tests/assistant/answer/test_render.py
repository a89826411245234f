"""Rendering lines grouped by source: all of a source's lines together, or, for steps in date
order, each run of one source's lines."""

from __future__ import annotations

from assistant.answer.lines import Line
from assistant.answer.render import render
from tests.assistant.answer.test_compose import document, evidence


def _lines() -> list[Line]:
    first, second = document("a", "First Body"), document("b", "Second Body")
    return [
        Line([evidence(first, 0, 0.9)]),
        Line([evidence(second, 1, 0.9)]),
        Line([evidence(first, 3, 0.9)]),
    ]


def test_lines_are_grouped_by_source_in_the_order_sources_first_appear() -> None:
    text, citations, _ = render(_lines(), {})
    assert text.count("First Body") == 1 and text.count("Second Body") == 1
    assert [c.doc_id for c in citations] == ["a", "a", "b"]


def test_steps_in_order_keep_their_order_across_sources() -> None:
    text, citations, _ = render(_lines(), {}, in_order=True)
    assert text.count("First Body") == 2
    assert [c.doc_id for c in citations] == ["a", "b", "a"]
