"""The embedder's batching: like-length batches within a padded-token budget, batches run in
parallel and repeated texts give the same vectors as one at a time."""

from __future__ import annotations

import numpy as np

from index.embedder import Embedder

TEXTS = [
    "The board meets every quarter.",
    "Budgets are agreed in March after a public consultation with every partner organisation "
    "and the finance committee has reviewed the three year plan.",
    "Short.",
    "The board meets every quarter.",
    " ".join(["Long sentence about shared care records and data."] * 60),  # beyond the window
    "Each partner reports on its outcomes twice a year.",
]


def test_batches_keep_like_lengths_within_the_budgets() -> None:
    embedder = Embedder(batch_size=3, batch_tokens=100)
    lengths = [10, 50, 12, 11, 30, 300, 9, 10]
    batches = embedder.batches(lengths)
    assert sorted(i for batch in batches for i in batch) == list(range(len(lengths)))
    for batch in batches:
        assert len(batch) <= 3
        assert len(batch) == 1 or len(batch) * max(lengths[i] for i in batch) <= 100
    assert [[lengths[i] for i in batch] for batch in batches] == [
        [9, 10, 10], [11, 12, 30], [50], [300],
    ]  # fmt: skip


def test_parallel_batches_and_repeats_give_the_vectors_of_single_texts(
    embedder: Embedder,
) -> None:
    single = np.vstack([embedder.embed([text]) for text in TEXTS])
    parallel = Embedder(batch_size=2, threads=1, workers=2, batch_tokens=64).embed(TEXTS)
    assert parallel.shape == (len(TEXTS), embedder.dimension)
    assert np.allclose(parallel, single, atol=2e-3)
    assert np.array_equal(parallel[0], parallel[3])
    assert np.allclose(np.linalg.norm(parallel, axis=1), 1.0, atol=1e-4)
    assert not np.allclose(parallel[0], parallel[2], atol=0.1)


def test_whole_words_are_the_tokenizers_common_words_not_pieces_or_slips() -> None:
    words = Embedder().whole_words
    assert {"push", "rules", "government", "people"} <= words
    assert not {"collab", "princples", "##ing", "[CLS]"} & words
