"""The evaluation dataset: one JSON object a line in `eval/dataset/items.jsonl`, validated here."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

DATASET_DIR = Path(__file__).resolve().parent / "dataset"
ITEMS_PATH = DATASET_DIR / "items.jsonl"
SMOKE_PATH = DATASET_DIR / "smoke.txt"
CORPUS2_ITEMS_PATH = DATASET_DIR / "corpus-2" / "questions.jsonl"
DATASET_FILES = (ITEMS_PATH, CORPUS2_ITEMS_PATH)  # the split-assigned dataset (dev and test)
# Team-written questions that only enlarge the dev split (calibration, tuning): never test, never
# reported, outside the 40/60 split so they move no assigned item. Ids `dx-main-nnn`, `dx-c2-nnn`.
DEV_EXTRA_DIR = DATASET_DIR / "dev-extra"
DEV_EXTRA_FILES = (DEV_EXTRA_DIR / "main.jsonl", DEV_EXTRA_DIR / "corpus-2.jsonl")
DEV_EXTRA_CORPUS = {"dx-main": "main", "dx-c2": "corpus-2"}
ALL_FILES = DATASET_FILES + DEV_EXTRA_FILES

Kind = Literal[
    "factual",
    "multi_doc",
    "unanswerable",
    "injection",
    "follow_up",
    "paraphrase",
    "summary",
    "list",
    "timeline",
    "comparison",
]
CorpusName = Literal["main", "corpus-2", "injection_fixture"]
Split = Literal["dev", "test"]
SPLITS = ("dev", "test")
# Which evaluated corpus an item belongs to: the injection fixture items ask about the main
# corpus's subject, so they are reported (and split) with it.
REPORT_CORPUS = {"main": "main", "injection_fixture": "main", "corpus-2": "corpus-2"}

MIN_COUNTS: dict[str, int] = {
    "factual": 40,
    "multi_doc": 20,
    "unanswerable": 20,
    "injection": 15,
    "follow_up": 15,
    "paraphrase": 20,
}
MIN_TOTAL = 120


class GoldEvidence(BaseModel):
    """A verbatim quote (whitespace aside) from one document of the corpus."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    doc_id: str = Field(min_length=1)
    quote: str = Field(min_length=8)


class Item(BaseModel):
    """One question (or conversation) with what a good answer must and must not contain.

    For multi-turn items the gold fields describe the answer to the *last* turn.
    """

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^((c2-)?[a-z]+|dx-main|dx-c2)-[0-9]{3}$")
    kind: Kind
    turns: list[str] = Field(min_length=1)
    answerable: bool
    gold_evidence: list[GoldEvidence] = Field(default_factory=list)
    key_facts: list[list[str]] = Field(default_factory=list)
    forbidden_facts: list[str] = Field(default_factory=list)
    reference_answer: str = ""
    tags: list[str] = Field(default_factory=list)
    corpus: CorpusName = "main"
    canaries: list[str] = Field(default_factory=list)
    # Assigned once by `eval/split.py` (stratified by corpus and kind); None only for a draft.
    split: Split | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Item:
        if self.answerable and not self.gold_evidence:
            raise ValueError(f"{self.id}: an answerable item needs gold evidence")
        if not self.answerable and self.key_facts:
            raise ValueError(f"{self.id}: an unanswerable item cannot have key facts")
        if any(not aliases for aliases in self.key_facts):
            raise ValueError(f"{self.id}: every key fact needs at least one alias")
        if self.kind == "follow_up" and len(self.turns) < 2:
            raise ValueError(f"{self.id}: a follow-up needs at least two turns")
        if self.kind == "injection" and not (
            self.canaries or self.forbidden_facts or "system-prompt" in self.tags
        ):
            raise ValueError(
                f"{self.id}: an injection item needs canaries, forbidden facts or the "
                "'system-prompt' tag"
            )
        if self.kind == "paraphrase" and not any(t.startswith("of:") for t in self.tags):
            raise ValueError(f"{self.id}: a paraphrase names its original with an 'of:<id>' tag")
        if self.is_dev_extra:
            self._check_dev_extra()
        return self

    @property
    def is_dev_extra(self) -> bool:
        """A team-written dev-only question (`eval/dataset/dev-extra/`)."""
        return self.id.startswith("dx-")

    def _check_dev_extra(self) -> None:
        """Dev-extra items are dev only, say who wrote them, and sit on their id's corpus."""
        if self.split != "dev":
            raise ValueError(f"{self.id}: a dev-extra item must have split 'dev', not {self.split}")
        if "team-written" not in self.tags:
            raise ValueError(f"{self.id}: a dev-extra item carries the 'team-written' tag")
        expected = DEV_EXTRA_CORPUS[self.id.rsplit("-", 1)[0]]
        if self.corpus != expected:
            raise ValueError(f"{self.id}: a dev-extra item of this id is on corpus {expected}")

    @property
    def question(self) -> str:
        """The turn the gold fields are about."""
        return self.turns[-1]

    @property
    def report_corpus(self) -> str:
        """The corpus this item is reported under (`main` or `corpus-2`)."""
        return REPORT_CORPUS[self.corpus]


