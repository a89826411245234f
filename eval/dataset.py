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

Kind = Literal["factual", "multi_doc", "unanswerable", "injection", "follow_up", "paraphrase"]
CorpusName = Literal["main", "injection_fixture"]

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

    id: str = Field(pattern=r"^[a-z]+-[0-9]{3}$")
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
        return self

    @property
    def question(self) -> str:
        """The turn the gold fields are about."""
        return self.turns[-1]


def load_items(path: Path = ITEMS_PATH) -> list[Item]:
    """Every item of a JSONL file, in file order; a bad line names its line number."""
    items: list[Item] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            items.append(Item.model_validate(json.loads(line)))
        except ValueError as exc:
            raise ValueError(f"{path}:{number}: {exc}") from exc
    return items


def smoke_ids(path: Path = SMOKE_PATH) -> list[str]:
    """The fixed smoke subset: one id a line, `#` comments allowed."""
    lines = (ln.split("#", 1)[0].strip() for ln in path.read_text(encoding="utf-8").splitlines())
    return [ln for ln in lines if ln]


def select_suite(items: list[Item], suite: str) -> list[Item]:
    """`full` is every item; `smoke` is the fixed subset in `smoke.txt`."""
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


def kind_counts(items: list[Item]) -> dict[str, int]:
    """How many items of each kind."""
    return dict(Counter(item.kind for item in items))


def write_items(items: list[Item], path: Path) -> None:
    """Items as JSONL (one compact object a line), e.g. for draft items from feedback."""
    lines = [json.dumps(i.model_dump(mode="json"), ensure_ascii=False) for i in items]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
