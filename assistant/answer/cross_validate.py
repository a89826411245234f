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


def declines(model: AnswerModel, held: list[Example], name: str) -> HeldOut:
    """The model's decisions on each held-out question, from its best sentence."""
    answerable = [e for e in held if e.answerable]
    other = [e for e in held if not e.answerable]

    def declined(group: list[Example]) -> float:
        if not group:
            return 0.0
        return sum(not model.answers(*best_sentence(model, e)) for e in group) / len(group)

    return HeldOut(name, len(answerable), len(other), declined(answerable), declined(other))


def leave_one_corpus_out(found: list[Example], fitter: Fit) -> list[HeldOut]:
    """Fit on every corpus but one, measure on that one, for each corpus."""
    groups = sorted({e.group for e in found})
    out = []
    for group in groups:
        train = [e for e in found if e.group != group]
        held = [e for e in found if e.group == group]
        if train and held:
            out.append(declines(fitter(train), held, f"held-out {group}"))
    return out


def k_fold(found: list[Example], fitter: Fit, folds: int = FOLDS) -> list[HeldOut]:
    """Every question held out once (every `folds`-th of its corpus, answerable and not apart,
    so each fold has both); figures pooled per corpus."""
    fold_of: dict[str, int] = {}
    for group in sorted({e.group for e in found}):
        for answerable in (True, False):
            same = [e for e in found if e.group == group and e.answerable == answerable]
            for n, e in enumerate(sorted(same, key=lambda e: e.item_id)):
                fold_of[e.item_id + "\0" + group] = n % folds
    decided: list[tuple[Example, bool]] = []
    for fold in range(folds):
        held = [e for e in found if fold_of[e.item_id + "\0" + e.group] == fold]
        train = [e for e in found if fold_of[e.item_id + "\0" + e.group] != fold]
        model = fitter(train)
        decided += [(e, not model.answers(*best_sentence(model, e))) for e in held]
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


def cross_validate(found: list[Example], max_false_declines: float) -> list[HeldOut]:
    """Leave-one-corpus-out and k-fold figures for the calibration `fit` at this budget."""

    def fitter(train: list[Example]) -> AnswerModel:
        return fit(train, max_false_declines=max_false_declines)[0]

    return leave_one_corpus_out(found, fitter) + k_fold(found, fitter)


def held_out_report(found: list[Example], max_false_declines: float) -> list[str]:
    """One line per held-out measurement, for the calibrate command to print."""
    return [held.line() for held in cross_validate(found, max_false_declines)]
