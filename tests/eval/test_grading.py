"""Human grading: the sheet lists each cited sentence and citation; grades read back give the
agreement with the automatic verdicts; a bad grade is a clear error."""

from __future__ import annotations

import csv
from pathlib import Path

from typer.testing import CliRunner

from eval.cli import eval_app
from eval.records import CitationRecord, ItemRecord, TurnRecord, write_records

ANSWER = (
    "**Briefing — NHS Confederation, April 2023**\n"
    "- The review recommends no more than ten national priorities. [1]\n"
    "- It recommends a national health mission. [2]\n"
)


def _run(tmp_path: Path) -> Path:
    turn = TurnRecord(
        message="How many national priorities?",
        answer=ANSWER,
        citations=[
            CitationRecord(
                n=1, doc_id="d", quote="The review recommends no more than ten national priorities."
            ),
            CitationRecord(n=2, doc_id="d", quote="Something else entirely."),
        ],
    )
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    write_records([ItemRecord(item_id="fact-006", system="extractive", turns=[turn])], run_dir)
    return run_dir


def _grade(path: Path, grades: dict[tuple[str, str], str]) -> None:
    rows = list(csv.DictReader(path.read_text(encoding="utf-8").splitlines()))
    for row in rows:
        row["grade"] = grades.get((row["row"], row["sentence_no"]), "")
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def test_export_then_import_reports_agreement(tmp_path: Path) -> None:
    run_dir = _run(tmp_path)
    result = CliRunner().invoke(eval_app, ["export-grading", str(run_dir)])
    assert result.exit_code == 0, result.output
    sheet = run_dir / "grading.csv"
    rows = list(csv.DictReader(sheet.read_text(encoding="utf-8").splitlines()))
    assert [(r["row"], r["auto"]) for r in rows] == [
        ("sentence", "100"),
        ("citation", "supports"),
        ("sentence", "0"),
        ("citation", "doesn't"),
    ]
    assert rows[0]["question"] == "How many national priorities?" and rows[0]["kind"] == "factual"
    # The expert agrees on sentence 1 and its citation; calls sentence 2 partly right (80),
    # which the automatic check called unsupported, and its citation does not support it.
    _grade(
        sheet,
        {
            ("sentence", "1"): "100",
            ("citation", "1"): "supports",
            ("sentence", "2"): "80",
            ("citation", "2"): "doesn't",
        },
    )
    result = CliRunner().invoke(eval_app, ["import-grading", str(sheet)], terminal_width=200)
    assert result.exit_code == 0, result.output
    lines = {ln.split("│")[1].strip(): ln for ln in result.output.splitlines() if "│" in ln}
    assert "0.500" in lines["sentence"] and "1.000" in lines["citation"]


def test_a_bad_grade_names_its_line(tmp_path: Path) -> None:
    run_dir = _run(tmp_path)
    CliRunner().invoke(eval_app, ["export-grading", str(run_dir)])
    sheet = run_dir / "grading.csv"
    _grade(sheet, {("sentence", "1"): "90"})
    result = CliRunner().invoke(eval_app, ["import-grading", str(sheet)], terminal_width=200)
    assert result.exit_code == 2
    assert "grading.csv:2" in result.output and "'90'" in result.output
