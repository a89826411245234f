"""`review-assistant`: ingest, ask, search and serve from the command line.

Start-up time matters (`ask` is measured cold): heavy modules are imported inside the command
that needs them, and sub-command groups (`SUB_APPS`) only when named. To add a command, add a
function here with `@app.command()`, or a Typer app in your package plus one `SUB_APPS` line.
"""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.markup import escape
from typer import _click as click  # Typer's own click (typer >= 0.29)
from typer.core import TyperGroup

from assistant.auth.sessions import AuthConfigError, check_auth_settings
from assistant.extras import EXTRAS, MissingExtra
from assistant.schemas import ChatRequest
from assistant.settings import Settings, get_settings
from index.store import IndexMismatchError, IndexNotReady, current_name

if TYPE_CHECKING:
    from collections.abc import Callable

    from ingest.pipeline import IngestSummary

# Sub-command groups owned by other packages, imported when named: name -> (module, attribute).
SUB_APPS = {
    "eval": ("eval.cli", "eval_app"),
    "users": ("assistant.auth.cli", "users_app"),
    "tokens": ("assistant.auth.cli", "tokens_app"),
    "feedback": ("assistant.feedback_cli", "feedback_app"),
    "slack": ("assistant.slack.cli", "slack_app"),
}


def _extra_for(module: str | None) -> str | None:
    top = (module or "").split(".")[0]
    return next((extra for extra, modules in EXTRAS.items() if top in modules), None)


def _needs_extra(name: str, extra: str) -> click.Command:
    """Stands in for a sub-command whose optional extra is not installed."""

    stub = typer.Typer()
    anything = {"allow_extra_args": True, "ignore_unknown_options": True}

    @stub.command(name=name, help=f"(needs the '{extra}' extra)", context_settings=anything)
    def explain() -> None:
        raise _fail(str(MissingExtra(extra, f"'review-assistant {name}'")))

    return typer.main.get_command(stub)


class LazyGroup(TyperGroup):
    """The top-level group: sub-command groups are imported on first use, not at start-up."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *SUB_APPS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in SUB_APPS and cmd_name not in self.commands:
            module_name, attribute = SUB_APPS[cmd_name]
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError as exc:
                extra = _extra_for(exc.name)
                if extra is None:
                    raise
                self.commands[cmd_name] = _needs_extra(cmd_name, extra)
            else:
                group = typer.main.get_command(getattr(module, attribute))
                group.name = cmd_name
                self.commands[cmd_name] = group
        return super().get_command(ctx, cmd_name)


app = typer.Typer(
    cls=LazyGroup,
    help="Review Assistant: cited answers about your review documents.",
    rich_markup_mode=None,  # plain click help: flags read as flags (no "<bool>" column)
)
console = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


# Commands that answer once and end: measured cold, so their process starts and ends lean.
ONE_SHOT_COMMANDS = {"ask"}


def main() -> None:
    """The `review-assistant` entry point: a missing optional extra is one clear line.

    A one-shot command collects garbage rarely (its start-up allocates millions of objects,
    almost none garbage: the default thresholds spent ≈ 0.2 s CPU in collections) and its
    process ends without interpreter teardown (`_end_now`: tearing down Chroma's Rust client,
    spaCy's vocabulary, ONNX Runtime and a few thousand modules took ≈ 0.5 s after the answer).
    """
    one_shot = sys.argv[1:2] and sys.argv[1] in ONE_SHOT_COMMANDS
    if one_shot:
        import gc

        gc.set_threshold(100_000, 50, 1000)
    code: int | str | None = 0
    try:
        app()
    except MissingExtra as exc:
        err.print(f"[red]Error:[/red] {escape(str(exc))}")
        code = 1
    except SystemExit as exc:
        code = exc.code
    if one_shot and not isinstance(code, str):
        _end_now(code or 0)
    raise SystemExit(code)


def _end_now(code: int) -> NoReturn:
    """Exit without interpreter teardown, after the steps of a normal exit that still matter,
    in the interpreter's own order: wait for the other threads (a spaCy load; thread pools are
    told to stop first), run the `atexit` handlers (logging flushed), flush the output. The
    command has committed and closed its database work before it returns."""
    import atexit
    import os
    import threading

    threading._shutdown()  # type: ignore[attr-defined]  # what interpreter exit calls first
    atexit._run_exitfuncs()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # the reader went away (a closed pipe): the code Python's own exit gives
        code = code or 120
    os._exit(code)


def _settings() -> Settings:
    try:
        return get_settings()
    except ValidationError as exc:
        err.print(f"[red]Configuration error:[/red] {exc}")
        raise typer.Exit(2) from exc


def _fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"[red]Error:[/red] {escape(message)}")  # messages may hold [brackets]
    return typer.Exit(code)


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
            raise _fail(str(exc)) from exc
    _print_summary(summary)


@app.command()
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
    settings = _settings()
    _migrate(settings)
    _ingest(paths or None, settings, rebuild)
    if report:
        _print_removals(settings)


def _ingest(paths: list[Path] | None, settings: Settings, rebuild: bool) -> None:
    """An ingest; against a Chroma server and PostgreSQL it is published there, under a lock."""
    from assistant.shared_index import ingest_and_publish, uses_engines

    if not uses_engines(settings):
        ingest_with_progress(paths, settings, rebuild)
        return
    name = ingest_and_publish(settings, lambda: ingest_with_progress(paths, settings, rebuild))
    console.print(f"Index generation {name} is the one every API host serves.")


def _migrate(settings: Settings) -> tuple[str | None, str | None]:
    """Bring the database's tables to the latest Alembic revision (one clear line on failure)."""
    from sqlalchemy.exc import SQLAlchemyError

    from assistant.migrations import migrate as run_migrations

    try:
        return run_migrations(settings.sqlalchemy_url)
    except (SQLAlchemyError, RuntimeError) as exc:
        reason = str(exc).splitlines()[0]
        raise _fail(f"cannot migrate the database: {reason}") from exc


