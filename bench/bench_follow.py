"""How soon API hosts follow a newly published index generation (issue #15, LISTEN/NOTIFY).

A throwaway PostgreSQL on loopback, N followers as `serve` runs them (each with its own
DATA_DIR, fallback poll one hour, so only the notification can wake them), and R publications
of a generation of realistic size (the files of an embedded ingest of the main corpus when
`--generation` names one, else 2 MB of stand-in files). Reported: milliseconds from the
publishing transaction's commit to every host serving the new generation (p50, max).

    uv run --no-sync python bench/bench_follow.py --hosts 2 --rounds 20
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the tests' engine helpers

from assistant.db import make_engine  # noqa: E402
from assistant.shared_index import IndexFollower  # noqa: E402
from index.published import publish_generation  # noqa: E402
from tests.conftest import make_settings  # noqa: E402
from tests.scale.engines import PostgresServer  # noqa: E402


def _generation(ingest_dir: Path, name: str, source: Path | None) -> None:
    target = ingest_dir / name
    if source is not None:
        shutil.copytree(source, target)
        return
    target.mkdir(parents=True)
    (target / "documents.json").write_bytes(os.urandom(1_500_000))
    (target / "sentences.npy").write_bytes(os.urandom(500_000))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--hosts", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--generation", type=Path, help="a generation folder to publish")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="bench-follow-"))
    postgres = PostgresServer()
    engine = make_engine(postgres.url)
    hosts = [
        IndexFollower(
            make_settings(root / f"host-{i}", DATABASE_URL=postgres.url, INDEX_POLL_SECONDS=3600)
        )
        for i in range(args.hosts)
    ]
    delays: list[float] = []
    try:
        _generation(root / "ingest", "g0", args.generation)
        publish_generation(engine, root / "ingest", "g0")
        for host in hosts:
            host.start()
            assert host.wait_for("g0", 60)
        for round_ in range(1, args.rounds + 1):
            name = f"g{round_}"
            _generation(root / "ingest", name, args.generation)
            publish_generation(engine, root / "ingest", name)
            committed = time.perf_counter()
            for host in hosts:
                assert host.wait_for(name, 60), f"{name} not followed in 60 s"
            delays.append((time.perf_counter() - committed) * 1000)
    finally:
        for host in hosts:
            host.stop()
        engine.dispose()
        postgres.remove()
        shutil.rmtree(root, ignore_errors=True)
    result = {
        "hosts": args.hosts,
        "rounds": args.rounds,
        "follow_ms_p50": round(statistics.median(delays), 1),
        "follow_ms_max": round(max(delays), 1),
        "load_average": os.getloadavg(),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
