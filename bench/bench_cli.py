"""Cold start of `review-assistant ask`: wall and CPU seconds over fresh processes (median of 5).

    uv run --no-sync python bench/bench_cli.py [--data-dir DIR] [--runs 5]

Needs an ingested index (DATA_DIR, default: a temporary folder that is ingested first). Each
run is a new process, as a user typing the command would start. CPU seconds (user + sys) are
reported too, per run: on a shared machine the wall clock includes waiting for a core.
`--profile` adds the slowest imports (`python -X importtime`) of one more run, with its loads on
the main thread so the import tree is not interleaved between threads. `--compare-preload` also
times, interleaved with the real command, runs whose embedder and spaCy loads are not started on
side threads (`assistant.cli.answer_commands._meanwhile` runs each load at once on the main
thread instead): what the overlap saves on this machine.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

QUESTION = "What are the main recommendations?"


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "assistant", *args]


def serial_cli(*args: str) -> list[str]:
    """`cli(...)` with the side-thread loads run on the main thread (for --compare-preload)."""
    code = (
        f"import sys; sys.argv = ['review-assistant', *{list(args)!r}]; "
        "import assistant.cli as c, assistant.cli.answer_commands as a; "
        "a._meanwhile = lambda name, work: (work(), lambda: None)[1]; c.main()"
    )
    return [sys.executable, "-c", code]


def timed_run(env: dict[str, str], question: str, serial: bool = False) -> tuple[float, float, int]:
    """Wall and CPU seconds of one cold `ask`, and its exit code (the answer must be printed)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    command = serial_cli("ask", question) if serial else cli("ask", question)
    run = subprocess.run(command, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if "conversation " not in run.stdout:
        raise SystemExit(f"ask failed (exit {run.returncode}): {run.stderr[-2000:]}")
    return wall, cpu, run.returncode


def slowest_imports(env: dict[str, str], question: str, top: int = 12) -> list[tuple[str, float]]:
    """Top-level packages by cumulative import time (seconds) in one cold `ask`, its loads run
    on the main thread: `-X importtime` nests imports by one process-wide depth, so imports on
    side threads would be filed under whatever the main thread was importing meanwhile."""
    serial = serial_cli("ask", question)
    run = subprocess.run(
        [serial[0], "-X", "importtime", *serial[1:]],
        env=env,
        capture_output=True,
        text=True,
    )  # its exit code is reported by the timed runs
    totals: dict[str, float] = {}
    for line in run.stderr.splitlines():
        match = re.match(r"import time:\s+\d+ \|\s+(\d+) \|( *)(\S+)", line)
        if match and len(match.group(2)) <= 2:  # imported by the program, not by a package
            name = match.group(3).split(".")[0]
            totals[name] = totals.get(name, 0.0) + int(match.group(1)) / 1e6
    return sorted(totals.items(), key=lambda item: -item[1])[:top]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--question", default=QUESTION)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--compare-preload", action="store_true")
    args = parser.parse_args()
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="bench-cli-"))
    env = {**os.environ, "DATA_DIR": str(data_dir)}
    if not (data_dir / "index" / "CURRENT").exists():
        subprocess.run(cli("ingest"), env=env, check=True, capture_output=True)
    timed_run(env, args.question)  # warm the OS file cache once; every timed run is a new process
    runs, serial = [], []
    for _ in range(args.runs):
        runs.append(timed_run(env, args.question))
        if args.compare_preload:
            serial.append(timed_run(env, args.question, serial=True))
    walls, cpus = [w for w, _, _ in runs], [c for _, c, _ in runs]
    result = {
        "command": f"review-assistant ask {args.question!r}",
        "runs": args.runs,
        "wall_median_s": round(statistics.median(walls), 2),
        "wall_min_s": round(min(walls), 2),
        "cpu_median_s": round(statistics.median(cpus), 2),
        "wall_s": [round(w, 2) for w in walls],
        "cpu_s": [round(c, 2) for c in cpus],
        "exit_codes": [code for _, _, code in runs],
        "cores": os.cpu_count(),
        "load_1min": round(os.getloadavg()[0], 1),
    }
    if serial:
        result["serial_wall_median_s"] = round(statistics.median(w for w, _, _ in serial), 2)
        result["serial_cpu_median_s"] = round(statistics.median(c for _, c, _ in serial), 2)
    if args.profile:
        imports = slowest_imports(env, args.question)
        result["slowest_imports_s"] = {name: round(seconds, 2) for name, seconds in imports}
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
