"""Thumbs-down feedback from the web chat and Slack becomes draft dataset items."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from eval.cli import eval_app
from eval.dataset import load_items
from eval.feedback import is_thumbs_down, make_drafts

RECORDS = [
    {
        "message_id": "m1",
        "conversation_id": "c1",
        "rating": "down",
        "source": "web",
        "question": "What does the review say about pharmacy contracts?",
        "answer": "The review material doesn't cover this.",
        "refused": True,
        "comment": "It does mention primary care contracts",
        "citations": [],
    },
    {
        "message_id": "m2",
        "rating": "up",
        "source": "web",
        "question": "What are HARPs?",
        "answer": "HARPs are ... [1]",
    },
    {
        "message_id": "m3",
        "rating": -1,
        "channel": "slack",
        "message": "When would they start?",
        "history": [
            {"role": "user", "content": "Tell me about HARPs"},
            {"role": "assistant", "content": "HARPs are ..."},
        ],
        "answer": "From 2025 [1].",
        "citations": [
            {
                "n": 1,
                "doc_id": "nhs-confederation-briefing",
                "quote": "These should start to operate from April 2024",
            }
        ],
    },
    {
        "message_id": "m4",
        "rating": "down",
        "source": "web",
        "question": "What is the maximum number of national priorities the review recommends?",
    },
]


def test_only_new_thumbs_down_questions_become_drafts() -> None:
    drafts = make_drafts(RECORDS, load_items(), [])
    assert [d["feedback"]["message_id"] for d in drafts] == ["m1", "m3"]  # m4 is in the dataset
    first, second = drafts
    assert first["id"] == "draft-001" and first["answerable"] is None
    assert first["tags"] == ["from-feedback", "web"] and first["feedback"]["comment"]
    assert second["turns"] == ["Tell me about HARPs", "When would they start?"]
    assert second["candidate_evidence"][0]["doc_id"] == "nhs-confederation-briefing"
    assert second["tags"][-1] == "slack"
    again = make_drafts(RECORDS, load_items(), drafts)
    assert again == []


def test_ratings_are_read_tolerantly() -> None:
    assert is_thumbs_down({"rating": "down"}) and is_thumbs_down({"rating": -1})
    assert is_thumbs_down({"helpful": False}) and not is_thumbs_down({"helpful": True})
    assert not is_thumbs_down({"rating": "up"}) and not is_thumbs_down({})


def test_the_command_appends_drafts_and_does_not_repeat_them(tmp_path: Path) -> None:
    source = tmp_path / "feedback.jsonl"
    source.write_text("\n".join(json.dumps(r) for r in RECORDS) + "\n", encoding="utf-8")
    out = tmp_path / "drafts.jsonl"
    args = ["feedback-drafts", "--input", str(source), "--out", str(out)]
    first = CliRunner().invoke(eval_app, args)
    assert first.exit_code == 0, first.output
    assert "2 new drafts" in first.output
    second = CliRunner().invoke(eval_app, args)
    assert "0 new drafts" in second.output
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2
    bad = tmp_path / "bad.jsonl"
    bad.write_text("not json\n", encoding="utf-8")
    args[2] = str(bad)
    failed = CliRunner().invoke(eval_app, args)
    assert failed.exit_code == 2
