"""Which sentences make a document's guide summary: per section, the one whose terms recur most
across the document. Template text (a sentence the document repeats, alike but for its numbers:
"See what to do about step 4", a reminder printed under every heading) is left
out, however often its words recur; a section whose substance is all in list items (guidance
that sets out what to do as bullets) speaks through its items.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from index.document import Block
from index.stored_document import StoredDocument
from nlp.lexical import terms

MIN_WORDS, MAX_WORDS = 8, 60
# A sentence opening with one of these leans on the sentence before it; a summary skips it.
DEPENDENT_OPENERS = frozenset(
    "this that these those it its they them their he she however but and also such so "
    "thus therefore instead".split()
)
DIGITS = re.compile(r"\d+")


def _shape(text: str) -> frozenset[str]:
    """The sentence's words without its numbers (and little words): two sentences of one shape
    are one template ("access to the intranet", "access to intranet")."""
    return frozenset(terms(DIGITS.sub(" ", text)))


def template_sentences(doc: StoredDocument) -> set[int]:
    """Sentences the document repeats, alike but for their numbers: navigation, pointers and
    reminders written once for every section, not what the document says."""
    shapes = Counter(_shape(doc.sentence_text(n)) for n in range(len(doc.sentences)))
    return {n for n in range(len(doc.sentences)) if shapes[_shape(doc.sentence_text(n))] > 1}


def _candidate(doc: StoredDocument, number: int, blocks: dict[int, Block], items: bool) -> bool:
    """A whole, self-standing statement of a paragraph (or, with `items`, of a list item: an
    item may open in lower case, continuing its lead-in)."""
    block = blocks.get(getattr(doc.sentences[number], "block", -1))
    kinds = {"paragraph", "quote", *(("item",) if items else ())}
    if block is not None and block.kind not in kinds:
        return False
    text = doc.sentence_text(number).strip()
    words = text.split()
    whole = text[:1].isupper() or (items and text[:1].islower())
    if not MIN_WORDS <= len(words) <= MAX_WORDS or not whole or text.endswith(("?", ":")):
        return False
    return words[0].casefold().strip(",;:") not in DEPENDENT_OPENERS


def _is_item(doc: StoredDocument, number: int) -> bool:
    block = getattr(doc.sentences[number], "block", -1)
    return 0 <= block < len(doc.blocks) and doc.blocks[block].kind == "item"


def _sections(doc: StoredDocument, aside: frozenset[int]) -> dict[str, list[int]]:
    """Candidate sentences by section; a section without any in its paragraphs offers its list
    items instead. None `aside` (off the document's subject, index/centrality.py)."""
    blocks = {b.index: b for b in doc.blocks}
    template = template_sentences(doc) | aside
    prose: dict[str, list[int]] = {}
    listed: dict[str, list[int]] = {}
    for number, sentence in enumerate(doc.sentences):
        if number in template:
            continue
        section = next((s.path for s in doc.sections if s.start <= sentence.start < s.end), "")
        if _candidate(doc, number, blocks, items=False):
            prose.setdefault(section, []).append(number)
        elif _candidate(doc, number, blocks, items=True):
            listed.setdefault(section, []).append(number)
    return {**prose, **{s: n for s, n in listed.items() if s not in prose}}


def summary_sentences(
    doc: StoredDocument, limit: int, aside: frozenset[int] = frozenset()
) -> list[int]:
    """One central sentence from each of the largest sections, in document order."""
    by_section = _sections(doc, aside)
    if not by_section:
        return []
    sentence_terms = {
        n: set(terms(doc.sentence_text(n))) for numbers in by_section.values() for n in numbers
    }
    spread = Counter(t for own in sentence_terms.values() for t in own)

    def centrality(n: int) -> float:
        """Document-wide recurrence of its terms: central, not boilerplate."""
        own = sentence_terms[n]
        return sum(spread[t] for t in own if spread[t] > 1) / math.sqrt(len(own) + 1)

    chosen: list[int] = []
    # the largest sections first, those written as prose before those of list items only
    prose = {s for s in by_section if not any(_is_item(doc, n) for n in by_section[s])}
    sections = sorted(by_section, key=lambda s: (s not in prose, -len(by_section[s])))
    rounds = 0
    while len(chosen) < limit and rounds < limit:
        for section in sections:
            remaining = [n for n in by_section[section] if n not in chosen]
            if not remaining or len(chosen) == limit:
                continue
            chosen.append(max(remaining, key=lambda n: (centrality(n), -n)))
        rounds += 1
    return sorted(chosen)
