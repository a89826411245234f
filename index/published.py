"""Index generations published through the SQL database, for API hosts that share no disk.

An ingest pointed at the engines writes its generation as usual (vectors in the Chroma server,
the rest in a local folder), then copies that folder's files into `index_files` and moves the
`index_current` pointer, in one transaction. Each API host materialises the current generation
into its own `DATA_DIR` (staging folder, rename, then the local `CURRENT` pointer), so the
retriever loads exactly the files an embedded ingest writes and switches atomically as before.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime
from pathlib import Path

from filelock import FileLock
from sqlalchemy import (
    Column,
    DateTime,
    Engine,
    ForeignKey,
    LargeBinary,
    MetaData,
    String,
    Table,
    delete,
    insert,
    select,
    text,
    update,
)

from index.store import current_name
from index.writing import publish

metadata = MetaData()
CURRENT_SLOT = "current"
# Hosts LISTEN on this channel; a publication notifies it in the transaction that moves the pointer.
NOTIFY_CHANNEL = "review_assistant_index"
# pg_advisory_lock key that serialises ingests against the engines ("RAingest" as an integer).
INGEST_LOCK_KEY = 0x5241696E67657374 & 0x7FFFFFFFFFFFFFFF

generations = Table(
    "index_generations",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("published_at", DateTime(timezone=True), nullable=False),
)
files = Table(
    "index_files",
    metadata,
    Column(
        "generation",
        String(64),
        ForeignKey("index_generations.name", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("path", String(255), primary_key=True),
    Column("content", LargeBinary, nullable=False),
)
pointer = Table(
    "index_current",
    metadata,
    Column("slot", String(16), primary_key=True),
    Column("generation", String(64), ForeignKey("index_generations.name"), nullable=False),
    Column("published_at", DateTime(timezone=True), nullable=False),
)

log = logging.getLogger(__name__)


def published_name(engine: Engine) -> str | None:
    """The generation the database names as current (None before the first publication)."""
    with engine.connect() as connection:
        name = connection.scalar(select(pointer.c.generation).where(pointer.c.slot == CURRENT_SLOT))
    return name


def published_generations(engine: Engine) -> set[str]:
    """Every generation the database still holds (the current one and those hosts may read)."""
    with engine.connect() as connection:
        return set(connection.scalars(select(generations.c.name)))


def publish_generation(engine: Engine, index_dir: Path, name: str, keep: int = 2) -> None:
    """Copy generation `name`'s files into the database and make it current, in one transaction.

    Only the newest `keep` generations stay (API hosts still on the previous one can finish).
    """
    folder = index_dir / name
    now = datetime.now(UTC)
    with engine.begin() as connection:
        known = connection.scalar(select(generations.c.name).where(generations.c.name == name))
        if known is None:
            connection.execute(insert(generations).values(name=name, published_at=now))
            for path in sorted(p for p in folder.rglob("*") if p.is_file()):
                connection.execute(
                    insert(files).values(
                        generation=name,
                        path=path.relative_to(folder).as_posix(),
                        content=path.read_bytes(),
                    )
                )
        moved = connection.execute(
            update(pointer)
            .where(pointer.c.slot == CURRENT_SLOT)
            .values(generation=name, published_at=now)
        )
        if moved.rowcount == 0:
            connection.execute(
                insert(pointer).values(slot=CURRENT_SLOT, generation=name, published_at=now)
            )
        newest = connection.scalars(
            select(generations.c.name).order_by(generations.c.published_at.desc()).limit(keep)
        ).all()
        connection.execute(delete(generations).where(generations.c.name.not_in({*newest, name})))
        if connection.dialect.name == "postgresql":  # delivered to listening hosts at commit
            connection.execute(text("select pg_notify(:c, :n)"), {"c": NOTIFY_CHANNEL, "n": name})
    log.info("published index generation %s", name, extra={"event": "index_published"})


def materialise(engine: Engine, index_dir: Path) -> str | None:
    """Make the database's current generation this host's current one; returns its name.

    Files are written to a staging folder and renamed into place before the local pointer moves,
    so the retriever only ever sees a complete generation. Older local copies are removed,
    except the one being replaced (requests in flight may still read it).
    """
    name = published_name(engine)
    if name is None or (current_name(index_dir) == name and (index_dir / name).is_dir()):
        return name
    index_dir.mkdir(parents=True, exist_ok=True)
    with FileLock(str(index_dir / ".materialise.lock")):
        previous = current_name(index_dir)
        if previous == name and (index_dir / name).is_dir():
            return name
        if not (index_dir / name).is_dir():
            _download(engine, index_dir, name)
        publish(index_dir, name)
        for entry in index_dir.iterdir():
            if (
                entry.is_dir()
                and not entry.name.startswith(".")
                and entry.name
                not in {
                    name,
                    previous,
                }
            ):
                shutil.rmtree(entry, ignore_errors=True)
    log.info("following index generation %s", name, extra={"event": "index_followed"})
    return name


def _download(engine: Engine, index_dir: Path, name: str) -> None:
    staging = index_dir / f".{name}.download"
    shutil.rmtree(staging, ignore_errors=True)
    with engine.connect() as connection:
        rows = connection.execute(
            select(files.c.path, files.c.content).where(files.c.generation == name)
        )
        for path, content in rows:
            target = staging / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
    os.replace(staging, index_dir / name)


@contextmanager
def advisory_lock(engine: Engine, key: int) -> Iterator[None]:
    """Hold a PostgreSQL advisory lock (waiting for it) until the block ends."""
    with engine.connect() as connection:
        connection.execute(text("select pg_advisory_lock(:k)"), {"k": key})
        connection.commit()
        try:
            yield
        finally:
            connection.execute(text("select pg_advisory_unlock(:k)"), {"k": key})
            connection.commit()


def ingest_lock(engine: Engine) -> AbstractContextManager[None]:
    """The database-wide ingest lock: a second ingest waits until the first has published."""
    return advisory_lock(engine, INGEST_LOCK_KEY)
