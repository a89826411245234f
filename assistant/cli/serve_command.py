"""`serve`: the API and web chat, after the checks, the migration, the retention purge and (if
there is no index yet) an ingest, so a misconfigured server fails before any worker starts."""

from __future__ import annotations

from typing import Annotated

import typer

from assistant.auth.sessions import AuthConfigError, check_auth_settings
from assistant.cli.database_commands import migrate_database, purge_on_start
from assistant.cli.index_commands import ingest_documents
from assistant.cli.messages import console, fail, load_settings
from index.store import current_name


def serve(
    host: Annotated[str | None, typer.Option(help="Address to bind (default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default 8000).")] = None,
    workers: Annotated[
        int | None,
        typer.Option(min=1, max=64, help="Worker processes (default WORKERS, else one per core)."),
    ] = None,
) -> None:
    """Serve the API and web chat; ingests the corpus first if there is no index yet."""
    from assistant.app import create_app
    from assistant.serving import default_workers, run_server
    from assistant.shared_index import IndexFollower, uses_engines

    settings = load_settings()
    updates = {k: v for k, v in (("host", host), ("port", port)) if v is not None}
    if updates:
        settings = settings.model_copy(update=updates)
    try:
        check_auth_settings(settings)
    except AuthConfigError as exc:
        raise fail(str(exc)) from exc
    migrate_database(settings)  # once, before any worker starts
    if settings.retention_days:  # RETENTION_DAYS: old conversations go at every start
        purge_on_start(settings)
    follower = IndexFollower(settings) if uses_engines(settings) else None
    if follower is not None:
        follower.sync()  # the published generation, into this host's own DATA_DIR
    if current_name(settings.index_dir) is None:
        console.print("No index yet: ingesting the corpus first.")
        ingest_documents(None, settings, rebuild=False)
    try:
        create_app(settings)  # fails fast here, before any worker starts
    except ValueError as exc:
        raise fail(str(exc)) from exc
    count = workers or settings.workers or default_workers()
    console.print(f"Review Assistant on http://{settings.host}:{settings.port} ({count} workers)")
    if follower is not None:
        follower.start()  # each newly published generation, without a restart
    try:
        run_server(settings, count)
    finally:
        if follower is not None:
            follower.stop()
