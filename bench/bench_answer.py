"""Server-side time of the extractive answer (retrieval + answer engine, no HTTP, no storage).

    uv run --no-sync python bench/bench_answer.py --data-dir DIR --corpus-dir DIR \
        --dataset eval/dataset/items.jsonl [--split test] [--rounds 2] [--threads 1]

Times `retriever.search` + `extractive_answer` for every single-turn question of the split on
an ingested index, in a warm process (models loaded by a first answer). The sentences' parse facts
come from the index (computed at ingest). Round 1 meets each question for the first time; later
rounds repeat them. With `--threads N` the questions are answered by N threads at once, as a
server worker's threads do (their parses and query embeddings then share batches); each round
also reports the process's CPU per answer, which other load on the machine disturbs less than
the times.
Prints p50/p95 per round as JSON.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from assistant.pipeline import extractive_answer
from assistant.runtime import build_collaborators
from assistant.settings import Settings


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def questions(dataset: Path, split: str) -> list[str]:
    found = []
    for line in dataset.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        if item.get("corpus") == "injection_fixture" or len(item["turns"]) != 1:
            continue
        if split == "all" or item.get("split") == split:
            found.append(item["turns"][0])
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--corpus-dir", type=Path, required=True)
    parser.add_argument("--dataset", type=Path, required=True)
    parser.add_argument("--split", default="test")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    values = {"_env_file": None, "DATA_DIR": args.data_dir, "CORPUS_DIR": args.corpus_dir}
    settings = Settings(**values)
    collab = build_collaborators(settings)
    retriever = collab.retriever
    asked = questions(args.dataset, args.split)
    extractive_answer("warm up the models", retriever.search("warm up", settings.top_k),
                      retriever, settings)  # fmt: skip
    report = {"questions": len(asked), "dataset": str(args.dataset), "split": args.split,
              "threads": args.threads}  # fmt: skip

    def timed(question: str) -> float:
        started = time.perf_counter()
        passages = retriever.search(question, settings.top_k)
        extractive_answer(question, passages, retriever, settings)
        return (time.perf_counter() - started) * 1000

    with ThreadPoolExecutor(args.threads) as pool:
        for round_number in range(1, args.rounds + 1):
            cpu = time.process_time()
            times = list(pool.map(timed, asked))
            cpu = time.process_time() - cpu
            report[f"round{round_number}"] = {
                "p50_ms": round(statistics.median(times), 1),
                "p95_ms": round(percentile(times, 95), 1),
                "max_ms": round(max(times), 1),
                "cpu_ms_per_answer": round(cpu / len(asked) * 1000, 2),
            }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
