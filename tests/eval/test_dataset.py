"""Dataset lint: gold quotes are verbatim, ids unique, kinds and counts hold, smoke covers all."""

from __future__ import annotations

from pathlib import Path

import pytest

from eval.answer_text import has_fact
from eval.dataset import (
    ITEMS_PATH,
    MIN_COUNTS,
    MIN_TOTAL,
    Item,
    kind_counts,
    load_items,
    select_suite,
)
from eval.evidence import corpus_texts, locate
from ingest.cleaning import clean_text, find_boilerplate

ROOT = Path(__file__).resolve().parents[2]
CORPORA = {
    "main": ROOT / "corpus",
    "injection_fixture": ROOT / "tests" / "fixtures" / "injection_corpus",
}
ITEMS = load_items()


def test_ids_are_unique() -> None:
    ids = [item.id for item in ITEMS]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})


def test_counts_hold() -> None:
    counts = kind_counts(ITEMS)
    short = {k: (counts.get(k, 0), n) for k, n in MIN_COUNTS.items() if counts.get(k, 0) < n}
    assert not short, f"kinds below their minimum (have, need): {short}"
    assert len(ITEMS) >= MIN_TOTAL


@pytest.mark.parametrize("corpus", sorted(CORPORA))
def test_every_gold_quote_is_verbatim_in_its_document(corpus: str) -> None:
    texts = corpus_texts(CORPORA[corpus])
    bad = [
        f"{item.id}: {ev.doc_id}: {ev.quote!r}"
        for item in ITEMS
        if item.corpus == corpus
        for ev in item.gold_evidence
        if ev.doc_id not in texts or locate(ev.quote, texts[ev.doc_id]) is None
    ]
    assert not bad, "quotes not found verbatim (whitespace aside):\n" + "\n".join(bad)


def test_a_changed_quote_is_caught() -> None:
    texts = corpus_texts(CORPORA["main"])
    quote = "The output comprises some 36 recommendations"
    assert locate(quote, texts["hill-dickinson-hewitt-collaboratives"]) is not None
    assert locate(quote.replace("36", "63"), texts["hill-dickinson-hewitt-collaboratives"]) is None


def test_key_facts_appear_in_the_gold_quotes() -> None:
    """A key fact that no gold quote states would be an unfair test."""
    bad = []
    for item in ITEMS:
        quotes = " ".join(ev.quote for ev in item.gold_evidence)
        for aliases in item.key_facts:
            if not any(has_fact(quotes, alias) for alias in aliases):
                bad.append(f"{item.id}: {aliases}")
    assert not bad, bad


def test_paraphrases_point_at_existing_items() -> None:
    ids = {item.id for item in ITEMS}
    originals = [
        t[3:] for i in ITEMS if i.kind == "paraphrase" for t in i.tags if t.startswith("of:")
    ]
    assert originals and all(o in ids for o in originals)


def test_smoke_suite_covers_every_kind() -> None:
    smoke = select_suite(ITEMS, "smoke")
    assert 20 <= len(smoke) <= 35
    assert set(kind_counts(smoke)) == set(MIN_COUNTS)


def test_unanswerable_items_need_no_evidence_but_answerable_ones_do() -> None:
    with pytest.raises(ValueError):
        Item(id="fact-999", kind="factual", turns=["q"], answerable=True)
    with pytest.raises(ValueError):
        Item(id="unans-999", kind="unanswerable", turns=["q"], answerable=False, key_facts=[["x"]])


def test_file_is_one_object_a_line() -> None:
    lines = [ln for ln in ITEMS_PATH.read_text(encoding="utf-8").splitlines() if ln.strip()]
    assert len(lines) == len(ITEMS)


def test_every_gold_quote_survives_cleaning() -> None:
    """Evidence in navigation, sign-up blurbs or firm boilerplate is dropped by ingest, so an
    item citing it could never be answered from the index."""
    texts = corpus_texts(CORPORA["main"])
    boilerplate = find_boilerplate(texts.values())
    cleaned = {doc_id: clean_text(raw, boilerplate) for doc_id, raw in texts.items()}
    lost = [
        f"{item.id}: {ev.quote!r}"
        for item in ITEMS
        if item.corpus == "main"
        for ev in item.gold_evidence
        if locate(ev.quote, cleaned[ev.doc_id], fold=True) is None
    ]
    assert not lost, "gold quotes removed by cleaning:\n" + "\n".join(lost)
