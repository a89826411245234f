"""A summary of one named section of a document ("summarise what the handbook says on
storage", "an overview of point 4"): its statements and its lists, each cited.

A section often states its case in lists ("Consider the following:" and its items), whose
items rarely end with a full stop and whose lead-in ends with a colon: neither is a statement,
so a summary of statements alone would leave out what the section says. A list with its
lead-in is one line of the summary, like a statement.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from assistant.guides.numbered_points import point_end
from assistant.guides.quoting import (
    PROSE_OR_ITEM,
    Citations,
    heading_text,
    one_line,
    section_of,
    statement,
)
from index.guides import KeyList, Span, key_lists
from index.stored_document import StoredDocument

SECTION_LINES = 8  # statements or lists a summary of one named section quotes
SECTION_ITEMS = 6  # items shown of each of its lists
ITEM_WORDS = 6  # items shorter than this on average name things (links, titles), state nothing


@dataclass(frozen=True, eq=False)
class Part:
    """A statement (`number`) or a led list (`led`) of the section, where it starts."""

    start: int
    number: int | None = None
    led: KeyList | None = None


def _titled(item: str) -> bool:
    """An item written as a title: a capital first letter and no closing punctuation."""
    text = item.strip()
    return text[:1].isupper() and text[-1:] not in ".?!:;"


def _states(key: KeyList) -> bool:
    """The list's items say something: on average a clause, and not mostly titles (of
    documents or links to read elsewhere)."""
    sizes = [len(item.text.split()) for item in key.items]
    titled = sum(_titled(item.text) for item in key.items)
    return bool(sizes) and sum(sizes) >= ITEM_WORDS * len(sizes) and 2 * titled < len(sizes)


def section_parts(doc: StoredDocument, start: int, end: int) -> list[Part]:
    """The section's statements and led lists, in document order; a statement inside a led
    list or that is its lead-in belongs to the list."""
    lists = [
        k
        for k in key_lists(doc, len(doc.blocks))
        if k.lead_in is not None and start <= k.lead_in.start and k.start < end
    ]
    held = [(k.lead_in.start if k.lead_in else k.start, k.end) for k in lists]
    parts = [Part(k.lead_in.start if k.lead_in else k.start, led=k) for k in lists]
    parts += [
        Part(x.start, number=n)
        for n, x in enumerate(doc.sentences)
        if start <= x.start < end
        and not any(a <= x.start < b for a, b in held)
        and statement(doc, n, PROSE_OR_ITEM)
    ]
    return sorted(parts, key=lambda p: p.start)


def chosen_parts(doc: StoredDocument, heading: Any) -> list[Part]:
    """Up to SECTION_LINES parts: the first, the first under each subheading, then the rest
    in order; lists of names come last. Returned in document order."""
    end = point_end(doc, heading)
    parts = section_parts(doc, heading.end, end)
    named = [p for p in parts if p.led is not None and not _states(p.led)]
    stating = [p for p in parts if p not in named]
    subheadings = [b for b in doc.blocks if b.kind == "heading" and heading.end <= b.start < end]
    firsts = [next((p for p in stating if p.start >= b.end), None) for b in subheadings]
    order = [p for p in [*stating[:1], *firsts, *stating, *named] if p is not None]
    unique = list({p.start: p for p in order}.values())  # each part at its first place
    return sorted(unique[:SECTION_LINES], key=lambda p: p.start)


def section_summary(doc: StoredDocument, heading: Any, cite: Citations) -> list[str]:
    """A section's own statements and lists, cited, under a line naming the section."""
    name = heading_text(doc, heading.start, heading.end)
    lines = [
        f"**Summary of “{name.rstrip(':.')}” in *{doc.title}*"
        + (f" — {doc.publisher}**" if doc.publisher else "**")
    ]
    for part in chosen_parts(doc, heading):
        if part.led is not None:
            lines += _list_lines(doc, part.led, cite)
            continue
        assert part.number is not None
        begin, stop = doc.sentences[part.number]
        span = Span(begin, stop, doc.text[begin:stop], section_of(doc, begin))
        lines.append(f"- {one_line(span)} {cite.mark(doc, begin, stop, span.section)}")
    return lines


def _list_lines(doc: StoredDocument, key: KeyList, cite: Citations) -> list[str]:
    """The lead-in as a line, cited with the items shown, and the items under it."""
    items = key.items[:SECTION_ITEMS]
    begin = key.lead_in.start if key.lead_in else key.start
    stop = items[-1].end if items else key.end
    lead = one_line(key.lead_in) if key.lead_in else ""
    more = len(key.items) - len(items)
    mark = cite.mark(doc, begin, stop, key.section)
    return [
        f"- {lead} {mark}".replace("-  ", "- "),
        *[f"  - {one_line(item)}" for item in items],
        *([f"  - … and {more} more"] if more else []),
    ]
