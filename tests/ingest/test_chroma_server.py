"""Ingest and retrieval against a real Chroma server (CHROMA_HOST), not the embedded one."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from assistant.retrieval import Retriever
from index.embedder import Embedder
from index.store import open_chroma
from ingest.pipeline import run_ingest
from tests.conftest import CORPUS, free_port, make_settings

pytestmark = pytest.mark.integration


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[int]:
    port = free_port()
    chroma = Path(sys.executable).parent / "chroma"
    log = (tmp_path / "chroma.log").open("wb")
    process = subprocess.Popen(
        [str(chroma), "run", "--path", str(tmp_path / "chroma-server"), "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://localhost:{port}/api/v2/heartbeat", timeout=1).is_success:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            raise RuntimeError("chroma server did not start")
        yield port
    finally:
        process.terminate()
        process.wait(10)
        log.close()


def test_ingest_and_search_through_a_chroma_server(
    tmp_path: Path, embedder: Embedder, chroma_server: int
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("2023-01-16-ggi-future-of-integrated-care.txt", "manifest.yaml"):
        shutil.copy(CORPUS / name, corpus / name)
    settings = make_settings(
        tmp_path / "data", corpus, CHROMA_HOST="localhost", CHROMA_PORT=chroma_server
    )
    summary = run_ingest(None, settings, embedder=embedder)
    assert summary.added == ["ggi-response"]
    assert not (settings.data_dir / "chroma").exists()  # nothing embedded on disk
    client = open_chroma(settings.data_dir, settings.chroma_host, settings.chroma_port)
    passages = Retriever(settings.index_dir, client, embedder).search("11 questions", 3)
    assert passages and passages[0].doc_id == "ggi-response"
