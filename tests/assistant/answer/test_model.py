"""The answer gate: what it must see in the best sentence whatever its weights, and that the
shipped model was fitted on the features the engine gives it."""

from __future__ import annotations

from assistant.answer.model import GATE_FEATURES, AnswerModel, Gate, load_model


def test_the_gate_never_passes_a_how_many_answer_whose_number_counts_something_else() -> None:
    gate = Gate(("log_odds", "unmatched", "count_unattached"), (1.0, -0.1, -0.1), 4.0, 0.5)
    model = AnswerModel("t", ("dense",), (4.0,), -2.0, 0.5, gate=gate)
    assert model.answers({"unmatched": 0.2, "count_unattached": 0.0}, 0.99)
    # a weight alone would let a strong topic through; the count is a must
    assert gate.probability({"unmatched": 0.2, "count_unattached": 1.0}, 0.99) == 0.0
    assert not model.answers({"unmatched": 0.2, "count_unattached": 1.0}, 0.99)


def test_the_shipped_gate_reads_exactly_the_engines_gate_features() -> None:
    """A change to GATE_FEATURES needs a refit (`review-assistant calibrate`), or the shipped
    gate weighs what the engine no longer means it to."""
    gate = load_model().gate
    assert gate is not None
    assert gate.features == GATE_FEATURES
    assert "coverage" not in gate.features and "modal_mismatch" not in gate.features
