"""Both corpora, for real: every gold quote survives extraction and cleaning verbatim, and no
chunk exceeds the embedder's window with its context."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from index.embedder import Embedder
from ingest.documents import (
    build_document,
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


# Evidence that cites a page's site navigation, which the HTML reader rightly leaves out; the
# same quotes are section headings of gdmp-service-standard, where the item should point.
CITES_NAVIGATION = {"c2-list-001"}


def _items() -> list[dict[str, object]]:
    items = []
    for path in QUESTION_SETS:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                if item.get("gold_evidence"):
                    items.append(item)
    return items


ITEMS = _items()


@pytest.fixture(scope="module")
def sources() -> list[Source]:
    found: list[Source] = []
    for corpus in CORPORA:
        found.extend(collect_sources([corpus], [])[0])
    return found


@pytest.fixture(scope="module")
def cleaned(sources: list[Source]) -> dict[str, str]:
    ids = {s.meta.id for s in sources}
    planted = [s for s in collect_sources([INJECTION], [])[0] if s.meta.id not in ids]
    return {k: _norm(v) for k, v in cleaned_texts(sources + planted).items()}


def test_both_question_sets_are_checked() -> None:
    assert len(ITEMS) > 200


@pytest.mark.parametrize(
    "item",
    [
        pytest.param(
            item,
            id=str(item["id"]),
            marks=[pytest.mark.xfail(strict=True, reason="evidence cites site navigation")]
            if item["id"] in CITES_NAVIGATION
            else [],
        )
        for item in ITEMS
    ],
)
def test_every_gold_quote_is_found_in_the_cleaned_text(
    item: dict[str, Any], cleaned: dict[str, str]
) -> None:
    lost = [
        ev["quote"]
        for ev in item["gold_evidence"]
        if _norm(ev["quote"]) not in cleaned[ev["doc_id"]]
    ]
    assert not lost


def test_no_chunk_exceeds_the_embedder_window(sources: list[Source], tmp_path: Path) -> None:
    embedder = Embedder()
    settings = make_settings(tmp_path)
    repeats = publisher_repeats(sources)
    for source in sources:
        layout, removals = clean_source(source, repeats.get(source.meta.publisher, set()))
        document = build_document(source, layout, removals, "x", settings, embedder)
        assert document.chunks, source.meta.id
        for chunk in document.chunks:
            context = context_line(document.title, document.publisher, chunk.section)
            assert embedder.count_tokens(f"{context}\n{chunk.text}") <= embedder.max_tokens
            assert chunk.text == document.text[chunk.start : chunk.end]
