"""`review-assistant eval ...`: run a suite, re-score a stored run, draft items from feedback."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from assistant.settings import get_settings
from eval.dataset import DATASET_DIR, load_items
from eval.feedback import append_drafts, is_thumbs_down, make_drafts, read_feedback
from eval.gate import baseline_path
from eval.gate import save_baseline as write_baseline

DRAFTS_PATH = DATASET_DIR / "drafts.jsonl"
eval_app = typer.Typer(
    help="Evaluation suite: answer quality, citations, refusals, injection.", rich_markup_mode=None
)
console = Console()


def show(report: dict[str, Any], run_dir: Path) -> None:
    """A short table of headline metrics, the gate verdict and where the reports are."""
    from eval.report import HEADLINE, HTML_FILE

    summary = report["summary"]
    table = Table(title=f"{report['run']['system']} · {report['run']['suite']}")
    for column in ("metric", "mean", "95% CI", "n"):
        table.add_column(column)
    for name in HEADLINE:
        cell = summary["metrics"][name]
        mean = "n/a" if cell["mean"] is None else f"{cell['mean']:.3f}"
        ci = "" if cell["mean"] is None else f"[{cell['low']:.3f}, {cell['high']:.3f}]"
        table.add_row(name, mean, ci, str(cell["n"]))
    lat = summary["latency_ms"]
    table.add_row("latency p50/p95 ms", f"{lat['p50']} / {lat['p95']}", "", str(lat["turns"]))
    console.print(table)
    console.print(f"items {summary['items']}, errors {summary['errors']}; modes {summary['modes']}")
    console.print(f"tiers {report['tiers']}")
    gate = report.get("gate")
    if gate:
        for check in gate["checks"]:
            mark = "[green]pass[/green]" if check["passed"] else "[red]FAIL[/red]"
            console.print(f"  {mark} {check['name']}: {check['detail']}")
        verdict = "[green]passed[/green]" if gate["passed"] else "[red]FAILED[/red]"
        console.print(f"Gate {verdict}")
    console.print(f"Report: {run_dir / HTML_FILE}")


@eval_app.command("run")
def run(
    suite: Annotated[str, typer.Option(help="smoke (fixed subset, gated) or full")] = "smoke",
    system: Annotated[str, typer.Option(help="extractive, llm or baseline")] = "extractive",
    url: Annotated[str | None, typer.Option(help="evaluate a running server instead")] = None,
    items: Annotated[
        str | None, typer.Option(help="comma-separated item ids instead of the whole suite")
    ] = None,
    out: Annotated[Path | None, typer.Option(help="run directory")] = None,
    compare: Annotated[Path | None, typer.Option(help="run dir to show side by side")] = None,
    gate: Annotated[bool, typer.Option(help="apply the CI gate; exit 1 when it fails")] = False,
    gate_baseline: Annotated[Path | None, typer.Option(help="committed report to compare")] = None,
    judge: Annotated[bool, typer.Option(help="run configured judges (EVAL_JUDGE_*)")] = True,
    save_baseline: Annotated[
        bool, typer.Option(help="write this run as eval/baselines/<suite>-<system>.json")
    ] = False,
    corpus: Annotated[str, typer.Option(help="main, corpus-2 or all")] = "all",
    split: Annotated[
        str, typer.Option(help="test (published figures), dev (tuning) or all")
    ] = "test",
) -> None:
    """Answer every item of a suite, store the answers, score them and write the reports."""
    # The runner pulls in Chroma, LangChain and the OpenAI SDK: imported only when used, so the
    # rest of the command line starts quickly.
    from eval.publish import publish
    from eval.runner import SYSTEMS, RunConfig, default_run_dir, run_suite

    if system not in SYSTEMS:
        raise typer.BadParameter(f"--system must be one of {', '.join(SYSTEMS)}")
    if suite not in ("smoke", "full"):
        raise typer.BadParameter("--suite must be smoke or full")
    if corpus not in ("main", "corpus-2", "all"):
        raise typer.BadParameter("--corpus must be main, corpus-2 or all")
    if split not in ("dev", "test", "all"):
        raise typer.BadParameter("--split must be dev, test or all")
    settings = get_settings()
    run_dir = out or default_run_dir(settings, system, suite)
    try:
        chosen = [i.strip() for i in items.split(",") if i.strip()] if items else None
        config = RunConfig(
            suite=suite,
            system=system,
            out_dir=run_dir,
            url=url,
            item_ids=chosen,
            corpus=corpus,
            split=split,
        )
        run_suite(config, settings)
    except ValueError as exc:
        console.print(f"[red]Error:[/red] {exc}")
        raise typer.Exit(2) from exc
    if judge:
        _judges(run_dir)
    report = publish(run_dir, compare_dir=compare, gate=gate, gate_baseline=gate_baseline)
    show(report, run_dir)
    if save_baseline:
        path = write_baseline(report, baseline_path(suite, system))
        console.print(f"Gate baseline written: {path} (commit it)")
    if gate and not report["gate"]["passed"]:
        raise typer.Exit(1)


@eval_app.command("rescore")
def rescore(
    run_dir: Annotated[Path, typer.Argument(help="a run directory with answers.jsonl")],
    compare: Annotated[Path | None, typer.Option(help="run dir to show side by side")] = None,
    gate: Annotated[bool, typer.Option(help="apply the CI gate; exit 1 when it fails")] = False,
    gate_baseline: Annotated[Path | None, typer.Option(help="committed report to compare")] = None,
    judge: Annotated[bool, typer.Option(help="run configured judges (EVAL_JUDGE_*)")] = True,
) -> None:
    """Score stored answers again (after a metric or dataset change) without re-running."""
    from eval.publish import publish

    if not (run_dir / "answers.jsonl").exists():
        raise typer.BadParameter(f"{run_dir} has no answers.jsonl")
    if judge:
        _judges(run_dir)
    report = publish(run_dir, compare_dir=compare, gate=gate, gate_baseline=gate_baseline)
    show(report, run_dir)
    if gate and not report["gate"]["passed"]:
        raise typer.Exit(1)


def _judges(run_dir: Path) -> None:
    """Run the optional tiers that are configured; their results land in judges.json."""
    from eval.tiers import run_judges

    tiers = run_judges(run_dir, show_progress=True)
    console.print(f"Optional tiers: {tiers}")


@eval_app.command("feedback-drafts")
def feedback_drafts(
    source: Annotated[
        Path, typer.Option("--input", help="JSONL from `review-assistant feedback export`")
    ],
    out: Annotated[Path, typer.Option(help="drafts file to append to")] = DRAFTS_PATH,
) -> None:
    """Turn thumbs-down feedback into draft dataset items for an evaluator to complete."""
    try:
        feedback = read_feedback(source)
    except (OSError, ValueError) as exc:
        console.print(f"[red]Error:[/red] {exc}")
        raise typer.Exit(2) from exc
    existing = read_feedback(out) if out.exists() else []
    drafts = make_drafts(feedback, load_items(), existing)
    append_drafts(drafts, out)
    down = sum(1 for r in feedback if is_thumbs_down(r))
    console.print(
        f"{len(feedback)} feedback records, {down} thumbs-down, {len(drafts)} new drafts -> {out}"
    )
    if drafts:
        console.print(
            "Complete each draft (kind, answerable, gold_evidence quotes, key_facts), give it a "
            "real id and move it into eval/dataset/items.jsonl; the dataset lint checks it."
        )


@eval_app.command("export-grading")
def export_grading(
    run_dir: Annotated[Path, typer.Argument(help="a run directory with answers.jsonl")],
    out: Annotated[Path | None, typer.Option(help="CSV to write (default RUN/grading.csv)")] = None,
) -> None:
    """Write a sheet for an expert: each answer sentence 100/80/0, each citation supports or
    doesn't."""
    from eval.grading import sheet_rows, write_sheet
    from eval.records import read_records

    if not (run_dir / "answers.jsonl").exists():
        raise typer.BadParameter(f"{run_dir} has no answers.jsonl")
    rows = sheet_rows(read_records(run_dir), {i.id: i for i in load_items()})
    path = out or run_dir / "grading.csv"
    write_sheet(rows, path)
    sentences = sum(1 for r in rows if r["row"] == "sentence")
    console.print(
        f"{sentences} sentences and {len(rows) - sentences} citations to grade -> {path}\n"
        "Fill `grade`: sentences 100 (correct) / 80 (partly) / 0 (wrong); citations supports / "
        "doesn't. Then: review-assistant eval import-grading " + str(path)
    )


@eval_app.command("import-grading")
def import_grading(
    sheet: Annotated[Path, typer.Argument(help="a graded CSV from export-grading")],
) -> None:
    """Read an expert's grades back and report agreement with the automatic metrics."""
    from eval.grading import GradingError, agreement

    try:
        result = agreement(sheet)
    except (OSError, GradingError) as exc:
        console.print(f"[red]Error:[/red] {exc}")
        raise typer.Exit(2) from exc
    table = Table(title="Expert vs automatic")
    for column in ("rows", "graded", "agree", "agreement", "Cohen's kappa"):
        table.add_column(column)
    for kind, a in result.items():
        rate = "n/a" if a.rate is None else f"{a.rate:.3f}"
        kappa = "n/a" if a.kappa is None else f"{a.kappa:.3f}"
        table.add_row(kind, str(a.graded), str(a.agree), rate, kappa)
    console.print(table)
    console.print(
        "sentence: automatic = support (claim verbatim in a cited quote); an expert 80 or 100 "
        "counts as correct. citation: automatic = the quote contains the sentence's claim."
    )
