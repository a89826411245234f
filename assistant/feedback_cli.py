"""`review-assistant feedback export`: feedback for evaluators, as CSV or JSON lines."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path
from typing import Annotated, Literal

import typer

from assistant.db import make_engine
from assistant.feedback import export_feedback
from assistant.settings import get_settings

feedback_app = typer.Typer(help="Feedback given in the web chat and Slack.", rich_markup_mode=None)


@feedback_app.callback()
def _group() -> None:
    """Feedback given in the web chat and Slack (a group even with one command)."""


CSV_FIELDS = [
    "id", "created_at", "source", "user", "rating", "comment", "message_id",
    "conversation_id", "question", "answer", "refused", "mode", "sources",
]  # fmt: skip


FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "|", "%")


def cell(value: object) -> object:
    """A CSV cell a spreadsheet will not run as a formula (a leading ' shows it as text)."""
    if isinstance(value, str) and value.lstrip(" ").startswith(FORMULA_START):
        return "'" + value
    return value


def to_jsonl(rows: list[dict[str, object]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def to_csv(rows: list[dict[str, object]]) -> str:
    """CSV for spreadsheets; cells that would start a formula are prefixed with '."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_FIELDS, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        citations = row.get("citations") or []
        sources = "; ".join(
            f"[{c['n']}] {c['title']} ({c['publisher']}, {c['date']})"
            for c in citations  # type: ignore[attr-defined]
        )
        writer.writerow({k: cell(v) for k, v in {**row, "sources": sources}.items()})
    return buffer.getvalue()


@feedback_app.command("export")
def export(
    fmt: Annotated[Literal["csv", "jsonl"], typer.Option("--format", help="csv or jsonl")] = "csv",
    out: Annotated[Path | None, typer.Option(help="Write here instead of standard output.")] = None,
) -> None:
    """Export every feedback record with its question, answer and sources."""
    rows = export_feedback(make_engine(get_settings().sqlalchemy_url))
    text = to_csv(rows) if fmt == "csv" else to_jsonl(rows)
    if out is None:
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8")
        typer.echo(f"{len(rows)} feedback records written to {out}", err=True)
