"""Composition by answer type: the sentence that carries the answer first, then only sentences
that add something, grouped under a label that says what kind of source each group comes from.

A list question gets the list (lead-in and items); a sentence that leans on the one before
brings it along or is left out; near-duplicates from two documents become one line with both
citations; the answer stops as soon as nothing more adds to it.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from itertools import pairwise
from typing import Any

from assistant.answer.evidence import (
    Evidence,
    previous_in_block,
    quotable,
    states_value,
    text_terms,
)
from assistant.answer.question import Question
from assistant.schemas import Citation
from index.stored_document import StoredDocument
from nlp.lexical import terms as lexical_terms

REDUNDANT = 0.55  # term overlap (Jaccard) above which a sentence adds nothing new
CONTAINED = 0.8  # share of the shorter sentence's terms inside the other: it adds nothing
DUPLICATE = 0.7  # ... above which two sentences from different documents say the same
RELATIVE = 0.45  # followers need this share of the lead's probability
RELATIVE_TYPED = 0.7  # ... for a date, number, name or place: only close evidence
NEAR_EQUAL = 0.9  # probabilities this close are ranked by coverage instead
MAX_ITEMS = 15
PARALLEL_WORDS = 2  # opening words two items of one list share when they are parallel answers
LIST_LOOKAHEAD = 8  # how far down the ranking a list question looks for a list's lead-in
LIST_BAR = 0.8  # share of the operating threshold a list's lead-in needs
EXACT_TOPIC = 0.3  # share of the question's topic around a value that answers "how many / much"
MORE = 2  # extra lines an untyped answer (summary, open, reason...) may take when strong
OTHER_SOURCES = 2  # ... and lines beyond those from documents the answer has not quoted yet
PARAGRAPH_REST = 2  # sentences of the lead's own paragraph that follow it in an untyped answer
VALUE_WEIGHT = 2  # a value of the asked type counts as much as two of the question's words
SHORT_HEADING = 12  # words of a heading shown before the sentence that opens its section
LONG_UNIT = 4  # sentences in one stored unit beyond which a line quotes only two of them
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“‘\"'(])")
TEMPLATE_REPEATS = 3  # link text repeated with only its numbers changed is navigation
# Openings of a sentence that gives examples of what the sentence before it says ("There are
# times when X is acceptable. For example, …"): the examples are the answer's substance.
EXAMPLE_OPENERS = ("for example", "for instance", "e.g.", "examples include", "examples are")
MONTHS = (
    "January February March April May June July August September October November December"
).split()


@dataclass
class Line:
    """One line of the answer: a sentence (or list item) and every place that says it."""

    sources: list[Evidence]
    item: bool = False
    terms: set[str] = field(default_factory=set)

    @property
    def main(self) -> Evidence:
        return self.sources[0]


def jaccard(a: AbstractSet[str], b: AbstractSet[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def redundant(a: AbstractSet[str], b: AbstractSet[str]) -> bool:
    """Two sentences share most of their terms, or one's terms sit almost all in the other
    ("An enhanced role for X – X should…" after "X should…")."""
    smaller = min(len(a), len(b))
    return jaccard(a, b) >= REDUNDANT or (smaller > 0 and len(a & b) / smaller >= CONTAINED)


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


def _sentence(doc: StoredDocument, number: int, like: Evidence) -> Evidence:
    start, end = doc.sentences[number]
    return Evidence(doc, like.passage, number, start, end, like.rank, {}, None, like.probability)


def _list_span(ev: Evidence) -> tuple[int | None, list[int]]:
    """For a sentence inside a list: (lead-in sentence number, first sentence of each item).

    A list item that introduces a nested list ("The review recommends:") leads that list.
    """
    doc = ev.doc
    block_index = getattr(doc.sentences[ev.number], "block", None)
    if not doc.blocks or block_index is None or block_index >= len(doc.blocks):
        return _list_span_from_lines(ev)
    block = doc.blocks[block_index]
    nested = next((b for b in doc.blocks if b.kind == "list" and b.parent == block.index), None)
    lead: int | None = None
    if block.kind == "list":
        lst = block
        lead = ev.number
    elif block.kind == "item" and nested is not None:
        lst, lead = nested, ev.number
    elif block.kind == "item" and block.parent is not None:
        lst = doc.blocks[block.parent]
    else:
        return None, []
    items: list[int] = []
    seen: set[int] = set()
    for n, sentence in enumerate(doc.sentences):
        owner = doc.blocks[sentence.block] if sentence.block < len(doc.blocks) else None
        if owner is None or not lst.start <= sentence.start < lst.end:
            continue
        if owner.index == lst.index and lead is None:
            lead = n
        elif owner.kind == "item" and owner.parent == lst.index and owner.index not in seen:
            seen.add(owner.index)
            items.append(n)
    return lead, items


def leads_a_list(ev: Evidence) -> bool:
    """The sentence introduces a list (a lead-in, or an item with a nested list)."""
    return bool(_list_span(ev)[1]) and ev.text.rstrip().endswith(":")


def _is_item(doc: StoredDocument, number: int) -> bool:
    start = doc.sentences[number].start
    line_start = doc.text.rfind("\n", 0, start) + 1
    marker = doc.text[line_start:start].strip()
    return marker in ("-", "*", "•") or (bool(marker) and marker.rstrip(".)").isdigit())


def _list_span_from_lines(ev: Evidence) -> tuple[int | None, list[int]]:
    """Without blocks: the run of bulleted lines around the sentence, and the line before it
    when that line ends with a colon."""
    doc = ev.doc
    lead = None
    if not _is_item(doc, ev.number):
        text = ev.text.rstrip()
        if text.endswith(":") and ev.number + 1 < len(doc.sentences):
            if _is_item(doc, ev.number + 1):
                lead, first = ev.number, ev.number + 1
            else:
                return None, []
        else:
            return None, []
    else:
        first = ev.number
        while first > 0 and _is_item(doc, first - 1):
            first -= 1
        if first > 0 and doc.sentence_text(first - 1).rstrip().endswith(":"):
            lead = first - 1
    items = []
    n = first
    while n < len(doc.sentences) and _is_item(doc, n):
        items.append(n)
        n += 1
    return lead, items


def list_lines(ev: Evidence) -> list[Line]:
    """The whole list a sentence belongs to, lead-in first; empty when it is not in a list."""
    lead, items = _list_span(ev)
    if len(items) < 2:
        return []
    lines = []
    if lead is not None:
        lines.append(Line([_sentence(ev.doc, lead, ev)]))
    lines += [Line([_sentence(ev.doc, n, ev)], item=True) for n in items[:MAX_ITEMS]]
    return lines


def _with_context(ev: Evidence, taken: set[tuple[str, int]]) -> list[Evidence] | None:
    """The sentence, preceded by the one it depends on (a list item by its list's lead-in);
    None when that one is not quotable."""
    if ev.features.get("list_item", 0.0) > 0:
        lead, _items = _list_span(ev)
        if lead is None or lead == ev.number or (ev.doc.doc_id, lead) in taken:
            return [ev]
        return [_sentence(ev.doc, lead, ev), ev]
    if ev.info is None or not ev.info.dependent:
        return [ev]
    before = previous_in_block(ev.doc, ev.number)
    if before is None or not quotable(ev.doc, before):
        return None
    if (ev.doc.doc_id, before) in taken:
        return [ev]
    return [_sentence(ev.doc, before, ev), ev]


_TEMPLATES: dict[tuple[str, str], Counter[str]] = {}
_TEMPLATES_LOCK = threading.Lock()


def _template(text: str) -> str:
    """The words before a sentence's first number, its last word dropped ("point"/"points")."""
    head = re.split(r"\d", " ".join(text.split()).casefold(), maxsplit=1)
    return " ".join(head[0].split()[:-1]) if len(head) > 1 else ""


def navigational(doc: StoredDocument, number: int) -> bool:
    """Link text of a page's navigation: an unpunctuated line whose opening words, up to a
    number, open several such lines of the document ("Find out what you should do about
    point 4"). It points elsewhere; it states nothing."""
    key = (doc.doc_id, doc.content_hash)
    with _TEMPLATES_LOCK:
        counts = _TEMPLATES.get(key)
        if counts is None:
            counts = Counter(
                _template(text)
                for n in range(len(doc.sentences))
                if not (text := doc.sentence_text(n).rstrip()).endswith((".", "!", "?", ":"))
            )
            if len(_TEMPLATES) > 256:
                _TEMPLATES.clear()
            _TEMPLATES[key] = counts
    text = doc.sentence_text(number).rstrip()
    if text.endswith((".", "!", "?", ":")):
        return False
    template = _template(text)
    return bool(template) and counts[template] >= TEMPLATE_REPEATS


def labels_a_topic(text: str, value: str, topic: AbstractSet[str]) -> bool:
    """The value numbers a thing of the question's topic rather than counting it ("point 9")."""
    at = text.find(value)
    return at > 0 and bool(set(lexical_terms(text[:at])[-1:]) & topic)


def given_values(ev: Evidence, question: Question) -> set[str]:
    """The values of the kinds a typed question asks for that the sentence states; for "how
    many", not a number that labels the thing asked about."""
    info = ev.info
    if info is None:
        return set()
    topic = question.focus_terms if question.answer_type == "number" else frozenset()
    return {
        " ".join(t.casefold().split())
        for t, lab in info.values
        if lab in question.wants and not labels_a_topic(ev.text, t, topic)
    }


def lone_lead_in(ev: Evidence) -> bool:
    """A line ending with a colon whose list could not be found: it announces nothing shown."""
    return ev.text.rstrip().endswith(":") and not _list_span(ev)[1]


def trimmed(ev: Evidence, question: Question) -> Evidence:
    """A unit of several sentences stored as one (a long list item) cut to the two that carry
    most of the question's words, so a line stays a line; the citation points at that span."""
    cuts = [0, *(m.end() for m in SENTENCE_END.finditer(ev.text)), len(ev.text)]
    spans = [(a, b) for a, b in zip(cuts, cuts[1:], strict=False) if ev.text[a:b].strip()]
    if len(spans) <= LONG_UNIT:
        return ev
    wanted = set(question.focus_terms)  # two together: the first says what "they" are
    values = [t for t, lab in ev.info.entities if lab in question.wants] if ev.info else []
    hits = [
        len(wanted & set(text_terms(part := ev.text[a[0] : b[1]])))
        + VALUE_WEIGHT * sum(v in part for v in values)
        for a, b in pairwise(spans)
    ]
    first = hits.index(max(hits))
    start, end = spans[first][0], spans[first + 1][1]
    text = ev.text[start:end]
    start += len(text) - len(text.lstrip())
    end -= len(text) - len(text.rstrip())
    return replace(ev, start=ev.start + start, end=ev.start + end)


def paragraph_rest(ev: Evidence, taken: set[tuple[str, int]]) -> list[Evidence]:
    """The sentences that follow the lead in its own paragraph (the rest of its argument)."""
    out: list[Evidence] = []
    number = ev.number + 1
    while len(out) < PARAGRAPH_REST and number < len(ev.doc.sentences):
        if previous_in_block(ev.doc, number) != number - 1 or (ev.doc.doc_id, number) in taken:
            break
        if not quotable(ev.doc, number) or ev.doc.sentence_text(number).rstrip().endswith(":"):
            break
        out.append(_sentence(ev.doc, number, ev))
        number += 1
    return out


def choose(
    question: Question, evidence: list[Evidence], threshold: float, limit: int
) -> list[Line]:
    """The lines of the answer, lead first; only evidence above the operating threshold."""
    eligible = [e for e in evidence if e.probability >= threshold]
    if not eligible:
        return []
    if question.wants:
        typed = [e for e in eligible if e.features.get("type_match", 0.0) > 0]
        if typed:  # near-equal typed evidence: the one that covers most of the question leads
            top = typed[0].probability * NEAR_EQUAL
            typed.sort(key=lambda e: (e.probability < top, -e.features.get("coverage", 0.0)))
            eligible = typed + [e for e in eligible if e not in typed]
    if (
        question.exact
        and not question.series
        and not any(
            states_value(e.text, e.info, question.answer_type, counted=question.counted)
            and e.features.get("context", 1.0) >= EXACT_TOPIC
            for e in eligible
        )
    ):
        return []  # "how many…?" answered without a number about the thing asked is no answer
    lines: list[Line] = []
    taken: set[tuple[str, int]] = set()
    typed_answer = bool(question.wants) and not question.series
    floor = max(threshold, eligible[0].probability * (RELATIVE_TYPED if typed_answer else RELATIVE))
    wants_list = question.answer_type in ("list", "summary")
    if wants_list:  # the list is the answer: its lead-in may score a little below the bar
        near = [e for e in evidence[:LIST_LOOKAHEAD] if e.probability >= threshold * LIST_BAR]
        leads = [e for e in near if leads_a_list(e)]
        eligible = leads[:1] + [e for e in eligible if e not in leads[:1]]
    near_items = siblings(eligible, evidence, threshold * LIST_BAR)
    eligible = [x for e in eligible for x in (e, *near_items.get(id(e), []))]
    kin = {id(x) for group in near_items.values() for x in group}
    room = limit if typed_answer else limit + MORE
    shown_values: set[str] = set()  # a typed answer's follower must add a value not yet given
    others = 0  # lines from sources not yet heard, taken once the room is full
    for ev in eligible:
        if ev.probability < floor and lines and id(ev) not in kin:
            break
        extending = len(lines) >= room and not wants_list
        if extending and (typed_answer or others >= OTHER_SOURCES):
            break
        if extending and any(ln.main.doc.doc_id == ev.doc.doc_id for ln in lines):
            continue  # a full answer only widens: another source's view, not more of one
        if (ev.doc.doc_id, ev.number) in taken or navigational(ev.doc, ev.number):
            continue
        opens = leads_a_list(ev)
        if wants_list or opens or ev.features.get("list_item", 0.0) > 0 and not lines:
            block = list_lines(ev)
            if block and (wants_list or opens):  # a list's lead-in always brings its items
                fresh = [ln for ln in block if (ln.main.doc.doc_id, ln.main.number) not in taken]
                for ln in fresh:
                    ln.terms = set(text_terms(ln.main.text))
                    taken.add((ln.main.doc.doc_id, ln.main.number))
                lines += fresh
                if len(lines) >= room:
                    break
                continue
        if lone_lead_in(ev):
            continue
        group = _with_context(ev, taken)
        if group is None:
            continue
        own = set(text_terms(ev.text))
        twin = next(
            (ln for ln in lines if ln.main.doc.doc_id != ev.doc.doc_id
             and jaccard(own, ln.terms) >= DUPLICATE),
            None,
        )  # fmt: skip
        if twin is not None:
            twin.sources.append(ev)
            taken.add((ev.doc.doc_id, ev.number))
            continue
        if any(redundant(own, ln.terms) for ln in lines):
            continue
        if typed_answer and lines and ev.features.get("type_match", 0.0) <= 0:
            continue  # a follower of a typed answer must hold a value of that type too
        values = given_values(ev, question) if typed_answer else set()
        counts = question.answer_type == "number"  # a count's follower gives another count
        if lines and typed_answer and (values or counts) and values <= shown_values:
            continue  # the same value again (or no count at all): nothing new
        shown_values |= values
        if not lines and not typed_answer and not ev.features.get("list_item", 0.0):
            group += paragraph_rest(ev, taken)  # the lead's whole argument, not its first line
        led = len(group) == 2 and group[0].text.rstrip().endswith(":")
        group = [trimmed(part, question) for part in group]
        at = _under_its_lead(group[0], lines) if len(group) == 1 else None
        for n, part in enumerate(group):
            taken.add((part.doc.doc_id, part.number))
            item = (led and n == 1) or at is not None  # an item shown under its lead-in
            line = Line([part], item=item, terms=set(text_terms(part.text)))
            lines.insert(len(lines) if at is None else at, line)
        others += extending
    return with_examples(lines, taken)


def gives_examples(text: str) -> bool:
    """The sentence opens by giving examples of what the one before it says."""
    return " ".join(text.split()).casefold().startswith(EXAMPLE_OPENERS)


def with_examples(lines: list[Line], taken: set[tuple[str, int]]) -> list[Line]:
    """A line (or a list's last item) whose very next sentence gives examples of it brings
    that sentence along, right after it ("Examples include: …" after a definition's list)."""
    out: list[Line] = []
    for line in lines:
        out.append(line)
        ev = line.main
        after = ev.number + 1
        if after >= len(ev.doc.sentences) or (ev.doc.doc_id, after) in taken:
            continue  # the very next sentence: in the paragraph, or just after the list
        if not quotable(ev.doc, after):
            continue
        if gives_examples(ev.doc.sentence_text(after)):
            taken.add((ev.doc.doc_id, after))
            example = _sentence(ev.doc, after, ev)
            out.append(Line([example], terms=set(text_terms(example.text))))
    return out


def _list_of(ev: Evidence) -> int | None:
    """The list block a list item belongs to (None for running text or without blocks)."""
    if ev.features.get("list_item", 0.0) <= 0 or not ev.doc.blocks:
        return None
    block = ev.doc.blocks[ev.doc.sentences[ev.number].block]
    return block.parent if block.kind == "item" else None


def _opening(text: str) -> list[str]:
    return text.casefold().split()[:PARALLEL_WORDS]


def siblings(
    eligible: list[Evidence], evidence: list[Evidence], bar: float
) -> dict[int, list[Evidence]]:
    """Items just below the operating threshold (above `bar`) of a list one of whose items is
    eligible and that open with the same words, keyed by that item: parallel answers
    ("evidence that a DPIA has been started", "evidence that a security review has been…")."""
    chosen = {id(e) for e in eligible}
    out: dict[int, list[Evidence]] = {}
    for first in eligible:
        parent = _list_of(first)
        if parent is None:
            continue
        near = [
            e for e in evidence
            if id(e) not in chosen and bar <= e.probability and e.doc is first.doc
            and _list_of(e) == parent and _opening(e.text) == _opening(first.text)
        ]  # fmt: skip
        chosen |= {id(e) for e in near}
        if near:
            out[id(first)] = near
    return out


def _under_its_lead(ev: Evidence, lines: list[Line]) -> int | None:
    """Where a list item goes when its lead-in is already a line: after the lead-in and the
    items shown under it; None when it is not an item or its lead-in is not shown."""
    if ev.features.get("list_item", 0.0) <= 0:
        return None
    lead, _items = _list_span(ev)
    if lead is None or lead == ev.number or not ev.doc.sentence_text(lead).rstrip().endswith(":"):
        return None  # only a lead-in ("…:") has items under it
    at = next(
        (n for n, ln in enumerate(lines)
         if ln.main.doc.doc_id == ev.doc.doc_id and ln.main.number == lead),
        None,
    )  # fmt: skip
    if at is None:
        return None
    at += 1
    while at < len(lines) and lines[at].item and lines[at].main.doc.doc_id == ev.doc.doc_id:
        at += 1
    return at


def render(
    lines: list[Line], kind_labels: dict[str, str]
) -> tuple[str, list[Citation], dict[int, int]]:
    """Markdown grouped by source (in the order sources first appear), each line cited."""
    order: list[str] = []
    for ln in lines:
        if ln.main.doc.doc_id not in order:
            order.append(ln.main.doc.doc_id)
    citations: list[Citation] = []
    out: list[str] = []
    first: dict[int, int] = {}
    for doc_id in order:
        group = [ln for ln in lines if ln.main.doc.doc_id == doc_id]
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
    doc = ev.doc
    return Citation(
        n=n,
        doc_id=doc.doc_id,
        title=doc.title,
        publisher=doc.publisher,
        date=doc.date,
        section=section_path(doc, ev.start),
        quote=ev.text,
        chunk_id=ev.passage.chunk_id,
        start=ev.start,
        end=ev.end,
        page=block.page if (block := doc.block_at(ev.start)) else None,
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