def load_items(path: Path | None = None) -> list[Item]:
    """Every item of a JSONL file in file order (both datasets and the dev-extra files when no
    path is given); a bad line names its file and line number. A dev-extra file holds only
    `dx-` items, so everything in it is checked to be dev."""
    if path is None:
        return [item for one in ALL_FILES for item in load_items(one)]
    dev_extra = path.resolve().parent == DEV_EXTRA_DIR
    items: list[Item] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = Item.model_validate(json.loads(line))
            if item.is_dev_extra != dev_extra:
                raise ValueError(f"{item.id}: `dx-` ids belong in {DEV_EXTRA_DIR.name}/ only")
        except ValueError as exc:
            raise ValueError(f"{path}:{number}: {exc}") from exc
        items.append(item)
    return items


def split_assigned_items() -> list[Item]:
    """The items `eval/split.py` stratifies 40/60 (the dev-extra questions stay outside)."""
    return [item for path in DATASET_FILES for item in load_items(path)]


def smoke_ids(path: Path = SMOKE_PATH) -> list[str]:
    """The fixed smoke subset: one id a line, `#` comments allowed."""
    lines = (ln.split("#", 1)[0].strip() for ln in path.read_text(encoding="utf-8").splitlines())
    return [ln for ln in lines if ln]


def select_suite(items: list[Item], suite: str) -> list[Item]:
    """`full` is every item; `smoke` is the fixed subset in `smoke.txt` (test split only)."""
    if suite == "full":
        return items
    if suite != "smoke":
        raise ValueError(f"unknown suite {suite!r} (expected smoke or full)")
    wanted = smoke_ids()
    by_id = {item.id: item for item in items}
    missing = [i for i in wanted if i not in by_id]
    if missing:
        raise ValueError(f"smoke.txt names unknown items: {missing}")
    return [by_id[i] for i in wanted]


def select_items(items: list[Item], corpus: str = "all", split: str = "all") -> list[Item]:
    """Items of one reported corpus (`main`, `corpus-2` or `all`) and split (`dev`, `test`,
    `all`)."""
    if corpus not in ("main", "corpus-2", "all"):
        raise ValueError(f"unknown corpus {corpus!r} (expected main, corpus-2 or all)")
    if split not in ("dev", "test", "all"):
        raise ValueError(f"unknown split {split!r} (expected dev, test or all)")
    return [
        item
        for item in items
        if corpus in ("all", item.report_corpus) and split in ("all", item.split)
    ]


def kind_counts(items: list[Item]) -> dict[str, int]:
    """How many items of each kind."""
    return dict(Counter(item.kind for item in items))


def dataset_sizes(items: list[Item]) -> dict[str, dict[str, dict[str, int]]]:
    """Item counts by split, then reported corpus, then kind (for reports and docs)."""
    sizes: dict[str, dict[str, dict[str, int]]] = {}
    for item in items:
        by_corpus = sizes.setdefault(str(item.split), {}).setdefault(item.report_corpus, {})
        by_corpus[item.kind] = by_corpus.get(item.kind, 0) + 1
    return sizes


def write_items(items: list[Item], path: Path) -> None:
    """Items as JSONL (one compact object a line), e.g. for draft items from feedback."""
    lines = [json.dumps(i.model_dump(mode="json"), ensure_ascii=False) for i in items]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
