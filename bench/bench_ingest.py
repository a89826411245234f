"""Ingest benchmark (issue #10): extraction fidelity, what cleaning removed (and whether every
removed character is recorded), cold ingest of both corpora with model loads, unchanged re-ingest.

    uv run --no-sync python bench/bench_ingest.py [--runs N]

Each ingest runs in a fresh Python process (imports and model loads included), against a
temporary data directory. Prints a Markdown report and writes bench/results/ingest.json.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest.documents import clean_source, publisher_repeats  # noqa: E402
from ingest.sources import Source, collect_sources  # noqa: E402
from ingest.structure import assemble  # noqa: E402

CORPORA = {"main": ROOT / "corpus", "corpus-2": ROOT / "corpus-2"}
QUESTIONS = {
    "main": ROOT / "eval" / "dataset" / "items.jsonl",
    "corpus-2": ROOT / "eval" / "dataset" / "corpus-2" / "questions.jsonl",
}
INGEST = """
import json, sys, threading, time
from pathlib import Path
from assistant.settings import Settings
from index.embedder import Embedder
from ingest.embedding_worker import EmbeddingWorker
from ingest.pipeline import run_ingest
# Where the time goes: CPU of the embedding runs (each runs on its calling thread when the
# session has one thread, as in ingest), token positions, and the main thread's wait for them.
spent = {"embed_cpu_s": 0.0, "texts": 0, "tokens": 0, "positions": 0, "wait_s": 0.0}
lock = threading.Lock()
run_ids = Embedder._embed_ids
def counted(self, rows):
    started = time.thread_time()
    out = run_ids(self, rows)
    with lock:
        spent["embed_cpu_s"] += time.thread_time() - started
        spent["texts"] += len(rows)
        spent["tokens"] += sum(map(len, rows))
        spent["positions"] += len(rows) * max(map(len, rows))
    return out
Embedder._embed_ids = counted
collect = EmbeddingWorker.collect
def waited(*args):
    started = time.perf_counter()
    try:
        return collect(*args)
    finally:
        spent["wait_s"] += time.perf_counter() - started
EmbeddingWorker.collect = waited
settings = Settings(_env_file=None, DATA_DIR=Path(sys.argv[1]), CORPUS_DIR=Path(sys.argv[2]))
summary = run_ingest([Path(p) for p in sys.argv[2:]], settings)
print(summary.documents, summary.chunks, len(summary.unchanged), summary.removed_spans)
print(json.dumps({k: round(v, 2) for k, v in spent.items()}))
"""


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _visible(text: str) -> int:
    return sum(not c.isspace() for c in text)


def fidelity(name: str, sources: list[Source]) -> dict[str, Any]:
    repeats = publisher_repeats(sources)
    cleaned = {s.meta.id: clean_source(s, repeats.get(s.meta.publisher, set())) for s in sources}
    texts = {doc_id: _norm(layout.text) for doc_id, (layout, _) in cleaned.items()}
    found = total = 0
    for line in QUESTIONS[name].read_text(encoding="utf-8").splitlines():
        item = json.loads(line) if line.strip() else {}
        for evidence in item.get("gold_evidence", []):
            if evidence["doc_id"] not in texts:
                continue  # planted test-only documents (injection items) are not in the corpus
            total += 1
            found += _norm(evidence["quote"]) in texts[evidence["doc_id"]]
    extracted = sum(_visible(assemble(s.pieces).text) for s in sources)
    kept = sum(_visible(layout.text) for layout, _ in cleaned.values())
    recorded = sum(_visible(r.text) for _, removals in cleaned.values() for r in removals)
    bare = [clean_source(s.__class__(s.path, s.meta.model_copy(update={"clean": ""})), set())
            for s in sources]  # fmt: skip
    return {
        "gold_quotes": total,
        "found": found,
        "fidelity": round(found / total, 4) if total else None,
        "extracted_chars": extracted,
        "removed_chars_recorded": recorded,
        "removed_chars_unrecorded": extracted - kept - recorded,
        "removed_spans": sum(len(r) for _, r in cleaned.values()),
        "removed_chars_without_profile": extracted - sum(_visible(lay.text) for lay, _ in bare),
    }


def _child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_ingest(data_dir: Path) -> dict[str, Any]:
    """Wall and CPU seconds of one ingest in a fresh process, with the load average around it.

    CPU seconds say what the work costs when the machine is shared: wall time under load is
    inflated by waiting for a core, CPU time much less so.
    """
    load = os.getloadavg()[0]
    cpu = _child_cpu()
    started = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", INGEST, str(data_dir), *map(str, CORPORA.values())],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return {
        "wall_s": round(time.perf_counter() - started, 2),
        "cpu_s": round(_child_cpu() - cpu, 2),
        "load_before": round(load, 2),
        "load_after": round(os.getloadavg()[0], 2),
        "output": out.stdout.splitlines()[0],
        **json.loads(out.stdout.splitlines()[1]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--runs", type=int, default=1, help="cold + unchanged ingest pairs; the median is reported"
    )
    args = parser.parse_args()
    results: dict[str, Any] = {"fidelity": {}}
    for name, folder in CORPORA.items():
        results["fidelity"][name] = fidelity(name, collect_sources([folder], [])[0])
    pairs = []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as tmp:
            pairs.append((timed_ingest(Path(tmp)), timed_ingest(Path(tmp))))
    cold = sorted((c for c, _ in pairs), key=lambda r: r["wall_s"])[len(pairs) // 2]
    warm = sorted((w for _, w in pairs), key=lambda r: r["wall_s"])[len(pairs) // 2]
    results["cold_ingest"] = cold
    results["unchanged_reingest"] = warm
    results["runs"] = [{"cold": c, "unchanged": w} for c, w in pairs]
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "ingest.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    print("| corpus | gold quotes found | removed spans | removed chars (recorded) | "
          "unrecorded | removed without profile |")  # fmt: skip
    print("|---|---|---|---|---|---|")
    for name, f in results["fidelity"].items():
        cells = [
            f"{f['found']}/{f['gold_quotes']} ({f['fidelity']:.1%})",
            f["removed_spans"],
            f["removed_chars_recorded"],
            f["removed_chars_unrecorded"],
            f["removed_chars_without_profile"],
        ]
        print(f"| {name} | " + " | ".join(map(str, cells)) + " |")
    if args.runs > 1:
        walls = ", ".join(f"{c['wall_s']:.1f}/{w['wall_s']:.1f}" for c, w in pairs)
        print(f"\nMedian of {args.runs} runs (cold/unchanged wall s: {walls}):")
    for label, run in (("Cold ingest of both corpora", cold), ("Unchanged re-ingest", warm)):
        print(
            f"\n{label} (fresh process, imports and model loads included): "
            f"{run['wall_s']:.1f} s wall, {run['cpu_s']:.1f} s CPU "
            f"(load average {run['load_before']} before, {run['load_after']} after; "
            f"documents chunks unchanged removed-spans: {run['output']})"
        )
        print(
            f"  embedding: {run['embed_cpu_s']:.1f} s CPU for {run['texts']} texts, "
            f"{run['tokens']} tokens ({run['positions']} padded positions); everything else "
            f"{run['cpu_s'] - run['embed_cpu_s']:.1f} s CPU; the main thread waited "
            f"{run['wait_s']:.1f} s for the embedder after reading every document"
        )


if __name__ == "__main__":
    main()
