"""The answer as Markdown: lines grouped under a label saying what kind of source each group
comes from and when, each cited; and the audit of why the engine answered or declined."""

from __future__ import annotations

from typing import Any

from assistant.answer.evidence import Evidence
from assistant.answer.lines import Line
from assistant.answer.sentence_place import quotable
from assistant.schemas import Citation
from index.stored_document import StoredDocument

SHORT_HEADING = 12  # words of a heading shown before the sentence that opens its section
MONTHS = (
    "January February March April May June July August September October November December"
).split()


def month_year(date: str) -> str:
    """ "2023-01-09" → "January 2023"; a bare year or empty string is kept as it is."""
    parts = date.split("-")
    if len(parts) >= 2 and parts[1].isdigit() and 1 <= int(parts[1]) <= 12:
        return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return date


def source_label(doc: StoredDocument, kind_labels: dict[str, str]) -> str:
    """ "Evidence submission — Some Trust, January 2023": kind (as the collection manifest
    labels it, if it does), publisher and date, so a submission is never read as the review."""
    kind = kind_labels.get(doc.kind, doc.kind or "Document")
    kind = kind[:1].upper() + kind[1:]
    who = doc.publisher or doc.title
    when = month_year(doc.date)
    return f"{kind} — {who}, {when}" if when else f"{kind} — {who}"


def _groups(lines: list[Line], in_order: bool) -> list[list[Line]]:
    """Lines grouped by source, in the order sources first appear; `in_order` (steps in date
    order) keeps the lines' order, a source's group being a run of its lines."""
    groups: list[list[Line]] = []
    for ln in lines:
        doc_id = ln.main.doc.doc_id
        same = [g for g in groups if g[0].main.doc.doc_id == doc_id]
        if in_order and groups and groups[-1][0].main.doc.doc_id == doc_id:
            groups[-1].append(ln)
        elif not in_order and same:
            same[0].append(ln)
        else:
            groups.append([ln])
    return groups


def render(
    lines: list[Line], kind_labels: dict[str, str], in_order: bool = False
) -> tuple[str, list[Citation], dict[int, int]]:
    """Markdown grouped by source (in the order sources first appear; with `in_order`, each
    run of one source's lines a group), each line cited."""
    citations: list[Citation] = []
    out: list[str] = []
    first: dict[int, int] = {}
    for group in _groups(lines, in_order):
        doc = group[0].main.doc
        out.append(f"**{source_label(doc, kind_labels)}** · *{doc.title}*")
        for n, ln in enumerate(group):
            indent = ln.item and n > 0  # an item first in its group has no lead-in above it
            refs = []
            for ev in ln.sources:
                citations.append(citation_for(len(citations) + 1, ev))
                refs.append(f"[{len(citations)}]")
            first[id(ln)] = len(citations) - len(refs) + 1
            text = " ".join(ln.main.text.split())
            also = _also(ln, kind_labels)
            head = "" if ln.item else opened_section(ln.main)
            text = f"**{head}**: {text}" if head else text
            out.append(f"{'  - ' if indent else '- '}{text} {''.join(refs)}{also}")
        out.append("")
    return "\n".join(out).strip(), citations, first


def opened_section(ev: Evidence) -> str:
    """The heading of the section a sentence opens (nothing but headings before it there),
    when short: "15 Support a culture of care" says what the sentence under it is about."""
    doc = ev.doc
    inner = [s for s in doc.sections if s.start <= ev.start < s.end and s.level > 0]
    if not inner:
        return ""
    section = max(inner, key=lambda s: s.level)
    name = " ".join(section.path.split(" > ")[-1].split())
    if not name or len(name.split()) > SHORT_HEADING or name.endswith("?"):
        return ""
    if name in (doc.title, ev.text):
        return ""
    before = [n for n, x in enumerate(doc.sentences) if section.start <= x.start < ev.start]
    if any(quotable(doc, n) for n in before):
        return ""
    return name.rstrip(":.")


def _also(line: Line, kind_labels: dict[str, str]) -> str:
    others = [ev.doc for ev in line.sources[1:]]
    if not others:
        return ""
    names = ", ".join(source_label(d, kind_labels) for d in others)
    return f" (also said by {names})"


def citation_for(n: int, ev: Evidence) -> Citation:
    return quote_citation(
        n, ev.doc, ev.start, ev.end, section_path(ev.doc, ev.start), ev.passage.chunk_id
    )


def quote_citation(
    n: int, doc: StoredDocument, start: int, end: int, section: str, chunk_id: str
) -> Citation:
    """Citation [n] of the span `start:end` of `doc`, with the page it is on (PDFs)."""
    return Citation(
        n=n,
        doc_id=doc.doc_id,
        title=doc.title,
        publisher=doc.publisher,
        date=doc.date,
        section=section,
        quote=doc.text[start:end],
        chunk_id=chunk_id,
        start=start,
        end=end,
        page=block.page if (block := doc.block_at(start)) else None,
    )


def section_path(doc: StoredDocument, offset: int) -> str:
    """The innermost section holding an offset ("" before the first heading)."""
    best = ""
    depth = -1
    for section in doc.sections:
        if section.start <= offset < section.end and section.level > depth:
            best, depth = section.path, section.level
    return best


def audit(
    evidence: list[Evidence], threshold: float, decision: str, answer_type: str
) -> dict[str, Any]:
    """The `evidence` object of a response: why the engine answered or declined."""
    return {
        "decision": decision,
        "answer_type": answer_type,
        "threshold": round(threshold, 4),
        "best": round(evidence[0].probability, 4) if evidence else 0.0,
        "sentences": [
            {
                "doc_id": ev.doc.doc_id,
                "start": ev.start,
                "end": ev.end,
                "probability": round(ev.probability, 4),
                "features": {k: round(v, 4) for k, v in ev.features.items()},
            }
            for ev in evidence[:5]
        ],
    }
