"""Alembic environment: every table on assistant.db's metadata (via assistant.tables) and the
published index tables of index.published.

`assistant.migrations.upgrade_database` hands in an open connection; run any other way (the
`alembic` command with `script_location` set to this folder) it uses the configured URL.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

import assistant.tables  # noqa: F401 - registers every table on Base.metadata
from assistant.db import Base
from index.published import metadata as published_index

config = context.config
# The app's tables, and the index layer's published generations (index/ cannot import Base).
target_metadata = [Base.metadata, published_index]


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters by table copy
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection: Connection | None = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    from assistant.settings import get_settings

    url = config.get_main_option("sqlalchemy.url") or get_settings().sqlalchemy_url
    engine = create_engine(url)
    with engine.connect() as connection:
        _run(connection)
    engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
