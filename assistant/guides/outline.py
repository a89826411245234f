"""A document's outline in its own words: the headings one level below its title (or the
headings it numbers itself, or, in a document that marks few headings, the short lines that
stand in for them), each with the first statement under it."""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from typing import Any

from assistant.guides.quoting import (
    PROSE_OR_ITEM,
    Citations,
    heading_text,
    one_line,
    section_of,
    statement,
)
from index.document import Block
from index.guide_summary import template_sentences
from index.guides import Span
from index.stored_document import StoredDocument

OUTLINE = 16  # section headings listed as what the document covers
MIN_OUTLINE = 2
MIN_NUMBERED = 3  # headings numbered in sequence that make the document's own list
NUMBERED = re.compile(r"\d{1,2}[.):]?\s")
HEADING_WORDS = 16  # words of a short line that stands in for a heading


def numbered_level(doc: StoredDocument) -> list[Any]:
    """The headings that number themselves 1, 2, 3… at one level: the document's own
    enumeration of its points, principles or steps; empty when it has none."""
    headings = [b for b in doc.blocks if b.kind == "heading"]
    for level in sorted({b.level for b in headings}):
        numbered = [
            b for b in headings
            if b.level == level and NUMBERED.match(heading_text(doc, b.start, b.end))
        ]  # fmt: skip
        if len(numbered) >= MIN_NUMBERED:
            return numbered
    return []


def _first_unshown(
    doc: StoredDocument,
    start: int,
    limit: int,
    shown: AbstractSet[str],
    template: AbstractSet[int],
) -> int | None:
    """The first statement between two offsets not `shown` already, from the block of the
    first statement or the next one (further down sit footers and navigation); never one the
    document repeats under other headings (`template`: a reminder, a pointer)."""
    found = [
        k for k, x in enumerate(doc.sentences)
        if start <= x.start < limit and statement(doc, k, PROSE_OR_ITEM) and k not in template
    ]  # fmt: skip
    if not found:
        return None
    near = doc.sentences[found[0]].block + 1
    return next(
        (k for k in found
         if doc.sentences[k].block <= near
         and doc.text[doc.sentences[k].start : doc.sentences[k].end] not in shown),
        None,
    )  # fmt: skip


def _all_aside(doc: StoredDocument, start: int, limit: int, aside: AbstractSet[int]) -> bool:
    """Every statement between two offsets is off the document's subject."""
    under = [
        k for k, x in enumerate(doc.sentences)
        if start <= x.start < limit and statement(doc, k, PROSE_OR_ITEM)
    ]  # fmt: skip
    return bool(under) and all(k in aside for k in under)


def implicit_headings(doc: StoredDocument) -> list[Block]:
    """Short lines that head what follows them in a document that marks few headings: a
    one-line paragraph or one-item list (a question, or a phrase without a full stop, "(3)
    Working with the board") followed by running text."""
    blocks = doc.blocks
    found = []
    for n, block in enumerate(blocks[:-1]):
        if block.kind == "list":
            own = [b for b in blocks if b.kind == "item" and b.parent == block.index]
            if len(own) != 1 or block.lead_in:
                continue
        elif block.kind != "paragraph":
            continue
        text = heading_text(doc, block.start, block.end)
        after = next((b for b in blocks[n + 1 :] if b.kind != "item"), None)
        inside = [s for s in doc.sentences if block.start <= s.start < block.end]
        if (
            len(inside) == 1
            and len(text.split()) <= HEADING_WORDS
            and not text.endswith((".", ":", ";", ","))
            and after is not None
            and after.kind == "paragraph"
        ):
            found.append(block)
    return found


def outline(
    doc: StoredDocument,
    shown: AbstractSet[str] = frozenset(),
    aside: AbstractSet[int] = frozenset(),
    most: int = OUTLINE,
) -> list[tuple[str, Span]]:
    """The headings one level below the title (or its numbered headings, when it numbers
    them, or the short lines that head its parts, when it has more of those than headings),
    each with the first statement under it: what the document covers, in its own words (a
    heading alone sits outside every chunk); a statement `shown` already gives way to the
    next one under its heading. A heading whose statements are all `aside` (sentence numbers
    off the document's subject, index/centrality.py) is left out; at `most` headings."""
    headings = [b for b in doc.blocks if b.kind == "heading"]
    numbered = numbered_level(doc)
    levels = [numbered] if numbered else []
    implicit = implicit_headings(doc)
    if len(implicit) > len(headings):
        titled = [h for h in headings if heading_text(doc, h.start, h.end) != doc.title]
        levels.append(sorted([*implicit, *titled], key=lambda b: b.start))
    levels += [
        [b for b in headings if b.level == level] for level in sorted({b.level for b in headings})
    ]
    template = template_sentences(doc)  # once, not per heading: it compares every sentence
    for chosen in levels:  # the title stands alone at its level
        if len(chosen) < MIN_OUTLINE:
            continue
        found: list[tuple[str, Span]] = []
        seen: set[str] = set()
        for n, heading in enumerate(chosen):
            name = heading_text(doc, heading.start, heading.end)
            limit = chosen[n + 1].start if n + 1 < len(chosen) else len(doc.text)
            first = _first_unshown(doc, heading.end, limit, shown, template)
            if first is None or name.casefold() in seen:
                continue
            if aside and _all_aside(doc, heading.end, limit, aside):
                continue
            seen.add(name.casefold())
            start, end = doc.sentences[first]
            found.append((name, Span(start, end, doc.text[start:end], section_of(doc, start))))
        return found[:most] if len(found) >= MIN_OUTLINE else []
    return []


def outline_lines(
    doc: StoredDocument, outline: list[tuple[str, Span]], cite: Citations
) -> list[str]:
    """Each heading in bold with the first statement under it, cited."""
    lines = []
    for name, span in outline:
        marker = cite.mark(doc, span.start, span.end, span.section)
        lines.append(f"- **{name.rstrip(':.')}**: {one_line(span)} {marker}")
    return lines
