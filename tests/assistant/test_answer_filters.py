"""Search filters (a Slack channel's `sources set`, the API's `filters`) bound the whole answer:
the engine's extra sentence passages and a named document's guide included."""

from __future__ import annotations

import pytest

from assistant.pipeline import Collaborators, answer
from assistant.retrieval.filters import admits
from assistant.schemas import ChatRequest, SearchFilters

pytestmark = pytest.mark.integration


def _questions(collab: Collaborators) -> tuple[SearchFilters, list[str]]:
    """A filter by the kind of one document, and questions that would reach the others."""
    documents = list(collab.retriever.state().generation.documents.values())
    kinds = sorted({d.kind for d in documents})
    assert len(kinds) > 1
    kept = SearchFilters(kind=[kinds[0]])
    left_out = [d for d in documents if not admits(d, kept)]
    questions = ["What are the main recommendations?"]
    questions += [f"Summarise {d.title}" for d in left_out[:2]]
    return kept, questions


def test_every_citation_and_passage_comes_from_admitted_documents(collab: Collaborators) -> None:
    filters, questions = _questions(collab)
    documents = collab.retriever.state().generation.documents
    unfiltered = answer(ChatRequest(message=questions[1]), collab)
    assert any(not admits(documents[c.doc_id], filters) for c in unfiltered.citations)
    for question in questions:
        response = answer(ChatRequest(message=question), collab, filters=filters)
        cited = {c.doc_id for c in response.citations} | {p.doc_id for p in response.nearest}
        assert all(admits(documents[d], filters) for d in cited), (question, cited)
