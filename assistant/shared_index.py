"""Server mode: with a Chroma server and PostgreSQL configured, API hosts share no disk.

`ingest` builds the next generation (vectors straight into the Chroma server), publishes its
files and the current pointer through PostgreSQL, and holds a database lock so two ingests run
one after the other. `serve` materialises the published generation into its own DATA_DIR and a
follower thread picks up each newly published one without a restart.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from assistant.db import make_engine
from assistant.settings import Settings
from index.published import ingest_lock, materialise, publish_generation, published_name
from index.store import current_name

log = logging.getLogger(__name__)


def uses_engines(settings: Settings) -> bool:
    """True when the index is shared through a Chroma server and PostgreSQL."""
    url = settings.database_url or ""
    return bool(settings.chroma_host) and url.startswith("postgresql")


def ingest_and_publish(settings: Settings, run: Callable[[], None]) -> str | None:
    """Run an ingest under the database-wide lock, starting from the published generation, and
    publish what it produced; returns the generation now current."""
    engine = make_engine(settings.sqlalchemy_url)
    try:
        with ingest_lock(engine):
            materialise(engine, settings.index_dir)  # the previous generation, for reuse
            run()
            name = current_name(settings.index_dir)
            if name is not None and published_name(engine) != name:
                publish_generation(engine, settings.index_dir, name)
            return name
    finally:
        engine.dispose()


class IndexFollower:
    """Polls the published pointer and materialises each new generation for this host."""

    def __init__(self, settings: Settings, engine: Engine | None = None) -> None:
        self.settings = settings
        self.engine = engine or make_engine(settings.sqlalchemy_url)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="index-follower", daemon=True)

    def sync(self) -> str | None:
        """Follow once; a database outage is logged and retried at the next poll."""
        try:
            return materialise(self.engine, self.settings.index_dir)
        except (SQLAlchemyError, OSError) as exc:
            log.warning("cannot follow the published index: %s", str(exc).splitlines()[0])
            return current_name(self.settings.index_dir)

    def start(self) -> IndexFollower:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
        self.engine.dispose()

    def _run(self) -> None:
        while not self._stop.wait(self.settings.index_poll_seconds):
            self.sync()
