"""The real servers tests start as subprocesses (the app, llama.cpp, Chroma): a free loopback
port, waiting until one answers over HTTP (failing with its log's tail), and stopping one."""

from __future__ import annotations

import socket
import subprocess
import time
from pathlib import Path

import httpx

STOP_GRACE = 10.0  # seconds between SIGTERM and SIGKILL, and after SIGKILL


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_answering(
    process: subprocess.Popen[bytes] | None, url: str, log: Path, what: str, timeout: float
) -> None:
    """Return once `url` answers 200; raise with the log's tail if the process ends first or
    `timeout` seconds pass."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is None or process.poll() is not None:
            raise RuntimeError(f"{what} exited: {log.read_text()[-3000:]}")
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{what} not up in {timeout}s: {log.read_text()[-3000:]}")


def stop_process(process: subprocess.Popen[bytes] | None, grace: float = STOP_GRACE) -> None:
    """SIGTERM, then SIGKILL if it has not ended within `grace` seconds."""
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(grace)
