"""Score a run directory and write report.json, junit.xml, report.html and a history line."""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from assistant.settings import PROJECT_ROOT
from eval.corpora import CORPUS_DIRS, document_sources
from eval.dataset import load_items
from eval.definitions import failure_reasons
from eval.records import META_FILE, ItemRecord, read_records, read_texts
from eval.risk_coverage import risk_coverage
from eval.scoring import ItemScore, merge_judgements, score_item, summarise
from eval.tiers import read_judges

SCHEMA_VERSION = 1
REPORT_FILE = "report.json"
JUNIT_FILE = "junit.xml"
HTML_FILE = "report.html"
HISTORY_FILE = "history.jsonl"
HEADLINE = (
    "truthfulness",
    "key_fact_recall",
    "list_completeness",
    "support",
    "attribution",
    "recall@5",
    "all_evidence@5",
    "mrr",
    "correct_refusal",
    "false_refusal",
    "attack_success",
    "marker_validity",
    "sentence_coverage",
)


def system_prompt_texts(prompts_dir: Path = PROJECT_ROOT / "prompts") -> list[str]:
    """Bodies of the prompt templates (front matter removed), for spotting leaked prompt text."""
    texts = []
    for path in sorted(prompts_dir.glob("*.md")):
        body = path.read_text(encoding="utf-8")
        texts.append(re.sub(r"\A---\n.*?\n---\n", "", body, flags=re.DOTALL))
    return texts


def item_passed(row: ItemScore) -> tuple[bool, str]:
    """A per-item verdict for JUnit: right behaviour for its kind, valid markers."""
    reasons = failure_reasons(row.scores)
    return not reasons, "; ".join(reasons)


def score_run(run_dir: Path) -> dict[str, Any]:
    """The report of a stored run (nothing is re-run)."""
    meta = json.loads((run_dir / META_FILE).read_text(encoding="utf-8"))
    records = read_records(run_dir)
    texts = read_texts(run_dir)
    items = {item.id: item for item in load_items()}
    prompts = system_prompt_texts()
    sources = {name: document_sources(path) for name, path in CORPUS_DIRS.items()}
    scores = [
        score_item(items[r.item_id], r, texts.get(r.corpus, {}), prompts, sources.get(r.corpus))
        for r in records
        if r.item_id in items
    ]
    unknown = [r.item_id for r in records if r.item_id not in items]
    tiers: dict[str, Any] = {"tier0": "ran"}
    judged = read_judges(run_dir)
    judge_errors = 0
    if judged is None:
        tiers.update(llm_judge="skipped: not configured", nli="skipped: not configured")
    else:
        tiers.update(judged["tiers"])
        judge_errors = merge_judgements(scores, judged["items"])
    by_id = {r.item_id: r for r in records}
    return {
        "schema_version": SCHEMA_VERSION,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "run": meta,
        "tiers": tiers,
        "unknown_items": unknown,
        "summary": {**summarise(scores), "judge_errors": judge_errors, "modes": modes(records)},
        "risk_coverage": risk_coverage(items, by_id, scores),
        "items": [_row(s) for s in scores],
    }


def modes(records: list[ItemRecord]) -> dict[str, int]:
    """How many turns each answer mode produced, and how many carried a notice (an LLM run
    that fell back to quotes says so in its notice)."""
    counts: Counter[str] = Counter()
    for turn in (t for r in records for t in r.turns if not t.error):
        counts[turn.mode or "unknown"] += 1
        counts["with_notice"] += 1 if turn.notice else 0
    return dict(counts)


def _row(score: ItemScore) -> dict[str, Any]:
    row = score.as_dict()
    reasons = ["error"] if score.error else failure_reasons(score.scores)
    row["reasons"] = reasons
    row["verdict"] = (
        "error" if score.error else ("fail: " + "; ".join(reasons) if reasons else "pass")
    )
    return row


def write_junit(report: dict[str, Any], path: Path) -> None:
    """One test case per item (plus one per gate check when a gate ran)."""
    run = report["run"]
    suite = ET.Element("testsuite", name=f"eval.{run['suite']}.{run['system']}")
    failures = errors = 0
    for row in report["items"]:
        case = ET.SubElement(
            suite, "testcase", classname=f"eval.{row['kind']}", name=row["item_id"]
        )
        latency = sum(row["latencies_ms"]) / 1000
        case.set("time", f"{latency:.3f}")
        if row["error"]:
            errors += 1
            ET.SubElement(case, "error", message=str(row["error"]))
            continue
        ok, why = item_passed(ItemScore(row["item_id"], row["kind"], row["scores"]))
        if not ok:
            failures += 1
            ET.SubElement(case, "failure", message=why)
    for check in report.get("gate", {}).get("checks", []):
        case = ET.SubElement(suite, "testcase", classname="eval.gate", name=check["name"])
        if not check["passed"]:
            failures += 1
            ET.SubElement(case, "failure", message=check["detail"])
    suite.set("tests", str(len(suite)))
    suite.set("failures", str(failures))
    suite.set("errors", str(errors))
    ET.ElementTree(suite).write(path, encoding="utf-8", xml_declaration=True)


def history_line(report: dict[str, Any]) -> dict[str, Any]:
    """A compact line for trend plots."""
    summary = report["summary"]
    return {
        "created": report["created"],
        "system": report["run"]["system"],
        "suite": report["run"]["suite"],
        "git_commit": report["run"].get("git_commit"),
        "corpus_hash": report["run"]["corpus"]["hash"],
        "items": summary["items"],
        "errors": summary["errors"],
        "metrics": {m: summary["metrics"][m]["mean"] for m in HEADLINE},
        "latency_ms": summary["latency_ms"],
        "gate": report.get("gate", {}).get("passed"),
    }


def append_history(report: dict[str, Any], path: Path) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(history_line(report)) + "\n")


def write_report_json(report: dict[str, Any], run_dir: Path) -> Path:
    path = run_dir / REPORT_FILE
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    return path
