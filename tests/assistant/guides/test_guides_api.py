"""The guide endpoints over HTTP, and "summarise X" answered from a guide."""

from __future__ import annotations

import httpx
import pytest

from assistant.answer.question import analyse
from assistant.guides.answers import guide_answer
from assistant.guides.outline import numbered_level
from assistant.pipeline import Collaborators
from tests.conftest import LiveServer

pytestmark = pytest.mark.integration


def test_document_guide_over_http(server: LiveServer, collab: Collaborators) -> None:
    documents = collab.retriever.state().generation.documents
    for doc_id, doc in documents.items():
        response = httpx.get(f"{server.url}/api/documents/{doc_id}/guide", timeout=30)
        assert response.status_code == 200
        body = response.json()
        assert body["doc_id"] == doc_id and body["title"] == doc.title
        assert body["summary"] and body["suggested_questions"]
        for sentence in body["summary"]:
            assert doc.text[sentence["start"] : sentence["end"]] == sentence["quote"]
            assert sentence["chunk_id"]


def test_unknown_document_guide_is_404(server: LiveServer) -> None:
    response = httpx.get(f"{server.url}/api/documents/nope/guide", timeout=30)
    assert response.status_code == 404
    assert "nope" in response.text


def test_collection_guide_lists_every_document(server: LiveServer, collab: Collaborators) -> None:
    documents = collab.retriever.state().generation.documents
    response = httpx.get(f"{server.url}/api/collection/guide", timeout=30)
    assert response.status_code == 200
    body = response.json()
    assert {d["doc_id"] for d in body["documents"]} == set(documents)
    shared = [o for o in body["organisations"] if len(o["documents"]) > 1]
    assert shared  # organisations named across documents come first
    assert body["organisations"][0] == shared[0]
    keys = [(t["year"], t["month"]) for t in body["timeline"]]
    assert keys and keys == sorted(keys)


def test_summarise_a_named_document_is_answered_from_its_guide(collab: Collaborators) -> None:
    state = collab.retriever.state()
    doc = max(state.generation.documents.values(), key=lambda d: len(d.sections))
    question = analyse(f"Summarise {doc.title}", state.generation.documents.values())
    draft = guide_answer(question, state)
    assert draft is not None and not draft.refused
    assert doc.title in draft.answer
    assert len(draft.citations) >= 3
    for citation in draft.citations:
        assert citation.doc_id == doc.doc_id
        assert doc.text[citation.start : citation.end] == citation.quote
        assert f"[{citation.n}]" in draft.answer


def test_a_specific_question_is_left_to_the_answer_engine(collab: Collaborators) -> None:
    state = collab.retriever.state()
    doc = next(iter(state.generation.documents.values()))
    question = analyse(f"When was {doc.title} published?", state.generation.documents.values())
    assert guide_answer(question, state) is None


@pytest.mark.parametrize(
    ("detail", "gist"),
    [
        ("Which services are exempt from {} in Narnia?", "What does {} say?"),
        # "summarise what X says about Y": one topic of X, not X's whole summary
        ("Summarise what {} says about dragon husbandry", "Summarise what {} says"),
    ],
)
def test_a_detail_about_a_named_document_is_not_answered_with_its_guide(
    collab: Collaborators, detail: str, gist: str
) -> None:
    state = collab.retriever.state()
    doc = next(iter(state.generation.documents.values()))
    documents = state.generation.documents.values()
    asked = analyse(detail.format(doc.title), documents)
    assert asked.named_documents
    assert guide_answer(asked, state) is None
    assert guide_answer(analyse(gist.format(doc.title), documents), state) is not None


def test_a_summary_of_a_named_section_quotes_that_section(collab: Collaborators) -> None:
    state = collab.retriever.state()
    documents = state.generation.documents.values()
    doc = next(d for d in documents if numbered_level(d))
    heading = numbered_level(doc)[1]
    name = " ".join(doc.text[heading.start : heading.end].split())
    draft = guide_answer(analyse(f"Summarise “{name}” in {doc.title}", documents), state)
    assert draft is not None and f"Summary of “{name.rstrip(':.')}”" in draft.answer
    end = next(
        (b.start for b in doc.blocks
         if b.kind == "heading" and b.start > heading.start and b.level <= heading.level),
        len(doc.text),
    )  # fmt: skip
    assert draft.citations
    assert all(c.doc_id == doc.doc_id and heading.end <= c.start < end for c in draft.citations)


def test_a_list_question_gets_the_numbered_headings_of_a_document_that_numbers_them(
    collab: Collaborators,
) -> None:
    state = collab.retriever.state()
    documents = state.generation.documents.values()
    doc = next(d for d in documents if numbered_level(d))
    draft = guide_answer(analyse(f"What are the sections of {doc.title}?", documents), state)
    assert draft is not None
    for heading in numbered_level(doc):
        name = " ".join(doc.text[heading.start : heading.end].split())
        assert f"**{name.rstrip(':.')}**" in draft.answer
