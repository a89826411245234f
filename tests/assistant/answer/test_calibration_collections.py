"""Held-out measurement counts what the engine declines: the calibration collections keep the
engine at hand, and it answers a gathered question with whichever model it is given."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.answer.calibrate import fit
from assistant.answer.calibration_collections import calibration_collections
from assistant.answer.cross_validate import declines, gate_declines
from assistant.cli import app
from assistant.settings import Settings, get_settings
from index.embedder import Embedder
from ingest.pipeline import run_ingest
from tests.assistant.guides.test_timeline import MANIFEST  # one document, harbour.md
from tests.conftest import make_settings, write_corpus

pytestmark = pytest.mark.integration

TEXT = """# Harbour inspections

The harbour board inspects every pier once a year, each spring.

The lighthouse is inspected by the coastguard every two years.

Volunteers repaint the harbour railings every summer.

The harbour board publishes its inspection reports on its noticeboard.
"""
QUESTIONS = [
    ("q-pier", "How often does the harbour board inspect the piers?", True, "once a year"),
    ("q-light", "Who inspects the lighthouse?", True, "the coastguard"),
    ("q-rail", "Who repaints the harbour railings?", True, "Volunteers"),
    ("q-fee", "How much does the harbour board charge for mooring?", False, ""),
    ("q-fish", "Which fish are landed at the harbour at night?", False, ""),
]


def _dataset(path: Path) -> Path:
    lines = []
    for item_id, question, answerable, fact in QUESTIONS:
        quote = next((s for s in TEXT.splitlines() if fact and fact in s), "")
        lines.append(
            json.dumps(
                {
                    "id": item_id,
                    "split": "dev",
                    "kind": "factual" if answerable else "unanswerable",
                    "turns": [question],
                    "answerable": answerable,
                    "key_facts": [[fact]] if fact else [],
                    "gold_evidence": [{"doc_id": "harbour", "quote": quote}] if quote else [],
                }
            )
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_engine_declines_with_the_model_it_is_given(tmp_path: Path, embedder: Embedder) -> None:
    corpus = write_corpus(tmp_path / "harbour", {"harbour.md": TEXT, "manifest.yaml": MANIFEST})
    settings = make_settings(tmp_path / "data", corpus)

    def index(local: Settings, _embedder: Embedder) -> None:
        run_ingest(None, local, embedder=embedder)

    pairs = [(_dataset(tmp_path / "dev.jsonl"), corpus)]
    with calibration_collections(pairs, settings, index, tmp_path / "work") as gathered:
        found, described, engine = gathered
        assert [e.item_id for e in found] == [q[0] for q in QUESTIONS]
        assert {e.group for e in found} == {"harbour"} and "5 dev questions" in described
        assert any(found[0].labels)  # the gold sentence is among the pier question's candidates
        model, _curve = fit(found, max_false_declines=0.2, cross_fit=False)
        never = replace(model, threshold=1.01)  # no sentence is good enough
        assert all(engine(never, e) for e in found)
        assert declines(never, found, "never", engine).false_declines == 1.0
        lenient = replace(model, threshold=0.0, gate=None)
        assert not engine(lenient, found[0])  # the engine answers the pier question
        assert not gate_declines(lenient, found[0])


def test_calibrate_prints_the_engines_held_out_declines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The command end to end on two small collections: the model it writes says how its
    operating point was picked, and the held-out figures include the engine's."""
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    folders = []
    for name in ("harbour-a", "harbour-b"):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "harbour.md").write_text(TEXT, encoding="utf-8")
        (folder / "manifest.yaml").write_text(MANIFEST, encoding="utf-8")
        folders += ["--corpus", str(folder)]
    dataset = str(_dataset(tmp_path / "dev.jsonl"))
    output = tmp_path / "model.json"
    args = ["calibrate", dataset, dataset, *folders, "--max-false-declines", "0.2"]
    args += ["--cross-validate", "--output", str(output), "--work-dir", str(tmp_path / "work")]
    try:
        result = CliRunner().invoke(app, args)
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    written = json.loads(output.read_text(encoding="utf-8"))
    assert written["fitted_on"]["operating_point"] == "cross-fitted"
    assert written["fitted_on"]["questions"] == 10
    for line in ("held-out harbour-a", "engine, held-out harbour-b", "engine, 5-fold harbour-a"):
        assert line in result.output