@app.command()
def migrate() -> None:
    """Upgrade the database's tables to the latest revision (serve and ingest do it on start)."""
    before, after = _migrate(_settings())
    if before == after:
        console.print(f"Database already at revision {after}.")
    else:
        console.print(f"Database upgraded from {before or 'no revision'} to {after}.")


def _purge_on_start(settings: Settings) -> None:
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


@app.command()
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

    settings = _settings()
    age = older_than or (f"{settings.retention_days}d" if settings.retention_days else None)
    if age is None:
        raise _fail("say how old: --older-than 90d (or set RETENTION_DAYS)", 2)
    try:
        delta = parse_age(age)
    except RetentionError as exc:
        raise _fail(str(exc), 2) from exc
    engine = make_engine(settings.sqlalchemy_url)
    summary = run_purge(engine, delta)
    engine.dispose()
    console.print(
        f"Purged {summary.conversations} conversations (with their feedback), "
        f"{summary.slack_records} Slack records, {summary.sessions} ended sessions and "
        f"{summary.audit_events} audit events older than {age}; space reclaimed."
    )


def _meanwhile(name: str, work: Callable[[], object]) -> Callable[[], None]:
    """Run `work` on a side thread; returns a wait for it. A failure is left for the main
    thread's own call of the same loader to report (nothing is cached by a failed load)."""
    import threading

    def run() -> None:
        try:
            work()
        except Exception:
            return

    thread = threading.Thread(target=run, name=name)
    thread.start()  # joined before the process ends, normally or in `_end_now`: no abort mid-load
    return thread.join


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="Your question.")],
    as_json: Annotated[
        bool, typer.Option("--json/--no-json", help="Print the full JSON response.")
    ] = False,
    conversation: Annotated[
        str | None, typer.Option("--conversation", help="Continue this conversation id.")
    ] = None,
) -> None:
    """Answer a question from the documents, with citations."""
    if not question.strip():
        raise _fail("the question is blank: type a question after `ask`")
    try:
        request = ChatRequest(message=question, conversation_id=conversation)
    except ValidationError as exc:
        raise _fail(exc.errors()[0]["msg"]) from exc
    settings = _settings()
    # The spaCy pipeline and the embedder load on side threads while this thread imports the
    # answer pipeline and opens Chroma and the database. ONNX Runtime builds its session without
    # holding the GIL, so that part runs beside the imports on a second core; the question is
    # parsed only after retrieval, and `get_nlp()` waits for a load under way.
    from nlp.spacy_pipeline import get_nlp

    _meanwhile("spacy-load", get_nlp)
    from assistant.runtime import build_collaborators, query_embedder

    embedder = query_embedder(settings)
    embedder_ready = _meanwhile("embedder-load", embedder.load)
    from assistant.conversations import CLI_CHANNEL, ConversationNotFound
    from assistant.pipeline import answer
    from assistant.terminal import print_answer

    collab = build_collaborators(settings, embedder=embedder)  # loaded by the side thread
    embedder_ready()  # before the first query is embedded
    try:
        response = answer(request, collab, channel=CLI_CHANNEL)
    except ConversationNotFound as exc:
        raise _fail(str(exc)) from exc
    finally:
        collab.conversations.engine.dispose()  # closed cleanly: `main` skips the teardown
    if as_json:
        sys.stdout.write(json.dumps(response.model_dump(mode="json"), indent=2) + "\n")
        return
    print_answer(response, console)


