"""Server mode: with a Chroma server and PostgreSQL configured, API hosts share no disk.

`ingest` builds the next generation (vectors straight into the Chroma server), publishes its
files and the current pointer through PostgreSQL, and holds a database lock so two ingests run
one after the other; under that lock it first removes the Chroma server's collections of
generations the database does not hold (left by ingests killed on any machine). `serve`
materialises the published generation into its own DATA_DIR and a follower thread picks up
each newly published one without a restart: woken at once by PostgreSQL LISTEN/NOTIFY, with a
poll every INDEX_POLL_SECONDS as the fallback.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from assistant.db import make_engine
from assistant.settings import Settings
from index.published import (
    NOTIFY_CHANNEL,
    ingest_lock,
    materialise,
    publish_generation,
    published_generations,
    published_name,
)
from index.store import current_name, open_chroma
from index.writing import remove_orphans

if TYPE_CHECKING:
    import psycopg
    from chromadb.api import ClientAPI

log = logging.getLogger(__name__)
WAKE_SECONDS = 1.0  # how often the listening thread looks up to see whether it should stop
RELISTEN_SECONDS = 5.0  # after the listening connection failed, listen again this soon


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
            remove_orphans(settings.index_dir, _chroma(settings), published_generations(engine))
            run()
            name = current_name(settings.index_dir)
            if name is not None and published_name(engine) != name:
                publish_generation(engine, settings.index_dir, name)
            return name
    finally:
        engine.dispose()


def _chroma(settings: Settings) -> ClientAPI:
    return open_chroma(settings.data_dir, settings.chroma_host, settings.chroma_port)


class IndexFollower:
    """Follows each newly published generation for this host, with the store's atomic switch.

    A dedicated connection LISTENs on the publication channel, so a new generation is followed
    as soon as its transaction commits; a poll every INDEX_POLL_SECONDS catches what a lost
    notification or a connection that cannot LISTEN (e.g. a pooler) would miss. When the
    listening connection drops, the follower polls and listens again.
    """

    def __init__(self, settings: Settings, engine: Engine | None = None) -> None:
        self.settings = settings
        self.engine = engine or make_engine(settings.sqlalchemy_url)
        self._stop = threading.Event()
        self._followed = threading.Condition()
        self._thread = threading.Thread(target=self._run, name="index-follower", daemon=True)

    def sync(self) -> str | None:
        """Follow once; a database outage is logged and retried at the next wake-up."""
        try:
            name = materialise(self.engine, self.settings.index_dir)
        except (SQLAlchemyError, OSError) as exc:
            log.warning("cannot follow the published index: %s", str(exc).splitlines()[0])
            name = current_name(self.settings.index_dir)
        with self._followed:
            self._followed.notify_all()
        return name

    def wait_for(self, name: str, timeout: float) -> bool:
        """Block until this host serves generation `name`; False if `timeout` runs out first."""
        with self._followed:
            return self._followed.wait_for(
                lambda: current_name(self.settings.index_dir) == name, timeout
            )

    def start(self) -> IndexFollower:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
        self.engine.dispose()

    def _run(self) -> None:
        import psycopg

        while not self._stop.is_set():
            try:
                self._listen(psycopg.connect(_conninfo(self.engine), autocommit=True))
            except psycopg.Error as exc:
                log.warning(
                    "index notifications unavailable (%s): polling every %s s",
                    str(exc).splitlines()[0] if str(exc) else type(exc).__name__,
                    self.settings.index_poll_seconds,
                )
                if self._stop.wait(min(self.settings.index_poll_seconds, RELISTEN_SECONDS)):
                    return
                self.sync()

    def _listen(self, connection: psycopg.Connection[Any]) -> None:
        """Follow on each notification (and at each fallback poll) until stopped."""
        poll = self.settings.index_poll_seconds
        with connection:
            connection.execute(f"LISTEN {NOTIFY_CHANNEL}")
            self.sync()  # anything published before this host was listening
            next_poll = time.monotonic() + poll
            while not self._stop.is_set():
                woken = any(True for _ in connection.notifies(timeout=WAKE_SECONDS, stop_after=1))
                if woken or time.monotonic() >= next_poll:
                    self.sync()
                    next_poll = time.monotonic() + poll


def _conninfo(engine: Engine) -> str:
    """The engine's database as a libpq URI, for a psycopg connection of its own."""
    url = engine.url.set(drivername="postgresql")
    return url.render_as_string(hide_password=False)
