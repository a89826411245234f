"""`ingest`: documents into the index, with a progress bar and a closing summary; against a
Chroma server and PostgreSQL the new generation is published for every API host."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from assistant.cli.database_commands import migrate_database
from assistant.cli.messages import console, err, fail, load_settings
from assistant.settings import Settings
from index.store import IndexMismatchError

if TYPE_CHECKING:
    from ingest.pipeline import IngestSummary


def _print_summary(summary: IngestSummary) -> None:
    for warning in summary.warnings:
        err.print(f"[yellow]Warning:[/yellow] {warning}")
    changes = ", ".join(
        f"{len(items)} {label}"
        for label, items in (
            ("added", summary.added),
            ("updated", summary.updated),
            ("removed", summary.removed),
            ("unchanged", summary.unchanged),
        )
        if items
    )
    console.print(
        f"Indexed {summary.documents} documents, {summary.chunks} chunks, "
        f"{summary.tokens} tokens in {summary.seconds:.1f} s ({changes}); "
        f"index generation {summary.generation}."
    )
    console.print(
        f"Cleaning removed {summary.removed_spans} spans ({summary.removed_chars} characters), "
        "each recorded (list them with `ingest --report`)."
    )


def _print_removals(settings: Settings) -> None:
    """What cleaning removed from each document of the current index, with rule and offsets."""
    from index.store import load_generation

    for doc in load_generation(settings.index_dir).documents.values():
        for r in doc.removed:
            console.print(f"{doc.doc_id}\t{r.start}-{r.end}\t{r.rule}\t{r.text[:100]!r}")


def ingest_with_progress(paths: list[Path] | None, settings: Settings, rebuild: bool) -> None:
    """Run an ingest with a progress bar and a closing summary (errors exit with code 1)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    from ingest.loaders import LoaderError
    from ingest.manifest import ManifestError
    from ingest.pipeline import IngestError, run_ingest

    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task("Embedding chunks", total=None)
        try:
            summary = run_ingest(
                paths, settings, rebuild=rebuild,
                progress=lambda done, total: bar.update(task, completed=done, total=total),
            )  # fmt: skip
        except (IngestError, LoaderError, ManifestError, IndexMismatchError) as exc:
            raise fail(str(exc)) from exc
    _print_summary(summary)


def ingest(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Files or folders (default: the corpus folder).")
    ] = None,
    rebuild: Annotated[bool, typer.Option(help="Re-embed everything from scratch.")] = False,
    report: Annotated[
        bool, typer.Option("--report", help="List every span cleaning removed, and why.")
    ] = False,
) -> None:
    """Load, clean, chunk and embed documents into the index (unchanged ones are skipped)."""
    settings = load_settings()
    migrate_database(settings)
    ingest_documents(paths or None, settings, rebuild)
    if report:
        _print_removals(settings)


def ingest_documents(paths: list[Path] | None, settings: Settings, rebuild: bool) -> None:
    """An ingest; against a Chroma server and PostgreSQL it is published there, under a lock."""
    from assistant.shared_index import ingest_and_publish, uses_engines

    if not uses_engines(settings):
        ingest_with_progress(paths, settings, rebuild)
        return
    name = ingest_and_publish(settings, lambda: ingest_with_progress(paths, settings, rebuild))
    console.print(f"Index generation {name} is the one every API host serves.")
