"""Dense scoring: nearest chunks in the generation's Chroma collection, filtered inside Chroma."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import numpy as np

if TYPE_CHECKING:
    from chromadb.api.models.Collection import Collection


def dense_chunks(
    collection: Collection, vector: np.ndarray, allowed: set[str] | None, limit: int
) -> dict[str, float]:
    """Chunk id → cosine similarity for the `limit` nearest chunks of the allowed documents
    (`None` allows all), best first; the filter is applied before the cut-off."""
    from chromadb.api.types import Where

    if limit <= 0:
        return {}
    where = None if allowed is None else cast(Where, {"doc_id": {"$in": sorted(allowed)}})
    result = collection.query(
        query_embeddings=[vector.tolist()],
        n_results=limit,
        where=where,
        include=["distances"],
    )
    distances = (result.get("distances") or [[]])[0]
    return {cid: 1.0 - float(d) for cid, d in zip(result["ids"][0], distances, strict=True)}
