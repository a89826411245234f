"""Scale-out load test with wrk on loopback: single-turn questions, each starting a new
conversation (the main corpus's eval questions in turn), POSTed to /api/chat by N connections
for S seconds.

The questions repeat every len(QUESTIONS) requests; nothing keyed on a question survives its
request (the retriever keeps only each thread's last query vector, for the answer engine of the
same request), so every request embeds, parses and answers its question afresh.
Besides wrk's figures, the CPU the server's processes and wrk used per request (less sensitive
to other load on the machine), the load average, and the connections each worker held half way
through are reported (kept-alive connections stay with the worker that accepted them, and the
busier worker's answers wait longer: its connections / its answers per second).
`--env` passes settings to the servers (e.g. `--env ANSWER_CONCURRENCY=4`) to compare variants.

    uv run --no-sync python bench/bench_scale.py [--setup embedded|engines|both]
        [--connections 32] [--seconds 60] [--workers N] [--data-dir DIR] [--env KEY=VALUE ...]

- embedded: one `review-assistant serve` (default workers: one per core) over an embedded index
  in --data-dir (ingested first if it has none).
- engines: a PostgreSQL and a `chroma run` server, an ingest published through them, and two
  API hosts with empty data folders; wrk drives both at once (half the connections each).

Prints a Markdown table and writes bench/results/scale.json. Needs `wrk` (apt-get install wrk).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.proc_stats import (  # noqa: E402
    command_line,
    held_connections,
    open_connections,
    process_cpu,
    session_pids,
)
from bench.wrk_runs import write_script, wrk  # noqa: E402
from tests.scale.engines import ChromaServer, PostgresServer  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "scale.json"
QUESTIONS = [
    json.loads(line)["turns"][0]
    for line in (ROOT / "eval" / "dataset" / "items.jsonl").read_text().splitlines()
    if line.strip()
]


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


SERVER_SETTINGS: dict[str, str] = {}  # --env KEY=VALUE, for every server started


def base_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LLM_", "OPENAI_", "SLACK_"))}
    env.update(PYTHONUNBUFFERED="1", **SERVER_SETTINGS, **extra)
    return env


def ingest(env: dict[str, str]) -> None:
    subprocess.run(
        [sys.executable, "-m", "assistant", "ingest"], env=env, cwd=ROOT, check=True,
        stdout=subprocess.DEVNULL,
    )  # fmt: skip


class Server:
    """`review-assistant serve` on a free port, its log in `folder`."""

    def __init__(self, env: dict[str, str], folder: Path, workers: int | None) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        command = [sys.executable, "-m", "assistant", "serve", "--port", str(self.port)]
        if workers:
            command += ["--workers", str(workers)]
        self.log = folder / f"serve-{self.port}.log"
        self.connection_split: list[int] = []
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(self.log.read_text()[-3000:])
            try:
                if httpx.get(f"{self.url}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        else:
            raise RuntimeError(f"server not ready: {self.log.read_text()[-3000:]}")
        with ThreadPoolExecutor(4) as pool:  # warm every worker's models before measuring
            list(pool.map(self.ask, QUESTIONS[:24]))

    def ask(self, question: str) -> int:
        reply = httpx.post(f"{self.url}/api/chat", json={"message": question}, timeout=120)
        return reply.status_code

    def worker_memory_mb(self) -> list[int]:
        text = httpx.get(f"{self.url}/metrics", timeout=30).text
        found = re.findall(r"^assistant_worker_resident_bytes(?:\{[^}]*\})? (\S+)$", text, re.M)
        return sorted(round(float(v) / 2**20) for v in found if float(v) > 0)

    def connections_per_worker(self) -> list[int]:
        """Established connections to the server's port each worker holds now, most first."""
        established = open_connections(self.port)
        pids = session_pids(self.process.pid)
        workers = [p for p in pids if "spawn_main" in command_line(p)] or [self.process.pid]
        return sorted((held_connections(pid, established) for pid in workers), reverse=True)

    def worker_starts(self) -> int:
        """Workers started (more than --workers means uvicorn replaced some during the run)."""
        return self.log.read_text(errors="replace").count('"event": "worker_ready"')

    def cpu_seconds(self) -> float:
        """User + system CPU so far of every process of the server (its session: the uvicorn
        supervisor and its workers)."""
        return sum(process_cpu(pid) for pid in session_pids(self.process.pid))

    def stop(self) -> None:
        os.killpg(self.process.pid, 15)
        self.process.wait(30)


def measured(
    urls: list[str], servers: list[Server], args: argparse.Namespace, script: Path
) -> tuple[list[dict[str, Any]], float]:
    """wrk's results and the CPU seconds the servers' processes used meanwhile; half way
    through, each server's connections per worker are counted (`Server.connection_split`)."""

    def count() -> None:
        for server in servers:
            server.connection_split = server.connections_per_worker()

    halfway = threading.Timer(args.seconds / 2, count)
    before = sum(server.cpu_seconds() for server in servers)
    halfway.start()
    try:
        runs = wrk(urls, args.connections, args.seconds, script)
    finally:
        halfway.cancel()
    return runs, sum(server.cpu_seconds() for server in servers) - before


