"""Ingest against the real Chroma and the real embedding model, in temporary data directories."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path

import docx
import numpy as np
import pytest

from assistant.retrieval import Retriever
from index.embedder import Embedder
from index.store import (
    IndexMismatchError,
    current_name,
    load_generation,
    open_chroma,
    open_collection,
)
from ingest.pipeline import run_ingest
from tests.conftest import CORPUS, make_settings

pytestmark = pytest.mark.integration
SMALL = (
    "2023-01-16-ggi-future-of-integrated-care.txt",
    "2023-04-hill-dickinson-hewitt-review-provider-collaboratives.txt",
)


def small_corpus(tmp_path: Path, names: Sequence[str] = SMALL) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir(exist_ok=True)
    for name in (*names, "manifest.yaml"):
        shutil.copy(CORPUS / name, corpus / name)
    return corpus


class FailingEmbedder(Embedder):
    """The real model that dies after its first batch, like a crash midway through an ingest."""

    def __init__(self) -> None:
        super().__init__(batch_size=4)
        self.calls = 0

    def _embed_ids(self, rows: list[list[int]]) -> np.ndarray:
        self.calls += 1
        if self.calls > 1:
            raise RuntimeError("simulated crash")
        return super()._embed_ids(rows)


def test_ingest_is_incremental(tmp_path: Path, embedder: Embedder) -> None:
    corpus = small_corpus(tmp_path)
    settings = make_settings(tmp_path / "data", corpus)
    first = run_ingest(None, settings, embedder=embedder)
    assert first.documents == 2 and first.chunks > 5 and first.tokens > 1000
    assert sorted(first.added) == ["ggi-response", "hill-dickinson-hewitt-collaboratives"]

    before = load_generation(settings.index_dir)
    kept_vectors = before.sentence_vectors("hill-dickinson-hewitt-collaboratives")
    assert len(before.sentence_matrix) == sum(len(d.sentences) for d in before.documents.values())
    assert np.allclose(np.linalg.norm(before.sentence_matrix, axis=1), 1.0, atol=1e-4)

    again = run_ingest(None, settings, embedder=embedder)
    assert again.generation == first.generation and not again.changed
    assert sorted(again.unchanged) == sorted(first.added)

    path = corpus / SMALL[0]
    path.write_text(path.read_text(encoding="utf-8") + "\n\nA new closing paragraph.\n")
    changed = run_ingest(None, settings, embedder=embedder)
    assert changed.updated == ["ggi-response"]
    assert changed.unchanged == ["hill-dickinson-hewitt-collaboratives"]
    generation = load_generation(settings.index_dir)
    assert "A new closing paragraph." in generation.documents["ggi-response"].text
    collection = open_chroma(settings.data_dir).get_collection(generation.collection_name)
    assert collection.count() == len(generation.chunks)
    # The unchanged document's sentence vectors are reused; the changed one's cover its sentences.
    assert np.array_equal(
        generation.sentence_vectors("hill-dickinson-hewitt-collaboratives"), kept_vectors
    )
    ggi = generation.documents["ggi-response"]
    assert len(generation.sentence_vectors("ggi-response")) == len(ggi.sentences)
    closing = ggi.sentences[-1]
    assert ggi.text[closing.start : closing.end] == "A new closing paragraph."

    (corpus / SMALL[1]).unlink()
    removed = run_ingest(None, settings, embedder=embedder)
    assert removed.removed == ["hill-dickinson-hewitt-collaboratives"]
    assert list(load_generation(settings.index_dir).documents) == ["ggi-response"]


def test_a_failed_ingest_leaves_the_previous_index_usable(
    tmp_path: Path, embedder: Embedder
) -> None:
    corpus = small_corpus(tmp_path)
    settings = make_settings(tmp_path / "data", corpus)
    before = run_ingest(None, settings, embedder=embedder).generation
    shutil.copy(CORPUS / "2023-01-09-nhs-providers-hewitt-review-evidence-submission.txt", corpus)
    with pytest.raises(RuntimeError, match="simulated crash"):
        run_ingest(None, settings, embedder=FailingEmbedder().load())
    assert current_name(settings.index_dir) == before
    retriever = Retriever(settings.index_dir, open_chroma(settings.data_dir), embedder)
    assert retriever.search("transformational change", 3)
    after = run_ingest(None, settings, embedder=embedder)
    assert after.added == ["nhs-providers-evidence"]
    leftovers = [p.name for p in settings.index_dir.iterdir() if p.is_dir()]
    assert sorted(leftovers) == sorted({before, after.generation})


def test_a_killed_ingest_leaves_the_previous_index_usable(
    tmp_path: Path, embedder: Embedder
) -> None:
    corpus = small_corpus(tmp_path)
    settings = make_settings(tmp_path / "data", corpus)
    before = run_ingest(None, settings, embedder=embedder).generation
    for path in CORPUS.glob("*.txt"):
        shutil.copy(path, corpus / path.name)
    env = {"DATA_DIR": str(settings.data_dir), "CORPUS_DIR": str(corpus), "PATH": "/usr/bin:/bin"}
    process = subprocess.Popen([sys.executable, "-m", "assistant", "ingest"], env=env)
    deadline = time.monotonic() + 60
    chroma = open_chroma(settings.data_dir)
    while time.monotonic() < deadline and len(chroma.list_collections()) < 2:
        time.sleep(0.05)
    assert process.poll() is None, "ingest finished before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait(10)
    assert current_name(settings.index_dir) == before
    retriever = Retriever(settings.index_dir, chroma, embedder)
    assert retriever.search("provider collaboratives", 3)
    assert run_ingest(None, settings, embedder=embedder).documents == 5


def test_concurrent_ingests_do_not_corrupt_the_index(tmp_path: Path, embedder: Embedder) -> None:
    settings = make_settings(tmp_path / "data", small_corpus(tmp_path))
    errors: list[BaseException] = []

    def work() -> None:
        try:
            run_ingest(None, settings, embedder=Embedder().load())
        except BaseException as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    generation = load_generation(settings.index_dir)
    chroma = open_chroma(settings.data_dir)
    assert chroma.get_collection(generation.collection_name).count() == len(generation.chunks)


def test_an_index_built_with_another_model_is_a_clear_error(
    tmp_path: Path, embedder: Embedder
) -> None:
    settings = make_settings(tmp_path / "data", small_corpus(tmp_path, SMALL[:1]))
    run_ingest(None, settings, embedder=embedder)
    generation = load_generation(settings.index_dir)
    with pytest.raises(IndexMismatchError, match="re-ingest"):
        open_collection(open_chroma(settings.data_dir), generation, "another-model", 768)


def test_other_formats_and_unlisted_files(tmp_path: Path, embedder: Embedder) -> None:
    corpus = tmp_path / "papers"
    corpus.mkdir()
    (corpus / "notes.md").write_text("# Board notes on HARPs\n\nHARPs start in April 2024.\n")
    (corpus / "page.html").write_text(
        "<html><nav>Skip page header and navigation</nav><h1>Web page</h1>"
        "<p>The CQC will rate systems.</p></html>"
    )
    document = docx.Document()
    document.add_heading("Board paper", level=1)
    document.add_paragraph("The board noted the Hewitt review's 36 recommendations.")
    document.save(str(corpus / "paper.docx"))
    summary = run_ingest([corpus], make_settings(tmp_path / "data", corpus), embedder=embedder)
    assert summary.documents == 3
    assert len(summary.warnings) == 3 and "not in manifest.yaml" in summary.warnings[0]
    generation = load_generation(tmp_path / "data" / "index")
    titles = {d.doc_id: d.title for d in generation.documents.values()}
    assert titles == {"notes": "Board notes on HARPs", "page": "Web page", "paper": "Board paper"}
    assert "Skip page header" not in generation.documents["page"].text
    assert "36 recommendations" in generation.documents["paper"].text
