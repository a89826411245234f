"""`TermWeights` looks the question's IDFs up once; each of its scores must equal the function of
the same name, bit for bit, or the answers would move with the speed-up."""

from __future__ import annotations

from typing import Any, cast

from assistant.answer.evidence_details import (
    TermWeights,
    coverage,
    text_terms,
    unmatched,
    unmatched_peak,
)
from assistant.answer.question import analyse
from tests.assistant.answer.test_evidence_slots import _Idf  # an IDF table, as the index gives

QUESTIONS = [
    "How long did the independent review of integrated care systems take to report?",
    "Who led the review of the digital service standard in 2015?",
    "What does the briefing say about capital budgets and local flexibility?",
    "When did the new assessment process come into force?",
]
SENTENCES = [
    "The review reported in April 2023, after four months of engagement with systems.",
    "Capital budgets should give local systems more flexibility over investment.",
    "The standard was led by the service design team and came into force in June 2015.",
    "Nothing here matches.",
    "",
]


def test_term_weights_equal_the_functions_they_replace() -> None:
    vocabulary = {t for s in SENTENCES + QUESTIONS for t in text_terms(s)}
    state = cast(Any, _Idf({t: 0.37 * (1 + n % 7) for n, t in enumerate(sorted(vocabulary))}))
    compared = 0
    for text in QUESTIONS:
        question = analyse(text)
        weights = TermWeights(question, state)
        light = question.relation_terms
        wanted = question.focus_terms | question.subject_terms
        focus = question.focus_terms - light
        assert weights.total > 0
        for sentence in SENTENCES:
            have = set(text_terms(sentence))
            assert weights.coverage(have) == coverage(wanted, have, state, light)
            assert weights.unmatched(have) == unmatched(focus, have, state)
            assert weights.unmatched_peak(have) == unmatched_peak(focus, have, state)
            compared += 1
    assert compared == len(QUESTIONS) * len(SENTENCES)


def test_a_question_without_terms_covers_nothing() -> None:
    weights = TermWeights(analyse("What does it say?"), cast(Any, _Idf({})))
    assert weights.coverage({"review"}) == 0.0
    assert weights.unmatched_peak({"review"}) == 0.0
