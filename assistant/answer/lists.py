"""Lists in a document: the lead-in and items a sentence belongs to, with or without the
document's block structure, and the items of one list that answer in parallel."""

from __future__ import annotations

import re

from assistant.answer.evidence import Evidence, text_terms
from assistant.answer.lines import Line, sentence_evidence
from assistant.answer.sentence_place import previous_in_block
from index.stored_document import StoredDocument
from nlp.lexical import words

MAX_ITEMS = 15
REASON_WORDS = frozenset({"reason", "reasons", "why"})  # a lead-in announcing reasons
ENUMERATION = re.compile(r"[;,]")  # separators of the members a sentence lists after a colon
ENUMERATED = 2  # ... at least three members
NAMING_WORDS = 5  # words before a colon that name what follows ("steps of particular note:")
PARALLEL_WORDS = 2  # opening words two items of one list share when they are parallel answers
# Openings of a sentence that gives examples of what the sentence before it says ("There are
# times when X is acceptable. For example, …"): the examples are the answer's substance.
EXAMPLE_OPENERS = ("for example", "for instance", "e.g.", "examples include", "examples are")


def list_span(ev: Evidence) -> tuple[int | None, list[int]]:
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
    return bool(list_span(ev)[1]) and ev.text.rstrip().endswith(":")


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
    lead, items = list_span(ev)
    if len(items) < 2:
        return []
    lines = []
    if lead is not None:
        lines.append(Line([sentence_evidence(ev.doc, lead, ev)]))
    lines += [Line([sentence_evidence(ev.doc, n, ev)], item=True) for n in items[:MAX_ITEMS]]
    return lines


def lone_lead_in(ev: Evidence) -> bool:
    """A line ending with a colon whose list could not be found: it announces nothing shown."""
    return ev.text.rstrip().endswith(":") and not list_span(ev)[1]


def bare_announcement(ev: Evidence) -> int | None:
    """What a lone lead-in announces when a page set it as a bare line of its own rather than
    a list ("Suitable for:" then "Beginners Families Groups", its entries run together): the
    next sentence, when it starts a block, is no heading and ends without a full stop."""
    doc = ev.doc
    after = ev.number + 1
    if not lone_lead_in(ev) or after >= len(doc.sentences) or not doc.blocks:
        return None
    block = getattr(doc.sentences[after], "block", None)
    if block is None or block >= len(doc.blocks) or block == doc.sentences[ev.number].block:
        return None
    text = doc.sentence_text(after).strip()
    if not text or text.endswith((".", "!", "?", ":")) or doc.blocks[block].kind == "heading":
        return None
    return after


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


def under_its_lead(ev: Evidence, lines: list[Line]) -> int | None:
    """Where a list item goes when its lead-in is already a line: after the lead-in and the
    items shown under it; None when it is not an item or its lead-in is not shown."""
    if ev.features.get("list_item", 0.0) <= 0:
        return None
    lead, _items = list_span(ev)
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


def with_list(lines: list[Line], block: list[Line], taken: set[tuple[str, int]]) -> list[Line]:
    """`lines` with a list's lead-in and items (`block`, as `list_lines` gives them) added.

    When the list has a lead-in, a part of it already shown (an item quoted on its own before
    its list came in) moves into its place under the lead-in, and the list stands where its
    first shown part stood: no item is left apart from its lead-in. Without one, the items not
    yet shown follow the answer. A sentence already cited elsewhere is not shown twice."""
    doc_id = block[0].main.doc.doc_id
    led = not block[0].item
    numbers = {ln.main.number for ln in block}
    at = [
        n
        for n, ln in enumerate(lines)
        if led and ln.main.doc.doc_id == doc_id and ln.main.number in numbers
    ]
    shown = {lines[n].main.number: lines[n] for n in at}
    merged = []
    for ln in block:
        old = shown.get(ln.main.number)
        if old is not None:
            old.item = ln.item
            merged.append(old)
        elif (doc_id, ln.main.number) not in taken:
            merged.append(ln)
            taken.add((doc_id, ln.main.number))
    rest = [ln for n, ln in enumerate(lines) if n not in at]
    first = at[0] if at else len(lines)  # nothing before it moved
    return rest[:first] + merged + rest[first:]


def announced_list(ev: Evidence, taken: set[tuple[str, int]]) -> list[Line]:
    """The list the sentence's own paragraph goes on to announce ("The panel reviews spending
    over a threshold. The thresholds are:"): its lead-in and items, which spell out what the
    paragraph only names; empty when the next sentence is no lead-in of that paragraph."""
    number = ev.number + 1
    doc = ev.doc
    if number >= len(doc.sentences) or not _same_paragraph(doc, ev.number, number):
        return []
    if (doc.doc_id, number) in taken or not doc.sentence_text(number).rstrip().endswith(":"):
        return []
    block = list_lines(sentence_evidence(doc, number, ev))
    if not block or block[0].item:
        return []
    for line in block:
        line.terms = set(text_terms(line.main.text))
    return block


def _same_paragraph(doc: StoredDocument, before: int, number: int) -> bool:
    """The sentence continues the paragraph of the one before it (a list's lead-in is stored
    in the list's block, yet written inside the paragraph it ends)."""
    if previous_in_block(doc, number) == before:
        return True
    index = doc.sentences[before].block
    if index >= len(doc.blocks):
        return False
    block = doc.blocks[index]
    return block.kind == "paragraph" and block.start <= doc.sentences[number].start < block.end


def closed_paragraph(ev: Evidence) -> list[int]:
    """The sentences of the paragraph a list's lead-in ends ("You can start by asking X. The
    team should give:"), lead-in first: what the list is about when its lead-in names little
    of it (a lead-in giving examples is about the sentence before it); empty when the
    sentence belongs to no list with a lead-in."""
    lead, items = list_span(ev)
    if lead is None or not items:
        return []
    out = [lead]
    while out[-1] > 0 and _same_paragraph(ev.doc, out[-1] - 1, lead):
        out.append(out[-1] - 1)
    if len(out) == 1 and lead > 0 and gives_examples(ev.doc.sentence_text(lead)):
        out.append(lead - 1)  # "For example:" on its own: examples of the sentence before
    return out


def gives_examples(text: str) -> bool:
    """The sentence opens by giving examples of what the one before it says."""
    return " ".join(text.split()).casefold().startswith(EXAMPLE_OPENERS)


def names_the_list(ev: Evidence, head: frozenset[str]) -> bool:
    """The sentence introduces, by the noun a list question asks for, the list that answers
    it: "four core values: care; …" or "The principles are:" with its items. A list
    led by other words ("Examples of frameworks:") only mentions the noun in an item."""
    text = ev.text
    if not head or ":" not in text:
        return False
    # the members listed after the colon are of the noun just before it: "their four main
    # purposes: …" lists purposes, though the sentence names the asked noun earlier
    naming = " ".join(words(text.split(":", 1)[0])[-NAMING_WORDS:])
    if not head <= set(text_terms(naming)):
        return False
    return leads_a_list(ev) or len(ENUMERATION.findall(text.split(":", 1)[1])) >= ENUMERATED


def announces_reasons(ev: Evidence) -> bool:
    """The sentence leads, or is an item of, a list its lead-in announces as reasons ("This
    approach is beneficial because:", "The reasons are:"): each item is one reason."""
    lead, items = list_span(ev)
    if lead is None or not items:
        return False
    said = words(ev.doc.sentence_text(lead).rstrip().rstrip(":"))
    return bool(said) and (said[-1] == "because" or bool(REASON_WORDS & set(said)))
