"""Answers from the source guides: "summarise X", "what does X say", "key points of X".

The seam with the answer engine: `guide_answer(question, state)` returns a cited draft when the
question asks for the gist of the document(s) it names, else None (the engine answers).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from assistant.answer.evidence import text_terms
from assistant.answer.lines import jaccard
from assistant.answer.navigation import navigational
from assistant.answering import AnswerDraft
from assistant.guides.numbered_points import asked_point
from assistant.guides.outline import numbered_level, outline, outline_lines
from assistant.guides.quoting import (
    Citations,
    one_line,
    section_of,
    source_heading,
    statement,
)
from assistant.guides.reader import guides
from assistant.guides.section_summary import section_summary
from index.guides import DocumentGuide, KeyList, Span, key_lists
from index.stored_document import StoredDocument
from nlp.lexical import terms
from nlp.parse_batches import parse

if TYPE_CHECKING:
    from assistant.answer.question import Question
    from assistant.retrieval.state import IndexState

SUMMARY_TYPES = frozenset({"summary", "open"})
LIST_TYPES = frozenset({"list"})
MAX_FOCUS_FOR_GIST = 2  # "what does X say?" has at most a word or two besides the source
OPENING = 2  # sentences of the document's first paragraphs that state what it is about
MIN_SECTION_MATCH = 2  # words a summary question shares with the heading it names
SUMMARY_LISTS = 2  # the document's main lists, shown in a summary
SUMMARY_ITEMS = 8
SAME = 0.8  # term overlap of two sentences saying the same thing
TOPIC_PREPOSITIONS = frozenset({"about", "regarding", "concerning"})


def _opening(doc: StoredDocument) -> list[Span]:
    """The first statements of the document: where most documents say what they are about."""
    found = []
    for number in range(len(doc.sentences)):
        if statement(doc, number):
            start, end = doc.sentences[number]
            found.append(Span(start, end, doc.text[start:end], section_of(doc, start)))
            if len(found) == OPENING:
                break
    return found


def enumerated(question: Question, doc: StoredDocument, state: IndexState) -> bool:
    """The document numbers its headings and the question asks for what they number: its
    words besides the title are ones the documents write before a number ("point 5")."""
    if not numbered_level(doc):
        return False
    texts = [d.text for d in state.generation.documents.values()]
    return all(
        any(re.search(rf"\b{re.escape(word)}s?\s+\d", text, re.IGNORECASE) for text in texts)
        for word in beyond_titles(question, state)
    )


def summary_lists(doc: StoredDocument) -> list[KeyList]:
    """The document's first lists that have a lead-in (unled lists are menus), in its order:
    where it sets out its main points, rather than merely its longest lists."""
    return [k for k in key_lists(doc, len(doc.blocks)) if k.lead_in][:SUMMARY_LISTS]


def _summary(doc: StoredDocument, guide: DocumentGuide, cite: Citations) -> list[str]:
    """Its opening statements, the sections it covers and a central sentence from each of the
    largest sections (the guide's summary), each cited; navigation and repeats left out."""
    lines = [source_heading(doc, "Summary")]
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
        lines.append(f"- {one_line(span)} {cite.mark(doc, span.start, span.end, span.section)}")
    for key in summary_lists(doc):
        lines += ["", *_key_list(doc, key, cite, SUMMARY_ITEMS)]
    covered = outline(doc, quoted, frozenset(guide.off_subject))
    if covered:
        lines += ["", "Its sections:", *outline_lines(doc, covered, cite)]
    return lines


def _key_list(
    doc: StoredDocument, key: KeyList, cite: Citations, most: int | None = None
) -> list[str]:
    items = key.items[:most] if most else key.items
    end = items[-1].end if items and len(items) < len(key.items) else key.end
    marker = cite.mark(doc, key.start, end, key.section)
    lead = one_line(key.lead_in) if key.lead_in else ""
    head = f"{lead} {marker}" if lead else marker
    more = len(key.items) - len(items)
    tail = [f"- … and {more} more"] if more else []
    return [head, *[f"- {one_line(item)}" for item in items], *tail]


def _asked_section(question: Question, doc: StoredDocument, state: IndexState) -> Any | None:
    """The heading a summary question names besides the document ("summarise point 11 of X
    on purchasing": "11. Define your purchasing strategy"): most of its other words."""
    point = asked_point(question, doc)
    if point is not None:
        return point
    beyond = {t for lemma in beyond_titles(question, state) for t in terms(lemma)}
    best, score = None, 0
    for block in doc.blocks:
        if block.kind != "heading":
            continue
        shared = len(beyond & set(terms(doc.text[block.start : block.end])))
        if shared > score:
            best, score = block, shared
    return best if score >= MIN_SECTION_MATCH and 2 * score >= len(beyond) else None


def beyond_titles(question: Question, state: IndexState) -> set[str]:
    """The question's topic words that are not the names of the documents it names: "what
    does <title> say" asks about nothing else; "which services are exempt from <title> in
    <place>" asks about a detail."""
    named = set()
    for doc_id in question.named_documents:
        doc = state.generation.documents.get(doc_id)
        if doc is not None:
            named |= set(terms(f"{doc.title} {doc.date[:4]}"))  # "the 2020 code" names it
    return {lemma for lemma in question.focus if not set(terms(lemma)) <= named}


def _topic_asked(question: Question, state: IndexState) -> bool:
    """ "Summarise what X says about Y": the question names a topic (Y) that is not in the
    titles of the documents it names."""
    named: set[str] = set()
    for doc_id in question.named_documents:
        doc = state.generation.documents.get(doc_id)
        if doc is not None:
            named |= set(terms(doc.title))
    for t in parse(question.text):
        if t.lower_ in TOPIC_PREPOSITIONS and t.dep_ == "prep":
            topic = set(terms(" ".join(w.text for w in t.subtree if w != t)))
            if topic and not topic <= named:
                return True
    return False


def _on_a_topic(question: Question, state: IndexState) -> bool:
    """A summary of what a source says on one topic that none of the named documents has a
    heading for (then the best sentences answer), not of the source."""
    docs = [state.generation.documents.get(d) for d in question.named_documents]
    return _topic_asked(question, state) and not any(
        _asked_section(question, doc, state) for doc in docs if doc is not None
    )


def _wants_gist(question: Question, state: IndexState) -> bool:
    """A summary (not of one topic of the source), or a question about the documents
    themselves rather than a detail in them."""
    if question.answer_type == "summary":
        return not _on_a_topic(question, state)
    if question.answer_type == "open" and _names_a_point(question, state):
        return True  # "what does point 5 of X ask for": that point's gist
    return (
        question.answer_type in ("open", *LIST_TYPES)
        and len(beyond_titles(question, state)) <= MAX_FOCUS_FOR_GIST
    )


def _names_a_point(question: Question, state: IndexState) -> bool:
    documents = state.generation.documents
    return any(
        asked_point(question, documents[d]) is not None
        for d in question.named_documents
        if d in documents
    )


def about_the_question(question: Question, state: IndexState) -> list[str]:
    """Of the documents the question names, those whose title, description or year shares most
    of its other words ("an agency's guidance on point 9" names both its documents; one is on
    it; "its 2022 article" names the one of that year)."""
    named = sorted(question.named_documents)
    asked = set(question.focus_terms)
    overlap: dict[str, int] = {}
    for doc_id in named:
        doc = state.generation.documents.get(doc_id)
        if doc is not None:
            overlap[doc_id] = len(asked & set(terms(f"{doc.title} {doc.about} {doc.date[:4]}")))
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
    cite = Citations(state)
    lines: list[str] = []
    topic = question.answer_type == "summary" and _topic_asked(question, state)
    for doc_id in about_the_question(question, state):
        doc = state.generation.documents.get(doc_id)
        guide = all_guides.get(doc_id)
        if doc is None or guide is None:
            continue
        numbered = outline(doc) if wants_lists and enumerated(question, doc, state) else []
        section = None if wants_lists else _asked_section(question, doc, state)
        if section is not None and not numbered_only:
            lines += section_summary(doc, section, cite)
        elif topic:  # another named document's section is on the topic: its whole summary is not
            lines.append(f"*{doc.title}* ({doc.publisher}, {doc.date[:4]}) has no section on this.")
        elif numbered:
            lines += [source_heading(doc, "Numbered sections"), *outline_lines(doc, numbered, cite)]
        elif numbered_only:
            continue
        elif wants_lists and guide.key_lists:
            lines.append(source_heading(doc, "Key lists"))
            for key in guide.key_lists:
                lines += ["", *_key_list(doc, key, cite)]
        elif guide.summary and not wants_lists:
            lines += _summary(doc, guide, cite)
        lines.append("")
    if not cite.items:
        return None
    return AnswerDraft("\n".join(lines).strip(), cite.items, refused=False, mode="extractive")
