"""Where the answer gate operates: the thresholds that spend a false-decline budget on a set of
scored questions, and the folds that give each dev question scores from models that did not
see it (the calibration picks its thresholds on those, see `calibrate.cross_fitted`)."""

from __future__ import annotations

from collections.abc import Callable

from assistant.answer.calibration_data import Example

# One question's scores at the gate: whether it is answerable, its best sentence's probability
# and the gate's probability over that sentence.
Scored = tuple[bool, float, float]


def fold_numbers(found: list[Example], folds: int) -> list[int]:
    """Each question's fold: every `folds`-th question of its corpus, answerable and not apart
    (so that each fold holds both), in item-id order."""
    numbers = [0] * len(found)
    for group in sorted({e.group for e in found}):
        for answerable in (True, False):
            same = [
                i for i, e in enumerate(found) if e.group == group and e.answerable == answerable
            ]
            for n, i in enumerate(sorted(same, key=lambda i: found[i].item_id)):
                numbers[i] = n % folds
    return numbers


def highest_within(
    candidates: list[float], declined: Callable[[float], float], limit: float
) -> float:
    """The highest threshold whose share of answerable questions declined stays within
    `limit` (the lowest candidate when none does)."""
    within = [t for t in candidates if declined(t) <= limit]
    return max(within) if within else min(candidates)


def declined_share(scored: list[Scored], threshold: float, gate: float, answerable: bool) -> float:
    """Share of the answerable (or unanswerable) questions below either threshold."""
    chosen = [(p, q) for a, p, q in scored if a == answerable] or [(0.0, 0.0)]
    return sum(p < threshold or q < gate for p, q in chosen) / len(chosen)


def operating_point(scored: list[Scored], max_false_declines: float) -> tuple[float, float]:
    """The sentence threshold that declines at most half of `max_false_declines` of the
    answerable questions, then the gate threshold that spends the rest."""
    answerable = [p for a, p, _q in scored if a] or [0.0]
    threshold = highest_within(
        sorted({p for _a, p, _q in scored}),
        lambda t: sum(p < t for p in answerable) / len(answerable),
        max_false_declines / 2,
    )
    gate = highest_within(
        sorted({q for _a, _p, q in scored}),
        lambda g: declined_share(scored, threshold, g, True),
        max_false_declines,
    )
    return threshold, gate
