"""The operating point: picked on cross-fitted scores (each question scored by models that did
not see it), so the false-decline budget is spent as unseen questions would spend it."""

from __future__ import annotations

from assistant.answer.calibrate import Example, cross_fitted, fit
from assistant.answer.model import FEATURES
from assistant.answer.operating_point import declined_share, fold_numbers, operating_point


def _example(name: str, answerable: bool, dense: float, group: str = "") -> Example:
    row = [0.0] * len(FEATURES)
    row[FEATURES.index("dense")] = dense
    row[FEATURES.index("coverage")] = dense
    return Example(name, answerable, [row, [0.0] * len(FEATURES)], [int(answerable), 0], group)


def test_folds_hold_answerable_and_unanswerable_questions_of_each_corpus() -> None:
    found = [_example(f"a{i}", True, 0.5, g) for g in ("one", "two") for i in range(4)]
    found += [_example(f"u{i}", False, 0.5, g) for g in ("one", "two") for i in range(2)]
    numbers = fold_numbers(found, 2)
    for fold in (0, 1):
        held = [e for e, n in zip(found, numbers, strict=True) if n == fold]
        assert {(e.group, e.answerable) for e in held} == {
            ("one", True), ("one", False), ("two", True), ("two", False)
        }  # fmt: skip
        assert len(held) == 6


def test_the_operating_point_spends_the_budget_half_on_sentences_half_on_the_gate() -> None:
    # (answerable, best-sentence probability, gate probability)
    scored = [(True, 0.9, 0.9)] * 16 + [(True, 0.3, 0.9), (True, 0.9, 0.2)]
    scored += [(True, 0.35, 0.9), (True, 0.9, 0.25)]
    scored += [(False, 0.2, 0.9), (False, 0.9, 0.1), (False, 0.9, 0.9)]
    threshold, gate = operating_point(scored, 0.1)
    # one answerable in 20 may fall to the sentence threshold, one more to the gate
    assert threshold == 0.35 and gate == 0.25
    assert declined_share(scored, threshold, gate, True) == 0.1
    assert declined_share(scored, threshold, gate, False) == 2 / 3


def test_cross_fitted_scores_come_from_models_that_did_not_see_the_question() -> None:
    found = [_example(f"a{i}", True, 0.6 + i / 100) for i in range(10)]
    found += [_example(f"u{i}", False, 0.2 + i / 100) for i in range(5)]
    # an answerable question that looks unanswerable but for a feature no other question has:
    # only a model that saw it learns the feature's weight
    odd = _example("odd", True, 0.22)
    odd.rows[0][FEATURES.index("list_item")] = 1.0
    found.append(odd)
    scored = cross_fitted(found, folds=5)
    assert scored is not None and len(scored) == len(found)
    assert [a for a, _p, _q in scored] == [e.answerable for e in found]
    model, _curve = fit(found, max_false_declines=0.1, cross_fit=False)
    in_sample = model.probability(dict(zip(FEATURES, odd.rows[0], strict=True)))
    assert scored[-1][1] < in_sample - 0.1


def test_too_few_questions_of_a_kind_to_fold_fall_back_to_the_in_sample_point() -> None:
    found = [_example(f"a{i}", True, 0.6 + i / 100) for i in range(10)]
    found.append(_example("u0", False, 0.2))
    assert cross_fitted(found) is None
    model, _curve = fit(found, max_false_declines=0.1)
    assert model.fitted_on["operating_point"] == "in-sample"
    assert "cross_fitted_false_declines" not in model.fitted_on


def test_a_fold_left_with_one_kind_of_question_is_not_fitted() -> None:
    # each corpus's single unanswerable question falls in fold 0: fold 0's training set holds
    # answerable questions only
    found = [_example(f"a{i}", True, 0.6 + i / 100, g) for g in ("one", "two") for i in range(2)]
    found += [_example("u0", False, 0.2, g) for g in ("one", "two")]
    assert cross_fitted(found) is None
    model, _curve = fit(found, max_false_declines=0.1)
    assert model.fitted_on["operating_point"] == "in-sample"


def test_the_shipped_operating_point_is_cross_fitted() -> None:
    found = [_example(f"a{i}", True, 0.5 + i / 40) for i in range(20)]
    found += [_example(f"u{i}", False, 0.1 + i / 40) for i in range(10)]
    model, _curve = fit(found, max_false_declines=0.1)
    assert model.fitted_on["operating_point"] == "cross-fitted"
    assert model.fitted_on["cross_fitted_false_declines"] <= 0.1
    assert model.gate is not None
    assert model.fitted_on["correct_declines"] == 1.0  # the two kinds do not overlap
    in_sample, _curve = fit(found, max_false_declines=0.1, cross_fit=False)
    assert in_sample.fitted_on["operating_point"] == "in-sample"
    assert in_sample.coefficients == model.coefficients  # the same model, another point
