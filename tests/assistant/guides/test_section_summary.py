"""A summary of one named section quotes its statements and its lists (lead-in and items);
lists of titles to read elsewhere come only when there is room."""

from __future__ import annotations

from typing import Any

from assistant.guides import section_summary as module
from assistant.guides.quoting import Citations
from assistant.guides.section_summary import chosen_parts, section_summary
from index.stored_document import StoredDocument
from tests.assistant.guides.documents import stored_document

# (kind, level, text); an item's level is the index of its list's part
PARTS = [
    ("heading", 1, "Harbour handbook"),
    ("heading", 2, "Mooring a boat"),
    ("paragraph", 0, "Every boat in the harbour needs a mooring permit from the office."),
    ("list", 0, "Before mooring, check the following:"),
    ("item", 3, "the depth of the water at the lowest tide of the month"),
    ("item", 3, "the strength of the ropes and of every cleat on the pier"),
    ("heading", 3, "Further reading"),
    ("list", 0, "Guides from the harbour board include:"),
    ("item", 7, "Harbour Safety Rules"),
    ("item", 7, "Tide Tables"),
    ("heading", 2, "Paying fees"),
    ("paragraph", 0, "Fees are paid at the harbour office every month."),
]


class _State:
    """What `Citations` reads of the index state: no chunk found by span."""

    def chunk_for(self, doc_id: str, start: int, end: int) -> Any:
        return None


def document() -> StoredDocument:
    return stored_document(PARTS, "harbour", "Harbour handbook")


def _heading(doc: StoredDocument, text: str) -> Any:
    return next(b for b in doc.blocks if b.kind == "heading" and doc.text[b.start : b.end] == text)


def test_a_section_summary_quotes_its_lists_with_their_items() -> None:
    doc = document()
    cite = Citations(_State())  # type: ignore[arg-type]
    lines = section_summary(doc, _heading(doc, "Mooring a boat"), cite)
    text = "\n".join(lines)
    assert lines[0].startswith("**Summary of “Mooring a boat”")
    assert "- Before mooring, check the following: [2]" in lines
    assert "  - the depth of the water at the lowest tide of the month" in lines
    assert "Fees are paid" not in text  # the next section's
    for citation in cite.items:
        assert doc.text[citation.start : citation.end] == citation.quote
    assert text.index("mooring permit") < text.index("check the following")


def test_a_list_of_titles_comes_only_when_there_is_room(monkeypatch: Any) -> None:
    doc = document()
    parts = chosen_parts(doc, _heading(doc, "Mooring a boat"))
    assert [p.led is not None for p in parts] == [False, True, True]  # room: all three
    monkeypatch.setattr(module, "SECTION_LINES", 2)
    parts = chosen_parts(doc, _heading(doc, "Mooring a boat"))
    leads = [p.led.lead_in.text for p in parts if p.led is not None and p.led.lead_in]
    assert len(parts) == 2 and leads == ["Before mooring, check the following:"]
