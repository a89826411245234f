"""Ingest parses each sentence once: the generation carries every sentence's facts, a
re-ingest parses only the documents that changed, and an index of an older format is rebuilt."""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from pathlib import Path

import pytest

import ingest.documents
from index.embedder import Embedder
from index.store import DOCUMENTS_FILE, FORMAT_VERSION, IndexMismatchError, load_generation
from ingest.pipeline import run_ingest
from nlp.facts import SentenceFacts, sentence_facts
from tests.conftest import CORPUS, make_settings

pytestmark = pytest.mark.integration
CHANGED = "2023-01-16-ggi-future-of-integrated-care.txt"
KEPT = "2023-04-hill-dickinson-hewitt-review-provider-collaboratives.txt"
KEPT_ID = "hill-dickinson-hewitt-collaboratives"


def test_facts_are_stored_once_and_kept_for_unchanged_documents(
    tmp_path: Path, embedder: Embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in (CHANGED, KEPT, "manifest.yaml"):
        shutil.copy(CORPUS / name, corpus / name)
    settings = make_settings(tmp_path / "data", corpus)
    run_ingest(None, settings, embedder=embedder)
    before = load_generation(settings.index_dir).documents
    for doc in before.values():
        texts = [doc.sentence_text(n) for n in range(len(doc.sentences))]
        assert doc.facts == sentence_facts(texts)
        assert any(f.values for f in doc.facts) and any(f.dependent for f in doc.facts)

    parsed: list[str] = []

    def spy(texts: Sequence[str]) -> list[SentenceFacts]:
        parsed.extend(texts)
        return sentence_facts(texts)

    monkeypatch.setattr(ingest.documents, "sentence_facts", spy)
    path = corpus / CHANGED
    path.write_text(path.read_text(encoding="utf-8") + "\n\nThey did not meet in May 2024.\n")
    summary = run_ingest(None, settings, embedder=embedder)
    assert summary.updated == ["ggi-response"] and summary.unchanged == [KEPT_ID]
    after = load_generation(settings.index_dir).documents
    changed = after["ggi-response"]
    assert parsed == [changed.sentence_text(n) for n in range(len(changed.sentences))]
    assert after[KEPT_ID].facts == before[KEPT_ID].facts
    closing = changed.facts[-1]
    assert closing.dependent and closing.negated and ("May 2024", "DATE") in closing.values


def test_an_index_of_an_older_format_is_rebuilt_by_a_plain_ingest(
    tmp_path: Path, embedder: Embedder
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in (KEPT, "manifest.yaml"):
        shutil.copy(CORPUS / name, corpus / name)
    settings = make_settings(tmp_path / "data", corpus)
    old = run_ingest(None, settings, embedder=embedder).generation
    path = settings.index_dir / old / DOCUMENTS_FILE
    data = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({**data, "format": FORMAT_VERSION - 1}), encoding="utf-8")
    with pytest.raises(IndexMismatchError, match="re-ingest with `review-assistant ingest`"):
        load_generation(settings.index_dir)
    summary = run_ingest(None, settings, embedder=embedder)
    assert summary.added == [KEPT_ID] and summary.generation != old
    rebuilt = load_generation(settings.index_dir).documents[KEPT_ID]
    assert rebuilt.facts and len(rebuilt.facts) == len(rebuilt.sentences)
    assert not (settings.index_dir / old).exists()
