"""Search filters as a set of allowed documents, decided before any ranking is cut off."""

from __future__ import annotations

from collections.abc import Mapping

from assistant.schemas import SearchFilters
from index.stored_document import StoredDocument


def _folded(values: list[str]) -> set[str]:
    return {v.casefold() for v in values}


def admits(document: StoredDocument, filters: SearchFilters) -> bool:
    """Whether one document passes every filter that is set."""
    if filters.doc_id and document.doc_id not in filters.doc_id:
        return False
    if filters.publisher and document.publisher.casefold() not in _folded(filters.publisher):
        return False
    if filters.kind and document.kind.casefold() not in _folded(filters.kind):
        return False
    # Dates may be year-month only ("2023-04"); compare on the common prefix.
    date = document.date[:10]
    if filters.date_from and date < filters.date_from.isoformat()[: len(date)]:
        return False
    return not (filters.date_to and date > filters.date_to.isoformat()[: len(date)])


def allowed_documents(
    documents: Mapping[str, StoredDocument], filters: SearchFilters | None
) -> set[str]:
    """Ids of the documents a search may return (all of them without filters)."""
    if filters is None:
        return set(documents)
    return {doc_id for doc_id, doc in documents.items() if admits(doc, filters)}
