"""Optional tiers: the LLM judge against a real llama.cpp OpenAI-compatible server (a tiny model,
so most verdicts fail to parse, which is exactly what must be counted), parsing rules, the cache,
and the report saying which tiers were skipped."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from eval.judges import (
    JudgeConfig,
    JudgeParseError,
    LLMJudge,
    faithfulness_score,
    parse_object,
    relevance_score,
)
from eval.nli import NLIModel, NLIModelError
from eval.records import CitationRecord, ItemRecord, TurnRecord, write_records
from eval.report import score_run
from eval.tiers import JUDGE_CACHE, JUDGES_FILE, run_judges
from tests.llm_server import LlamaServer, assemble_model

ANSWER = "HARPs should start to operate from April 2024 [1]."
QUOTES = {1: "These should start to operate from April 2024, with initially around ten systems."}


def test_parsing_rules_reject_what_is_not_the_asked_json() -> None:
    assert parse_object('```json\n{"relevance": 5}\n```') == {"relevance": 5}
    for raw in ("relevance: 5", "[1, 2]", ""):
        with pytest.raises(JudgeParseError):
            parse_object(raw)
    assert relevance_score({"relevance": 5}) == 1.0 and relevance_score({"relevance": 1}) == 0.0
    for bad in ({"relevance": 6}, {"relevance": "5"}, {"relevance": True}, {}):
        with pytest.raises(JudgeParseError):
            relevance_score(bad)
    verdicts = {"claims": [{"n": 1, "supported": True}, {"n": 2, "supported": False}]}
    assert faithfulness_score(verdicts, 2) == 0.5
    with pytest.raises(JudgeParseError):
        faithfulness_score({"claims": [{"n": 1, "supported": True}]}, 2)
    with pytest.raises(JudgeParseError):
        faithfulness_score({"claims": [{"n": 1, "supported": "yes"}]}, 1)


def _stored_run(run_dir: Path) -> Path:
    meta = {
        "system": "extractive",
        "suite": "smoke",
        "started": "now",
        "items": ["fact-010"],
        "corpus": {"files": {}, "hash": "x"},
        "prompts": {"files": {}, "hash": "y"},
    }
    run_dir.mkdir(parents=True)
    (run_dir / "run.json").write_text(json.dumps(meta), encoding="utf-8")
    (run_dir / "texts.json").write_text("{}", encoding="utf-8")
    citation = CitationRecord(n=1, doc_id="nhs-confederation-briefing", quote=QUOTES[1])
    turn = TurnRecord(message="When do HARPs start?", answer=ANSWER, citations=[citation])
    write_records([ItemRecord(item_id="fact-010", system="extractive", turns=[turn])], run_dir)
    return run_dir


def test_without_configuration_the_report_says_the_tiers_were_skipped(tmp_path: Path) -> None:
    run_dir = _stored_run(tmp_path / "run")
    tiers = run_judges(run_dir, None, None)
    assert tiers["llm_judge"].startswith("skipped") and tiers["nli"].startswith("skipped")
    report = score_run(run_dir)
    assert report["tiers"]["llm_judge"].startswith("skipped")
    assert report["summary"]["metrics"]["judge_faithfulness"]["n"] == 0


def test_an_incomplete_nli_directory_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "nli").mkdir()
    (tmp_path / "nli" / "config.json").write_text('{"id2label": {"0": "entailment"}}')
    with pytest.raises(NLIModelError, match="model.onnx"):
        NLIModel(tmp_path / "nli")
    tiers = run_judges(_stored_run(tmp_path / "run"), None, tmp_path / "nli")
    assert tiers["nli"].startswith("error:") and tiers["llm_judge"].startswith("skipped")


@pytest.fixture(scope="module")
def judge_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real llama.cpp OpenAI-compatible server with the packaged Gemma 3 270M model."""
    directory = tmp_path_factory.mktemp("judge")
    server = LlamaServer(assemble_model(directory), directory / "llama.log").start()
    try:
        yield server.base_url
    finally:
        server.stop()


@pytest.mark.llm
def test_the_judge_counts_every_verdict_or_error_and_caches_replies(
    judge_server: str, tmp_path: Path
) -> None:
    config = JudgeConfig(judge_server, "gemma", max_tokens=48)
    judge = LLMJudge(config, tmp_path / "cache")
    first = judge.judge("When do HARPs start?", ANSWER, QUOTES)
    names = ("judge_faithfulness", "judge_relevance")
    values = [first[n] for n in names if first[n] is not None]
    assert all(0.0 <= v <= 1.0 for v in values)
    assert len(values) + len(first["errors"]) == 2  # a verdict or an error, never nothing
    assert judge.calls == 2 and len(list((tmp_path / "cache").glob("*.json"))) == 2
    again = judge.judge("When do HARPs start?", ANSWER, QUOTES)
    assert again == first and judge.calls == 2 and judge.cached == 2


@pytest.mark.llm
def test_judged_runs_report_the_tier_and_its_errors(judge_server: str, tmp_path: Path) -> None:
    run_dir = _stored_run(tmp_path / "run")
    tiers = run_judges(run_dir, JudgeConfig(judge_server, "gemma", max_tokens=48), None)
    assert tiers["llm_judge"].startswith("ran: gemma, 1 answers, 2 calls")
    judged = json.loads((run_dir / JUDGES_FILE).read_text(encoding="utf-8"))["items"]["fact-010"]
    report = score_run(run_dir)
    assert report["tiers"]["llm_judge"] == tiers["llm_judge"]
    assert report["summary"]["judge_errors"] == len(judged["errors"])
    assert (run_dir / JUDGE_CACHE).is_dir()
