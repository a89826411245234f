"""The retriever on real Chroma indexes: filters before the cut-off, caps, reloads."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from assistant.pipeline import Collaborators
from assistant.retrieval import Retriever
from assistant.retrieval.retriever import CANDIDATES
from assistant.schemas import SearchFilters
from index.embedder import Embedder
from index.store import open_chroma
from ingest.pipeline import run_ingest
from tests.conftest import ingested_retriever, make_settings, write_corpus

pytestmark = pytest.mark.integration

CROWD = "\n\n".join(
    f"Paragraph {i}. The lantern committee met about lantern repairs, lantern oil and "
    f"lantern glass in district {i}; every lantern was counted again."
    for i in range(120)
)
NEEDLE = (
    "The harbour board publishes its accounts every spring.\n\n"
    "Its annual report also mentions one lantern on the pier.\n\n"
    "Membership of the board is open to every resident of the town."
)
MANIFEST = """documents:
  - id: crowd
    file: crowd.txt
    title: Committee minutes
    publisher: Lantern Committee
    date: "2022-03-01"
    kind: minutes
  - id: needle
    file: needle.txt
    title: Harbour report
    publisher: Harbour Board
    date: "2024-05"
    kind: report
"""


@pytest.fixture(scope="module")
def crowded(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Retriever:
    """Two documents: one with far more than CANDIDATES chunks about a word, one mentioning it."""
    files = {"crowd.txt": CROWD, "needle.txt": NEEDLE, "manifest.yaml": MANIFEST}
    return ingested_retriever(
        tmp_path_factory, embedder, "crowded", files, CHUNK_TOKENS=32, CHUNK_OVERLAP=0
    )


def test_the_crowd_outnumbers_the_keyword_cut_off(crowded: Retriever) -> None:
    state = crowded.state()
    assert len(state.generation.documents["crowd"].chunks) > 40
    unfiltered = state.keywords.chunks("lantern", set(state.generation.documents), 40)
    assert all(cid.startswith("crowd") for cid in unfiltered)


def test_a_document_filter_applies_before_the_keyword_cut_off(crowded: Retriever) -> None:
    passages = crowded.search("lantern", 3, SearchFilters(doc_id=["needle"]))
    assert passages
    assert {p.doc_id for p in passages} == {"needle"}
    lantern = [p for p in passages if "lantern" in p.text]
    assert lantern and lantern[0].bm25_score is not None  # ranked by the keyword scorer too


def test_publisher_and_date_filters_select_documents(crowded: Retriever) -> None:
    by_publisher = crowded.search("board", 5, SearchFilters(publisher=["harbour board"]))
    assert by_publisher and {p.doc_id for p in by_publisher} == {"needle"}
    recent = crowded.search("lantern", 5, SearchFilters(date_from=date(2024, 1, 1)))
    assert recent and {p.doc_id for p in recent} == {"needle"}
    assert crowded.search("lantern", 5, SearchFilters(kind=["nothing"])) == []


def test_per_document_cap_and_k(crowded: Retriever) -> None:
    passages = crowded.search("lantern repairs", 6)
    assert len(passages) <= 6
    assert sum(p.doc_id == "crowd" for p in passages) == 3
    assert [p.score for p in passages] == sorted((p.score for p in passages), reverse=True)


def test_an_abbreviated_query_word_matches_the_word_it_abbreviates(crowded: Retriever) -> None:
    keywords = crowded.state().keywords
    assert keywords.known_term("membersh") == "membership"
    assert keywords.known_term("pie") is None  # too short to stand for "pier"
    assert keywords.known_term("zeppelin") is None
    everything = set(crowded.state().generation.documents)
    found = keywords.chunks("membersh", everything, 5)
    assert found and all(cid.startswith("needle") for cid in found)
    refs = keywords.sentences("membersh", everything)
    assert [crowded.state().sentence_text(r) for r in refs] == [
        "Membership of the board is open to every resident of the town."
    ]


def test_sentence_passages_respect_filters(crowded: Retriever) -> None:
    found = crowded.sentence_passages("lantern pier", 4, set(), SearchFilters(doc_id=["needle"]))
    assert found and all(p.doc_id == "needle" for p in found)
    assert "pier" in found[0].text


def test_passages_quote_the_document_exactly(collab: Collaborators) -> None:
    documents = collab.retriever.state().generation.documents
    passages = collab.retriever.search("provider collaboratives", 8)
    assert len(passages) == 8
    for p in passages:
        assert documents[p.doc_id].text[p.start : p.end] == p.text


def test_a_new_generation_is_picked_up(tmp_path: Path, embedder: Embedder) -> None:
    corpus = write_corpus(tmp_path / "corpus", {"needle.txt": NEEDLE, "manifest.yaml": MANIFEST})
    settings = make_settings(tmp_path / "data", corpus)
    run_ingest(None, settings, embedder=embedder)
    retriever = Retriever(settings.index_dir, open_chroma(settings.data_dir), embedder)
    first = retriever.state().generation.name
    (corpus / "crowd.txt").write_text(CROWD, encoding="utf-8")
    run_ingest(None, settings, embedder=embedder)
    assert retriever.state().generation.name != first
    assert {p.doc_id for p in retriever.search("lantern oil", 4)} >= {"crowd"}


def test_the_search_embedding_is_handed_to_the_answer_engine(
    crowded: Retriever, monkeypatch: pytest.MonkeyPatch
) -> None:
    crowded.search("harbour accounts", 3)
    embedded: list[list[str]] = []
    real = crowded.embedder.embed

    def spy(texts: list[str]) -> np.ndarray:
        embedded.append(list(texts))
        return real(texts)

    monkeypatch.setattr(crowded.embedder, "embed", spy)
    vector = crowded.query_vector("harbour accounts")
    assert embedded == []  # the search's own vector, not a second embedding
    assert np.allclose(vector, real(["harbour accounts"])[0])
    crowded.query_vector("lantern glass")
    assert embedded == [["lantern glass"]]
    # only the thread's last query is kept: not a cache of questions asked before
    crowded.query_vector("harbour accounts")
    assert embedded == [["lantern glass"], ["harbour accounts"]]
    with ThreadPoolExecutor(1) as pool:  # another thread (another request) embeds its own
        pool.submit(crowded.query_vector, "harbour accounts").result()
    assert embedded[-1] == ["harbour accounts"] and len(embedded) == 3


def test_questions_embedded_together_get_the_vectors_they_get_alone(crowded: Retriever) -> None:
    queries = ["harbour accounts", "lantern oil", "who keeps the lighthouse", "glass"] * 4
    alone = {q: crowded.embedder.embed([q])[0] for q in queries}
    with ThreadPoolExecutor(16) as pool:  # concurrent requests share embedding batches
        vectors = list(pool.map(crowded.query_vector, queries))
    assert all(np.array_equal(v, alone[q]) for v, q in zip(vectors, queries, strict=True))


def test_searching_each_document_gives_what_searching_it_alone_gives(
    collab: Collaborators, crowded: Retriever
) -> None:
    """`search_each` shares one dense query among the documents whose chunks all fit under the
    cut-off (and one BM25 scoring among all): each document must still get exactly the
    passages, scores included, of its own search."""
    compared = shared = 0
    for retriever in (collab.retriever, crowded):
        documents = retriever.state().generation.documents
        doc_ids = sorted(documents)
        shared += sum(len(documents[d].chunks) <= CANDIDATES for d in doc_ids) > 1
        for query in ("lantern oil accounts", "accountability of integrated care systems"):
            for filters in (None, SearchFilters(date_from=date(2022, 6, 1))):
                searched = retriever.search_each(query, 3, doc_ids, filters)
                assert list(searched) == doc_ids
                for d in doc_ids:
                    only = (filters or SearchFilters()).model_copy(update={"doc_id": [d]})
                    assert searched[d] == retriever.search(query, 3, only)
                    compared += bool(searched[d])
    assert shared >= 1 and compared >= 10  # the shared query was made, and passages compared
