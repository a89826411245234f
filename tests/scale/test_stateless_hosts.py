"""Two API hosts with separate, empty DATA_DIRs over one Chroma server and one PostgreSQL, all
real processes on loopback: the same answers, conversations that move between hosts, an ingest
followed by both without a restart, and a Chroma outage reported as 503 then recovered."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from assistant.pipeline import answer
from assistant.runtime import build_collaborators
from assistant.schemas import ChatRequest
from assistant.settings import PROJECT_ROOT, Settings
from index.collection_reading import READING_FILE
from index.embedder import Embedder
from tests.conftest import CORPUS, LiveServer, StartServer, make_settings
from tests.scale.conftest import small_corpus
from tests.scale.engines import ChromaServer, PostgresServer

pytestmark = pytest.mark.integration
SECOND = "2023-01-16-ggi-future-of-integrated-care.txt"
QUESTIONS = [
    "What are the main recommendations?",
    "When was the review published?",
    "What is the best recipe for banana bread?",
]


@dataclass
class Cluster:
    postgres: PostgresServer
    chroma: ChromaServer
    corpus: Path
    hosts: list[LiveServer]
    root: Path

    @property
    def env(self) -> dict[str, str]:
        return {
            "DATABASE_URL": self.postgres.url,
            "CHROMA_HOST": "127.0.0.1",
            "CHROMA_PORT": str(self.chroma.port),
            "INDEX_POLL_SECONDS": "3600",  # followed by LISTEN/NOTIFY: no polling needed
        }

    def ingest(self, name: str) -> str:
        """`review-assistant ingest` from a fresh, empty data folder against the engines."""
        env = {k: v for k, v in os.environ.items() if not k.startswith(("LLM_", "OPENAI_"))}
        env.update(self.env, DATA_DIR=str(self.root / name), CORPUS_DIR=str(self.corpus))
        done = subprocess.run(
            [sys.executable, "-m", "assistant", "ingest"],
            env=env, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=600,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout


@pytest.fixture(scope="module")
def cluster(
    tmp_path_factory: pytest.TempPathFactory, start_server: StartServer
) -> Iterator[Cluster]:
    root = tmp_path_factory.mktemp("cluster")
    postgres, chroma = PostgresServer(), ChromaServer(root)
    try:
        cluster = Cluster(postgres, chroma, small_corpus(root / "corpus"), [], root)
        cluster.ingest("ingest-1")
        for name in ("host-a", "host-b"):
            settings = make_settings(root / name, cluster.corpus)
            cluster.hosts.append(start_server(settings, ready_timeout=300, **cluster.env))
        yield cluster
    finally:
        chroma.stop()
        postgres.remove()


def _ask(host: LiveServer, message: str, conversation_id: str | None = None) -> httpx.Response:
    body: dict[str, Any] = {"message": message}
    if conversation_id:
        body["conversation_id"] = conversation_id
    return httpx.post(f"{host.url}/api/chat", json=body, timeout=120)


def _comparable(answer: dict[str, Any]) -> dict[str, Any]:
    keep = ("answer", "citations", "refused", "refusal_reason", "mode", "search_query")
    return {k: answer[k] for k in keep}


def _wait_for(check: Any, timeout: float = 90.0) -> None:
    """Poll `check()` (the event is on another process) until it holds or time runs out."""
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "condition not reached in time"
        time.sleep(0.25)


def test_hosts_start_empty_and_serve_the_published_generation(cluster: Cluster) -> None:
    ready = [httpx.get(f"{h.url}/readyz").json() for h in cluster.hosts]
    assert ready[0]["status"] == "ready" and ready[0] == ready[1]
    generation = ready[0]["generation"]
    for name in ("host-a", "host-b"):
        assert (cluster.root / name / "index" / generation / "documents.json").exists()
        # what questions are read with, built at ingest, comes with the generation
        assert (cluster.root / name / "index" / generation / READING_FILE).exists()
        assert not (cluster.root / name / "chroma").exists()  # vectors stay in the server


def test_both_hosts_give_the_same_answers_as_the_embedded_default(
    cluster: Cluster, small_index: Settings, embedder: Embedder
) -> None:
    embedded = build_collaborators(small_index, embedder=embedder)  # same corpus, on one disk
    a, b = cluster.hosts
    for question in QUESTIONS:
        first, second = _ask(a, question), _ask(b, question)
        assert first.status_code == second.status_code == 200
        assert _comparable(first.json()) == _comparable(second.json())
        local = answer(ChatRequest(message=question), embedded).model_dump(mode="json")
        assert _comparable(first.json()) == _comparable(local)
    assert _ask(a, QUESTIONS[0]).json()["citations"]


def test_a_conversation_started_on_one_host_continues_on_the_other(cluster: Cluster) -> None:
    a, b = cluster.hosts
    started = _ask(a, QUESTIONS[0]).json()
    follow = _ask(b, "When would they start?", started["conversation_id"])
    assert follow.status_code == 200, follow.text
    stored = httpx.get(f"{a.url}/api/conversations/{started['conversation_id']}").json()
    assert [m["role"] for m in stored["messages"]] == ["user", "assistant"] * 2
    assert stored["messages"][3]["message_id"] == follow.json()["message_id"]


def test_an_ingest_is_followed_by_both_hosts_without_a_restart(cluster: Cluster) -> None:
    before = httpx.get(f"{cluster.hosts[0].url}/readyz").json()
    shutil.copy(CORPUS / SECOND, cluster.corpus / SECOND)
    cluster.ingest("ingest-2")

    def followed() -> bool:
        states = [httpx.get(f"{h.url}/readyz").json() for h in cluster.hosts]
        return all(
            s.get("generation") != before["generation"] and s.get("documents") == 2 for s in states
        )

    _wait_for(followed)
    pids = {h.process.pid for h in cluster.hosts}
    assert all(h.process.poll() is None for h in cluster.hosts) and len(pids) == 2
    answers = [_ask(h, "What does the future of integrated care look like?") for h in cluster.hosts]
    assert _comparable(answers[0].json()) == _comparable(answers[1].json())
    cited = {c["doc_id"] for c in answers[0].json()["citations"]}
    assert len(cited) >= 1


def test_a_chroma_outage_is_503_on_both_hosts_then_recovers(cluster: Cluster) -> None:
    cluster.chroma.stop()
    try:
        for host in cluster.hosts:
            assert httpx.get(f"{host.url}/readyz", timeout=60).status_code == 503
            assert _ask(host, QUESTIONS[0]).status_code == 503
    finally:
        cluster.chroma.start()
    for host in cluster.hosts:
        _wait_for(lambda h=host: httpx.get(f"{h.url}/readyz", timeout=60).status_code == 200)
        assert _ask(host, QUESTIONS[0]).status_code == 200