@app.command()
def calibrate(
    datasets: Annotated[list[Path], typer.Argument(help="JSONL datasets (dev split is used).")],
    corpus: Annotated[
        list[Path] | None,
        typer.Option(help="Corpus folder for each dataset, in order (default: CORPUS_DIR)."),
    ] = None,
    target_risk: Annotated[
        float, typer.Option(help="Highest wrong-answer rate allowed at the operating point.")
    ] = 0.05,
    output: Annotated[
        Path | None, typer.Option(help="Where to write the model (default: the shipped one).")
    ] = None,
    work_dir: Annotated[
        Path | None, typer.Option(help="Keep the calibration indexes here (default: temporary).")
    ] = None,
    max_false_declines: Annotated[
        float | None,
        typer.Option(
            help="Instead of --target-risk: the share of answerable dev questions the model may "
            "decline; also fits the question-level gate."
        ),
    ] = None,
) -> None:
    """Fit the answerability model on the dev items of labelled questions; never test items."""
    from assistant.answer.calibrate import calibrate_collections
    from assistant.answer.model import MODEL_FILE, save_model
    from index.embedder import Embedder
    from ingest.pipeline import run_ingest

    settings = _settings()
    folders = corpus or [settings.corpus_dir] * len(datasets)
    if len(folders) != len(datasets):
        raise _fail("give one --corpus per dataset")
    for path in [*datasets, *folders]:
        if not path.exists():
            raise _fail(f"{path} does not exist")

    def index(local: Settings, embedder: Embedder) -> None:
        run_ingest(None, local, embedder=embedder)

    try:
        model, curve = calibrate_collections(
            list(zip(datasets, folders, strict=True)),
            settings,
            index,
            target_risk,
            work_dir,
            max_false_declines,
        )
    except ValueError as exc:
        raise _fail(str(exc)) from exc
    for threshold, coverage, risk in curve[:: max(1, len(curve) // 12)]:
        console.print(f"threshold {threshold:.3f}  coverage {coverage:.2f}  risk {risk:.2f}")
    save_model(model, output or MODEL_FILE)
    console.print(f"Model {model.version}: threshold {model.threshold:.3f}; {model.fitted_on}")


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="What to look for.")],
    k: Annotated[int, typer.Option(min=1, max=50, help="How many passages.")] = 6,
) -> None:
    """Show the passages retrieval finds for a query."""
    from assistant.runtime import build_collaborators

    collab = build_collaborators(_settings())
    try:
        passages = collab.retriever.search(query, k)
    except (IndexNotReady, IndexMismatchError) as exc:
        raise _fail(str(exc)) from exc
    for p in passages:
        console.print(f"[bold]{p.chunk_id}[/bold] {p.title} — {p.section} (score {p.score:.4f})")
        console.print(f"  {' '.join(p.text.split())[:300]}")


@app.command()
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

    settings = _settings()
    updates = {k: v for k, v in (("host", host), ("port", port)) if v is not None}
    if updates:
        settings = settings.model_copy(update=updates)
    try:
        check_auth_settings(settings)
    except AuthConfigError as exc:
        raise _fail(str(exc)) from exc
    _migrate(settings)  # once, before any worker starts
    if settings.retention_days:  # RETENTION_DAYS: old conversations go at every start
        _purge_on_start(settings)
    follower = IndexFollower(settings) if uses_engines(settings) else None
    if follower is not None:
        follower.sync()  # the published generation, into this host's own DATA_DIR
    if current_name(settings.index_dir) is None:
        console.print("No index yet: ingesting the corpus first.")
        _ingest(None, settings, rebuild=False)
    try:
        create_app(settings)  # fails fast here, before any worker starts
    except ValueError as exc:
        raise _fail(str(exc)) from exc
    count = workers or settings.workers or default_workers()
    console.print(f"Review Assistant on http://{settings.host}:{settings.port} ({count} workers)")
    if follower is not None:
        follower.start()  # each newly published generation, without a restart
    try:
        run_server(settings, count)
    finally:
        if follower is not None:
            follower.stop()
