"""Pure statistics for reports: percentiles, bootstrap 95% intervals, a paired regression test."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

RESAMPLES = 2000
SEED = 20230404  # fixed, so a report is reproducible


@dataclass(frozen=True)
class Estimate:
    """A mean over n items with its percentile-bootstrap 95% interval."""

    mean: float
    low: float
    high: float
    n: int

    def as_dict(self) -> dict[str, float | int]:
        return {"mean": self.mean, "low": self.low, "high": self.high, "n": self.n}


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100), linear interpolation; NaN for no values."""
    if not values:
        return math.nan
    return float(np.percentile(np.asarray(values, dtype=float), q))


def bootstrap(values: Sequence[float], resamples: int = RESAMPLES, seed: int = SEED) -> Estimate:
    """Mean and 2.5/97.5 percentiles of the means of `resamples` resamples with replacement."""
    data = np.asarray(values, dtype=float)
    if data.size == 0:
        return Estimate(math.nan, math.nan, math.nan, 0)
    rng = np.random.default_rng(seed)
    means = data[rng.integers(0, data.size, size=(resamples, data.size))].mean(axis=1)
    low, high = np.percentile(means, [2.5, 97.5])
    return Estimate(float(data.mean()), float(low), float(high), int(data.size))


@dataclass(frozen=True)
class PairedChange:
    """Item-by-item change of one metric between two runs (new minus old)."""

    mean_diff: float
    low: float
    high: float
    n: int
    worse: int
    better: int

    @property
    def significant_drop(self) -> bool:
        """The whole 95% interval of the paired mean difference lies below zero."""
        return self.n > 0 and self.high < 0

    def as_dict(self) -> dict[str, float | int | bool]:
        return {
            "mean_diff": self.mean_diff,
            "low": self.low,
            "high": self.high,
            "n": self.n,
            "worse": self.worse,
            "better": self.better,
            "significant_drop": self.significant_drop,
        }


def paired_change(
    old: dict[str, float], new: dict[str, float], higher_is_better: bool = True
) -> PairedChange:
    """Paired bootstrap over the items both runs scored; differences oriented so that a
    negative mean always means 'worse'."""
    shared = sorted(set(old) & set(new))
    sign = 1.0 if higher_is_better else -1.0
    diffs = [sign * (new[i] - old[i]) for i in shared]
    estimate = bootstrap(diffs)
    return PairedChange(
        mean_diff=estimate.mean,
        low=estimate.low,
        high=estimate.high,
        n=estimate.n,
        worse=sum(1 for d in diffs if d < 0),
        better=sum(1 for d in diffs if d > 0),
    )
