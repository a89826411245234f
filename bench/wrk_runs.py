"""Driving wrk for the scale benchmark: a Lua script that POSTs questions in turn and prints one
JSON line of counts and percentiles, and several wrk runs at once, each with the CPU it used."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

WRK_THREADS = 4
# wrk: POST the questions in turn, each wrk thread starting at its own point of the list (from
# one start, the threads would send the same question at nearly the same moment); at the end
# print one JSON line of counts and percentiles.
LUA = """
local bodies = {%s}
local threads = 0
setup = function(thread)
  thread:set("id", threads)
  threads = threads + 1
end
local n = 0
init = function(args)
  n = math.floor((id or 0) * #bodies / %d)
end
request = function()
  n = n + 1
  return wrk.format("POST", "/api/chat", {["Content-Type"] = "application/json"},
                    bodies[(n %% #bodies) + 1])
end
done = function(s, latency, requests)
  local e = s.errors
  io.write(string.format('{"requests": %%d, "seconds": %%.3f, "non2xx": %%d, "socket_errors": %%d,'
    .. ' "timeouts": %%d, "p50_ms": %%.1f, "p95_ms": %%.1f, "p99_ms": %%.1f}\\n',
    s.requests, s.duration / 1e6, e.status, e.connect + e.read + e.write, e.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000))
end
"""


def write_script(path: Path, bodies: str) -> None:
    """The Lua script for `bodies` (comma-separated Lua string literals of JSON requests)."""
    path.write_text(LUA % (bodies, WRK_THREADS), encoding="utf-8")


def wrk(urls: list[str], connections: int, seconds: int, script: Path) -> list[dict[str, Any]]:
    """One wrk per URL, run at the same time, connections shared out between them; each
    result also holds the CPU seconds its wrk used ("wrk_cpu_s")."""
    share = max(1, connections // len(urls))
    runs = [
        subprocess.Popen(
            [
                "wrk",
                "-t",
                str(min(WRK_THREADS, share)),
                "-c",
                str(share),
                "-d",
                f"{seconds}s",
                "--timeout",
                "30s",
                "-s",
                str(script),
                url,
            ],
            stdout=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        for url in urls
    ]
    results = []
    for run in runs:
        assert run.stdout is not None
        out = run.stdout.read()
        run.stdout.close()
        _, status, usage = os.wait4(run.pid, 0)  # wait4: the CPU wrk used, not only its status
        run.returncode = os.waitstatus_to_exitcode(status)
        result = json.loads(out.strip().splitlines()[-1])
        results.append({**result, "wrk_cpu_s": usage.ru_utime + usage.ru_stime})
    return results
