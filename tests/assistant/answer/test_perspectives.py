"""Statements of difference name each source so a reader can tell them apart: one publisher's
two documents are told apart by their dates."""

from __future__ import annotations

from dataclasses import replace

from assistant.answer.lines import Line
from assistant.answer.perspectives import differences
from assistant.answer.question import analyse
from assistant.answer.render import render
from tests.assistant.answer.test_compose import document, evidence


def dated_line(doc_id: str, publisher: str, date: str, value: str) -> Line:
    ev = evidence(replace(document(doc_id, publisher), date=date), 0, 0.9)
    assert ev.info is not None
    ev.info = replace(ev.info, entities=((value, "DATE"),))
    return Line([ev], terms={"board", "met"})


def test_one_publishers_two_documents_are_told_apart_by_date() -> None:
    lines = [
        dated_line("a", "Same Body", "2022-06", "May 2023"),
        dated_line("b", "Same Body", "2023-04", "June 2023"),
    ]
    numbers = render(lines, {})[2]
    notes = differences(analyse("When did the board meet?"), lines, numbers, {})
    assert notes == [
        "Same Body (June 2022) gives May 2023 [1] where Same Body (April 2023) gives June 2023 [2]."
    ]


def test_figures_name_a_repeated_publisher_with_its_dates_only() -> None:
    lines = [
        dated_line("a", "Same Body", "2022-06", "May 2023"),
        dated_line("b", "Same Body", "2023-04", "June 2023"),
        dated_line("c", "Other Body", "2023-01", "July 2023"),
    ]
    numbers = render(lines, {})[2]
    notes = differences(analyse("When did the board meet?"), lines, numbers, {})
    assert notes == [
        "Same Body (June 2022) May 2023 [1]; Same Body (April 2023) June 2023 [2]; "
        "Other Body July 2023 [3]."
    ]


def counted_line(doc_id: str, publisher: str, text: str, value: str) -> Line:
    doc = replace(document(doc_id, publisher), text=text + "\n")
    doc.sentences[0] = replace(doc.sentences[0], start=0, end=len(text))
    ev = evidence(doc, 0, 0.9)
    assert ev.info is not None
    ev.info = replace(ev.info, entities=((value, "CARDINAL"),))
    return Line([ev], terms={"national", "target", "set"})


def test_counts_of_different_things_are_not_a_difference() -> None:
    question = analyse("How do First Body and Second Body differ on national targets?")
    ten = counted_line("a", "First Body", "Set no more than ten national priorities.", "ten")
    five = counted_line("b", "Second Body", "We set five conditions for national targets.", "five")
    lines = [ten, five]
    assert differences(question, lines, render(lines, {})[2], {}) == []
    six = counted_line("c", "Second Body", "Set at most six national priorities.", "six")
    lines = [ten, six]
    notes = differences(question, lines, render(lines, {})[2], {})
    assert notes == ["First Body gives ten [1] where Second Body gives six [2]."]


def test_a_span_of_time_is_not_set_against_a_date() -> None:
    lines = [
        dated_line("a", "First Body", "2022-06", "at least 4 weeks"),
        dated_line("b", "Second Body", "2015-05", "1 June 2015"),
    ]
    numbers = render(lines, {})[2]
    question = analyse("How do First Body and Second Body differ on booking an assessment?")
    assert differences(question, lines, numbers, {}) == []


def test_two_spans_of_time_that_differ_are_a_difference() -> None:
    lines = [
        dated_line("a", "First Body", "2022-06", "at least 4 weeks"),
        dated_line("b", "Second Body", "2015-05", "2 weeks"),
    ]
    numbers = render(lines, {})[2]
    question = analyse("When should the board meet?")
    assert differences(question, lines, numbers, {}) == [
        "First Body gives at least 4 weeks [1] where Second Body gives 2 weeks [2]."
    ]


def test_a_count_a_change_left_behind_is_no_figure() -> None:
    question = analyse("How many priorities does the plan have?")
    now = counted_line("a", "First Body", "The plan sets six national priorities.", "six")
    changed = counted_line(
        "b", "Second Body", "The plan went from ten priorities to a shorter eight.", "ten"
    )
    lines = [now, changed]
    assert differences(question, lines, render(lines, {})[2], {}) == []  # not "gives ten"
    still = counted_line("c", "Second Body", "The plan keeps ten priorities.", "ten")
    lines = [now, still]
    notes = differences(question, lines, render(lines, {})[2], {})
    assert notes == ["First Body gives six [1] where Second Body gives ten [2]."]
