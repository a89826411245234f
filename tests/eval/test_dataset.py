"""Dataset lint: gold quotes are verbatim, ids unique, kinds and counts hold, smoke covers all.

`load_items()` includes the team-written dev-only questions of `eval/dataset/dev-extra/`
(written from the documents, never reported), so they are linted here too; their own checks
(dev only, cleaned text, test split unchanged) are in test_dev_extra.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from eval.answer_text import has_fact
from eval.corpora import CORPUS_DIRS, raw_texts
from eval.dataset import (
    DATASET_FILES,
    MIN_COUNTS,
    MIN_TOTAL,
    Item,
    kind_counts,
    load_items,
    select_suite,
)
from eval.evidence import corpus_texts, locate

ROOT = Path(__file__).resolve().parents[2]
CORPORA = {"main": ROOT / "corpus"}
ITEMS = load_items()


def test_ids_are_unique() -> None:
    ids = [item.id for item in ITEMS]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})


def test_counts_hold() -> None:
    counts = kind_counts(ITEMS)
    short = {k: (counts.get(k, 0), n) for k, n in MIN_COUNTS.items() if counts.get(k, 0) < n}
    assert not short, f"kinds below their minimum (have, need): {short}"
    assert len(ITEMS) >= MIN_TOTAL


@pytest.mark.parametrize("corpus", sorted(CORPUS_DIRS))
def test_every_gold_quote_is_verbatim_in_its_document(corpus: str) -> None:
    texts = raw_texts(CORPUS_DIRS[corpus])
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


def test_smoke_suite_covers_every_kind_and_corpus_of_the_test_split() -> None:
    smoke = select_suite(ITEMS, "smoke")
    assert 30 <= len(smoke) <= 70
    assert {i.split for i in smoke} == {"test"}
    test_strata = {(i.report_corpus, i.kind) for i in ITEMS if i.split == "test"}
    assert {(i.report_corpus, i.kind) for i in smoke} == test_strata
    assert set(MIN_COUNTS) <= set(kind_counts(smoke))


def test_unanswerable_items_need_no_evidence_but_answerable_ones_do() -> None:
    with pytest.raises(ValueError):
        Item(id="fact-999", kind="factual", turns=["q"], answerable=True)
    with pytest.raises(ValueError):
        Item(id="unans-999", kind="unanswerable", turns=["q"], answerable=False, key_facts=[["x"]])


def test_file_is_one_object_a_line() -> None:
    for path in DATASET_FILES:
        lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
        assert len(lines) == len(load_items(path)) > 0


NEW_KINDS = ("summary", "list", "timeline", "comparison")


@pytest.mark.parametrize("corpus", ["main", "corpus-2"])
def test_each_corpus_has_the_board_member_kinds(corpus: str) -> None:
    """Summaries, lists, timelines and comparisons are what board members ask most."""
    mine = [i for i in ITEMS if i.report_corpus == corpus and i.kind in NEW_KINDS]
    assert {i.kind for i in mine} == set(NEW_KINDS)
    written = [i for i in mine if re.match(r"^(c2-)?(list|time|sum|comp)-\d{3}$", i.id)]
    assert len(written) >= 15
    assert {i.split for i in mine} == {"dev", "test"}


def test_a_list_item_names_each_entry_as_a_key_fact() -> None:
    """List completeness counts key facts, so a list needs one per entry."""
    lists = [i for i in ITEMS if i.kind == "list"]
    assert lists and all(len(i.key_facts) >= 2 for i in lists)