def summarise(
    name: str, runs: list[dict[str, Any]], servers: list[Server], server_cpu: float
) -> dict[str, Any]:
    requests = sum(r["requests"] for r in runs)
    errors = sum(r["non2xx"] + r["socket_errors"] + r["timeouts"] for r in runs)
    seconds = max(r["seconds"] for r in runs)
    return {
        "setup": name,
        "answers_per_s": round((requests - errors) / seconds, 1),
        "requests": requests,
        "errors": errors,
        "non2xx": sum(r["non2xx"] for r in runs),
        "socket_errors": sum(r["socket_errors"] for r in runs),
        "timeouts_30s": sum(r["timeouts"] for r in runs),
        "p50_ms": max(r["p50_ms"] for r in runs),
        "p95_ms": max(r["p95_ms"] for r in runs),
        "p99_ms": max(r["p99_ms"] for r in runs),
        "worker_rss_mb": [mb for server in servers for mb in server.worker_memory_mb()],
        "worker_starts": sum(server.worker_starts() for server in servers),
        # kept-alive connections stay with the worker that accepted them: a busier worker's
        # answers wait longer (its connections / its answers per second)
        "connections_per_worker": [n for server in servers for n in server.connection_split],
        # CPU per request: less sensitive to other load on the machine than the rates above
        "server_cpu_ms_per_request": round(server_cpu / max(requests, 1) * 1000, 2),
        "wrk_cpu_ms_per_request": round(
            sum(r["wrk_cpu_s"] for r in runs) / max(requests, 1) * 1000, 2
        ),
        "load_average_after": round(os.getloadavg()[0], 2),
    }


def embedded(args: argparse.Namespace, work: Path, script: Path) -> dict[str, Any]:
    data_dir = args.data_dir or work / "embedded"
    env = base_env(DATA_DIR=str(data_dir))
    if not (data_dir / "index" / "CURRENT").exists():
        ingest(env)
    server = Server(env, work, args.workers)  # stops itself if it fails to start
    try:
        runs, cpu = measured([server.url], [server], args, script)
        workers = f"{args.workers or 'default'} workers"
        return summarise(f"embedded, one host, {workers}", runs, [server], cpu)
    finally:
        server.stop()


def engines(args: argparse.Namespace, work: Path, script: Path) -> dict[str, Any]:
    postgres, chroma = PostgresServer(), ChromaServer(work)
    servers: list[Server] = []
    try:
        shared = {"DATABASE_URL": postgres.url, "CHROMA_HOST": "127.0.0.1",
                  "CHROMA_PORT": str(chroma.port)}  # fmt: skip
        ingest(base_env(DATA_DIR=str(work / "ingest"), **shared))
        for name in ("host-a", "host-b"):
            env = base_env(DATA_DIR=str(work / name), **shared)
            servers.append(Server(env, work, args.workers or 1))
        runs, cpu = measured([s.url for s in servers], servers, args, script)
        workers = args.workers or 1
        return summarise(f"two stateless hosts x {workers} worker(s), Chroma server + PostgreSQL",
                         runs, servers, cpu)  # fmt: skip
    finally:
        for server in servers:
            server.stop()
        chroma.stop()
        postgres.remove()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--setup", choices=["embedded", "engines", "both"], default="both")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument(
        "--env",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a setting for the servers, e.g. ANSWER_CONCURRENCY=4 (repeatable)",
    )
    args = parser.parse_args()
    for setting in args.env:
        key, sep, value = setting.partition("=")
        if not sep or not key:
            parser.error(f"--env wants KEY=VALUE, not {setting!r}")
        SERVER_SETTINGS[key] = value
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: apt-get install -y wrk")
    load_before = round(os.getloadavg()[0], 2)
    work = Path(tempfile.mkdtemp(prefix="bench-scale-"))
    script = work / "chat.lua"
    bodies = ",\n".join(json.dumps(json.dumps({"message": q})) for q in QUESTIONS)
    write_script(script, bodies)
    results = []
    try:
        if args.setup in ("embedded", "both"):
            results.append(embedded(args, work, script))
        if args.setup in ("engines", "both"):
            results.append(engines(args, work, script))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    cores = len(os.sched_getaffinity(0))
    settings = "".join(f", {k}={v}" for k, v in SERVER_SETTINGS.items())
    print(f"\n{args.connections} connections x {args.seconds} s, wrk on loopback, {cores} cores,"
          f" load average before {load_before}{settings}\n")  # fmt: skip
    print("| setup | answers/s | errors | p50 ms | p95 ms | p99 ms | worker RSS MB | starts "
          "| connections per worker | server CPU ms/req | wrk CPU ms/req "
          "| load after |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        memory = ", ".join(map(str, r["worker_rss_mb"]))
        print(f"| {r['setup']} | {r['answers_per_s']} | {r['errors']} | {r['p50_ms']} | "
              f"{r['p95_ms']} | {r['p99_ms']} | {memory} | {r['worker_starts']} | "
              f"{' / '.join(map(str, r['connections_per_worker']))} | "
              f"{r['server_cpu_ms_per_request']} | {r['wrk_cpu_ms_per_request']} | "
              f"{r['load_average_after']} |")  # fmt: skip
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    summary = {"connections": args.connections, "seconds": args.seconds, "cores": cores,
               "load_average_before": load_before, "server_settings": SERVER_SETTINGS}  # fmt: skip
    RESULTS.write_text(json.dumps({**summary, "results": results}, indent=2) + "\n")


if __name__ == "__main__":
    main()
