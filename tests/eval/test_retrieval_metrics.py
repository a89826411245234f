"""Retrieval metrics by span overlap, bootstrap intervals and the paired regression test."""

from __future__ import annotations

import math

import pytest

from eval.evidence import Span, gold_spans, locate
from eval.retrieval_metrics import (
    all_evidence_at,
    hit_at,
    ndcg_at,
    recall_at,
    reciprocal_rank,
    retrieval_scores,
)
from eval.stats import bootstrap, paired_change, percentile

GOLD = [Span("a", 100, 150), Span("b", 10, 40)]
MISS = ("c", 0, 500)


def test_perfect_ranking_scores_one() -> None:
    ranked = [("a", 90, 200), ("b", 0, 100)]
    scores = retrieval_scores(ranked, GOLD)
    assert scores["hit@3"] == scores["recall@3"] == scores["all_evidence@3"] == 1.0
    assert scores["mrr"] == 1.0 and scores["ndcg@3"] == 1.0


def test_a_ranking_with_no_evidence_scores_zero() -> None:
    ranked = [MISS, ("a", 0, 100), ("b", 40, 90)]  # adjacent spans do not overlap
    scores = retrieval_scores(ranked, GOLD)
    assert all(v == 0.0 for v in scores.values()), scores


def test_rank_and_cutoff_matter() -> None:
    ranked = [MISS, MISS, MISS, ("a", 120, 130), MISS, ("b", 39, 60)]
    assert hit_at(ranked, GOLD, 3) == 0.0 and hit_at(ranked, GOLD, 5) == 1.0
    assert recall_at(ranked, GOLD, 5) == 0.5 and recall_at(ranked, GOLD, 10) == 1.0
    assert all_evidence_at(ranked, GOLD, 5) == 0.0 and all_evidence_at(ranked, GOLD, 10) == 1.0
    assert reciprocal_rank(ranked, GOLD) == 0.25
    assert 0.0 < ndcg_at(ranked, GOLD, 10) < ndcg_at([ranked[3], ranked[5]], GOLD, 10) == 1.0


def test_duplicates_of_one_span_do_not_count_twice() -> None:
    ranked = [("a", 100, 110), ("a", 140, 160)]
    assert recall_at(ranked, GOLD, 3) == 0.5
    assert ndcg_at(ranked, GOLD, 3) < 1.0


def test_gold_spans_survive_whitespace_and_typography() -> None:
    text = "Intro.\n\nThe  ICB\u2019s role\nis   clear. End."
    assert locate("The ICB's role is clear.", text) is None
    spans, missing = gold_spans(
        [("d", "The ICB's role is clear."), ("d", "absent text")], {"d": text}
    )
    assert missing == ["d: absent text"]
    assert text[spans[0].start : spans[0].end] == "The  ICB\u2019s role\nis   clear."


def test_bootstrap_interval_contains_the_mean_and_narrows_with_n() -> None:
    small = bootstrap([1.0, 0.0] * 5)
    large = bootstrap([1.0, 0.0] * 200)
    assert small.low <= small.mean == 0.5 <= small.high
    assert (large.high - large.low) < (small.high - small.low)
    assert bootstrap([1.0] * 9).low == 1.0
    assert math.isnan(bootstrap([]).mean)


def test_percentiles() -> None:
    assert percentile([10.0, 20.0, 30.0, 40.0, 1000.0], 50) == 30.0
    assert percentile(list(range(1, 101)), 95) == pytest.approx(95.05)


def test_paired_change_flags_a_real_drop_but_not_noise() -> None:
    old = {f"i{n}": 1.0 for n in range(30)}
    broken = {f"i{n}": 0.0 if n < 20 else 1.0 for n in range(30)}
    noisy = {f"i{n}": 0.0 if n == 0 else 1.0 for n in range(30)}
    assert paired_change(old, broken).significant_drop
    assert not paired_change(old, noisy).significant_drop
    assert not paired_change(old, old).significant_drop
    rates = {f"i{n}": 0.0 for n in range(30)}
    assert paired_change(rates, dict.fromkeys(rates, 1.0), higher_is_better=False).significant_drop
