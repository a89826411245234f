"""How well a calibration generalises, measured on dev alone: fit on some dev questions, pick the
operating point there, and count correct and false declines on the questions held out.

Leave-one-corpus-out holds out each corpus in turn (the test split asks new questions, and a new
collection asks new kinds of them); k-fold holds out every k-th question of each corpus. In-sample
dev figures flatter a model with many specific features; held-out ones predict test.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from assistant.answer.calibrate import Example, best_sentence, fit
from assistant.answer.model import AnswerModel
from assistant.answer.operating_point import fold_numbers

FOLDS = 5


@dataclass(frozen=True)
class HeldOut:
    """Decline rates on questions a model was not fitted on."""

    name: str
    answerable: int
    unanswerable: int
    false_declines: float  # share of answerable questions declined
    correct_declines: float  # share of unanswerable questions declined

    def line(self) -> str:
        return (
            f"{self.name}: correct declines {self.correct_declines:.3f} "
            f"({self.unanswerable}), false declines {self.false_declines:.3f} ({self.answerable})"
        )


Fit = Callable[[list[Example]], AnswerModel]
# Whether a model declines a question: by default the gate on its best sentence; the calibrate
# command passes the engine itself, which also declines by its own rules.
Decide = Callable[[AnswerModel, Example], bool]


def gate_declines(model: AnswerModel, example: Example) -> bool:
    """The gate's decision on the question's best sentence (what calibration fits)."""
    return not model.answers(*best_sentence(model, example))


def declines(
    model: AnswerModel, held: list[Example], name: str, decide: Decide = gate_declines
) -> HeldOut:
    """The model's decisions on each held-out question."""
    answerable = [e for e in held if e.answerable]
    other = [e for e in held if not e.answerable]

    def declined(group: list[Example]) -> float:
        return sum(decide(model, e) for e in group) / len(group) if group else 0.0

    return HeldOut(name, len(answerable), len(other), declined(answerable), declined(other))


def leave_one_corpus_out(
    found: list[Example], fitter: Fit, decide: Decide = gate_declines
) -> list[HeldOut]:
    """Fit on every corpus but one, measure on that one, for each corpus."""
    groups = sorted({e.group for e in found})
    out = []
    for group in groups:
        train = [e for e in found if e.group != group]
        held = [e for e in found if e.group == group]
        if train and held:
            out.append(declines(fitter(train), held, f"held-out {group}", decide))
    return out


def k_fold(
    found: list[Example], fitter: Fit, folds: int = FOLDS, decide: Decide = gate_declines
) -> list[HeldOut]:
    """Every question held out once (every `folds`-th of its corpus, answerable and not apart,
    so each fold has both); figures pooled per corpus."""
    numbers = fold_numbers(found, folds)
    decided: list[tuple[Example, bool]] = []
    for fold in range(folds):
        held = [e for e, n in zip(found, numbers, strict=True) if n == fold]
        train = [e for e, n in zip(found, numbers, strict=True) if n != fold]
        model = fitter(train)
        decided += [(e, decide(model, e)) for e in held]
    out = []
    for group in sorted({e.group for e in found}):
        mine = [(e, d) for e, d in decided if e.group == group]
        asked = [d for e, d in mine if e.answerable]
        unasked = [d for e, d in mine if not e.answerable]
        out.append(
            HeldOut(
                f"{folds}-fold {group}",
                len(asked),
                len(unasked),
                sum(asked) / len(asked) if asked else 0.0,
                sum(unasked) / len(unasked) if unasked else 0.0,
            )
        )
    return out


def cross_validate(
    found: list[Example],
    max_false_declines: float,
    decide: Decide = gate_declines,
    cross_fit: bool = True,
) -> list[HeldOut]:
    """Leave-one-corpus-out and k-fold figures for the calibration `fit` at this budget (the
    operating point picked inside each training set the way the shipped model's is)."""

    def fitter(train: list[Example]) -> AnswerModel:
        return fit(train, max_false_declines=max_false_declines, cross_fit=cross_fit)[0]

    return leave_one_corpus_out(found, fitter, decide) + k_fold(found, fitter, decide=decide)


def held_out_report(
    found: list[Example],
    max_false_declines: float,
    decide: Decide | None = None,
    cross_fit: bool = True,
) -> list[str]:
    """One line per held-out measurement, for the calibrate command to print: the gate's
    decisions, and with `decide` (the engine) the product's as well."""
    budget = max_false_declines
    lines = [h.line() for h in cross_validate(found, budget, cross_fit=cross_fit)]
    if decide is not None:
        held = cross_validate(found, budget, decide, cross_fit)
        lines += [f"engine, {h.line()}" for h in held]
    return lines
