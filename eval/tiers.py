"""Run the optional tiers (LLM judge, NLI) over a stored run; say plainly which were skipped.
Results go to `judges.json` in the run directory and are merged into the scores on reporting."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rich.progress import Progress

from eval.dataset import load_items
from eval.judges import JudgeConfig, LLMJudge
from eval.nli import NLIModel, NLIModelError, model_dir_from_env
from eval.records import ItemRecord, read_records

JUDGES_FILE = "judges.json"
JUDGE_CACHE = "judge-cache"


def _answered(records: list[ItemRecord]) -> list[ItemRecord]:
    return [r for r in records if r.turns and not r.error and not r.skipped and not r.final.refused]


def run_judges(
    run_dir: Path,
    judge_config: JudgeConfig | None = None,
    nli_dir: Path | None = None,
    show_progress: bool = False,
) -> dict[str, str]:
    """Judge every answered item with whatever is configured; returns the tier statuses."""
    judge_config = judge_config or JudgeConfig.from_env()
    nli_dir = nli_dir or model_dir_from_env()
    tiers = {
        "llm_judge": "skipped: EVAL_JUDGE_BASE_URL and EVAL_JUDGE_MODEL not set",
        "nli": "skipped: EVAL_NLI_MODEL_DIR not set",
    }
    if judge_config is None and nli_dir is None:
        _write(run_dir, tiers, {})
        return tiers
    questions = {item.id: item.question for item in load_items()}
    records = _answered(read_records(run_dir))
    results: dict[str, dict[str, Any]] = {r.item_id: {"errors": []} for r in records}
    nli: NLIModel | None = None
    if nli_dir is not None:
        try:
            nli = NLIModel(nli_dir)
        except NLIModelError as exc:
            tiers["nli"] = f"error: {exc}"
    judge = LLMJudge(judge_config, run_dir / JUDGE_CACHE) if judge_config else None
    with Progress(disable=not show_progress) as progress:
        task = progress.add_task("judging", total=len(records))
        for record in records:
            quotes = {c.n: c.quote for c in record.final.citations}
            row = results[record.item_id]
            if judge is not None:
                question = questions.get(record.item_id, "")
                verdict = judge.judge(question, record.final.answer, quotes)
                row["errors"] += verdict.pop("errors")
                row.update(verdict)
            if nli is not None:
                row["nli_entailment"] = nli.entailed_share(record.final.answer, quotes)
            progress.advance(task)
    errors = sum(len(r["errors"]) for r in results.values())
    if judge is not None:
        tiers["llm_judge"] = (
            f"ran: {judge.config.model}, {len(records)} answers, {judge.calls} calls, "
            f"{judge.cached} cached, {errors} errors"
        )
    if nli is not None:
        tiers["nli"] = f"ran: {nli_dir}"
    _write(run_dir, tiers, results)
    return tiers


def _write(run_dir: Path, tiers: dict[str, str], results: dict[str, dict[str, Any]]) -> None:
    payload = {"tiers": tiers, "items": results}
    (run_dir / JUDGES_FILE).write_text(json.dumps(payload, indent=1), encoding="utf-8")


def read_judges(run_dir: Path) -> dict[str, Any] | None:
    path = run_dir / JUDGES_FILE
    if not path.exists():
        return None
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data
