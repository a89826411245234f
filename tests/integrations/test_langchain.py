"""The LangChain retriever over the real index, used as LangChain code would use it."""

from __future__ import annotations

import pytest
from langchain_core.documents import Document
from langchain_core.runnables import RunnableLambda

from assistant.integrations.langchain import ReviewAssistantRetriever
from assistant.pipeline import Collaborators
from assistant.schemas import SearchFilters
from assistant.settings import Settings

pytestmark = pytest.mark.integration


def test_invoke_returns_passages_as_documents(collab: Collaborators) -> None:
    retriever = ReviewAssistantRetriever(retriever=collab.retriever, k=3)
    docs = retriever.invoke("What are HARPs?")
    assert 1 <= len(docs) <= 3 and all(isinstance(d, Document) for d in docs)
    passages = collab.retriever.search("What are HARPs?", 3)
    assert [d.page_content for d in docs] == [p.text for p in passages]
    first = docs[0].metadata
    assert {"doc_id", "title", "publisher", "date", "section", "start", "end"} <= set(first)
    assert docs[0].id == passages[0].chunk_id


def test_filters_and_chains(collab: Collaborators) -> None:
    doc_id = collab.retriever.search("What are HARPs?", 1)[0].doc_id
    only = ReviewAssistantRetriever(
        retriever=collab.retriever, k=5, filters=SearchFilters(doc_id=[doc_id])
    )
    chain = only | RunnableLambda(lambda docs: sorted({d.metadata["doc_id"] for d in docs}))
    assert chain.invoke("integrated care boards") == [doc_id]


def test_from_settings_reads_the_index(corpus_index: Settings) -> None:
    retriever = ReviewAssistantRetriever.from_settings(corpus_index, k=2)
    assert len(retriever.invoke("provider collaboratives")) == 2
