"""Pure retrieval metrics. A retrieved chunk matches gold evidence when their character spans in
the same document overlap, so labels survive re-chunking (formulas in eval/README.md)."""

from __future__ import annotations

import math
from collections.abc import Sequence

from eval.evidence import Span

KS = (3, 5, 10)
Ranked = Sequence[tuple[str, int, int]]  # (doc_id, start, end), best first


def covered(chunk: tuple[str, int, int], gold: Sequence[Span]) -> set[int]:
    """Indices of the gold spans this chunk overlaps."""
    doc_id, start, end = chunk
    return {i for i, span in enumerate(gold) if span.overlaps(doc_id, start, end)}


def hit_at(ranked: Ranked, gold: Sequence[Span], k: int) -> float:
    """1 if any of the top k chunks overlaps any gold span, else 0."""
    return 1.0 if any(covered(c, gold) for c in ranked[:k]) else 0.0


def recall_at(ranked: Ranked, gold: Sequence[Span], k: int) -> float:
    """Share of gold spans overlapped by at least one of the top k chunks."""
    if not gold:
        raise ValueError("recall needs at least one gold span")
    found: set[int] = set()
    for chunk in ranked[:k]:
        found |= covered(chunk, gold)
    return len(found) / len(gold)


def all_evidence_at(ranked: Ranked, gold: Sequence[Span], k: int) -> float:
    """1 if every gold span is overlapped within the top k, else 0."""
    return 1.0 if recall_at(ranked, gold, k) == 1.0 else 0.0


def reciprocal_rank(ranked: Ranked, gold: Sequence[Span]) -> float:
    """1 / rank of the first chunk overlapping any gold span (0 when none does)."""
    for rank, chunk in enumerate(ranked, start=1):
        if covered(chunk, gold):
            return 1.0 / rank
    return 0.0


def ndcg_at(ranked: Ranked, gold: Sequence[Span], k: int) -> float:
    """nDCG@k where a chunk's gain is the number of gold spans it is first to cover, and the
    ideal ranking covers one new span at each of ranks 1..min(k, |gold|); capped at 1."""
    if not gold:
        raise ValueError("nDCG needs at least one gold span")
    seen: set[int] = set()
    dcg = 0.0
    for rank, chunk in enumerate(ranked[:k], start=1):
        new = covered(chunk, gold) - seen
        seen |= new
        dcg += len(new) / math.log2(rank + 1)
    ideal = sum(1.0 / math.log2(rank + 1) for rank in range(1, min(k, len(gold)) + 1))
    return min(1.0, dcg / ideal)


def retrieval_scores(ranked: Ranked, gold: Sequence[Span]) -> dict[str, float]:
    """Every retrieval metric for one item, keyed `hit@3`, `recall@5`, `mrr`, ..."""
    scores: dict[str, float] = {"mrr": reciprocal_rank(ranked, gold)}
    for k in KS:
        scores[f"hit@{k}"] = hit_at(ranked, gold, k)
        scores[f"recall@{k}"] = recall_at(ranked, gold, k)
        scores[f"all_evidence@{k}"] = all_evidence_at(ranked, gold, k)
        scores[f"ndcg@{k}"] = ndcg_at(ranked, gold, k)
    return scores
