"""The team-written dev-extra questions: dev only, never in the smoke suite or the test split,
checked against the cleaned text ingest indexes, and picked up by dev runs and calibration."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from assistant.answer.calibrate import dev_items
from eval.answer_text import has_fact
from eval.dataset import (
    DEV_EXTRA_FILES,
    Item,
    load_items,
    select_items,
    select_suite,
    split_assigned_items,
)
from eval.evidence import locate
from ingest.documents import cleaned_texts
from ingest.sources import collect_sources

ROOT = Path(__file__).resolve().parents[2]
EXTRA = {path.stem: load_items(path) for path in DEV_EXTRA_FILES}  # "main", "corpus-2"
ALL = [item for items in EXTRA.values() for item in items]
# The split-assigned test items per reported corpus and kind when the dev-extra files came in
# (eval/README.md's table): adding dev-extra questions must leave the test split as it was.
TEST_COUNTS = {
    "main": {
        "factual": 28,
        "multi_doc": 13,
        "comparison": 2,
        "list": 4,
        "summary": 2,
        "timeline": 2,
        "follow_up": 10,
        "paraphrase": 15,
        "unanswerable": 13,
        "injection": 9,
    },
    "corpus-2": {
        "factual": 20,
        "multi_doc": 2,
        "comparison": 5,
        "list": 8,
        "summary": 5,
        "timeline": 2,
        "follow_up": 4,
        "paraphrase": 4,
        "unanswerable": 11,
    },
}


def _item(**changes: object) -> dict[str, object]:
    base: dict[str, object] = {
        "id": "dx-main-999",
        "kind": "unanswerable",
        "turns": ["q"],
        "answerable": False,
        "tags": ["team-written"],
        "corpus": "main",
        "split": "dev",
    }
    return {**base, **changes}


def test_each_corpus_has_enough_dev_extra_questions_of_both_kinds() -> None:
    for corpus, items in EXTRA.items():
        unanswerable = sum(1 for i in items if not i.answerable)
        assert len(items) >= 40, corpus
        assert 0.3 <= unanswerable / len(items) <= 0.5, (corpus, unanswerable, len(items))


def test_every_dev_extra_item_is_dev_team_written_and_on_its_files_corpus() -> None:
    corpus_of_file = {"main": "main", "corpus-2": "corpus-2"}
    for name, items in EXTRA.items():
        assert {i.split for i in items} == {"dev"}
        assert all(i.id.startswith("dx-") and "team-written" in i.tags for i in items)
        assert {i.corpus for i in items} == {corpus_of_file[name]}
    ids = [i.id for i in ALL]
    assert len(ids) == len(set(ids))


def test_a_dev_extra_item_outside_dev_is_rejected() -> None:
    with pytest.raises(ValueError, match="split 'dev'"):
        Item.model_validate(_item(split="test"))
    with pytest.raises(ValueError, match="split 'dev'"):
        Item.model_validate(_item(split=None))
    with pytest.raises(ValueError, match="team-written"):
        Item.model_validate(_item(tags=[]))
    with pytest.raises(ValueError, match="corpus"):
        Item.model_validate(_item(id="dx-c2-999"))
    assert Item.model_validate(_item()).is_dev_extra


def test_dev_extra_ids_belong_in_the_dev_extra_files_only(tmp_path: Path) -> None:
    elsewhere = tmp_path / "items.jsonl"
    elsewhere.write_text(json.dumps(_item()) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="dev-extra/ only"):
        load_items(elsewhere)


def test_the_test_split_and_the_smoke_suite_are_unchanged() -> None:
    assigned = split_assigned_items()
    counts: dict[str, Counter[str]] = {}
    for item in assigned:
        if item.split == "test":
            counts.setdefault(item.report_corpus, Counter())[item.kind] += 1
    assert {corpus: dict(c) for corpus, c in counts.items()} == TEST_COUNTS
    everything = load_items()
    assert not [i.id for i in select_suite(everything, "smoke") if i.is_dev_extra]
    assert not [i.id for i in select_items(everything, "all", "test") if i.is_dev_extra]
    assert not [i for i in assigned if i.is_dev_extra]


def test_a_dev_run_and_calibration_pick_them_up() -> None:
    everything = load_items()
    for corpus, items in (("main", EXTRA["main"]), ("corpus-2", EXTRA["corpus-2"])):
        dev = {i.id for i in select_items(everything, corpus, "dev")}
        assert {i.id for i in items} <= dev
    for path in DEV_EXTRA_FILES:
        # Calibration reads single-turn questions; a follow-up conversation is for dev runs only.
        items = load_items(path)
        assert [i["id"] for i in dev_items(path)] == [i.id for i in items if len(i.turns) == 1]
        assert {i.kind for i in items if len(i.turns) > 1} <= {"follow_up"}


@pytest.fixture(scope="module")
def cleaned() -> dict[str, str]:
    found = [collect_sources([ROOT / corpus], [])[0] for corpus in ("corpus", "corpus-2")]
    return cleaned_texts([source for sources in found for source in sources])


def test_every_gold_quote_survives_cleaning_and_states_its_key_facts(
    cleaned: dict[str, str],
) -> None:
    """The evaluation finds evidence in the cleaned text ingest indexes, not the raw file."""
    missing = [
        f"{item.id}: {ev.doc_id}: {ev.quote!r}"
        for item in ALL
        for ev in item.gold_evidence
        if locate(ev.quote, cleaned.get(ev.doc_id, "")) is None
    ]
    assert missing == []
    unstated = [
        f"{item.id}: {aliases}"
        for item in ALL
        for aliases in item.key_facts
        if not any(has_fact(" ".join(e.quote for e in item.gold_evidence), a) for a in aliases)
    ]
    assert unstated == []
