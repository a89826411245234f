"""Thumbs-down feedback (web chat and Slack) -> draft dataset items for an evaluator to complete.

Input is the JSONL of `review-assistant feedback export --format jsonl`: one feedback record a
line. Field names are read tolerantly (`rating` "down" / -1 / false, `question` or `message`,
`source` or `channel`), because the exporter belongs to another package. A draft is *not* a
valid item yet: kind, answerable and key facts are left for a person, and the cited quotes of
the answer that was marked down are offered as candidate evidence.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from eval.answer_text import normalise
from eval.dataset import Item

DRAFT_PREFIX = "draft"
TODO = "TODO"


def is_thumbs_down(record: dict[str, Any]) -> bool:
    rating = record.get("rating", record.get("score", record.get("helpful")))
    if isinstance(rating, bool):
        return rating is False
    if isinstance(rating, int | float):
        return rating < 0
    return str(rating).strip().lower() in {"down", "thumbs_down", "-1", "negative", "bad"}


def _question(record: dict[str, Any]) -> str:
    for key in ("question", "message", "user_message", "query", "prompt"):
        value = record.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def _turns(record: dict[str, Any], question: str) -> list[str]:
    history = record.get("history") or record.get("turns") or []
    earlier = [
        (t.get("content") if isinstance(t, dict) else t)
        for t in history
        if isinstance(t, str) or (isinstance(t, dict) and t.get("role", "user") == "user")
    ]
    turns = [t for t in earlier if isinstance(t, str) and t.strip()]
    return turns if turns and turns[-1] == question else [*turns, question]


def draft_item(record: dict[str, Any], number: int) -> dict[str, Any]:
    """One draft in the dataset's shape, with the feedback it came from."""
    question = _question(record)
    turns = _turns(record, question)
    citations = record.get("citations") or []
    candidates = [
        {"doc_id": c.get("doc_id", ""), "quote": c.get("quote", "")}
        for c in citations
        if isinstance(c, dict) and c.get("quote")
    ]
    source = record.get("source") or record.get("channel") or "unknown"
    return {
        "id": f"{DRAFT_PREFIX}-{number:03d}",
        "kind": f"{TODO}: factual | multi_doc | unanswerable | injection | follow_up | paraphrase",
        "turns": turns,
        "answerable": None,
        "gold_evidence": [],
        "candidate_evidence": candidates,
        "key_facts": [],
        "forbidden_facts": [],
        "reference_answer": "",
        "tags": ["from-feedback", str(source)],
        "feedback": {
            "message_id": record.get("message_id"),
            "conversation_id": record.get("conversation_id"),
            "comment": record.get("comment"),
            "answer": record.get("answer"),
            "refused": record.get("refused"),
            "source": source,
            "created_at": record.get("created_at"),
        },
    }


def read_feedback(path: Path) -> list[dict[str, Any]]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{number}: not JSON ({exc.msg})") from exc
    return rows


def make_drafts(
    feedback: list[dict[str, Any]], items: list[Item], existing: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Drafts for thumbs-down records whose conversation is neither in the dataset already nor
    drafted before (by message id or turns); numbering continues after existing drafts."""

    def key(turns: list[str]) -> tuple[str, ...]:
        return tuple(normalise(t) for t in turns)

    known = {key(item.turns) for item in items}
    known |= {key(d["turns"]) for d in existing if d.get("turns")}
    seen_ids = {d.get("feedback", {}).get("message_id") for d in existing} - {None}
    drafts: list[dict[str, Any]] = []
    number = len(existing)
    for record in feedback:
        question = _question(record)
        if not is_thumbs_down(record) or not question:
            continue
        turns = key(_turns(record, question))
        if turns in known or record.get("message_id") in seen_ids:
            continue
        number += 1
        drafts.append(draft_item(record, number))
        known.add(turns)
    return drafts


def append_drafts(drafts: list[dict[str, Any]], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as handle:
        for draft in drafts:
            handle.write(json.dumps(draft, ensure_ascii=False) + "\n")
