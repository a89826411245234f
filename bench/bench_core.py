"""Core benchmark: cold and warm ingest, server-side answer latency and RSS, and retrieval quality
beside the plain LangChain tutorial pipeline, all in one run on this machine.

    uv run --no-sync python bench/bench_core.py [--rounds 5]

Prints a Markdown report (pasted into docs/benchmarks.md) and writes bench/results/core.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.retrieval import Retriever  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from eval.baseline import BaselineSystem  # noqa: E402
from index.embedder import Embedder  # noqa: E402
from index.store import open_chroma  # noqa: E402

QUESTIONS = yaml.safe_load((ROOT / "tests" / "e2e" / "questions.yaml").read_text())


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def cli(env: dict[str, str], *args: str) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "assistant", *args], env=env, check=True, capture_output=True
    )
    return time.perf_counter() - started


def ingest_times(env: dict[str, str], runs: int) -> dict[str, list[float]]:
    cold, warm = [], []
    for _ in range(runs):
        shutil.rmtree(env["DATA_DIR"], ignore_errors=True)
        cold.append(cli(env, "ingest"))
        warm.append(cli(env, "ingest"))
    return {"cold_s": cold, "warm_s": warm}


def serve_latency(env: dict[str, str], rounds: int) -> dict[str, Any]:
    port = 8765
    proc = subprocess.Popen(
        [sys.executable, "-m", "assistant", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(f"{url}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        questions = [i["q"] for i in QUESTIONS["answerable"]] + QUESTIONS["unanswerable"]
        questions += [i["q"] for i in QUESTIONS["multi"]]
        server, client = [], []
        with httpx.Client(timeout=30) as http:
            http.post(f"{url}/api/chat", json={"message": "warm up"})
            for _ in range(rounds):
                for question in questions:
                    started = time.perf_counter()
                    body = http.post(f"{url}/api/chat", json={"message": question}).json()
                    client.append((time.perf_counter() - started) * 1000)
                    server.append(body["latency_ms"])
        status = Path(f"/proc/{proc.pid}/status").read_text()
        peak_kb = int(
            next(line for line in status.splitlines() if line.startswith("VmHWM")).split()[1]
        )
        return {"server_ms": server, "client_ms": client, "peak_rss_mb": peak_kb / 1024}
    finally:
        proc.terminate()
        proc.wait(10)


def retrieval_quality(settings: Settings, embedder: Embedder) -> dict[str, dict[str, float]]:
    ours = Retriever(
        settings.index_dir, open_chroma(settings.data_dir), embedder, settings.max_per_document
    )
    baseline = BaselineSystem(settings.corpus_dir, embedder)
    items = [
        {"q": i["q"], "docs": [i["doc"]], "facts": [i["fact"]]} for i in QUESTIONS["answerable"]
    ] + QUESTIONS["multi"]

    def ours_top(q: str) -> list[tuple[str, str]]:
        return [(p.doc_id, p.text) for p in ours.search(q, 5)]

    def baseline_top(q: str) -> list[tuple[str, str]]:
        found = baseline.store.similarity_search(q, k=5)
        return [(d.metadata["doc_id"], d.page_content) for d in found]

    report = {}
    for name, top in (("review-assistant", ours_top), ("langchain-tutorial", baseline_top)):
        hit = all_docs = facts = 0
        for item in items:
            passages = top(item["q"])
            docs = {d for d, _ in passages}
            context = " ".join(" ".join(t.split()) for _, t in passages).casefold()
            hit += any(d in docs for d in item["docs"])
            all_docs += all(d in docs for d in item["docs"])
            facts += all(any(a.casefold() in context for a in f) for f in item["facts"])
        n = len(items)
        report[name] = {
            "doc_hit@5": hit / n,
            "all_expected_docs@5": all_docs / n,
            "key_fact_in_context@5": facts / n,
            "items": n,
        }
    return report


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--ingest-runs", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-core-"))
    env = {**os.environ, "DATA_DIR": str(work / "data"), "CORPUS_DIR": str(ROOT / "corpus")}
    env = {k: v for k, v in env.items() if not k.startswith(("LLM_", "OPENAI_", "SLACK_"))}
    ingest = ingest_times(env, args.ingest_runs)
    latency = serve_latency(env, args.rounds)
    values: dict[str, Any] = {
        "_env_file": None,
        "DATA_DIR": work / "data",
        "CORPUS_DIR": ROOT / "corpus",
    }
    settings = Settings(**values)
    quality = retrieval_quality(settings, Embedder().load())
    results = {"ingest": ingest, "latency": latency, "quality": quality}
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "core.json").write_text(json.dumps(results, indent=2))
    s = latency["server_ms"]
    c = latency["client_ms"]
    print(
        f"cold ingest (CLI, model load included): "
        f"median {statistics.median(ingest['cold_s']):.1f} s "
        f"over {len(ingest['cold_s'])} runs {[round(x, 1) for x in ingest['cold_s']]}"
    )
    print(
        f"unchanged re-ingest (CLI): median {statistics.median(ingest['warm_s']):.2f} s "
        f"{[round(x, 2) for x in ingest['warm_s']]}"
    )
    print(
        f"server-side answer latency: p50 {percentile(s, 50):.1f} ms, "
        f"p95 {percentile(s, 95):.1f} ms "
        f"({len(s)} requests); client round trip p50 {percentile(c, 50):.1f} ms"
    )
    print(f"server peak RSS: {latency['peak_rss_mb']:.0f} MB")
    print("\n| pipeline | doc hit@5 | all expected docs@5 | key fact in context@5 |")
    print("|---|---|---|---|")
    for name, q in quality.items():
        print(
            f"| {name} | {q['doc_hit@5']:.2f} | {q['all_expected_docs@5']:.2f} | "
            f"{q['key_fact_in_context@5']:.2f} |"
        )
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
