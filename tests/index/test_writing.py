"""Writing a generation checks that its sentence vectors match its sentences."""

from __future__ import annotations

from pathlib import Path

import bm25s
import numpy as np
import pytest

from index.writing import write_generation
from tests.index.samples import sample_document


def test_vectors_must_match_the_sentences(tmp_path: Path) -> None:
    bm25 = bm25s.BM25()
    bm25.index([["plan"]], show_progress=False)
    with pytest.raises(ValueError, match="sentence vectors"):
        write_generation(tmp_path, "g1", {}, [sample_document("a", 3)], bm25, np.zeros((2, 4)))
