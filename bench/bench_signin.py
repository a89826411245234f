"""Sign-in under a burst: N concurrent correct sign-ins against a real `serve` (one worker,
AUTH=on), the server's resident memory before and at its peak, and the time they all took.

    uv run --no-sync python bench/bench_signin.py [--users 40]

Password hashing is bounded (assistant.auth.users.HASH_CONCURRENCY), so the burst queues
instead of growing memory by ~64 MB per concurrent argon2 hash.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.auth.users import add_user  # noqa: E402
from assistant.db import make_engine  # noqa: E402

PASSWORD = "a long enough password"
SECRET = "bench-session-secret-of-at-least-32-bytes"


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children (workers), in MB."""
    total = 0
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    for each in pids:
        status = Path(f"/proc/{each}/status")
        if status.exists():
            for line in status.read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
    return total / 1024


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def sign_in(client: httpx.AsyncClient, email: str) -> int:
    csrf = (await client.get("/api/auth/session")).json()["csrf_token"]
    response = await client.post(
        "/api/auth/signin",
        json={"email": email, "password": PASSWORD},
        headers={"X-CSRF-Token": csrf},
        cookies={"ra_csrf": csrf},
    )
    return response.status_code


async def burst(url: str, emails: list[str]) -> list[int]:
    limits = httpx.Limits(max_connections=len(emails))
    async with httpx.AsyncClient(base_url=url, timeout=300, limits=limits) as client:
        return await asyncio.gather(*(sign_in(client, e) for e in emails))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=40)
    parser.add_argument("--data-dir", type=Path, required=True, help="an ingested DATA_DIR")
    args = parser.parse_args()
    db = Path(tempfile.mkdtemp(prefix="bench-signin-")) / "app.db"
    engine = make_engine(f"sqlite:///{db}")
    emails = [f"user{i}@example.org" for i in range(args.users)]
    for email in emails:
        add_user(engine, email, email, PASSWORD)
    engine.dispose()
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LLM_", "SLACK_"))}
    env.update(DATA_DIR=str(args.data_dir), DATABASE_URL=f"sqlite:///{db}", AUTH="on",
               SESSION_SECRET=SECRET, WORKERS="1")  # fmt: skip
    server = subprocess.Popen(
        [sys.executable, "-m", "assistant", "serve", "--port", str(port), "--workers", "1"],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        while True:
            try:
                if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        before = rss_mb(server.pid)
        peak = before
        done = threading.Event()

        def watch() -> None:
            nonlocal peak
            while not done.is_set():
                peak = max(peak, rss_mb(server.pid))
                time.sleep(0.05)

        watcher = threading.Thread(target=watch)
        watcher.start()
        started = time.monotonic()
        statuses = asyncio.run(burst(url, emails))
        elapsed = time.monotonic() - started
        done.set()
        watcher.join()
    finally:
        server.terminate()
        server.wait(30)
    ok = sum(1 for s in statuses if s == 200)
    print("| figure | value |\n|---|---|")
    print(f"| concurrent sign-ins | {args.users} |")
    print(f"| succeeded | {ok} |")
    print(f"| server RSS before / peak (MB) | {before:.0f} / {peak:.0f} |")
    print(f"| all done in (s) | {elapsed:.1f} |")


if __name__ == "__main__":
    main()
