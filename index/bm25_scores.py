"""BM25 scores of a saved keyword index, read with numpy alone.

Ingest builds and saves the index with bm25s; answering needs only the saved score arrays, and
importing bm25s (which imports scipy) costs a cold `ask` ~0.13 s CPU. The scores are bm25s's own
(`BM25.get_scores`): the same arrays summed in the same order, byte for byte.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

NONOCCURRENCE_METHODS = ("bm25l", "bm25+")  # bm25s adds a per-term score to every document


class Bm25Scores:
    """Term → per-chunk BM25 score columns (CSC arrays as bm25s saves them)."""

    def __init__(self, path: Path) -> None:
        params = json.loads((path / "params.index.json").read_text(encoding="utf-8"))
        self.vocabulary: dict[str, int] = json.loads(
            (path / "vocab.index.json").read_text(encoding="utf-8")
        )
        self.data = np.load(path / "data.csc.index.npy", allow_pickle=False)
        self.indices = np.load(path / "indices.csc.index.npy", allow_pickle=False)
        self.indptr = np.load(path / "indptr.csc.index.npy", allow_pickle=False)
        self.num_docs = int(params["num_docs"])
        self.dtype = np.dtype(params.get("dtype", "float32"))
        self.int_dtype = np.dtype(params.get("int_dtype", "int32"))
        self.nonoccurrence: np.ndarray | None = None
        if params.get("method") in NONOCCURRENCE_METHODS:
            self.nonoccurrence = np.load(path / "nonoccurrence_array.index.npy", allow_pickle=False)

    def get_scores(self, tokens: list[str]) -> np.ndarray:
        """Each chunk's BM25 score for the query tokens (tokens not indexed are left out)."""
        ids = np.asarray(
            [self.vocabulary[t] for t in tokens if t in self.vocabulary], dtype=self.int_dtype
        )
        if int(ids.max(initial=0)) >= len(self.indptr) - 1:  # bm25s's own check
            raise ValueError("the query holds a token that has no scores in the index")
        scores = np.zeros(self.num_docs, dtype=self.dtype)
        for token in ids:
            start, end = self.indptr[token], self.indptr[token + 1]
            np.add.at(scores, self.indices[start:end], self.data[start:end])
        if self.nonoccurrence is not None:
            scores += self.nonoccurrence[ids].sum()
        return scores
