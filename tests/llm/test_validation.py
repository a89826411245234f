"""The citation guarantee on hand-written model replies (pure, no model needed)."""

from __future__ import annotations

import pytest

from assistant.llm.validation import (
    answer_sentences,
    best_sentence,
    dates,
    markers,
    numbers,
    strip_markers,
    validate,
)

TARGETS = (
    "The review says the number of national targets should be cut to no more than 10. "
    "It was published in April 2023."
)
HARPS = "HARPs would start in April 2025 in a small number of pilot areas."
PASSAGES = [TARGETS, HARPS]


def test_markers_and_sentences() -> None:
    assert markers("A [1]. B [2, 3] and [4;5].") == [1, 2, 3, 4, 5]
    assert strip_markers("Cut targets [1][2]. Then [3] more.") == "Cut targets. Then more."
    text = "- First point is here [1].\n- Second one. [2]\n\nThird sentence? Yes [1]."
    assert answer_sentences(text) == [
        "First point is here [1].",
        "Second one. [2]",
        "Third sentence?",
        "Yes [1].",
    ]


def test_numbers_and_dates_are_normalised() -> None:
    assert numbers("cut to ten targets, 1,200 staff and 45% of 3.5 [7]") == {
        "10",
        "1200",
        "45%",
        "3.5",
    }
    assert dates("from April 2025 until 2030") == {"april", "2025", "2030"}


def test_supported_answer_passes_and_is_renumbered() -> None:
    reply = "HARPs would start in April 2025 in pilot areas [2]. Targets would be cut to 10 [1]."
    checked = validate(reply, PASSAGES)
    assert checked.warnings == []
    assert checked.sources == [2, 1]  # first used first: [2] becomes [1]
    assert checked.answer == (
        "HARPs would start in April 2025 in pilot areas [1]. Targets would be cut to 10 [2]."
    )
    assert checked.unsupported_share == 0.0


def test_out_of_range_marker_removed_and_reported() -> None:
    checked = validate("National targets should be cut to no more than 10 [1][7].", PASSAGES)
    assert checked.answer == "National targets should be cut to no more than 10 [1]."
    assert checked.warnings == ["Removed citation [7]: there is no source 7."]


def test_number_or_date_absent_from_cited_passage_is_flagged() -> None:
    checked = validate("National targets should be cut to no more than 15 in 2024 [1].", PASSAGES)
    assert len(checked.warnings) == 1
    assert "states 15, 2024, not found in source [1]" in checked.warnings[0]
    # the same number is fine when the passage says it in words
    assert validate("HARPs start in pilot areas in 2025, ten of them [2].", [HARPS]).warnings


def test_uncited_and_unsupported_sentences_are_flagged() -> None:
    reply = (
        "Targets should be cut to no more than 10 [1]. "
        "Integrated care boards must abolish every hospital trust immediately [2]. "
        "Ministers welcomed the plan warmly on television."
    )
    checked = validate(reply, PASSAGES)
    problems = [w for w in checked.warnings if w.startswith("Sentence")]
    assert len(problems) == 2
    assert "Sentence 2 is not supported by source [2]" in problems[0]
    assert "Sentence 3 has no citation" in problems[1]
    assert checked.unsupported_share == pytest.approx(2 / 3)


def test_not_covered_reply() -> None:
    assert validate("NOT_COVERED", PASSAGES).not_covered
    assert validate("  not covered.", PASSAGES).not_covered is False  # must be the exact token
    assert not validate("Targets are cut to 10 [1]. NOT_COVERED", PASSAGES).not_covered


def test_reply_without_any_valid_marker_has_no_sources() -> None:
    checked = validate("Targets are cut to 10 [9].", PASSAGES)
    assert checked.sources == [] and checked.warnings[0].startswith("Removed citation [9]")


def test_best_sentence_picks_the_matching_one() -> None:
    second = TARGETS.index("It was")
    spans = [(0, second - 1), (second, len(TARGETS))]
    assert TARGETS[slice(*best_sentence(TARGETS, ["published April 2023 [1]"], spans))] == (
        "It was published in April 2023."
    )
    assert best_sentence(TARGETS, ["nothing shared"], spans) == (0, len(TARGETS))
