"""Questions asking what a party said or thinks ("what did the council say about X?", "what do
private landlords think of Y?"): answered only by a sentence in which that party speaks, as the
subject of its clause (or the group a share of it is: "33% of respondents saw…"). A sentence
naming the party as someone else's object ("stakeholders including the council should be
engaged") says nothing the party said, and quoting it would put words in the party's mouth.

Parties that are the collection's own sources (a publisher, a document's title or kind, "the
documents", the collection's subject) speak through every sentence of their documents; those
questions are left to the rest of the engine.
"""

from __future__ import annotations

from collections.abc import Iterable

from assistant.answer.evidence import Evidence
from assistant.answer.question_types import META_WORDS, WH_TAGS, _root
from index.stored_document import StoredDocument
from nlp.lexical import terms
from nlp.parse_batches import parse

SAYING = frozenset({"say", "think", "believe", "argue", "feel", "claim"})
ATTRIBUTION_LOOK = 10  # best sentences above the bar searched for the party speaking
SUBJECTS = frozenset({"nsubj", "nsubjpass"})


def asked_speaker(question_text: str, documents: Iterable[StoredDocument]) -> frozenset[str]:
    """Index terms of the party whose words the question asks for ("the council" in "what did
    the council say about X?"); empty when it asks no such thing or the party is a source."""
    doc = parse(question_text)
    root = _root(doc)
    if root.lemma_.casefold() not in SAYING:
        return frozenset()
    subject = next((c for c in root.children if c.dep_ in SUBJECTS), None)
    if subject is None or subject.pos_ == "PRON" or any(t.tag_ in WH_TAGS for t in subject.subtree):
        return frozenset()  # "what share of X think…" asks for a value, not for X's words
    party = frozenset(terms(subject.lemma_.casefold()))
    if not party or party & frozenset(terms(" ".join(META_WORDS))):
        return frozenset()
    words = " ".join(t.text for t in subject.subtree)
    sources = frozenset(
        term for d in documents for term in terms(f"{d.title} {d.publisher} {d.kind} {d.author}")
    )
    return frozenset() if frozenset(terms(words)) & sources else party


def speaks(ev: Evidence, party: frozenset[str]) -> bool:
    """The party is the subject of one of the sentence's clauses, or the group a share of
    that subject belongs to ("33% of respondents")."""
    for token in parse(ev.text):
        if token.dep_ not in SUBJECTS:
            continue
        heads = [token, *(c for c in token.children if c.dep_ == "conj")]
        heads += [g for h in heads for p in h.children if p.lower_ == "of" for g in p.children]
        if any(party & frozenset(terms(h.lemma_.casefold())) for h in heads):
            return True
    return False


def unvoiced(party: frozenset[str], evidence: list[Evidence], threshold: float) -> bool:
    """A party's words are asked for and none of the best sentences has the party speaking."""
    if not party:
        return False
    best = [e for e in evidence[:ATTRIBUTION_LOOK] if e.probability >= threshold]
    return not any(speaks(e, party) for e in best)
