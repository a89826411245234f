"""What answers a "why" question: a sentence that states a reason, by a reason connective
("…, so that users can…", "because…", "this means…") or by sitting in a section whose heading
asks or answers why ("Why it matters", "Benefits"); and when the answer's lead sits in such a
section, that section is the answer, as a list's lead-in brings its items.

General English and the documents' own structure (headings), nothing about any corpus.
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet

from assistant.answer.evidence import Evidence
from assistant.answer.lines import sentence_evidence
from assistant.answer.lists import announces_reasons
from assistant.answer.sentence_place import previous_in_block, quotable
from index.document import Section
from nlp.lexical import words

# Nouns a heading names reasons by ("Benefits of X", "The case for change: rationale"), as
# words, not stems: "reasonable" names no reason.
REASON_WORDS = "reason rationale purpose benefit advantage importance motivation justification"
REASON_NOUNS = frozenset(REASON_WORDS.split())
# Connectives by which a sentence gives a reason or a consequence: general English.
REASON_CONNECTIVE = re.compile(
    r"\b(?:because|so that|so as to|in order to|due to|owing to|as a result|therefore|thus"
    r"|hence|otherwise|this means|which means|means that|the reason|with the result"
    r"|helps?|helping|ensures?|to ensure|enables?|allows?|to avoid|to make sure|result(?:s|ed)? in"
    r"|leads? to)\b"
    # "…, so they can", "- so you'll": "so" joining a consequence (not "do so", "so far")
    r"|(?:[,;–—-]\s*|\b)so\s+(?:that|they|you|we|it|he|she|others|people|users|when|if)\b",
    re.I,
)
CLOSE = 0.7  # share of the lead's probability a reason-stating sentence needs to lead instead
AS_MUCH = 0.9  # ... and share of the lead's own coverage of the question it must hold


def reason_heading(heading: str) -> bool:
    """A heading that asks or answers why: "Why it is important", "Why we do this",
    "Benefits", "Reasons for the change"."""
    said = words(heading)
    nouns = {w.removesuffix("s") for w in said}
    return bool(said) and (said[0] == "why" or bool(nouns & REASON_NOUNS))


def reason_section(ev: Evidence) -> Section | None:
    """The innermost section holding the sentence, when its heading asks or answers why."""
    section = ev.doc.section_at(ev.start)
    if section is None or not section.path:
        return None
    return section if reason_heading(section.path.split(" > ")[-1]) else None


def states_reason(ev: Evidence) -> bool:
    """The sentence gives a reason: by a connective, under a heading that asks why, or as an
    item of a list announced as reasons ("It is worth it because:")."""
    return (
        bool(REASON_CONNECTIVE.search(ev.text))
        or reason_section(ev) is not None
        or announces_reasons(ev)
    )


def reason_given(ev: Evidence) -> bool:
    """The documents' structure says the sentence gives a reason: it sits under a heading
    that asks why, or is an item of a list announced as reasons."""
    return reason_section(ev) is not None or announces_reasons(ev)


def reason_led(eligible: list[Evidence]) -> list[Evidence]:
    """ "Why…?": when the best sentence states no reason, a close one the structure gives as a
    reason (`reason_given`) that holds as much of the question leads instead: the rule beside
    a point's rationale, the rationale answers. A connective alone does not lift a sentence
    ("…can allow for…"); it keeps the best sentence first."""
    if not eligible or states_reason(eligible[0]):
        return eligible
    top = eligible[0]
    held = top.features.get("coverage", 0.0) * AS_MUCH
    near = [
        e
        for e in eligible[1:]
        if e.probability >= top.probability * CLOSE
        and e.features.get("coverage", 0.0) >= held
        and reason_given(e)
    ]
    return near[:1] + [e for e in eligible if e not in near[:1]]


def section_answer(ev: Evidence, taken: AbstractSet[tuple[str, int]], room: int) -> list[Evidence]:
    """The lead of a "why" answer with the rest of the section that asks why: the lead's own
    paragraph from its start, what follows it in the section, then what comes before, at most
    `room` sentences, none already shown. Just the lead outside such a section."""
    section = reason_section(ev)
    if section is None:
        return [ev]
    doc = ev.doc
    numbers = [
        n
        for n in doc.sentences_within(section.start, section.end)
        if quotable(doc, n) and doc.section_at(doc.sentences[n].start) == section
    ]
    if ev.number not in numbers:
        return [ev]
    first = ev.number
    while (before := previous_in_block(doc, first)) is not None and before in numbers:
        first = before  # the lead's paragraph from its start
    at = numbers.index(first)
    order = numbers[at:] + numbers[:at]
    fresh = [n for n in order if n == ev.number or (doc.doc_id, n) not in taken][:room]
    return [ev if n == ev.number else sentence_evidence(doc, n, ev) for n in fresh]
