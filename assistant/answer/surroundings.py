"""What a chosen sentence brings along or is cut to: the sentence it leans on (a list item its
lead-in), the rest of its own paragraph, and a long stored unit trimmed to its two most telling
sentences, so every line reads on its own and stays a line (`compose.py` uses them)."""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import pairwise

from assistant.answer.evidence import Evidence, text_terms
from assistant.answer.lines import sentence_evidence
from assistant.answer.lists import list_span
from assistant.answer.question import Question
from assistant.answer.sentence_place import previous_in_block, quotable
from index.stored_document import StoredDocument
from nlp.lexical import words
from nlp.parse_batches import parse

PARAGRAPH_REST = 2  # sentences of the lead's own paragraph that follow it in an untyped answer
# ... in an answer saying what a named source says on a topic: its whole passage on it
SOURCE_PARAGRAPH_REST = 5
VALUE_WEIGHT = 2  # a value of the asked type counts as much as two of the question's words
LONG_UNIT = 4  # sentences in one stored unit beyond which a line quotes only two of them
REFERRING = frozenset({"this", "that", "these", "those", "they", "it", "such"})
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“‘\"'(])")


def with_context(ev: Evidence, taken: set[tuple[str, int]]) -> list[Evidence] | None:
    """The sentence, preceded by the one it depends on (a list item by its list's lead-in);
    None when that one is not quotable."""
    if ev.features.get("list_item", 0.0) > 0:
        lead, _items = list_span(ev)
        if lead is None or lead == ev.number or (ev.doc.doc_id, lead) in taken:
            return [ev]
        return [sentence_evidence(ev.doc, lead, ev), ev]
    if ev.info is None or not ev.info.dependent:
        return [ev]
    before = previous_in_block(ev.doc, ev.number)
    if before is None or not quotable(ev.doc, before):
        return None
    if (ev.doc.doc_id, before) in taken:
        return [ev]
    return [sentence_evidence(ev.doc, before, ev), ev]


def opens_alone(ev: Evidence) -> bool:
    """The sentence opens its paragraph with a demonstrative determiner whose noun says what it
    points to ("This form…", "These rules…"), not a bare pronoun or connective ("This means…",
    "However"), and holds a value of the asked type: quotable for that value on its own."""
    if ev.features.get("type_match", 0.0) <= 0 or previous_in_block(ev.doc, ev.number) is not None:
        return False
    tokens = [t for t in parse(ev.text) if not t.is_punct and not t.is_space]
    first = tokens[0] if tokens else None
    return (
        first is not None
        and first.pos_ == "DET"
        and "Dem" in first.morph.get("PronType", [])
        and first.dep_ == "det"
        and first.head.pos_ in ("NOUN", "PROPN")
    )


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


def paragraph_rest(
    ev: Evidence, taken: set[tuple[str, int]], most: int = PARAGRAPH_REST
) -> list[Evidence]:
    """Up to `most` sentences that follow the lead in its own paragraph (the rest of its
    argument), or a next paragraph that leans on it ("This doesn't apply to data that…")."""
    out: list[Evidence] = []
    number = ev.number + 1
    while len(out) < most and number < len(ev.doc.sentences):
        joined = previous_in_block(ev.doc, number) == number - 1 or leans_back(ev.doc, number)
        if not joined or (ev.doc.doc_id, number) in taken:
            break
        if not quotable(ev.doc, number) or ev.doc.sentence_text(number).rstrip().endswith(":"):
            break
        out.append(sentence_evidence(ev.doc, number, ev))
        number += 1
    return out


def rest_asked(question: Question, ev: Evidence) -> int:
    """How much of the lead's paragraph follows it: what a named source says about a topic
    ("what does the Agency say about parking?") is its whole passage on it, the lead being
    that source's own."""
    says = question.answer_type == "summary" or (
        question.answer_type == "open" and bool(question.named_documents)
    )
    own = ev.doc.doc_id in question.named_documents
    return SOURCE_PARAGRAPH_REST if says and own else PARAGRAPH_REST


def leans_back(doc: StoredDocument, number: int) -> bool:
    """A paragraph that opens with a word pointing back at what was just said ("This
    doesn't apply…", "They include…"): it continues the paragraph before it. A connective
    ("However, …") turns to a new point instead."""
    facts = doc.sentence_facts(number)
    block = doc.block_at(doc.sentences[number].start)
    first = words(doc.sentence_text(number))[:1]
    points_back = bool(first) and first[0] in REFERRING
    paragraph = block is not None and block.kind == "paragraph"
    return bool(facts and facts.dependent) and points_back and paragraph
