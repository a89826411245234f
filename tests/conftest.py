"""Shared fixtures: an ingested copy of the corpus under a temporary data directory, and a real
uvicorn server of the app on a loopback port (a subprocess, so it is exercised over HTTP)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant.pipeline import Collaborators
from assistant.retrieval import Retriever
from assistant.runtime import build_collaborators
from assistant.settings import PROJECT_ROOT, Settings
from index.embedder import Embedder
from index.store import open_chroma
from ingest.pipeline import run_ingest
from tests.processes import free_port, stop_process, wait_until_answering

CORPUS = PROJECT_ROOT / "corpus"


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    """The real offline embedding model, loaded once per test session."""
    return Embedder().load()


def make_settings(data_dir: Path, corpus_dir: Path = CORPUS, /, **extra: Any) -> Settings:
    """Settings for a test: everything under `data_dir`, nothing from a developer's `.env`."""
    values: dict[str, Any] = {"_env_file": None, "DATA_DIR": data_dir, "CORPUS_DIR": corpus_dir}
    return Settings(**values, **extra)


def write_corpus(corpus: Path, files: dict[str, str]) -> Path:
    """A corpus folder holding `files` (name -> text, its manifest.yaml among them)."""
    corpus.mkdir(parents=True, exist_ok=True)
    for file, text in files.items():
        (corpus / file).write_text(text, encoding="utf-8")
    return corpus


def ingested_retriever(
    tmp_path_factory: pytest.TempPathFactory,
    embedder: Embedder,
    name: str,
    files: dict[str, str],
    **extra: Any,
) -> Retriever:
    """A small corpus of `files` (name -> text, with its manifest.yaml) ingested into a fresh
    data directory, and a retriever over it."""
    corpus = write_corpus(tmp_path_factory.mktemp(f"{name}-corpus"), files)
    settings = make_settings(tmp_path_factory.mktemp(f"{name}-data"), corpus, **extra)
    run_ingest(None, settings, embedder=embedder)
    return Retriever(settings.index_dir, open_chroma(settings.data_dir), embedder, 3)


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Settings:
    """The project's corpus ingested once into a session-wide temporary data directory."""
    data_dir = tmp_path_factory.mktemp("index")
    corpus = tmp_path_factory.mktemp("corpus")
    for path in CORPUS.iterdir():
        shutil.copy(path, corpus / path.name)
    settings = make_settings(data_dir, corpus)
    run_ingest(None, settings, embedder=embedder)
    return settings


@pytest.fixture(scope="session")
def collab(corpus_index: Settings, embedder: Embedder) -> Collaborators:
    """In-process collaborators over the session index (conversations in its SQLite)."""
    return build_collaborators(corpus_index, embedder=embedder)


class LiveServer:
    """A `review-assistant serve` subprocess; `url` is its base address."""

    def __init__(self, env: dict[str, str], port: int, log: Path) -> None:
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.log = log
        self._handle = log.open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "assistant", "serve", "--port", str(port)],
            env=env,
            stdout=self._handle,
            stderr=subprocess.STDOUT,
            cwd=PROJECT_ROOT,
        )

    def wait_ready(self, timeout: float = 90.0) -> None:
        wait_until_answering(self.process, f"{self.url}/healthz", self.log, "server", timeout)

    def stop(self) -> None:
        stop_process(self.process)
        self._handle.close()


StartServer = Callable[..., LiveServer]


@pytest.fixture(scope="session")
def start_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StartServer]:
    """Start real servers with environment overrides; all are stopped at the end."""
    servers: list[LiveServer] = []

    def start(settings: Settings, ready_timeout: float = 90.0, **env: str) -> LiveServer:
        base = {
            k: v for k, v in os.environ.items() if not k.startswith(("LLM_", "OPENAI_", "SLACK_"))
        }
        base["WORKERS"] = "1"  # one worker unless a test asks for more (default: one per core)
        base.update(
            DATA_DIR=str(settings.data_dir),
            CORPUS_DIR=str(settings.corpus_dir),
            PYTHONUNBUFFERED="1",
            **env,
        )
        log = tmp_path_factory.mktemp("server") / "server.log"
        server = LiveServer(base, free_port(), log)
        servers.append(server)
        server.wait_ready(ready_timeout)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture(scope="session")
def server(corpus_index: Settings, start_server: StartServer) -> LiveServer:
    """One real server over the session index, with default (extractive) settings."""
    return start_server(corpus_index)
