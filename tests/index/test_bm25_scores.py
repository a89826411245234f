"""The keyword scores read without bm25s are bm25s's own, byte for byte, for every method."""

from __future__ import annotations

from pathlib import Path

import bm25s
import pytest

from index.bm25_scores import Bm25Scores

CORPUS = [
    ["board", "plan", "care", "care"],
    ["plan", "fund", "year"],
    ["care", "system", "board", "lead", "plan"],
    ["year", "report"],
]
QUERIES = [["care"], ["plan", "board"], ["care", "care", "year"], ["absent"], ["absent", "fund"]]


@pytest.mark.parametrize("method", ["lucene", "robertson", "atire", "bm25l", "bm25+"])
def test_scores_equal_bm25s(tmp_path: Path, method: str) -> None:
    index = bm25s.BM25(method=method)
    index.index(CORPUS, show_progress=False)
    index.save(str(tmp_path))
    saved, scores = bm25s.BM25.load(str(tmp_path)), Bm25Scores(tmp_path)
    for query in QUERIES:
        expected = saved.get_scores(query)
        got = scores.get_scores(query)
        assert got.dtype == expected.dtype
        assert got.tobytes() == expected.tobytes(), query
    lead_or_fund = scores.get_scores(["lead", "fund"])  # in chunks 2 and 1 only
    assert min(lead_or_fund[1], lead_or_fund[2]) > max(lead_or_fund[0], lead_or_fund[3])
