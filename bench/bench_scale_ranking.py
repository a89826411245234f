"""Ranking on the engines vs the embedded default: the same generation's vectors served by a
`chroma run` server instead of the on-disk Chroma, the same BM25 files (published verbatim),
every question of a corpus retrieved both ways.

    uv run --no-sync python bench/bench_scale_ranking.py main=DATA_DIR corpus-2=DATA_DIR

Each DATA_DIR is an embedded index of that corpus (`review-assistant ingest`). Prints, per
corpus, how many questions get the identical top-k (same chunks, same order) and the mean
overlap of the top-k sets; writes bench/results/scale-ranking.json.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.retrieval import Retriever  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from index.embedder import Embedder  # noqa: E402
from index.store import load_generation, open_chroma  # noqa: E402
from tests.scale.engines import ChromaServer  # noqa: E402

QUESTIONS = {
    "main": ROOT / "eval" / "dataset" / "items.jsonl",
    "corpus-2": ROOT / "eval" / "dataset" / "corpus-2" / "questions.jsonl",
}
RESULTS = ROOT / "bench" / "results" / "scale-ranking.json"


def questions(corpus: str) -> list[str]:
    rows = [json.loads(line) for line in QUESTIONS[corpus].read_text().splitlines() if line]
    return [row["turns"][0] for row in rows if row.get("corpus", corpus) == corpus]


def copy_collection(data_dir: Path, server: ChromaServer) -> None:
    """The embedded collection of the current generation, copied whole into the server."""
    generation = load_generation(data_dir / "index")
    local = open_chroma(data_dir).get_collection(generation.collection_name)
    remote_client = open_chroma(data_dir, "127.0.0.1", server.port)
    remote = remote_client.create_collection(generation.collection_name, metadata=local.metadata)
    everything = local.get(include=["embeddings", "documents", "metadatas"])
    for start in range(0, len(everything["ids"]), 500):
        window = slice(start, start + 500)
        remote.add(
            ids=everything["ids"][window],
            embeddings=everything["embeddings"][window],  # type: ignore[index]
            documents=everything["documents"][window],  # type: ignore[index]
            metadatas=everything["metadatas"][window],  # type: ignore[index]
        )


def compare(corpus: str, data_dir: Path, embedder: Embedder, work: Path) -> dict[str, object]:
    (work / corpus).mkdir()
    server = ChromaServer(work / corpus)
    try:
        copy_collection(data_dir, server)
        settings = Settings(_env_file=None, DATA_DIR=data_dir)  # type: ignore[call-arg]
        k = settings.top_k
        index_dir = data_dir / "index"
        embedded = Retriever(index_dir, open_chroma(data_dir), embedder, settings.max_per_document)
        remote_client = open_chroma(data_dir, "127.0.0.1", server.port)
        engines = Retriever(index_dir, remote_client, embedder, settings.max_per_document)
        asked = questions(corpus)
        identical, overlap = 0, 0.0
        for question in asked:
            a = [p.chunk_id for p in embedded.search(question, k)]
            b = [p.chunk_id for p in engines.search(question, k)]
            identical += a == b
            overlap += len(set(a) & set(b)) / max(1, len(a))
        return {
            "corpus": corpus,
            "questions": len(asked),
            "k": k,
            "identical_top_k": identical,
            "mean_overlap": round(overlap / max(1, len(asked)), 4),
        }
    finally:
        server.stop()


def main() -> None:
    pairs = [arg.split("=", 1) for arg in sys.argv[1:]]
    if not pairs or any(len(p) != 2 or p[0] not in QUESTIONS for p in pairs):
        sys.exit(__doc__)
    embedder = Embedder().load()
    work = Path(tempfile.mkdtemp(prefix="bench-ranking-"))
    try:
        results = [compare(corpus, Path(d), embedder, work) for corpus, d in pairs]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("| corpus | questions | top-k | identical rankings | mean overlap |")
    print("|---|---|---|---|---|")
    for r in results:
        print(f"| {r['corpus']} | {r['questions']} | {r['k']} | {r['identical_top_k']} | "
              f"{r['mean_overlap']} |")  # fmt: skip
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
