"""Questions that count what they ask for ("what are the 4 mandatory checks?", "which ten sites
were picked?"): answered only when the evidence gives that many members, as a list of that many
items, a sentence naming that many one after another, or sentences under numbered headings.

A sentence that only names the set ("including the 4 mandatory checks defined in the manual",
"initially around ten of the most advanced sites") says the members exist, not which they are;
quoting it, or a list of another length, would pass a mention off as the answer.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from assistant.answer.asked_noun import RUN
from assistant.answer.evidence import Evidence
from assistant.answer.lists import list_span
from assistant.answer.question_types import WH_TAGS
from nlp.lexical import NUMBER_WORDS
from nlp.parse_batches import parse

if TYPE_CHECKING:
    from spacy.tokens import Token

MEMBERS_LOOK = 10  # best sentences above the bar searched for the members
FEWEST, MOST = 2, 30  # counts read as a number of members ("2 to 30 points"), not a year
SEPARATOR = re.compile(r"[,;]|\band\b|\bor\b")
NUMBERED = re.compile(r"^\s*\d+[.)]?\s+\S")  # "15 Support a culture of care", "3. Be open"
ASKED_DEPS = frozenset({"nsubj", "attr"})  # "what are the 4 X", "which were the 25 X"


def counted_members(question_text: str) -> int | None:
    """How many members the question asks for: a number on the plural noun it asks about
    ("which ten sites", "what are the 4 mandatory checks"), not on a noun elsewhere ("what do
    the two articles say")."""
    doc = parse(question_text)
    for token in doc:
        noun = token.head
        if token.dep_ != "nummod" or noun.tag_ not in ("NNS", "NNPS"):
            continue
        copula = noun.dep_ in ASKED_DEPS and noun.head.dep_ == "ROOT" and noun.head.lemma_ == "be"
        asked = copula or _after_question_word(noun)
        text = token.lower_
        count = int(text) if text.isdigit() else NUMBER_WORDS.get(text)
        if asked and count is not None and FEWEST <= count <= MOST:
            return count
    return None


def _after_question_word(noun: Token) -> bool:
    """ "Which/what" then only the noun's own words ("which ten systems", "which OWASP Top 10
    risks"): the noun is what the question asks for."""
    doc = noun.doc
    return any(
        t.tag_ in WH_TAGS
        and t.i < noun.i
        and all(doc[k].pos_ in RUN for k in range(t.i + 1, noun.i))
        for t in doc[: noun.i]
    )


def members_given(count: int, evidence: list[Evidence], threshold: float) -> bool:
    """Some of the best sentences give `count` members: a list of that many items, a sentence
    naming that many (separated by commas, semicolons, "and", "or"), or sentences under two
    or more numbered headings (a standard's points)."""
    best = [e for e in evidence[:MEMBERS_LOOK] if e.probability >= threshold]
    numbered = {h for h in map(heading, best) if NUMBERED.match(h)}
    if len(numbered) >= FEWEST:
        return True
    return any(
        len(list_span(e)[1]) == count or len(SEPARATOR.findall(e.text)) >= count - 1 for e in best
    )


def heading(ev: Evidence) -> str:
    """The innermost heading of the section the sentence is in ("" outside any)."""
    section = ev.doc.section_at(ev.start)
    return section.path.split(" > ")[-1] if section is not None and section.level > 0 else ""
