"""API hosts follow a newly published generation through PostgreSQL LISTEN/NOTIFY: two hosts
(followers with their own DATA_DIRs) on a real server switch without polling (the fallback poll
is an hour here) and without a restart, and listen again after the database restarts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from assistant.db import make_engine
from assistant.shared_index import IndexFollower
from index.published import publish_generation
from index.store import current_name
from tests.conftest import make_settings
from tests.scale.engines import PostgresServer
from tests.scale.test_published_index import _tree, _write_generation

pytestmark = pytest.mark.integration
FOLLOW_TIMEOUT = 60.0  # an upper bound for a failing test, not a speed requirement


@pytest.fixture
def postgres() -> Iterator[PostgresServer]:
    server = PostgresServer()
    yield server
    server.remove()


@pytest.fixture
def engine(postgres: PostgresServer) -> Iterator[Engine]:
    engine = make_engine(postgres.url)
    yield engine
    engine.dispose()


def _hosts(postgres: PostgresServer, root: Path, count: int = 2) -> list[IndexFollower]:
    """Followers as `serve` runs them, each with its own DATA_DIR; polling only once an hour."""
    return [
        IndexFollower(
            make_settings(root / f"host-{i}", DATABASE_URL=postgres.url, INDEX_POLL_SECONDS=3600)
        )
        for i in range(count)
    ]


def test_two_hosts_follow_each_publication_at_once(
    postgres: PostgresServer, engine: Engine, tmp_path: Path
) -> None:
    ingest_dir = tmp_path / "ingest"
    written = {"g1": _write_generation(ingest_dir, "g1")}
    publish_generation(engine, ingest_dir, "g1")
    hosts = _hosts(postgres, tmp_path)
    try:
        for host in hosts:
            host.sync()  # as `serve` does before its workers start
            host.start()
        for name in ("g2", "g3"):
            written[name] = _write_generation(ingest_dir, name)
            publish_generation(engine, ingest_dir, name)
            for host in hosts:
                assert host.wait_for(name, FOLLOW_TIMEOUT), f"{name} not followed"
                index_dir = host.settings.index_dir
                assert current_name(index_dir) == name
                assert _tree(index_dir / name) == written[name]  # the whole generation
    finally:
        for host in hosts:
            host.stop()


def _publish(postgres: PostgresServer, ingest_dir: Path, name: str) -> None:
    """Publish through a short-lived engine (no pooled connection outlives a server restart)."""
    _write_generation(ingest_dir, name)
    engine = make_engine(postgres.url)
    publish_generation(engine, ingest_dir, name)
    engine.dispose()


def test_a_host_listens_again_after_the_database_restarts(
    postgres: PostgresServer, tmp_path: Path
) -> None:
    ingest_dir = tmp_path / "ingest"
    _publish(postgres, ingest_dir, "g1")
    [host] = _hosts(postgres, tmp_path, 1)
    host.start()
    try:
        assert host.wait_for("g1", FOLLOW_TIMEOUT)
        postgres.stop()  # the host's listening connection drops
        postgres.start()
        _publish(postgres, ingest_dir, "g2")
        assert host.wait_for("g2", FOLLOW_TIMEOUT)
    finally:
        host.stop()
