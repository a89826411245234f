"""A question that names one of a document's numbered points ("what does point 5 of the code
ask for?"): the heading of that point, and where the point's section ends.

Documents that number their points often put a point's subheadings at the same level as the
point itself (a web page's "5. Keep records safe" followed by sibling headings of its parts), so
a numbered point runs to the next numbered heading of its level, not to the next heading.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from assistant.guides.outline import NUMBERED, numbered_level
from assistant.guides.quoting import heading_text
from index.stored_document import StoredDocument

if TYPE_CHECKING:
    from assistant.answer.question import Question


def point_number(heading: str) -> str | None:
    """The number a numbered heading starts with ("5. Keep records safe" → "5")."""
    found = NUMBERED.match(heading)
    return found.group().strip().rstrip(".):") if found else None


def asked_point(question: Question, doc: StoredDocument) -> Any | None:
    """The numbered heading of `doc` whose number the question gives ("point 5 of the code")."""
    numbers = {value for group in question.values for value in group if value.isdigit()}
    if not numbers:
        return None
    for block in numbered_level(doc):
        if point_number(heading_text(doc, block.start, block.end)) in numbers:
            return block
    return None


def point_end(doc: StoredDocument, heading: Any) -> int:
    """Where a heading's section ends: at the next heading of its level or above; for one of
    the document's numbered points, at the next numbered point of its level (or a heading
    above it)."""
    numbered = {b.start for b in numbered_level(doc)}
    in_sequence = heading.start in numbered
    for block in doc.blocks:
        if block.kind != "heading" or block.start <= heading.start:
            continue
        if block.level < heading.level or (
            block.level == heading.level and (not in_sequence or block.start in numbered)
        ):
            return block.start
    return len(doc.text)
