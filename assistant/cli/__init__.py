"""`review-assistant`: ingest, ask, search and serve from the command line.

Start-up time matters (`ask` is measured cold): heavy modules are imported inside the command
that needs them, and sub-command groups (`SUB_APPS`, cli/lazy_groups.py) only when named. To add
a command, add a function to the module of its group (cli/*_commands.py) and name it in
`COMMANDS`, or a Typer app in your package plus one `SUB_APPS` line.
"""

from __future__ import annotations

import sys
from typing import NoReturn

import typer
from rich.markup import escape

from assistant.cli.answer_commands import ask, calibrate, search
from assistant.cli.database_commands import migrate, purge
from assistant.cli.index_commands import ingest
from assistant.cli.lazy_groups import LazyGroup
from assistant.cli.messages import err
from assistant.cli.serve_command import serve
from assistant.extras import MissingExtra

app = typer.Typer(
    cls=LazyGroup,
    help="Review Assistant: cited answers about your review documents.",
    rich_markup_mode=None,  # plain click help: flags read as flags (no "<bool>" column)
)
COMMANDS = (ingest, migrate, purge, ask, calibrate, search, serve)
for command in COMMANDS:
    app.command()(command)


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
