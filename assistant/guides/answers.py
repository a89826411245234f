"""Answers from the source guides: "summarise X", "what does X say", "key points of X".

The seam with the answer engine: `guide_answer(question, state)` returns a cited draft when the
question asks for the gist of the document(s) it names, else None (the engine answers).
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING, Any

from assistant.answer.compose import jaccard, navigational
from assistant.answer.evidence import Evidence, coverage, text_terms
from assistant.answer.question import DATE_NOUNS, SERIES_NOUNS
from assistant.answering import AnswerDraft
from assistant.guides.reader import guides
from assistant.schemas import Citation
from index.guides import DocumentGuide, KeyList, Span
from index.stored_document import StoredDocument
from nlp.lexical import terms

SERIES_TERMS = frozenset(t for n in (*SERIES_NOUNS, *DATE_NOUNS) for t in terms(n))

if TYPE_CHECKING:
    from assistant.answer.question import Question
    from assistant.retrieval.state import IndexState

SUMMARY_TYPES = frozenset({"summary", "open"})
LIST_TYPES = frozenset({"list"})
MAX_FOCUS_FOR_GIST = 2  # "what does X say?" has at most a word or two besides the source
OPENING = 2  # sentences of the document's first paragraphs that state what it is about
OUTLINE = 16  # section headings listed as what the document covers
MIN_OUTLINE = 2
SECTION_LINES = 8  # statements a summary of one named section quotes
MIN_SECTION_MATCH = 2  # words a summary question shares with the heading it names
MIN_NUMBERED = 3  # headings numbered in sequence that make the document's own list
NUMBERED = re.compile(r"\d{1,2}[.):]?\s")
SUMMARY_LISTS = 2  # the document's main lists, shown in a summary
SUMMARY_ITEMS = 8
SAME = 0.8  # term overlap of two sentences saying the same thing
PROSE = ("paragraph", "quote")
PROSE_OR_ITEM = (*PROSE, "item")


class _Citations:
    """Numbers citations in order of use; one number per quoted span."""

    def __init__(self, state: IndexState) -> None:
        self.state = state
        self.items: list[Citation] = []

    def mark(self, doc: StoredDocument, start: int, end: int, section: str) -> str:
        chunk = self.state.chunk_for(doc.doc_id, start, end)
        chunk = chunk or next((c for c in doc.chunks if c.start <= start < c.end), None)
        n = len(self.items) + 1
        self.items.append(
            Citation(
                n=n,
                doc_id=doc.doc_id,
                title=doc.title,
                publisher=doc.publisher,
                date=doc.date,
                section=section,
                quote=doc.text[start:end],
                chunk_id=chunk.chunk_id if chunk else "",
                start=start,
                end=end,
            )  # fmt: skip
        )
        return f"[{n}]"


def _heading(doc: StoredDocument, what: str) -> str:
    when = f", {doc.date}" if doc.date else ""
    by = f" — {doc.publisher}{when}" if doc.publisher else ""
    return f"**{what} of *{doc.title}*{by}**"


def _statement(doc: StoredDocument, number: int, kinds: tuple[str, ...] = PROSE) -> bool:
    """A sentence of running text that says something (not a heading, link or list lead-in);
    a section made of bullet points states its case in `kinds` including "item"."""
    sentence = doc.sentences[number]
    block = doc.blocks[sentence.block] if sentence.block < len(doc.blocks) else None
    text = doc.sentence_text(number).strip()
    return (
        (block is None or block.kind in kinds)
        and len(text.split()) >= 6
        and text[-1:] in ".!)”'\""
        and not navigational(doc, number)
    )


def _opening(doc: StoredDocument) -> list[Span]:
    """The first statements of the document: where most documents say what they are about."""
    found = []
    for number in range(len(doc.sentences)):
        if _statement(doc, number):
            start, end = doc.sentences[number]
            found.append(Span(start, end, doc.text[start:end], _section(doc, start)))
            if len(found) == OPENING:
                break
    return found


def _section(doc: StoredDocument, offset: int) -> str:
    inner = [s for s in doc.sections if s.start <= offset < s.end]
    return max(inner, key=lambda s: s.level).path if inner else ""


def _heading_text(doc: StoredDocument, start: int, end: int) -> str:
    return " ".join(doc.text[start:end].split())


def _numbered_level(doc: StoredDocument) -> list[Any]:
    """The headings that number themselves 1, 2, 3… at one level: the document's own
    enumeration of its points, principles or steps; empty when it has none."""
    headings = [b for b in doc.blocks if b.kind == "heading"]
    for level in sorted({b.level for b in headings}):
        numbered = [
            b for b in headings
            if b.level == level and NUMBERED.match(_heading_text(doc, b.start, b.end))
        ]  # fmt: skip
        if len(numbered) >= MIN_NUMBERED:
            return numbered
    return []


def _enumerated(question: Question, doc: StoredDocument, state: IndexState) -> bool:
    """The document numbers its headings and the question asks for what they number: its
    words besides the title are ones the documents write before a number ("point 5")."""
    if not _numbered_level(doc):
        return False
    texts = [d.text for d in state.generation.documents.values()]
    return all(
        any(re.search(rf"\b{re.escape(word)}s?\s+\d", text, re.IGNORECASE) for text in texts)
        for word in _beyond_titles(question, state)
    )


def _first_unshown(
    doc: StoredDocument, start: int, limit: int, shown: AbstractSet[str]
) -> int | None:
    """The first statement between two offsets not `shown` already, from the block of the
    first statement or the next one (further down sit footers and navigation)."""
    found = [
        k for k, x in enumerate(doc.sentences)
        if start <= x.start < limit and _statement(doc, k, PROSE_OR_ITEM)
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


def _outline(doc: StoredDocument, shown: AbstractSet[str] = frozenset()) -> list[tuple[str, Span]]:
    """The headings one level below the title (or its numbered headings, when it numbers
    them), each with the first statement under it: what the document covers, in its own
    words (a heading alone sits outside every chunk); a statement `shown` already gives way
    to the next one under its heading."""
    headings = [b for b in doc.blocks if b.kind == "heading"]
    numbered = _numbered_level(doc)
    levels = [numbered] if numbered else []
    levels += [
        [b for b in headings if b.level == level] for level in sorted({b.level for b in headings})
    ]
    for chosen in levels:  # the title stands alone at its level
        if len(chosen) < MIN_OUTLINE:
            continue
        found: list[tuple[str, Span]] = []
        seen: set[str] = set()
        for n, heading in enumerate(chosen):
            name = _heading_text(doc, heading.start, heading.end)
            limit = chosen[n + 1].start if n + 1 < len(chosen) else len(doc.text)
            first = _first_unshown(doc, heading.end, limit, shown)
            if first is None or name.casefold() in seen:
                continue
            seen.add(name.casefold())
            start, end = doc.sentences[first]
            found.append((name, Span(start, end, doc.text[start:end], _section(doc, start))))
        return found[:OUTLINE] if len(found) >= MIN_OUTLINE else []
    return []


def _summary(doc: StoredDocument, guide: DocumentGuide, cite: _Citations) -> list[str]:
    """Its opening statements, the sections it covers and a central sentence from each of the
    largest sections (the guide's summary), each cited; navigation and repeats left out."""
    lines = [_heading(doc, "Summary")]
    shown: list[frozenset[str]] = []
    quoted: set[str] = set()
    numbers = {(x.start, x.end): n for n, x in enumerate(doc.sentences)}
    for span in _opening(doc) + list(guide.summary):
        own = text_terms(span.text)
        number = numbers.get((span.start, span.end))
        if any(jaccard(own, seen) >= SAME for seen in shown):
            continue
        if number is not None and navigational(doc, number):
            continue
        if span.text.rstrip().endswith(":"):
            continue  # a lead-in without its list announces nothing
        shown.append(own)
        quoted.add(span.text)
        lines.append(f"- {_one_line(span)} {cite.mark(doc, span.start, span.end, span.section)}")
    for key in [k for k in guide.key_lists if k.lead_in][:SUMMARY_LISTS]:  # unled: menus
        lines += ["", *_key_list(doc, key, cite, SUMMARY_ITEMS)]
    outline = _outline(doc, quoted)
    if outline:
        lines += ["", "Its sections:", *_sections(doc, outline, cite)]
    return lines


def _sections(doc: StoredDocument, outline: list[tuple[str, Span]], cite: _Citations) -> list[str]:
    """Each heading in bold with the first statement under it, cited."""
    lines = []
    for name, span in outline:
        marker = cite.mark(doc, span.start, span.end, span.section)
        lines.append(f"- **{name.rstrip(':.')}**: {_one_line(span)} {marker}")
    return lines


def _key_list(
    doc: StoredDocument, key: KeyList, cite: _Citations, most: int | None = None
) -> list[str]:
    items = key.items[:most] if most else key.items
    end = items[-1].end if items and len(items) < len(key.items) else key.end
    marker = cite.mark(doc, key.start, end, key.section)
    lead = _one_line(key.lead_in) if key.lead_in else ""
    head = f"{lead} {marker}" if lead else marker
    more = len(key.items) - len(items)
    tail = [f"- … and {more} more"] if more else []
    return [head, *[f"- {_one_line(item)}" for item in items], *tail]


def _one_line(span: Span) -> str:
    return " ".join(span.text.split())


def _asked_section(question: Question, doc: StoredDocument, state: IndexState) -> Any | None:
    """The heading a summary question names besides the document ("summarise point 11 of X
    on purchasing": "11. Define your purchasing strategy"): most of its other words."""
    beyond = {t for lemma in _beyond_titles(question, state) for t in terms(lemma)}
    best, score = None, 0
    for block in doc.blocks:
        if block.kind != "heading":
            continue
        shared = len(beyond & set(terms(doc.text[block.start : block.end])))
        if shared > score:
            best, score = block, shared
    return best if score >= MIN_SECTION_MATCH and 2 * score >= len(beyond) else None


def _section_summary(doc: StoredDocument, heading: Any, cite: _Citations) -> list[str]:
    """A section's own statements: its first, the first under each of its subheadings, then
    the rest in order, up to SECTION_LINES."""
    name = _heading_text(doc, heading.start, heading.end)
    end = next(
        (b.start for b in doc.blocks
         if b.kind == "heading" and b.start > heading.start and b.level <= heading.level),
        len(doc.text),
    )  # fmt: skip
    statements = [
        k for k, x in enumerate(doc.sentences)
        if heading.end <= x.start < end and _statement(doc, k, PROSE_OR_ITEM)
    ]  # fmt: skip
    subheadings = [b for b in doc.blocks if b.kind == "heading" and heading.end <= b.start < end]
    firsts = [
        next((k for k in statements if doc.sentences[k].start >= b.end), None) for b in subheadings
    ]
    chosen = list(
        dict.fromkeys(k for k in [*statements[:1], *firsts, *statements] if k is not None)
    )
    lines = [
        f"**Summary of “{name.rstrip(':.')}” in *{doc.title}*"
        + (f" — {doc.publisher}**" if doc.publisher else "**")
    ]
    for k in sorted(chosen[:SECTION_LINES]):
        start, stop = doc.sentences[k]
        span = Span(start, stop, doc.text[start:stop], _section(doc, start))
        lines.append(f"- {_one_line(span)} {cite.mark(doc, start, stop, span.section)}")
    return lines


def _beyond_titles(question: Question, state: IndexState) -> set[str]:
    """The question's topic words that are not the names of the documents it names: "what
    does <title> say" asks about nothing else; "which services are exempt from <title> in
    <place>" asks about a detail."""
    named = set()
    for doc_id in question.named_documents:
        doc = state.generation.documents.get(doc_id)
        if doc is not None:
            named |= set(terms(doc.title))
    return {lemma for lemma in question.focus if not set(terms(lemma)) <= named}


def _wants_gist(question: Question, state: IndexState) -> bool:
    """A summary, or a question about the documents themselves rather than a detail in them."""
    if question.answer_type == "summary":
        return True
    return (
        question.answer_type in ("open", *LIST_TYPES)
        and len(_beyond_titles(question, state)) <= MAX_FOCUS_FOR_GIST
    )


def about_the_question(question: Question, state: IndexState) -> list[str]:
    """Of the documents the question names, those whose title or description shares most of
    its other words ("an agency's guidance on point 9" names both its documents; one is on it)."""
    named = sorted(question.named_documents)
    asked = set(question.focus_terms)
    overlap: dict[str, int] = {}
    for doc_id in named:
        doc = state.generation.documents.get(doc_id)
        if doc is not None:
            overlap[doc_id] = len(asked & set(terms(f"{doc.title} {doc.about}")))
    best = max(overlap.values(), default=0)
    return [d for d in named if overlap.get(d, 0) == best] if best else named


def guide_answer(
    question: Question, state: IndexState, numbered_only: bool = False
) -> AnswerDraft | None:
    """A summary (or the key lists) of the documents the question names, from their guides;
    a list question gets a document's numbered headings when it numbers its points ("what are
    the points of X"); with `numbered_only`, only those."""
    if not question.named_documents:
        return None
    wants_lists = question.answer_type in LIST_TYPES
    if not _wants_gist(question, state):
        return None
    all_guides = guides(state)
    cite = _Citations(state)
    lines: list[str] = []
    for doc_id in about_the_question(question, state):
        doc = state.generation.documents.get(doc_id)
        guide = all_guides.get(doc_id)
        if doc is None or guide is None:
            continue
        numbered = _outline(doc) if wants_lists and _enumerated(question, doc, state) else []
        section = None if wants_lists else _asked_section(question, doc, state)
        if section is not None and not numbered_only:
            lines += _section_summary(doc, section, cite)
        elif numbered:
            lines += [_heading(doc, "Numbered sections"), *_sections(doc, numbered, cite)]
        elif numbered_only:
            continue
        elif wants_lists and guide.key_lists:
            lines.append(_heading(doc, "Key lists"))
            for key in guide.key_lists:
                lines += ["", *_key_list(doc, key, cite)]
        elif guide.summary and not wants_lists:
            lines += _summary(doc, guide, cite)
        lines.append("")
    if not cite.items:
        return None
    return AnswerDraft("\n".join(lines).strip(), cite.items, refused=False, mode="extractive")


TIMELINE_LINES = 10
STATEMENT_WORDS = 3  # words a dated statement needs besides its date to say something
ON_TOPIC = 0.15  # IDF-weighted share of the question's topic words a dated statement holds


def timeline_evidence(
    question: Question, state: IndexState, documents: list[str], like: Evidence
) -> list[Evidence]:
    """The dated statements of the guides' timelines (of the given documents, in date order)
    that are about the question: "what is the timeline for X" wants every dated step of X,
    which the best-scored sentences alone rarely give."""
    topic = frozenset(t for t in question.focus_terms if t not in SERIES_TERMS)
    all_guides = guides(state)
    dated = []
    for doc_id in documents:
        doc = state.generation.documents.get(doc_id)
        guide = all_guides.get(doc_id)
        if doc is None or guide is None or not topic:
            continue
        numbers = {(x.start, x.end): n for n, x in enumerate(doc.sentences)}
        for entry in guide.timeline:
            span = entry.sentence
            number = numbers.get((span.start, span.end))
            around = text_terms(f"{span.text} {span.section}")
            share = coverage(topic, set(around), state) if number is not None else 0.0
            if number is None or share < ON_TOPIC:
                continue
            if sum(w.isalpha() for w in span.text.split()) < STATEMENT_WORDS:
                continue  # a bare date (a byline, "4 April 2023") states no step
            chunk = state.chunk_for(doc_id, span.start, span.end)
            if chunk is None:
                continue
            found = Evidence(
                doc, state.passage(chunk), number, span.start, span.end, like.rank, {},
                doc.sentence_facts(number), like.probability,
            )  # fmt: skip
            dated.append((share, (entry.year, entry.month), found))
    unique: dict[tuple[str, int], tuple[float, tuple[int, int], Evidence]] = {}
    for share, when, found in sorted(dated, key=lambda row: row[1]):
        unique.setdefault((found.doc.doc_id, found.number), (share, when, found))
    # the most on-topic steps, shown in date order
    kept = sorted(unique.values(), key=lambda row: -row[0])[:TIMELINE_LINES]
    return [found for _share, _when, found in sorted(kept, key=lambda row: row[1])]
