"""Headings by shape (for plain text), section labels, and the section path at an offset."""

from __future__ import annotations

import re

from index.document import Section

QUESTION = re.compile(r"^(Question\s+\d+)\s*[:.–-]\s*(.*)$", re.IGNORECASE)
NUMBERED = re.compile(r"^(?:\d{1,2}[.)]|\(\d{1,2}\))\s+\S")
MARKDOWN = re.compile(r"^(#{1,6})\s+(.+)$")
DATE_LINE = re.compile(
    r"^\d{1,2}\s+[A-Z][a-z]+\s+\d{4}$|^[A-Z][a-z]+\s+\d{4}$|^\d{4}-\d{2}(-\d{2})?$"
)
MAX_HEADING_CHARS = 110
MAX_LABEL_CHARS = 90


def label(text: str) -> str:
    """A heading as a section label: closing colon dropped, long ones cut at a word."""
    text = text.strip().rstrip(":").strip()
    if len(text) <= MAX_LABEL_CHARS:
        return text
    cut = text[:MAX_LABEL_CHARS].rsplit(" ", 1)[0]
    return cut + "…"


def question_heading(text: str) -> tuple[str, str]:
    """A "Question N: …" line as (heading, rest): the heading is the question's first sentence;
    what follows it in the paragraph (a note, guidance) is body text, not part of the heading."""
    q = QUESTION.match(text)
    if q is None:
        return text, ""
    parts = re.split(r"(?<=[?.!])\s+", q.group(2), maxsplit=1)
    head = f"{q.group(1)}: {parts[0]}" if parts[0] else q.group(1)
    return head, parts[1].strip() if len(parts) > 1 else ""


def heading_of(paragraph: str) -> tuple[int, str] | None:
    """(level, label) when a paragraph is a heading, else None."""
    if "\n" in paragraph or paragraph.startswith((" ", "-")):
        return None
    text = paragraph.strip()
    if md := MARKDOWN.match(text):
        return len(md.group(1)), label(md.group(2))
    if QUESTION.match(text):
        return 1, label(question_heading(text)[0])
    if len(text) > MAX_HEADING_CHARS or DATE_LINE.match(text) or not text[:1].isalnum():
        return None
    if text.endswith(":"):
        return (2, label(text)) if len(text.split()) <= 8 else None
    if text.endswith((".", "!", ",", ";", "”", '"')) and not NUMBERED.match(text):
        return None
    if NUMBERED.match(text):
        return 1, label(text)
    if text.endswith((".", "?")) or len(text.split()) > 14:
        return None
    return 1, label(text)


def section_at(sections: list[Section], offset: int) -> str:
    """The section path covering a character offset."""
    for section in sections:
        if section.start <= offset < section.end:
            return section.path
    return sections[-1].path if sections else ""
