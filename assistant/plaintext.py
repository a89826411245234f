"""An answer's Markdown as plain text: for Slack notifications, board papers and pipes.

Emphasis markers and heading hashes go, list bullets become "• ", `[n]` markers stay.
"""

from __future__ import annotations

import re

_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_ITALIC = re.compile(r"(?<![*\w])[*_](?=\S)([^*_\n]+?)(?<=\S)[*_](?![*\w])")
_BULLET = re.compile(r"^[-*+]\s+")
_HEADING = re.compile(r"^#{1,6}\s+")


def plain_lines(markdown: str) -> list[str]:
    """The non-blank lines of `markdown` without Markdown syntax."""
    lines = []
    for raw in markdown.splitlines():
        line = raw.strip()
        if _BULLET.match(line):
            line = "• " + _BULLET.sub("", line)
        line = _HEADING.sub("", line)
        line = _ITALIC.sub(r"\1", _EMPHASIS.sub(r"\2", line))
        if line:
            lines.append(line)
    return lines


def plain_text(markdown: str) -> str:
    """`plain_lines` joined into one string, one line each."""
    return "\n".join(plain_lines(markdown))
