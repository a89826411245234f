"""An answer printed for a person: rich Markdown in a terminal, plain text in a pipe.

Text is wrapped at word boundaries (never cropped), so every `[n]` marker survives a narrow
terminal; piped output is the answer as written plus one line per source, for scripts and
copying.
"""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from assistant.schemas import ChatResponse


def source_lines(response: ChatResponse) -> list[str]:
    """'[n] Title — Publisher, date, section, page N' for each citation (page for PDF)."""
    return [
        f"[{c.n}] {c.title} — {c.publisher}, {c.date}"
        + (f", {c.section}" if c.section else "")
        + (f", page {c.page}" if c.page else "")
        for c in response.citations
    ]


def plain_answer(response: ChatResponse) -> str:
    """The answer, its sources, any notice and the conversation id as plain text."""
    parts = [response.answer.strip()]
    if response.citations:
        parts.append("Sources:\n" + "\n".join(source_lines(response)))
    if response.notice:
        parts.append(response.notice)
    parts.append(f"conversation {response.conversation_id}")
    return "\n\n".join(parts) + "\n"


def print_answer(response: ChatResponse, console: Console) -> None:
    """Rich output on a terminal, `plain_answer` otherwise (pipes, files, `NO_COLOR` dumb)."""
    if not console.is_terminal:
        console.file.write(plain_answer(response))
        return
    from rich.markdown import Markdown  # markdown-it: only a terminal needs it (≈ 0.1 s)

    console.print(Markdown(response.answer), soft_wrap=False)
    if response.citations:
        console.print()
    for line in source_lines(response):
        console.print(Text(line, style="dim"), soft_wrap=False)
    if response.notice:
        console.print(Text(response.notice, style="yellow"), soft_wrap=False)
    console.print(Text(f"conversation {response.conversation_id}", style="dim"))
