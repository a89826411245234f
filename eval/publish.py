"""Turn a run directory into its reports: score, gate, JSON, JUnit, HTML and a history line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from eval.dataset import load_items
from eval.gate import baseline_path, evaluate_gate
from eval.records import read_records, read_texts
from eval.report import (
    HISTORY_FILE,
    HTML_FILE,
    JUNIT_FILE,
    REPORT_FILE,
    append_history,
    score_run,
    write_junit,
    write_report_json,
)
from eval.report_html import render_html


def latest_comparison(
    run_dir: Path, suite: str, system: str = "baseline", before: str | None = None
) -> Path | None:
    """The newest other run of `system` on the same suite beside this run (started before
    `before`, when given), if any."""
    candidates = []
    for path in run_dir.parent.glob(f"*/{REPORT_FILE}"):
        if path.parent == run_dir:
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        started = data["run"].get("started", "")
        if before is not None and started >= before:
            continue
        if data["run"]["suite"] == suite and data["run"]["system"] == system:
            candidates.append((started, path.parent))
    return max(candidates)[1] if candidates else None


def publish(
    run_dir: Path,
    *,
    compare_dir: Path | None = None,
    gate: bool = False,
    gate_baseline: Path | None = None,
    history: Path | None = None,
) -> dict[str, Any]:
    """Write report.json, junit.xml and report.html into `run_dir`; append to the history."""
    report = score_run(run_dir)
    run = report["run"]
    if gate:
        chosen = gate_baseline or baseline_path(run["suite"], run["system"])
        report["gate"] = evaluate_gate(report, chosen)
    if compare_dir is None and run["system"] != "baseline":
        compare_dir = latest_comparison(run_dir, run["suite"])
    compare = compare_records = None
    if compare_dir is not None and (compare_dir / REPORT_FILE).exists():
        compare = json.loads((compare_dir / REPORT_FILE).read_text(encoding="utf-8"))
        compare_records = {r.item_id: r for r in read_records(compare_dir)}
        report["compared_with"] = str(compare_dir)
    previous = None
    previous_dir = latest_comparison(run_dir, run["suite"], run["system"], before=run["started"])
    if previous_dir is not None:
        previous = json.loads((previous_dir / REPORT_FILE).read_text(encoding="utf-8"))
        report["previous"] = str(previous_dir)
    write_report_json(report, run_dir)
    write_junit(report, run_dir / JUNIT_FILE)
    records = {r.item_id: r for r in read_records(run_dir)}
    items = {i.id: i for i in load_items()}
    html = render_html(
        report, records, items, compare, compare_records, previous, read_texts(run_dir)
    )
    (run_dir / HTML_FILE).write_text(html, encoding="utf-8")
    append_history(report, history or run_dir.parent / HISTORY_FILE)
    return report
