"""Whether the best sentence fills the slot the question asks for: a typed value (a date for a
past event, not a plan's "as soon as possible"), a name that is not the question's own initials,
the question's specific details, and a report rather than a plan for a past-tense question."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any, cast

from assistant.answer.answer_slots import (
    OTHER_LABEL_SHARE,
    abbreviates,
    answer_names,
    holds_value,
    label_share,
    question_initials,
    when_clause,
)
from assistant.answer.calibrate import Example, _ranking_model, fit
from assistant.answer.evidence_details import Details, modals, unmatched, unmatched_peak
from assistant.answer.model import FEATURES, GATE_FEATURES, MODEL_FILE, AnswerModel, Gate
from assistant.answer.question import analyse
from nlp.facts import NO_FACTS, SentenceFacts, sentence_facts
from nlp.lexical import terms


class _Idf:
    """An IDF table: the only part of the index state these features read."""

    def __init__(self, weights: dict[str, float]) -> None:
        self.weights = weights

    def idf(self, term: str) -> float:
        return self.weights.get(term, 1.0)


def test_a_past_event_needs_a_date_not_a_time_clause() -> None:
    published = analyse("When was the workforce plan published?")
    assert published.past and not when_clause(published)
    plan = "The strategy should complement the forthcoming workforce plan as soon as possible."
    assert not holds_value(published, plan, sentence_facts([plan])[0], set())
    dated = "The workforce plan was published in June 2023."
    assert holds_value(published, dated, sentence_facts([dated])[0], set())
    rule = analyse("When should a team book an assessment?")
    assert not rule.past and when_clause(rule)
    before = "Book the assessment before going into private beta."
    assert holds_value(rule, before, NO_FACTS, set())


def test_a_count_question_needs_a_number() -> None:
    question = analyse("How many staff has the trust recruited?")
    none = "The trust has recruited staff for its collaborative."
    assert not holds_value(question, none, sentence_facts([none])[0], set())
    some = "The trust has recruited 40 staff for its collaborative."
    assert holds_value(question, some, sentence_facts([some])[0], set())


def test_initials_of_the_question_are_no_answer_to_who() -> None:
    question = analyse("Who is the Senior Responsible Officer for digital services?")
    initials = question_initials(question.text)
    assert abbreviates("SRO", initials) and abbreviates("SROs", initials)
    assert not abbreviates("NHS", initials) and not abbreviates("Sro", initials)
    own = SentenceFacts((("SRO", "ORG"),), dependent=False, negated=False)
    assert answer_names(question, own, set()) == set()
    other = SentenceFacts((("Jane Smith", "PERSON"),), dependent=False, negated=False)
    assert answer_names(question, other, set()) == {"Jane Smith"}


def test_the_subjects_own_name_is_no_answer_to_who_led_it() -> None:
    question = replace(analyse("Who led the review?"), subject_terms=frozenset({"marsh"}))
    facts = SentenceFacts(
        (("the Marsh Review", "ORG"), ("Ann Marsh", "PERSON")), dependent=False, negated=False
    )
    assert answer_names(question, facts, set()) == {"Ann Marsh"}
    assert answer_names(analyse("Who led the review?"), facts, set()) == {
        "the Marsh Review",
        "Ann Marsh",
    }


def test_a_question_asking_for_the_name_wants_a_proper_name() -> None:
    assert analyse("What is the name of the agency's engagement manager?").wants_name
    assert not analyse("Who should I contact about a contract?").wants_name


def test_unmatched_detail_weighs_the_missing_specific_terms() -> None:
    state = cast(Any, _Idf({"twice": 6.0, "fail": 2.0, "assess": 2.0}))
    wanted = set(terms("fail assessment twice"))
    have = set(terms("a service that fails its assessment"))
    assert unmatched(wanted, have, state) == 0.6  # "twice": 6 IDF units over 10
    assert unmatched_peak(wanted, have, state) == 1.0  # the rarest term is the missing one
    assert unmatched(wanted, wanted, state) == 0.0 == unmatched_peak(wanted, wanted, state)
    common = set(terms("a service that fails twice"))
    assert unmatched_peak(wanted, common, state) == 2.0 / 6.0


def test_a_plan_does_not_report_a_past_event() -> None:
    state = cast(Any, _Idf({}))
    past = Details(analyse("When did the government accept the recommendation?"), state)
    plan = "The government should accept the recommendation from April 2024."
    report = "The government accepted the recommendation in April 2024."
    empty: set[str] = set()
    assert past.features(plan, NO_FACTS, empty, empty, empty)["modal_mismatch"] == 1.0
    assert past.features(report, NO_FACTS, empty, empty, empty)["modal_mismatch"] == 0.0
    rule = Details(analyse("When should the government accept the recommendation?"), state)
    assert rule.features(plan, NO_FACTS, empty, empty, empty)["modal_mismatch"] == 0.0


def test_advice_does_not_report_what_happened() -> None:
    """ "should / must" says what ought to be done; "will" or "can" may state what came to
    pass ("From June all services will be assessed"), so only the first is `recommends`."""
    state = cast(Any, _Idf({}))
    past = Details(analyse("What did the board decide about the budget cut?"), state)
    advice = "The board should reconsider the budget cut before April."
    plan = "From April the board will apply the budget cut."
    report = "The board decided to reverse the budget cut."
    empty: set[str] = set()
    assert past.features(advice, NO_FACTS, empty, empty, empty)["recommends"] == 1.0
    assert past.features(plan, NO_FACTS, empty, empty, empty)["recommends"] == 0.0
    assert past.features(report, NO_FACTS, empty, empty, empty)["recommends"] == 0.0
    rule = Details(analyse("What must the board decide about the budget cut?"), state)
    assert rule.features(advice, NO_FACTS, empty, empty, empty)["recommends"] == 0.0
    asked = "The survey asked how the board should cut the budget, and 12 boards replied."
    assert past.features(asked, NO_FACTS, empty, empty, empty)["recommends"] == 0.0
    reported = "Members said that the board must reverse the budget cut."
    assert past.features(reported, NO_FACTS, empty, empty, empty)["recommends"] == 1.0


def _example(name: str, answerable: bool, slot_missing: float) -> Example:
    row = [0.0] * len(FEATURES)
    row[FEATURES.index("dense")] = 0.7
    row[FEATURES.index("coverage")] = 0.7
    row[FEATURES.index("slot_missing")] = slot_missing
    return Example(name, answerable, [row, [0.0] * len(FEATURES)], [int(answerable), 0])


def test_the_gate_learns_that_a_missing_slot_means_no_answer() -> None:
    found = [_example(f"a{i}", True, 0.0) for i in range(20)]
    found += [_example(f"u{i}", False, 1.0) for i in range(10)]
    model, _curve = fit(found, described="synthetic", max_false_declines=0.05)
    assert model.gate is not None and "slot_missing" in GATE_FEATURES
    assert model.fitted_on["correct_declines"] == 1.0
    assert model.fitted_on["false_declines"] <= 0.05


def test_calibration_runs_when_the_shipped_model_predates_the_features(tmp_path: Path) -> None:
    old = tmp_path / "model.json"
    shipped = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    old.write_text(json.dumps({**shipped, "features": ["retired"], "coefficients": [1.0]}))
    neutral = _ranking_model(old)
    assert neutral.features == FEATURES and set(neutral.coefficients) == {0.0}
    assert _ranking_model(MODEL_FILE).coefficients == tuple(shipped["coefficients"])


def test_a_name_in_the_heading_is_not_said_by_the_sentence() -> None:
    state = cast(Any, _Idf({}))
    details = Details(analyse("When was the Marsh Review published?"), state)
    text = "On 13 December 2022, the department published a call for evidence."
    near = set(terms(text))
    around = near | set(terms("Marsh Review evidence submission"))
    found = details.features(text, NO_FACTS, near, around, set())
    assert found["name_missing"] == 0.0  # the heading names it
    assert found["name_unsaid"] == 1.0  # the sentence does not
    said = details.features(text, NO_FACTS, around, around, set())
    assert said["name_unsaid"] == 0.0


def test_the_gate_never_passes_a_best_sentence_without_the_asked_value() -> None:
    gate = Gate(("log_odds", "coverage"), (1.0, 4.0), 0.0, 0.5)
    model = AnswerModel("t", ("dense",), (4.0,), -2.0, 0.5, gate=gate)
    assert model.answers({"coverage": 1.0}, 0.99)
    assert not model.answers({"coverage": 1.0, "slot_missing": 1.0}, 0.99)
    assert gate.probability({"coverage": 1.0, "slot_missing": 1.0}, 0.99) == 0.0


def test_a_who_question_prefers_a_person_to_a_body() -> None:
    who = analyse("Who chaired the panel?")
    assert label_share(who, frozenset({"PERSON", "ORG"})) == 1.0
    assert label_share(who, frozenset({"ORG"})) == OTHER_LABEL_SHARE
    assert label_share(who, frozenset({"DATE"})) == 0.0
    when = analyse("When was the code published?")
    assert label_share(when, frozenset({"DATE"})) == 1.0


def test_a_relation_verb_of_a_who_question_is_half_missing() -> None:
    state = cast(Any, _Idf({}))
    empty: set[str] = set()
    led = Details(analyse("Who led the review?"), state)
    text = "The review was undertaken by a former minister."
    assert led.features(text, NO_FACTS, empty, empty, empty)["verb_missing"] == 0.5
    merged = Details(analyse("Which regions will be merged next year?"), state)
    assert merged.features(text, NO_FACTS, empty, empty, empty)["verb_missing"] == 1.0
    near = set(terms("The regions were merged."))
    assert merged.features(text, NO_FACTS, near, near, empty)["verb_missing"] == 0.0


def test_a_unit_of_several_sentences_is_read_by_the_one_that_answers() -> None:
    """A list item quoted whole: its plan in one sentence does not stand for the report of what
    happened in another, and the plan still counts when it is the sentence that answers."""
    state = cast(Any, _Idf({}))
    past = Details(analyse("When were the first parking charges introduced?"), state)
    item = (
        "The next round of parking reforms must follow soon. "
        "The council introduced the first parking charges in May 2021."
    )
    plan_only = "The council must introduce parking charges soon. Residents were consulted."
    empty: set[str] = set()
    item_facts, plan_facts = sentence_facts([item, plan_only])
    features = past.features(item, item_facts, empty, empty, empty)
    assert features["modal_mismatch"] == 0.0
    assert features["recommends"] == 0.0
    assert past.features(item, NO_FACTS, empty, empty, empty)["recommends"] == 1.0
    planned = past.features(plan_only, plan_facts, empty, empty, empty)
    assert planned["modal_mismatch"] == 1.0
    assert planned["recommends"] == 1.0


def test_a_month_is_not_a_modal() -> None:
    assert modals("The charges began in May 2021.") == frozenset()
    assert modals("May the board decide? It may.") == frozenset({"may"})
    assert modals("The board will decide.") == frozenset({"will"})
