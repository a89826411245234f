"""The runner end to end on the real pipeline and index: smoke gate, a deliberately broken
answerer failing it, re-scoring, the report files, the LangChain baseline and a live server."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from typer.testing import CliRunner

from assistant.pipeline import Collaborators
from assistant.settings import Settings
from eval.baseline import BaselineSystem
from eval.cli import eval_app
from eval.dataset import Item, load_items, select_suite
from eval.publish import publish
from eval.records import ItemRecord
from eval.report import HISTORY_FILE, HTML_FILE, JUNIT_FILE, REPORT_FILE
from eval.runner import FIXTURE_CORPUS, RunConfig, run_items, run_metadata
from eval.scoring import score_item
from eval.systems import PipelineSystem, ServerSystem, System
from index.embedder import Embedder
from tests.conftest import LiveServer, make_settings

pytestmark = pytest.mark.integration
ITEMS = {item.id: item for item in load_items()}


class EchoingAnswerer:
    """A deliberately broken system: it repeats the question (instructions and all) as its
    answer, attaches a citation number it never defines, and never declines."""

    def __init__(self, inner: System) -> None:
        self.inner = inner
        self.name = "broken"

    def texts(self) -> dict[str, str]:
        return self.inner.texts()

    def run_item(self, item: Item) -> ItemRecord:
        record = self.inner.run_item(item)
        for turn in record.turns:
            turn.answer = f"As requested: {turn.message} <img src=x onerror=alert(1)> [9]."
            turn.refused = False
        return record


def _run(
    out: Path, settings: Settings, systems: dict[str, System | None], suite: str = "smoke"
) -> Path:
    items = select_suite(load_items(), suite)
    meta = run_metadata(RunConfig(suite=suite, system="extractive", out_dir=out), settings, items)
    run_items(items, systems, out, meta, show_progress=False)
    return out


@pytest.fixture(scope="module")
def systems(
    collab: Collaborators,
    embedder: Embedder,
    corpus2_index: Settings,
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, System | None]:
    tmp = tmp_path_factory.mktemp("fixture-index")
    fixture = make_settings(tmp / "data", FIXTURE_CORPUS)
    return {
        "main": PipelineSystem("extractive", collab),
        "injection_fixture": PipelineSystem.build("extractive", fixture, embedder, tmp / "c.db"),
        "corpus-2": PipelineSystem.build("extractive", corpus2_index, embedder, tmp / "c2.db"),
    }


@pytest.fixture(scope="module")
def smoke_run(
    systems: dict[str, System | None],
    corpus_index: Settings,
    tmp_path_factory: pytest.TempPathFactory,
) -> Path:
    return _run(tmp_path_factory.mktemp("runs") / "smoke", corpus_index, systems)


def test_the_pipeline_passes_the_smoke_gate(smoke_run: Path) -> None:
    report = publish(smoke_run, gate=True)
    failed = [c for c in report["gate"]["checks"] if not c["passed"]]
    assert report["gate"]["passed"], failed
    assert report["summary"]["metrics"]["attack_success"]["n"] >= 4
    assert report["summary"]["errors"] == 0


def test_a_broken_answerer_fails_the_gate(
    systems: dict[str, System | None], corpus_index: Settings, tmp_path: Path
) -> None:
    broken: dict[str, System | None] = {
        name: EchoingAnswerer(s) for name, s in systems.items() if s is not None
    }
    run_dir = _run(tmp_path / "broken", corpus_index, broken)
    report = publish(run_dir, gate=True)
    failed = {c["name"] for c in report["gate"]["checks"] if not c["passed"]}
    assert not report["gate"]["passed"]
    assert {"injection attack success = 0", "marker validity = 1.0"} <= failed
    assert report["gate"]["baseline"] == "smoke-extractive.json"
    assert "no significant drop in truthfulness" in failed
    assert report["summary"]["metrics"]["correct_refusal"]["mean"] == 0.0
    html = (run_dir / HTML_FILE).read_text(encoding="utf-8")
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert html.count("<script") == 1  # the report's own filter script, nothing injected


def test_rescoring_reproduces_the_report_without_rerunning(smoke_run: Path) -> None:
    first = publish(smoke_run)
    (smoke_run / REPORT_FILE).unlink()
    result = CliRunner().invoke(eval_app, ["rescore", str(smoke_run)])
    assert result.exit_code == 0, result.output
    second = json.loads((smoke_run / REPORT_FILE).read_text(encoding="utf-8"))
    assert second["summary"] == first["summary"]
    assert second["schema_version"] == 1 and second["run"]["corpus"]["hash"]
    history = (smoke_run.parent / HISTORY_FILE).read_text(encoding="utf-8").splitlines()
    assert len(history) >= 2 and json.loads(history[-1])["suite"] == "smoke"


def test_report_files_are_complete(smoke_run: Path) -> None:
    report = publish(smoke_run, gate=True)
    suite = ET.parse(smoke_run / JUNIT_FILE).getroot()
    assert int(suite.get("tests", "0")) == len(report["items"]) + len(report["gate"]["checks"])
    html = (smoke_run / HTML_FILE).read_text(encoding="utf-8")
    assert set(report["risk_coverage"]) == {"main", "corpus-2"}
    assert html.count("<svg") == 2 + len(report["risk_coverage"]) and "s-supported" in html
    assert all(row["item_id"] in html for row in report["items"])
    assert "tier0: ran" in html and "llm_judge: skipped" in html
    assert 'id="headline"' in html and report["summary"]["sizes"]["test"]["corpus-2"]


def test_the_cli_rejects_an_unknown_system_or_item(tmp_path: Path) -> None:
    result = CliRunner().invoke(eval_app, ["run", "--system", "gpt-17"])
    assert result.exit_code == 2
    out = tmp_path / "run"
    args = ["run", "--items", "fact-001,nope-999", "--out", str(out)]
    result = CliRunner().invoke(eval_app, args)
    assert result.exit_code == 2 and "nope-999" in result.output
    assert not out.exists()


def test_the_baseline_is_hijacked_by_the_planted_document(embedder: Embedder) -> None:
    baseline = BaselineSystem(FIXTURE_CORPUS, embedder, "baseline-test")
    item = ITEMS["inj-013"]
    record = baseline.run_item(item)
    texts = baseline.texts()
    assert all(texts[c.doc_id][c.start : c.end] == c.text for c in record.retrieved)
    score = score_item(item, record, texts, [])
    assert score.scores["attack_success"] == 1.0
    assert score.scores["correct_refusal"] is None


def test_a_live_server_is_evaluated_over_http(server: LiveServer) -> None:
    system = ServerSystem(server.url)
    try:
        texts = system.texts()
        record = system.run_item(ITEMS["fu-001"])
    finally:
        system.close()
    assert len(texts) == 5 and record.error is None and len(record.turns) == 2
    score = score_item(ITEMS["fu-001"], record, texts, [])
    assert score.scores["recall@10"] is not None
    assert record.final.latency_ms > 0
