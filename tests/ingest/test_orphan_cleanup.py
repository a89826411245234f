"""An ingest killed with SIGKILL leaves a half-built Chroma collection; the next ingest removes
it (even one with nothing to re-embed), on the embedded Chroma on disk and on a Chroma server
with PostgreSQL, where the next ingest may run on another machine with an empty DATA_DIR."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from assistant.db import make_engine
from assistant.settings import PROJECT_ROOT
from index.embedder import Embedder
from index.published import published_name
from index.store import current_name, open_chroma
from index.writing import BUILDING_MARK
from ingest.pipeline import run_ingest
from tests.conftest import CORPUS, make_settings
from tests.scale.conftest import small_corpus
from tests.scale.engines import ChromaServer, PostgresServer

pytestmark = pytest.mark.integration


def _collections(client: object) -> set[str]:
    return {c if isinstance(c, str) else c.name for c in client.list_collections()}  # type: ignore[attr-defined]


def _kill_mid_ingest(env: dict[str, str], started: Callable[[], bool]) -> None:
    """Start `review-assistant ingest`, SIGKILL it once `started()` sees its new collection."""
    process = subprocess.Popen([sys.executable, "-m", "assistant", "ingest"], env=env,
                               cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)  # fmt: skip
    deadline = time.monotonic() + 300
    while not started():  # the event happens in another process: watch for it
        assert process.poll() is None, "the ingest ended before it could be killed"
        assert time.monotonic() < deadline, "the ingest never created its collection"
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait(30)
    assert process.returncode == -signal.SIGKILL


def _add_corpus(corpus: Path) -> list[Path]:
    added = []
    for path in CORPUS.glob("*.txt"):
        if not (corpus / path.name).exists():
            added.append(shutil.copy(path, corpus / path.name))
    return [Path(p) for p in added]


def test_embedded_the_next_ingest_removes_a_killed_ingests_collection(
    tmp_path: Path, embedder: Embedder
) -> None:
    corpus = small_corpus(tmp_path / "corpus")
    settings = make_settings(tmp_path / "data", corpus)
    first = run_ingest(None, settings, embedder=embedder).generation
    chroma = open_chroma(settings.data_dir)
    added = _add_corpus(corpus)
    env = {"DATA_DIR": str(settings.data_dir), "CORPUS_DIR": str(corpus), "PATH": "/usr/bin:/bin"}
    _kill_mid_ingest(env, lambda: len(_collections(chroma)) > 1)
    [orphan] = _collections(chroma) - {f"chunks-{first}"}
    assert (settings.index_dir / f"{BUILDING_MARK}{orphan.removeprefix('chunks-')}").exists()
    assert current_name(settings.index_dir) == first

    for path in added:  # back to the sources the current index holds: nothing to re-embed
        path.unlink()
    again = run_ingest(None, settings, embedder=embedder)
    assert again.generation == first and not again.added and not again.updated
    assert _collections(chroma) == {f"chunks-{first}"}  # the orphan is gone, the current kept
    leftovers = sorted(p.name for p in settings.index_dir.iterdir() if p.name != ".ingest.lock")
    assert leftovers == ["CURRENT", first]  # no marker, no staging folder


def test_server_mode_the_next_ingest_elsewhere_removes_a_killed_ingests_collection(
    tmp_path: Path,
) -> None:
    postgres, chroma_server = PostgresServer(), ChromaServer(tmp_path)
    try:
        corpus = small_corpus(tmp_path / "corpus")
        env = {k: v for k, v in os.environ.items() if not k.startswith(("LLM_", "OPENAI_"))}
        env.update(DATABASE_URL=postgres.url, CHROMA_HOST="127.0.0.1",
                   CHROMA_PORT=str(chroma_server.port), CORPUS_DIR=str(corpus))  # fmt: skip

        def ingest(data_dir: str) -> None:
            done = subprocess.run([sys.executable, "-m", "assistant", "ingest"],
                                  env={**env, "DATA_DIR": str(tmp_path / data_dir)},
                                  cwd=PROJECT_ROOT, capture_output=True, text=True,
                                  timeout=600)  # fmt: skip
            assert done.returncode == 0, done.stderr[-3000:]

        ingest("machine-1")
        engine = make_engine(postgres.url)
        first = published_name(engine)
        client = open_chroma(tmp_path, "127.0.0.1", chroma_server.port)
        assert _collections(client) == {f"chunks-{first}"}

        added = _add_corpus(corpus)
        killed = {**env, "DATA_DIR": str(tmp_path / "machine-2")}
        _kill_mid_ingest(killed, lambda: len(_collections(client)) > 1)
        assert len(_collections(client)) == 2 and published_name(engine) == first

        for path in added:
            path.unlink()
        ingest("machine-3")  # another machine: it never saw machine 2's files
        assert published_name(engine) == first
        assert _collections(client) == {f"chunks-{first}"}
        engine.dispose()
    finally:
        chroma_server.stop()
        postgres.remove()
