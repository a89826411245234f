"""Database commands: `migrate` (Alembic, also run by serve and ingest) and `purge` (retention),
with the migration and the start-up purge that other commands run first."""

from __future__ import annotations

from typing import Annotated

import typer

from assistant.cli.messages import console, fail, load_settings
from assistant.settings import Settings


def migrate_database(settings: Settings) -> tuple[str | None, str | None]:
    """Bring the database's tables to the latest Alembic revision (one clear line on failure)."""
    from sqlalchemy.exc import SQLAlchemyError

    from assistant.migrations import migrate as run_migrations

    try:
        return run_migrations(settings.sqlalchemy_url)
    except (SQLAlchemyError, RuntimeError) as exc:
        reason = str(exc).splitlines()[0]
        raise fail(f"cannot migrate the database: {reason}") from exc


def migrate() -> None:
    """Upgrade the database's tables to the latest revision (serve and ingest do it on start)."""
    before, after = migrate_database(load_settings())
    if before == after:
        console.print(f"Database already at revision {after}.")
    else:
        console.print(f"Database upgraded from {before or 'no revision'} to {after}.")


def purge_on_start(settings: Settings) -> None:
    """Apply RETENTION_DAYS before serving (space is reclaimed by `purge`, not at start)."""
    from datetime import timedelta

    from assistant.db import make_engine
    from assistant.retention import purge as run_purge

    engine = make_engine(settings.sqlalchemy_url)
    summary = run_purge(engine, timedelta(days=settings.retention_days or 0), reclaim=False)
    engine.dispose()
    console.print(
        f"Retention ({settings.retention_days} days): {summary.conversations} old "
        "conversations purged."
    )


def purge(
    older_than: Annotated[
        str | None,
        typer.Option("--older-than", help="Age like 90d, 12h or 2w (default: RETENTION_DAYS)."),
    ] = None,
) -> None:
    """Delete conversations, feedback and Slack records older than an age; reclaim the space."""
    from assistant.db import make_engine
    from assistant.retention import RetentionError, parse_age
    from assistant.retention import purge as run_purge

    settings = load_settings()
    age = older_than or (f"{settings.retention_days}d" if settings.retention_days else None)
    if age is None:
        raise fail("say how old: --older-than 90d (or set RETENTION_DAYS)", 2)
    try:
        delta = parse_age(age)
    except RetentionError as exc:
        raise fail(str(exc), 2) from exc
    engine = make_engine(settings.sqlalchemy_url)
    summary = run_purge(engine, delta)
    engine.dispose()
    console.print(
        f"Purged {summary.conversations} conversations (with their feedback), "
        f"{summary.slack_records} Slack records, {summary.sessions} ended sessions and "
        f"{summary.audit_events} audit events older than {age}; space reclaimed."
    )
