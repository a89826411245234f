"""Retrieval benchmark: recall@5 / hit@5 of `Retriever.search` on the single-turn answerable
items of both corpora (one split), search latency, the document-filter case, and guide build time.

    uv run --no-sync python bench/bench_retrieval.py [--split dev|test|all]

Ingests each corpus into a temporary data directory; prints a Markdown table and writes
bench/results/retrieval.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.retrieval import Retriever  # noqa: E402
from assistant.schemas import SearchFilters  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from eval.dataset import load_items  # noqa: E402
from eval.evidence import gold_spans  # noqa: E402
from eval.retrieval_metrics import hit_at, recall_at  # noqa: E402
from index.embedder import Embedder  # noqa: E402
from index.guides import build_guides  # noqa: E402
from index.store import open_chroma  # noqa: E402
from ingest.pipeline import run_ingest  # noqa: E402

CORPORA = {
    "main": (ROOT / "corpus", ROOT / "eval" / "dataset" / "items.jsonl"),
    "corpus-2": (ROOT / "corpus-2", ROOT / "eval" / "dataset" / "corpus-2" / "questions.jsonl"),
}
K = 5


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))]


def measure(name: str, split: str, embedder: Embedder, data_dir: Path) -> dict[str, Any]:
    corpus, items_path = CORPORA[name]
    settings = Settings(_env_file=None, DATA_DIR=data_dir, CORPUS_DIR=corpus)  # type: ignore[call-arg]
    run_ingest(None, settings, embedder=embedder)
    retriever = Retriever(
        settings.index_dir, open_chroma(settings.data_dir), embedder, settings.max_per_document
    )
    state = retriever.state()
    texts = {d: doc.text for d, doc in state.generation.documents.items()}
    items = [
        i
        for i in load_items(items_path)
        if i.answerable and len(i.turns) == 1 and (split == "all" or i.split == split)
    ]
    recall, hit, filtered, latency = [], [], [], []
    for item in items:
        spans, _missing = gold_spans([(g.doc_id, g.quote) for g in item.gold_evidence], texts)
        if not spans:
            continue
        started = time.perf_counter()
        passages = retriever.search(item.question, K)
        latency.append((time.perf_counter() - started) * 1000)
        ranked = [(p.doc_id, p.start, p.end) for p in passages]
        recall.append(recall_at(ranked, spans, K))
        hit.append(hit_at(ranked, spans, K))
        # The same question restricted to the gold documents: filters apply before the cut-off.
        only = SearchFilters(doc_id=sorted({s.doc_id for s in spans}))
        kept = [(p.doc_id, p.start, p.end) for p in retriever.search(item.question, K, only)]
        filtered.append(recall_at(kept, spans, K))
    started = time.perf_counter()
    build_guides(state.generation.documents.values())
    guides_s = time.perf_counter() - started
    return {
        "corpus": name,
        "split": split,
        "items": len(recall),
        "recall@5": round(statistics.fmean(recall), 3),
        "hit@5": round(statistics.fmean(hit), 3),
        "recall@5 filtered to gold documents": round(statistics.fmean(filtered), 3),
        "search p50 ms": round(percentile(latency, 50), 1),
        "search p95 ms": round(percentile(latency, 95), 1),
        "guides build s": round(guides_s, 2),
        "sentences": sum(len(d.sentences) for d in state.generation.documents.values()),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--split", default="dev", choices=["dev", "test", "all"])
    args = parser.parse_args()
    embedder = Embedder().load()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in CORPORA:
            rows.append(measure(name, args.split, embedder, Path(tmp) / name))
    keys = list(rows[0])
    print("| " + " | ".join(keys) + " |")
    print("|" + "---|" * len(keys))
    for row in rows:
        print("| " + " | ".join(str(row[k]) for k in keys) + " |")
    out = ROOT / "bench" / "results" / "retrieval.json"
    out.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
