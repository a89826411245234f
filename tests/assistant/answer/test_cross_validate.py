"""Held-out decline rates: a model fitted on one corpus's dev questions, measured on another's,
and every question held out once in k folds."""

from __future__ import annotations

from assistant.answer.calibrate import Example
from assistant.answer.cross_validate import (
    cross_validate,
    held_out_report,
    k_fold,
    leave_one_corpus_out,
)
from assistant.answer.model import FEATURES, AnswerModel


def _example(name: str, group: str, answerable: bool, dense: float) -> Example:
    row = [0.0] * len(FEATURES)
    row[FEATURES.index("dense")] = dense
    return Example(name, answerable, [row], [int(answerable)], group=group)


def _threshold_model(threshold: float) -> AnswerModel:
    return AnswerModel("t", ("dense",), (10.0,), -10.0 * threshold, 0.5)


def test_each_corpus_is_measured_by_a_model_fitted_on_the_others() -> None:
    found = [_example("a", "one", True, 0.9), _example("u", "one", False, 0.2)]
    found += [_example("b", "two", True, 0.4), _example("v", "two", False, 0.6)]
    seen: list[set[str]] = []

    def fitter(train: list[Example]) -> AnswerModel:
        seen.append({e.group for e in train})
        return _threshold_model(0.5)

    held = leave_one_corpus_out(found, fitter)
    assert seen == [{"two"}, {"one"}]
    assert [h.name for h in held] == ["held-out one", "held-out two"]
    assert (held[0].false_declines, held[0].correct_declines) == (0.0, 1.0)
    assert (held[1].false_declines, held[1].correct_declines) == (1.0, 0.0)


def test_every_question_is_held_out_once_in_k_folds() -> None:
    found = [_example(f"a{i}", "one", True, 0.9) for i in range(5)]
    found += [_example(f"u{i}", "one", False, 0.1) for i in range(5)]
    sizes: list[int] = []

    def fitter(train: list[Example]) -> AnswerModel:
        sizes.append(len(train))
        return _threshold_model(0.5)

    (held,) = k_fold(found, fitter, folds=5)
    assert sizes == [8] * 5  # one answerable and one unanswerable question out each time
    assert (held.answerable, held.unanswerable) == (5, 5)
    assert (held.false_declines, held.correct_declines) == (0.0, 1.0)


def test_cross_validation_fits_the_calibration_model() -> None:
    found = []
    for group in ("one", "two"):
        found += [_example(f"a{i}", group, True, 0.6 + i / 50) for i in range(10)]
        found += [_example(f"u{i}", group, False, 0.1 + i / 50) for i in range(10)]
    held = cross_validate(found, 0.1)
    assert [h.name for h in held] == ["held-out one", "held-out two", "5-fold one", "5-fold two"]
    assert all(h.false_declines <= 0.1 and h.correct_declines == 1.0 for h in held)


def test_held_out_figures_can_count_the_engines_own_declines() -> None:
    """The engine declines by more rules than the gate: a decider that declines every
    question held out is what each measurement reports."""
    found = []
    for group in ("one", "two"):
        found += [_example(f"a{i}", group, True, 0.6 + i / 50) for i in range(10)]
        found += [_example(f"u{i}", group, False, 0.1 + i / 50) for i in range(10)]
    asked: list[str] = []

    def decide(model: AnswerModel, example: Example) -> bool:
        asked.append(example.item_id + example.group)
        return True

    held = cross_validate(found, 0.1, decide)
    assert all(h.false_declines == 1.0 and h.correct_declines == 1.0 for h in held)
    assert sorted(asked) == sorted(2 * [e.item_id + e.group for e in found])  # each twice
    report = held_out_report(found, 0.1, decide)
    assert len(report) == 8 and report[4].startswith("engine, held-out one")
