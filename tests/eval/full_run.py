"""A stored run over every item of both corpora, made without running the engine: answers
built from the items' own gold quotes (cited), with a known share declined or wrong, so the
report can be exercised at full size quickly."""

from __future__ import annotations

import json
from pathlib import Path

from eval.corpora import CORPUS_DIRS, raw_texts
from eval.dataset import Item, load_items
from eval.evidence import locate
from eval.records import (
    META_FILE,
    ChunkRecord,
    CitationRecord,
    ItemRecord,
    TurnRecord,
    write_records,
    write_texts,
)


def _record(item: Item, n: int, texts: dict[str, str]) -> ItemRecord:
    record = ItemRecord(item_id=item.id, system="extractive", corpus=item.corpus)
    chunks = []
    for ev in item.gold_evidence:
        text = texts.get(ev.doc_id, "")
        span = locate(ev.quote, text) or (0, min(len(text), 200))
        start, end = max(0, span[0] - 150), min(len(text), span[1] + 150)
        chunks.append(
            ChunkRecord(
                chunk_id=f"{ev.doc_id}:{start}",
                doc_id=ev.doc_id,
                start=start,
                end=end,
                text=text[start:end],
                score=0.9 - 0.01 * len(chunks),
            )
        )
    declined = not item.answerable or n % 5 == 0
    wrong = n % 7 == 0 and item.answerable
    lines = [f"- {ev.quote} [{i}]" for i, ev in enumerate(item.gold_evidence, start=1)]
    answer = "The documents do not say." if declined else "\n".join(lines)
    if wrong:
        answer = "- Something unrelated entirely. [1]"
    citations = (
        []
        if declined
        else [
            CitationRecord(n=i, doc_id=ev.doc_id, quote=ev.quote, chunk_id=chunks[i - 1].chunk_id)
            for i, ev in enumerate(item.gold_evidence, start=1)
        ]
    )
    for turn in item.turns:
        record.turns.append(TurnRecord(message=turn, answer="Earlier answer.", mode="extractive"))
    final = record.turns[-1]
    final.answer, final.citations, final.refused = answer, citations, declined
    final.search_query, final.context = item.question, chunks
    final.evidence = {
        "decision": "declined" if declined else "answered",
        "answer_type": "open",
        "threshold": 0.5,
        "best": 0.3 if declined else 0.8 - (n % 10) / 50,
        "sentences": [],
    }
    record.retrieved = chunks
    return record


def make_full_run(run_dir: Path, split: str = "test") -> Path:
    """Every item of `split` (both corpora) as a stored run in `run_dir`."""
    run_dir.mkdir(parents=True, exist_ok=True)
    items = [i for i in load_items() if split in ("all", i.split)]
    texts = {name: raw_texts(path) for name, path in CORPUS_DIRS.items()}
    records = [_record(item, n, texts[item.corpus]) for n, item in enumerate(items)]
    write_records(records, run_dir)
    write_texts(texts, run_dir)
    meta = {
        "system": "extractive",
        "suite": "full",
        "split": split,
        "corpus_selection": "all",
        "started": "2026-01-01T00:00:00+00:00",
        "items": [i.id for i in items],
        "corpus": {"files": {}, "hash": "0" * 64},
        "prompts": {"files": {}, "hash": "0" * 64},
        "config": {},
        "git_commit": None,
    }
    (run_dir / META_FILE).write_text(json.dumps(meta), encoding="utf-8")
    return run_dir
