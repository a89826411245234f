"""Three-turn conversations through `assistant.pipeline.answer` on both corpora: each follow-up
is searched as a standalone question about what the conversation is about."""

from __future__ import annotations

import shutil

import pytest

from assistant.pipeline import Collaborators, answer
from assistant.runtime import build_collaborators
from assistant.schemas import ChatRequest
from assistant.settings import PROJECT_ROOT
from index.embedder import Embedder
from ingest.pipeline import run_ingest
from tests.conftest import make_settings

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def second_corpus(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Collaborators:
    """corpus-2 ingested into a temporary data directory."""
    corpus = tmp_path_factory.mktemp("corpus-2")
    for path in (PROJECT_ROOT / "corpus-2").iterdir():
        shutil.copy(path, corpus / path.name)
    settings = make_settings(tmp_path_factory.mktemp("corpus-2-data"), corpus)
    run_ingest(None, settings, embedder=embedder)
    return build_collaborators(settings, embedder=embedder)


def converse(collab: Collaborators, messages: list[str]) -> list[str | None]:
    """The search query of every turn of one conversation."""
    conversation_id = None
    queries = []
    for message in messages:
        response = answer(ChatRequest(message=message, conversation_id=conversation_id), collab)
        conversation_id = response.conversation_id
        queries.append(response.search_query)
    return queries


def about(collab: Collaborators, query: str, phrase: str) -> bool:
    """Whether the best passages for `query` mention `phrase`."""
    passages = collab.retriever.search(query, 3)
    return any(phrase.casefold() in p.text.casefold() for p in passages)


def test_three_turns_on_the_main_corpus(collab: Collaborators) -> None:
    queries = converse(
        collab, ["What are HARPs?", "And who would oversee that?", "When would they start?"]
    )
    assert queries == ["What are HARPs?", "Who would oversee HARPs?", "When would HARPs start?"]
    assert all(about(collab, q, "HARP") for q in queries if q)


def test_three_turns_on_the_second_corpus(second_corpus: Collaborators) -> None:
    queries = converse(
        second_corpus,
        [
            "What is the Technology Code of Practice?",
            "Who must follow it?",
            "And when was it published?",
        ],
    )
    assert queries == [
        "What is the Technology Code of Practice?",
        "Who must follow the Technology Code of Practice?",
        "When was the Technology Code of Practice published?",
    ]
    assert all(about(second_corpus, q, "Technology Code of Practice") for q in queries if q)


def test_a_fragment_then_a_pronoun_on_the_second_corpus(second_corpus: Collaborators) -> None:
    queries = converse(
        second_corpus,
        [
            "How many points does the Service Standard have?",
            "And the Technology Code of Practice?",
            "Who must follow it?",
        ],
    )
    assert queries[1:] == [
        "How many points does the Technology Code of Practice have?",
        "Who must follow the Technology Code of Practice?",
    ]
