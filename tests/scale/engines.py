"""Real engine servers on loopback for the scale-out tests: PostgreSQL (initdb + pg_ctl) and a
Chroma server (`chroma run`), each in a folder of its own and stopped at the end."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.assistant.test_postgres import BIN, _as_postgres
from tests.processes import free_port, stop_process, wait_until_answering

CHROMA = Path(sys.executable).parent / "chroma"


class PostgresServer:
    """A throwaway PostgreSQL cluster; `url` is a SQLAlchemy URL for its `postgres` database."""

    def __init__(self) -> None:
        # Its own folder directly under /tmp: pytest resets its base folder to 0o700 whenever
        # another session starts, which would lock the postgres user out of a folder in there.
        self.root = Path(tempfile.mkdtemp(prefix="review-assistant-pg-"))
        self.root.chmod(0o711)
        self.data = self.root / "pg"
        self.data.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.data, "postgres", "postgres")
        initdb = [str(BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust"]
        subprocess.run(_as_postgres(*initdb), check=True, capture_output=True)
        self.port = free_port()
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"
        self.start()

    def _ctl(self, *args: str) -> None:
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.data}"
        command = [str(BIN / "pg_ctl"), "-D", str(self.data), "-o", options, *args]
        subprocess.run(_as_postgres(*command), check=True, capture_output=True)

    def start(self) -> None:
        self._ctl("-l", str(self.data / "log"), "-w", "start")

    def stop(self) -> None:
        self._ctl("-m", "fast", "stop")

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)


class ChromaServer:
    """`chroma run` on a free loopback port, persisting under `folder`."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / "chroma-server"
        self.port = free_port()
        self.log = folder / "chroma.log"
        self.process: subprocess.Popen[bytes] | None = None
        self.start()

    def start(self, timeout: float = 60.0) -> None:
        command = [str(CHROMA), "run", "--path", str(self.path), "--host", "127.0.0.1"]
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [*command, "--port", str(self.port)], stdout=log, stderr=subprocess.STDOUT
            )
        url = f"http://127.0.0.1:{self.port}/api/v2/heartbeat"
        wait_until_answering(self.process, url, self.log, "chroma", timeout)

    def stop(self) -> None:
        stop_process(self.process, grace=15)
        self.process = None
