"""Both corpora, for real: every gold quote survives extraction and cleaning verbatim, and no
chunk exceeds the embedder's window with its context."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index.embedder import Embedder
from ingest.pipeline import (
    _build_document,
    clean_source,
    cleaned_texts,
    context_line,
    publisher_repeats,
)
from ingest.sources import Source, collect_sources
from tests.conftest import PROJECT_ROOT, make_settings

CORPORA = [PROJECT_ROOT / "corpus", PROJECT_ROOT / "corpus-2"]
INJECTION = PROJECT_ROOT / "tests" / "fixtures" / "injection_corpus"  # the planted documents
QUESTION_SETS = [
    PROJECT_ROOT / "eval" / "dataset" / "items.jsonl",
    PROJECT_ROOT / "eval" / "dataset" / "corpus-2" / "questions.jsonl",
]


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


@pytest.fixture(scope="module")
def sources() -> list[Source]:
    found: list[Source] = []
    for corpus in CORPORA:
        found.extend(collect_sources([corpus], [])[0])
    return found


def test_every_gold_quote_is_found_in_the_cleaned_text(sources: list[Source]) -> None:
    ids = {s.meta.id for s in sources}
    planted = [s for s in collect_sources([INJECTION], [])[0] if s.meta.id not in ids]
    texts = {k: _norm(v) for k, v in cleaned_texts(sources + planted).items()}
    checked, lost = 0, []
    for path in QUESTION_SETS:
        for line in path.read_text(encoding="utf-8").splitlines():
            item = json.loads(line) if line.strip() else {}
            for evidence in item.get("gold_evidence", []):
                checked += 1
                if _norm(evidence["quote"]) not in texts[evidence["doc_id"]]:
                    lost.append(f"{item['id']}: {evidence['quote']!r}")
    assert checked > 250
    assert not lost, "\n".join(lost)


def test_no_chunk_exceeds_the_embedder_window(sources: list[Source], tmp_path: Path) -> None:
    embedder = Embedder()
    settings = make_settings(tmp_path)
    repeats = publisher_repeats(sources)
    for source in sources:
        layout, removals = clean_source(source, repeats.get(source.meta.publisher, set()))
        document = _build_document(source, layout, removals, "x", settings, embedder)
        assert document.chunks, source.meta.id
        for chunk in document.chunks:
            context = context_line(document.title, document.publisher, chunk.section)
            assert embedder.count_tokens(f"{context}\n{chunk.text}") <= embedder.max_tokens
            assert chunk.text == document.text[chunk.start : chunk.end]
