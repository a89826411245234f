"""What every `review-assistant` command shares: the consoles (answers on stdout, progress and
errors on stderr), and ending with one red line and an exit code (1: the command failed,
2: the configuration or the call is wrong) instead of a stack trace."""

from __future__ import annotations

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.markup import escape

from assistant.settings import Settings, get_settings

console = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


def load_settings() -> Settings:
    """The settings, or exit 2 with what is wrong in the configuration."""
    try:
        return get_settings()
    except ValidationError as exc:
        err.print(f"[red]Configuration error:[/red] {exc}")
        raise typer.Exit(2) from exc


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print the error; the caller raises what is returned (`raise fail(...) from exc`)."""
    err.print(f"[red]Error:[/red] {escape(message)}")  # messages may hold [brackets]
    return typer.Exit(code)
