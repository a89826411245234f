"""General rules for "who / when" questions, sequence adverbs and the collection's subject:
each over spaCy parses and the manifest's `collection:` section, no corpus words."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from assistant.answer.answer_slots import names_match as _names_match
from assistant.answer.answer_slots import temporal_clause, when_clause
from assistant.answer.question import analyse
from assistant.answer.subject import (
    named_subject,
    primary_first,
    primary_kinds,
    refers_to_subject,
    voice_first,
    with_subject_name,
)
from nlp.facts import SentenceFacts

COLLECTION = {
    "subject": "the Smith Inquiry into regional water boards (2021)",
    "primary_kinds": ["report"],
}


def test_an_ordinal_adverb_on_the_verb_is_not_a_topic_or_an_entity() -> None:
    question = analyse("What should our council do first?")
    assert "first" not in question.focus
    assert all(label != "ORDINAL" for _text, label in question.entities)
    ordinal = analyse("What was the first recommendation?")  # an ordinal of a noun stays
    assert ("first", "ORDINAL") in ordinal.entities


def test_the_event_of_a_when_or_who_question_is_its_relation() -> None:
    assert analyse("When did the new code come into force?").relation_terms == {"come", "forc"}
    assert analyse("Who led the inquiry?").relation_terms == {"lead"}
    assert analyse("What does the inquiry recommend?").relation_terms == frozenset()


def test_a_who_question_about_the_subject_looks_for_its_name() -> None:
    asked = with_subject_name(analyse("Who led the inquiry?"), COLLECTION)
    assert {"smith", "region", "water", "board"} <= asked.subject_terms
    nested = analyse("Who wrote the evidence to the inquiry?")
    assert not refers_to_subject(nested, COLLECTION)  # about the evidence, not the inquiry
    assert with_subject_name(nested, COLLECTION) == nested
    assert with_subject_name(analyse("Who led the inquiry?"), None).subject_terms == frozenset()


def test_a_who_question_about_the_subject_is_searched_by_the_subjects_name() -> None:
    asked = with_subject_name(analyse("Who led the inquiry?"), COLLECTION)
    assert named_subject(asked, COLLECTION) == (
        "Who led the Smith Inquiry into regional water boards (2021)?"
    )
    passive = with_subject_name(analyse("Who was the inquiry chaired by?"), COLLECTION)
    assert named_subject(passive, COLLECTION) == (
        "Who was the Smith Inquiry into regional water boards (2021) chaired by?"
    )
    nested = analyse("Who wrote the evidence to the inquiry?")  # not about the inquiry itself
    assert named_subject(with_subject_name(nested, COLLECTION), COLLECTION) is None
    assert named_subject(analyse("Who led the inquiry?"), COLLECTION) is None


@pytest.mark.parametrize(
    ("entities", "expected"),
    [
        ((("Jane Smith", "PERSON"),), 0.8),
        ((("Water Board", "ORG"),), 0.8),  # a body answers "who" too
        ((("the Inquiry", "ORG"),), 0.0),  # the question's own entity is no answer
        ((("2021", "DATE"),), 0.0),
    ],
)
def test_a_who_answer_names_someone_the_question_does_not(
    entities: tuple[tuple[str, str], ...], expected: float
) -> None:
    question = analyse("Who chaired the Inquiry?")
    info = SentenceFacts(entities, dependent=False, negated=False)
    features = {"coverage": 0.8, "context": 1.0}
    assert _names_match(question, info, features, {"the Inquiry"}) == pytest.approx(expected)


def test_a_when_question_may_be_answered_by_a_time_clause() -> None:
    assert when_clause(analyse("When should a load test be run?"))
    assert not when_clause(analyse("In which year was the code published?"))
    assert temporal_clause("Before going into private beta, run a load test.")
    assert temporal_clause("Reassess the service until it is live.")
    assert not temporal_clause("Run a load test on the service.")
    assert temporal_clause("Reviews happen at the end of each phase.")
    # a list's lead-in ending in a time phrase: its items complete the time
    assert temporal_clause("Reviews take place at the end of:")
    assert temporal_clause("Run a load test before:")
    assert not temporal_clause("Reviews are done by:")


def test_how_long_is_a_span_of_time_not_a_time_clause() -> None:
    long = analyse("How long does a load test take?")
    assert long.answer_type == "date" and long.duration and not when_clause(long)
    length = analyse("How do the two agencies differ on review length?")
    assert length.compared_type == "date" and length.duration
    assert not analyse("When should a load test be run?").duration
    assert not analyse("How long-term is the plan?").duration


def test_how_often_is_an_interval_not_a_time_clause() -> None:
    often = analyse("How often should the fire alarms be tested once the hall is open?")
    assert often.answer_type == "date" and often.duration and not when_clause(often)
    frequently = analyse("How frequently are the gardens watered?")
    assert frequently.duration and not when_clause(frequently)


@dataclass
class _Doc:
    kind: str


@dataclass
class _Ev:
    doc: _Doc
    probability: float = 0.9


@dataclass
class _Line:
    main: _Ev


@dataclass
class _Scored:
    doc: _Doc
    probability: float


def test_the_subjects_own_voice_comes_first_when_asked_about_the_subject() -> None:
    lines = [_Line(_Ev(_Doc("submission"))), _Line(_Ev(_Doc("report")))]
    about = analyse("What does the inquiry recommend on tariffs?")
    assert [ln.main.doc.kind for ln in primary_first(about, lines, COLLECTION)] == [
        "report",
        "submission",
    ]
    other = analyse("What do submissions say about tariffs?")
    assert primary_first(other, lines, COLLECTION) == lines
    assert primary_first(about, lines, {"subject": COLLECTION["subject"]}) == lines
    assert primary_kinds({"primary_kinds": "report"}) == frozenset()
    weak = [_Line(_Ev(_Doc("submission"), 0.95)), _Line(_Ev(_Doc("report"), 0.6))]
    assert primary_first(about, weak, COLLECTION) == weak  # a clearly better line still leads


def test_the_subjects_own_voice_is_chosen_before_a_submission_fills_the_answer() -> None:
    evidence = [
        _Scored(_Doc("submission"), 0.95),
        _Scored(_Doc("report"), 0.85),
        _Scored(_Doc("report"), 0.3),  # below the bar: stays where it is
    ]
    about = analyse("What does the inquiry recommend on tariffs?")
    ranked = voice_first(about, evidence, 0.5, COLLECTION)
    assert [(e.doc.kind, e.probability) for e in ranked] == [
        ("report", 0.85),
        ("submission", 0.95),
        ("report", 0.3),
    ]
    far = [_Scored(_Doc("submission"), 0.95), _Scored(_Doc("report"), 0.6)]
    assert voice_first(about, far, 0.5, COLLECTION) == far  # a clearly better line still leads
    dated = analyse("When did the inquiry report on tariffs?")  # typed: the value decides
    assert voice_first(dated, evidence, 0.5, COLLECTION) == evidence
