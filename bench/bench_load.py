"""Load test: N connections for S seconds against a real `review-assistant serve` on loopback,
counting errors, then checking every stored conversation (no lost or misordered turns).

    uv run --no-sync python bench/bench_load.py [--connections 32] [--seconds 60]
        [--data-dir DIR] [--url http://127.0.0.1:PORT]

Workers go in pairs that share one conversation, so two turns of the same conversation are
often in flight at once (the case that used to store both with the same `seq`). Without
`--url` a server is started over `--data-dir` (ingested first if it has no index). Prints a
Markdown summary and writes bench/results/load.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
TURNS_PER_CONVERSATION = 6
QUESTIONS = [
    json.loads(line)["turns"][0]
    for line in (ROOT / "eval" / "dataset" / "items.jsonl").read_text().splitlines()
    if line.strip()
]
FOLLOW_UPS = ["Tell me more.", "Why does that matter?", "What happens next?"]


@dataclass
class Sent:
    """A turn the server said it stored: the question sent and the answer's message id."""

    question: str
    message_id: str


@dataclass
class Pair:
    """Two workers sharing one conversation."""

    conversation_id: str | None = None
    turns: int = 0
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    sent: dict[str, list[Sent]] = field(default_factory=dict)

    def error(self, kind: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))]


async def worker(
    client: httpx.AsyncClient, pair: Pair, leader: bool, index: int, stop: float, tally: Tally
) -> None:
    n = index
    while time.monotonic() < stop:
        n += 1
        async with pair.lock:
            conversation_id = pair.conversation_id
            if conversation_id is None and not leader:
                conversation_id = ""  # wait for the leader to start one
        if conversation_id == "":
            await asyncio.sleep(0.01)
            continue
        question = QUESTIONS[n % len(QUESTIONS)]
        if conversation_id and n % 2:
            question = FOLLOW_UPS[n % len(FOLLOW_UPS)]
        body: dict[str, Any] = {"message": f"{question} (#{index}.{n})"}
        if conversation_id:
            body["conversation_id"] = conversation_id
        started = time.perf_counter()
        try:
            response = await client.post("/api/chat", json=body)
        except httpx.HTTPError as exc:
            tally.error(type(exc).__name__)
            continue
        if response.status_code != 200:
            tally.error(f"HTTP {response.status_code}")
            continue
        tally.latencies.append(time.perf_counter() - started)
        data = response.json()
        cid = data["conversation_id"]
        tally.sent.setdefault(cid, []).append(Sent(body["message"], data["message_id"]))
        async with pair.lock:
            if pair.conversation_id is None and leader:
                pair.conversation_id = cid
            if pair.conversation_id == cid:
                pair.turns += 1
                if pair.turns >= TURNS_PER_CONVERSATION:
                    pair.conversation_id, pair.turns = None, 0


def check_stored(url: str, tally: Tally) -> dict[str, int]:
    """Every acknowledged turn is stored once, as a user turn followed by its answer, in order."""
    lost = misordered = 0
    with httpx.Client(base_url=url, timeout=60) as client:
        for cid, sent in tally.sent.items():
            messages = client.get(f"/api/conversations/{cid}").json()["messages"]
            roles = [m["role"] for m in messages]
            if roles != ["user", "assistant"] * (len(messages) // 2) or len(messages) % 2:
                misordered += 1
            position = {m["message_id"]: i for i, m in enumerate(messages)}
            for turn in sent:
                i = position.get(turn.message_id)
                if i is None:
                    lost += 1
                elif i == 0 or messages[i - 1]["content"] != turn.question:
                    misordered += 1
            lost += max(0, len(sent) - len(messages) // 2)
        stored = client.get("/api/conversations").json()
    empty = 0
    with httpx.Client(base_url=url, timeout=60) as client:
        for summary in stored:
            cid = summary["conversation_id"]
            if (
                cid not in tally.sent
                and not client.get(f"/api/conversations/{cid}").json()["messages"]
            ):
                empty += 1
    return {"lost_turns": lost, "misordered": misordered, "empty_conversations": empty}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(data_dir: Path, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LLM_", "OPENAI_", "SLACK_"))}
    env.update(DATA_DIR=str(data_dir), PYTHONUNBUFFERED="1", AUTH="off")
    process = subprocess.Popen(
        [sys.executable, "-m", "assistant", "serve", "--port", str(port)],
        env=env,
        cwd=ROOT,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server exited: {log.read_text()[-2000:]}")
        try:
            if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                return process, url
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    process.terminate()
    raise SystemExit("server did not become ready")


async def load(url: str, connections: int, seconds: float) -> Tally:
    tally = Tally()
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    async with httpx.AsyncClient(base_url=url, timeout=120, limits=limits) as client:
        stop = time.monotonic() + seconds
        pairs = [Pair() for _ in range((connections + 1) // 2)]
        await asyncio.gather(
            *(worker(client, pairs[i // 2], i % 2 == 0, i, stop, tally) for i in range(connections))
        )
    return tally


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--url", default=None, help="an already running server (sign-in off)")
    args = parser.parse_args()
    process = None
    url = args.url
    if url is None:
        data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="bench-load-"))
        data_dir.mkdir(parents=True, exist_ok=True)
        (data_dir / "app.db").unlink(missing_ok=True)  # a fresh conversation store
        process, url = start_server(data_dir, data_dir / "server.log")
    try:
        started = time.monotonic()
        tally = asyncio.run(load(url, args.connections, args.seconds))
        elapsed = time.monotonic() - started
        checks = check_stored(url, tally)
    finally:
        if process is not None:
            process.terminate()
            process.wait(30)
    done = len(tally.latencies)
    result = {
        "connections": args.connections,
        "seconds": round(elapsed, 1),
        "answers": done,
        "answers_per_s": round(done / elapsed, 1),
        "p50_ms": round(statistics.median(tally.latencies) * 1000) if done else None,
        "p95_ms": round(percentile(tally.latencies, 95) * 1000) if done else None,
        "errors": sum(tally.errors.values()),
        "error_kinds": tally.errors,
        "conversations": len(tally.sent),
        **checks,
    }
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "load.json").write_text(json.dumps(result, indent=2) + "\n")
    print("| figure | value |\n|---|---|")
    for key, value in result.items():
        print(f"| {key} | {value} |")


if __name__ == "__main__":
    main()
