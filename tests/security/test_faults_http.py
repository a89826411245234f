"""Faults over a real server: an unreadable index gives 503 with a reason (no path, never 500)
on /readyz and the chat endpoints, and the service recovers without a restart when the files
are back."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from assistant.settings import Settings
from index.store import current_name
from tests.conftest import StartServer

pytestmark = pytest.mark.integration


def _copy_index(source: Settings, target: Path) -> Path:
    """A private copy of the session's data directory; returns its current generation folder."""
    shutil.copytree(source.data_dir, target, ignore=shutil.ignore_patterns("app.db*"))
    name = current_name(target / "index")
    assert name is not None
    return target / "index" / name


@pytest.mark.parametrize("damage", ["documents_shape", "bm25_missing"])
def test_an_unreadable_index_is_a_503_until_it_is_repaired(
    corpus_index: Settings, start_server: StartServer, tmp_path: Path, damage: str
) -> None:
    generation = _copy_index(corpus_index, tmp_path / "data")
    documents = generation / "documents.json"
    kept = tmp_path / "kept"
    if damage == "documents_shape":
        shutil.copy(documents, kept)
        data = json.loads(documents.read_text())
        data["documents"] = [{"doc_id": "x", "sections": "of the wrong shape"}]
        documents.write_text(json.dumps(data))
    else:
        shutil.move(generation / "bm25", kept)
    settings = corpus_index.model_copy(update={"data_dir": tmp_path / "data"})
    server = start_server(settings)

    ready = httpx.get(f"{server.url}/readyz")
    assert ready.status_code == 503 and ready.json()["reason"].startswith("the index cannot")
    assert str(tmp_path) not in ready.text
    for path, body in (("/api/chat", {"message": "What is an ICS?"}),
                       ("/api/search", {"query": "integrated care"})):  # fmt: skip
        response = httpx.post(f"{server.url}{path}", json=body, timeout=60)
        assert response.status_code == 503, response.text
        assert response.json()["error"] == "index_unavailable"
        assert str(tmp_path) not in response.text
    stream = httpx.post(f"{server.url}/api/chat/stream", json={"message": "What is an ICS?"},
                        timeout=60)  # fmt: skip
    assert "index_unavailable" in stream.text and "internal_error" not in stream.text

    if damage == "documents_shape":
        shutil.copy(kept, documents)
    else:
        shutil.move(kept, generation / "bm25")
    assert httpx.get(f"{server.url}/readyz").status_code == 200  # no restart needed
    again = httpx.post(f"{server.url}/api/chat", json={"message": "What is an ICS?"}, timeout=60)
    assert again.status_code == 200 and again.json()["answer"]


def test_a_corrupt_database_at_start_up_is_one_clear_line(tmp_path: Path) -> None:
    (tmp_path / "app.db").write_bytes(b"this is not a database " * 200)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "AUTH"))}
    env["DATA_DIR"] = str(tmp_path)
    result = subprocess.run([sys.executable, "-m", "assistant", "serve"], env=env,
                            capture_output=True, text=True, timeout=120)  # fmt: skip
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "not a database" in lines[0], result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not (tmp_path / "index").exists()  # refused before ingesting anything
