"""Publishing index generations through a real PostgreSQL: hosts materialise exactly the files
an ingest wrote, old generations are cleaned up, and two ingests are serialised by the lock."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, text

from assistant.db import make_engine
from index.published import (
    generations,
    ingest_lock,
    materialise,
    publish_generation,
    published_name,
)
from index.store import current_name
from tests.scale.engines import PostgresServer

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def engine() -> Iterator[Engine]:
    server = PostgresServer()
    engine = make_engine(server.url)
    yield engine
    engine.dispose()
    server.remove()


def _write_generation(index_dir: Path, name: str) -> dict[str, bytes]:
    files = {
        "documents.json": f'{{"generation": "{name}"}}'.encode(),
        "sentences.npy": bytes(range(256)) * 3,
        "bm25/params.index.json": b'{"k1": 1.5}',
    }
    for path, content in files.items():
        target = index_dir / name / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    return files


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_a_host_materialises_each_published_generation_and_old_ones_go(
    engine: Engine, tmp_path: Path
) -> None:
    ingest_dir, host_dir = tmp_path / "ingest", tmp_path / "host" / "index"
    assert materialise(engine, host_dir) is None  # nothing published yet
    written = {}
    for name in ("g1", "g2", "g3"):
        written[name] = _write_generation(ingest_dir, name)
        publish_generation(engine, ingest_dir, name)
        assert published_name(engine) == name
        assert materialise(engine, host_dir) == name
        assert current_name(host_dir) == name
        assert _tree(host_dir / name) == written[name]
    with engine.connect() as connection:
        kept = connection.scalars(select(generations.c.name).order_by(generations.c.name)).all()
        stored = connection.scalar(text("select count(*) from index_files"))
    assert kept == ["g2", "g3"]  # the current one and the one hosts may still be reading
    assert stored == 2 * len(written["g3"])
    assert sorted(p.name for p in host_dir.iterdir() if p.is_dir()) == ["g2", "g3"]


def test_a_second_ingest_waits_for_the_first(engine: Engine) -> None:
    entered = threading.Event()

    def second() -> None:
        with ingest_lock(engine):
            entered.set()

    with ingest_lock(engine):
        thread = threading.Thread(target=second)
        thread.start()
        with engine.connect() as connection:  # the second is blocked on the advisory lock
            waiting: int | None = 0
            while not waiting and thread.is_alive():
                waiting = connection.scalar(
                    select(func.count())
                    .select_from(text("pg_locks"))
                    .where(text("locktype = 'advisory' and not granted"))
                )
        assert waiting == 1 and not entered.is_set()
    assert entered.wait(30)
    thread.join(30)
