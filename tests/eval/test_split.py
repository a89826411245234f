"""The dev/test split: every item has one, stratified 40/60 by corpus and kind, stable, no
paraphrase leaking across it; and no code under the answer engine knows the items."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from eval.dataset import Item, load_items, split_assigned_items
from eval.split import DEV_SHARE, assign_splits, original_of

ROOT = Path(__file__).resolve().parents[2]
ITEMS = load_items()  # with the dev-extra questions: the engine must not know those either
ASSIGNED = split_assigned_items()  # what the 40/60 split stratifies
ENGINE_PACKAGES = ("assistant", "ingest", "nlp", "index")


def test_every_item_of_both_datasets_has_a_split() -> None:
    assert {i.report_corpus for i in ITEMS} == {"main", "corpus-2"}
    assert [i.id for i in ITEMS if i.split is None] == []


def test_each_stratum_is_forty_sixty() -> None:
    strata: dict[tuple[str, str], Counter[str]] = {}
    for item in ASSIGNED:
        if item.kind != "paraphrase":
            strata.setdefault((item.report_corpus, item.kind), Counter())[str(item.split)] += 1
    off = {
        key: dict(c)
        for key, c in strata.items()
        if c["dev"] != round(DEV_SHARE * (c["dev"] + c["test"]))
    }
    assert not off, off
    dev = sum(1 for i in ASSIGNED if i.split == "dev")
    assert 0.35 <= dev / len(ASSIGNED) <= 0.45


def test_a_paraphrase_shares_its_originals_split() -> None:
    by_id = {i.id: i for i in ITEMS}
    crossed = [
        i.id
        for i in ITEMS
        if i.kind == "paraphrase" and by_id[original_of(i) or ""].split != i.split
    ]
    assert crossed == []


def test_assignment_is_recorded_once_and_new_items_keep_the_balance() -> None:
    assert assign_splits(load_items()) == []  # nothing left to assign: the files hold it
    items = split_assigned_items()
    new = [
        Item(
            id=f"c2-fact-9{n:02d}", kind="factual", turns=["q"], answerable=False, corpus="corpus-2"
        )
        for n in range(10)
    ]
    before = {i.id: i.split for i in items}
    changed = assign_splits(items + new)
    assert {i.id for i in changed} == {i.id for i in new}
    assert all(i.split == before[i.id] for i in items)
    stratum = [i for i in items + new if i.report_corpus == "corpus-2" and i.kind == "factual"]
    dev = sum(1 for i in stratum if i.split == "dev")
    assert dev == round(DEV_SHARE * len(stratum))


def _engine_sources() -> list[Path]:
    return [p for pkg in ENGINE_PACKAGES for p in sorted((ROOT / pkg).rglob("*.py"))]


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


ID_PATTERN = re.compile(r"\b(?:" + "|".join(re.escape(i.id) for i in ITEMS) + r")\b")
QUESTIONS = {_squash(t) for i in ITEMS for t in i.turns if len(_squash(t).split()) >= 5}


def leaks(text: str) -> list[str]:
    """Item ids named, and item questions copied (punctuation and case aside), in `text`."""
    flat = f" {_squash(text)} "
    named = [f"id {m}" for m in sorted(set(ID_PATTERN.findall(text)))]
    return named + [f"question {q!r}" for q in sorted(QUESTIONS) if f" {q} " in flat]


def test_no_engine_code_names_an_item_or_copies_its_question() -> None:
    """Tuning to the evaluation items would flatter the published figures."""
    found = [
        f"{path.relative_to(ROOT)}: {leak}"
        for path in _engine_sources()
        for leak in leaks(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_the_code_lint_can_fail() -> None:
    item = next(i for i in ITEMS if i.corpus == "corpus-2" and len(i.question.split()) >= 5)
    assert leaks(f'SPECIAL = {{"{item.id}": 1}}') == [f"id {item.id}"]
    assert leaks(f"# {item.question.upper()}") == [f"question {_squash(item.question)!r}"]
    assert leaks("def answer(question): return question") == []
