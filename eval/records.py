"""What a run stores for each item, so it can be re-scored without re-running the system."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

ANSWERS_FILE = "answers.jsonl"
TEXTS_FILE = "texts.json"
META_FILE = "run.json"


class ChunkRecord(BaseModel):
    """A retrieved passage: where it sits in its document's text, and its text."""

    model_config = ConfigDict(extra="ignore")

    chunk_id: str
    doc_id: str
    start: int
    end: int
    text: str = ""
    score: float | None = None


class CitationRecord(BaseModel):
    """One `[n]` of an answer, as the system returned it."""

    model_config = ConfigDict(extra="ignore")

    n: int
    doc_id: str
    quote: str = ""
    chunk_id: str = ""
    start: int = 0
    end: int = 0
    title: str = ""
    publisher: str = ""
    date: str = ""
    section: str = ""


class TurnRecord(BaseModel):
    """One user message and the system's reply."""

    message: str
    answer: str = ""
    citations: list[CitationRecord] = Field(default_factory=list)
    refused: bool = False
    refusal_reason: str | None = None
    mode: str = ""
    search_query: str | None = None
    notice: str | None = None
    latency_ms: float = 0.0
    context: list[ChunkRecord] = Field(default_factory=list)  # passages the answer drew on
    error: str | None = None
    # The response's answerability audit (`evidence`: decision, best score, threshold, ...).
    evidence: dict[str, Any] | None = None


class ItemRecord(BaseModel):
    """Every turn of one dataset item, plus the top-10 ranking for the last turn's query."""

    item_id: str
    system: str
    corpus: str = "main"
    turns: list[TurnRecord] = Field(default_factory=list)
    retrieved: list[ChunkRecord] = Field(default_factory=list)
    skipped: str | None = None

    @property
    def final(self) -> TurnRecord:
        return self.turns[-1]

    @property
    def error(self) -> str | None:
        return next((t.error for t in self.turns if t.error), None)


def write_records(records: list[ItemRecord], run_dir: Path) -> None:
    lines = [r.model_dump_json() for r in records]
    (run_dir / ANSWERS_FILE).write_text("\n".join(lines) + "\n", encoding="utf-8")


def read_records(run_dir: Path) -> list[ItemRecord]:
    path = run_dir / ANSWERS_FILE
    return [
        ItemRecord.model_validate_json(line)
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def write_texts(texts: dict[str, dict[str, str]], run_dir: Path) -> None:
    """Document texts per corpus, in the offsets the system's chunks use."""
    (run_dir / TEXTS_FILE).write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")


def read_texts(run_dir: Path) -> dict[str, dict[str, str]]:
    data: dict[str, dict[str, str]] = json.loads((run_dir / TEXTS_FILE).read_text(encoding="utf-8"))
    return data
