"""What a question asks for besides its topic (values, names, the noun asked about, the verb),
the count check on a sentence, and the question-level gate of the answer model."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, cast

import pytest

from assistant.answer.calibrate import Example, fit
from assistant.answer.evidence import counts
from assistant.answer.evidence_details import Details, starts_from
from assistant.answer.model import FEATURES, GATE_FEATURES, AnswerModel, Gate
from assistant.answer.question import analyse
from nlp.facts import NO_FACTS, SentenceFacts, sentence_facts
from tests.assistant.answer.test_evidence_slots import _Idf  # an IDF table, as the index gives


def test_values_the_question_gives_but_not_the_sizes_of_what_it_asks_for() -> None:
    assert analyse("What did the council decide about the offices in 2024?").values == (
        frozenset({"2024"}),
    )
    assert analyse("What are the three main areas of the plan?").values == ()
    assert analyse("In what year will the cap come in?").values == ()  # asked for, not given
    # a name between the number and its noun: still the size of what is asked about
    assert (
        analyse("What lessons do the two City Council reports draw from the pilots?").values == ()
    )


def test_names_head_and_verb_of_a_question() -> None:
    question = analyse("How many weeks before a regional assessment must a team book it?")
    assert question.head == frozenset({"week"}) and question.counted == frozenset({"week"})
    assert question.predicate == frozenset({"book"})
    welsh = analyse("How does the Welsh Government assess digital services?")
    assert frozenset({"welsh", "govern"}) in welsh.names
    assert analyse("Which standard does the code give as an example?").head == {"standard"}
    assert analyse("What year was the code published?").head == frozenset()  # a typed noun


def test_a_count_stands_before_the_noun_it_counts() -> None:
    booked = "You must book the assessment at least 4 weeks before the date."
    assert counts(booked, NO_FACTS, frozenset({"week"}))
    spelled = "The plan rests on five key principles."
    assert counts(spelled, sentence_facts([spelled])[0], frozenset({"principl"}))
    dated = "From 1 June 2015 all transactional services will be assessed."
    assert not counts(dated, sentence_facts([dated])[0], frozenset({"servic"}))
    assert not counts("Teams book assessments weeks ahead.", NO_FACTS, frozenset({"week"}))
    # a duration of the counted noun (recognised as a DATE, not a CARDINAL) counts it
    duration = "Staff may work from home for up to three days a week once past probation."
    assert counts(duration, sentence_facts([duration])[0], frozenset({"day"}))


def test_a_count_reaches_its_noun_across_a_partitive_of_the() -> None:
    partitive = "The pilot starts with around six of the most settled clinics taking part."
    assert counts(partitive, sentence_facts([partitive])[0], frozenset({"clinic"}))
    far = "The pilot starts with around six sites, and later the most settled clinics join."
    assert not counts(far, sentence_facts([far])[0], frozenset({"clinic"}))


def test_a_number_after_the_noun_names_one_of_them_and_counts_none() -> None:
    # the recogniser reads "about item 16" as one number: "about" counts no items
    pointer = "Find out what you should do about item 16"
    facts = SentenceFacts((("about item 16", "CARDINAL"),), dependent=False, negated=False)
    assert not counts(pointer, facts, frozenset({"item"}))
    spelled = "Teams must meet about twelve items."
    facts = SentenceFacts((("about twelve", "CARDINAL"),), dependent=False, negated=False)
    assert counts(spelled, facts, frozenset({"item"}))


def _gated(threshold: float) -> AnswerModel:
    gate = Gate(("log_odds", "name_missing"), (1.0, -4.0), 0.0, threshold)
    return AnswerModel("t", ("dense",), (4.0,), -2.0, 0.5, gate=gate)


def test_the_gate_declines_a_best_sentence_that_lacks_what_is_asked() -> None:
    model = _gated(0.5)
    assert model.answers({"name_missing": 0.0}, 0.9)
    assert not model.answers({"name_missing": 1.0}, 0.9)  # on topic, without the name asked
    assert not model.answers({"name_missing": 0.0}, 0.4)  # below the sentence threshold
    assert AnswerModel.from_json(model.to_json()) == model
    assert model.gate is not None
    unknown = {**model.gate.to_json(), "features": ["log_odds", "nonsense"]}
    with pytest.raises(ValueError):
        AnswerModel.from_json({**model.to_json(), "gate": unknown})


def _example(name: str, answerable: bool, dense: float, missing: float) -> Example:
    row = [0.0] * len(FEATURES)
    row[FEATURES.index("dense")] = dense
    row[FEATURES.index("coverage")] = dense
    row[FEATURES.index("name_missing")] = missing
    other = [0.0] * len(FEATURES)
    return Example(name, answerable, [row, other], [int(answerable), 0])


def test_calibration_with_a_false_decline_budget_fits_the_gate() -> None:
    found = [_example(f"a{i}", True, 0.6 + i / 100, 0.0) for i in range(20)]
    found += [_example(f"u{i}", False, 0.6 + i / 100, 1.0) for i in range(10)]
    model, _curve = fit(found, described="synthetic", max_false_declines=0.1)
    assert model.gate is not None and model.gate.features == GATE_FEATURES
    assert model.fitted_on["false_declines"] <= 0.1
    assert model.fitted_on["correct_declines"] == 1.0  # the name the question gives is missing


def test_a_date_given_as_a_starting_point_says_when_a_thing_took_effect() -> None:
    started = "From 1 June 2015 all transactional services will be assessed on the new points."
    assert starts_from(started, sentence_facts([started])[0])
    since = "Since March 2019 the code has applied to every project."
    assert starts_from(since, sentence_facts([since])[0])
    dated = "The code was published on 1 June 2015."
    assert not starts_from(dated, sentence_facts([dated])[0])


def test_a_sentence_naming_the_subject_or_dating_its_start_holds_the_relation() -> None:
    when = analyse("When did the new standard come into force?")
    assert when.relation_terms == frozenset({"come", "forc"})
    details = Details(when, cast(Any, _Idf({})))
    started = "From 1 June 2015 all services will be assessed on the new standard."
    assert details.implied(started, sentence_facts([started])[0]) == when.relation_terms
    dated = "The new standard was published on 1 June 2015."
    assert details.implied(dated, sentence_facts([dated])[0]) == frozenset()
    who = replace(analyse("Who led the review?"), subject_terms=frozenset({"hewitt"}))
    named = Details(who, cast(Any, _Idf({})))
    assert named.names_subject({"hewitt", "review", "conduct"})
    assert not named.names_subject({"review", "conduct"})
    said = "Jane Hewitt has conducted a review."
    features = named.features(said, sentence_facts([said])[0], {"hewitt", "review"}, set(), set())
    assert features["verb_missing"] == 0.0
    plain = Details(analyse("Who led the review?"), cast(Any, _Idf({})))
    features = plain.features(said, sentence_facts([said])[0], {"hewitt", "review"}, set(), set())
    assert features["verb_missing"] > 0.0
