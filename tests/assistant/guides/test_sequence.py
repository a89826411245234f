"""Steps asked for between two events are the dated statements that name what the events
belong to: all its words, or its head bare ("the inquiry") where the context names the rest."""

from __future__ import annotations

from assistant.answer.question import analyse
from assistant.guides.sequence import Framed, framed_subject, names_framed

FRAMED = Framed(frozenset({"inquiri"}), frozenset({"harbour", "inquiri"}))


def test_the_subject_of_steps_between_two_events() -> None:
    question = analyse("What were the stages from the launch of the harbour inquiry to its report?")
    assert framed_subject(question) == FRAMED
    assert framed_subject(analyse("What were the stages of the harbour inquiry?")) is None
    assert framed_subject(analyse("What is the timeline for the harbour inquiry?")) is None


def test_a_step_names_the_whole_subject_or_its_bare_head_in_context() -> None:
    assert names_framed("In May 2020 the harbour inquiry opened.", "", FRAMED)
    heard = "In May 2020 the inquiry heard its first witness."
    assert names_framed(heard, "Harbour inquiry", FRAMED)
    assert not names_framed(heard, "Minutes", FRAMED)


def test_another_thing_of_the_same_kind_is_no_step() -> None:
    context = "Harbour inquiry"
    assert not names_framed("In 2021 a budget inquiry was opened.", context, FRAMED)
    assert not names_framed("In 2021 an inquiry of the port fees was opened.", context, FRAMED)
    assert not names_framed("In 2021 the board met twice.", context, FRAMED)
