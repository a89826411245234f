"""Details a question asks about that the sentence answering it must say, besides its topic.

- A term the question quotes ("what happens after a 'soft launch'?") is a term of art: a
  sentence on the topic that says it nowhere (nor the sentence before it, its section heading or
  its document's title) is about something else, however many of the other words it shares.
- "Who is the X?" asks who holds a role: a sentence answers it by naming a person, or by saying
  the role X beside its holder ("the regulator is the Water Board"); a sentence that does
  neither ("teams need approval from the Treasury") is on the topic without answering.
- "Who are the Xs?" asks for people to be named: a sentence that names nobody and nothing the
  question does not, nor ties a name to the Xs, speaks of Xs without saying who ("the club
  asked advisers to write reports").
- "Which X…?" where X is itself a name or an acronym ("which NGOs", "which Trust") asks for
  named instances of X: a sentence that names none ("some NGOs in the region already do this")
  speaks of X without saying which.

And a name the question gives in initials too short to be index terms ("R&D", "B&Q") that no
document writes is unknown, as a name whose words the collection never uses is (`evidence`).

Generic rules over the question's text and spaCy parse; the sentence side is word matching and
the entities stored at ingest.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from assistant.answer.asked_kind import (
    generic_only,
    head_unsaid,
    indefinite_only,
    kind_unsaid,
    offset_only,
    sum_unsaid,
)
from assistant.answer.asked_noun import word_forms
from assistant.answer.asked_value import names_new_person, names_role_holder, value_unsaid
from assistant.answer.evidence import NAME_LABELS, Evidence
from assistant.answer.question import Question
from assistant.answer.sentence_place import previous_in_block
from nlp.facts import NO_FACTS
from nlp.lexical import terms, words
from nlp.parse_batches import parse

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from index.stored_document import StoredDocument

# A quoted span: an opening quote after a space or the start (not the apostrophe of "teams'"),
# a closing one after a word and before a space, punctuation or the end (not that of "don't").
QUOTED = re.compile(r"(?:^|(?<=[\s(]))['‘\"“](?=\w)(.+?)(?<=[\w.!?])['’\"”](?=$|[\s,.;:!?)])")
WHO = frozenset({"who", "whom"})
INSTANCE_WORDS = frozenset({"which", "what"})
NOMINAL = frozenset({"PROPN", "NOUN"})  # "which [county] councils", "which NGOs"
OPENING = frozenset({"ADP", "PUNCT", "SPACE"})  # "In which county…"


def quoted_terms(text: str) -> tuple[frozenset[str], ...]:
    """Index terms of each span the question quotes (spans of stopwords only are left out)."""
    return tuple(found for span in QUOTED.findall(text) if (found := frozenset(terms(span))))


def _who_is(doc: Doc) -> Token | None:
    """The common noun X of "who is / was / are the X (of Y)?"."""
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None or root.lemma_ != "be":
        return None
    wh = next((t for t in root.children if t.lower_ in WHO and t.tag_ == "WP"), None)
    if wh is None:
        return None
    # the last of them: "the agency's chief officer" may be parsed as two subjects
    said = [t for t in root.children if t.dep_ in ("nsubj", "attr") and t != wh]
    role = said[-1] if said else None
    return role if role is not None and role.pos_ == "NOUN" else None


def asked_role(doc: Doc) -> frozenset[str]:
    """Word forms of the role "who is / was the X (of Y)?" asks about: a singular common noun
    ("who is the treasurer of the club?"); empty for any other question ("who is on the panel?",
    "who are the members?")."""
    role = _who_is(doc)
    return word_forms(role) if role is not None and role.tag_ == "NN" else frozenset()


def asked_people(doc: Doc) -> frozenset[str]:
    """Word forms of the people "who are / were the Xs?" asks to be named ("who were the
    advisers?"); empty for any other question."""
    role = _who_is(doc)
    return word_forms(role) if role is not None and role.tag_ == "NNS" else frozenset()


def names_someone(question: Question, ev: Evidence) -> bool:
    """The sentence names a person, or anything else, the question does not."""
    said = frozenset(terms(question.text))
    return any(
        label in NAME_LABELS and not frozenset(terms(text)) <= said
        for text, label in (ev.info.entities if ev.info else ())
    )


def asked_instance(doc: Doc) -> Token | None:
    """The X of "which / what X…" when it is written as a name or an acronym (a proper noun, or
    two capitals or more): the last of the names and nouns after the question word."""
    wh = next((t for t in doc if t.tag_ == "WDT" and t.lower_ in INSTANCE_WORDS), None)
    if wh is None or any(t.pos_ not in OPENING for t in doc[: wh.i]):
        return None  # "Summarise what the Trust says": an indirect question asks for no name
    head = None
    for t in doc[wh.i + 1 :]:
        if t.pos_ not in NOMINAL:
            break
        head = t
    named = head is not None and (head.pos_ == "PROPN" or sum(c.isupper() for c in head.text) > 1)
    return head if named else None


def names_instance(question: Question, ev: Evidence, instance: Token) -> bool:
    """The sentence (or the one before) names something the question does not: a name holding
    X's word ("North Trust" for "which Trust") or of the kind the entities give X, from the
    question's or the sentence's own ("ORG" where they label X so); of any kind when neither
    labels X."""
    own = _bare(instance.text)
    before = previous_in_block(ev.doc, ev.number)
    found = list(ev.info.entities if ev.info else ())
    if before is not None:
        found += (ev.doc.sentence_facts(before) or NO_FACTS).entities
    kinds = {
        label
        for text, label in (*question.entities, *found)
        if own & _bare(text) and label in NAME_LABELS
    }
    said, bare = frozenset(terms(question.text)), _bare(question.text)
    return any(
        (label in kinds if kinds else label in NAME_LABELS) or own < _bare(text)
        for text, label in found
        if not (frozenset(terms(text)) <= said or _bare(text) <= bare)
    )


def _bare(text: str) -> frozenset[str]:
    """Its words without a plural "s", so an acronym matches its plural ("NGO", "NGOs")."""
    return frozenset(w.removesuffix("s") for w in words(text))


def _context(ev: Evidence) -> str:
    """The sentence with the one before it in its block, its section heading and document."""
    before = previous_in_block(ev.doc, ev.number)
    previous = ev.doc.sentence_text(before) if before is not None else ""
    return " ".join((ev.text, previous, ev.passage.section or "", ev.doc.title))


def detail_unsaid(question: Question, ev: Evidence) -> bool:
    """The best sentence leaves out a detail the question asks about: a term it quotes, the
    named instance "which X" asks for, the role of "who is the X?" when it names no person
    either, the name, amount or time asked for (`asked_value`), or the kind, instances, span or
    sum asked for (`asked_kind`)."""
    if (
        value_unsaid(question, ev)
        or sum_unsaid(question, ev)
        or kind_unsaid(question, ev)
        or generic_only(question, ev)
        or head_unsaid(question, ev)
        or indefinite_only(question, ev)
        or offset_only(question, ev)
    ):
        return True
    context = _context(ev)
    quoted = quoted_terms(question.text)
    if quoted:
        have = frozenset(terms(context))
        if any(not span <= have for span in quoted):
            return True
    doc = parse(question.text)
    instance = asked_instance(doc)
    if instance is not None and not names_instance(question, ev, instance):
        return True
    people = asked_people(doc)
    if people and not names_someone(question, ev):
        return not names_role_holder(question, ev.text, people)
    role = asked_role(doc)
    if not role:
        return False
    return not role & frozenset(words(context)) and not names_new_person(question, ev)


def unwritten_initials(question: Question, documents: Iterable[StoredDocument]) -> bool:
    """The question names something by initials alone ("R&D", "B & Q": no index terms) that
    no document writes, in any spacing or case."""
    spelled = [
        re.compile(
            r"(?<!\w)" + r"\s*".join(re.escape(c) for c in text if not c.isspace()) + r"(?!\w)",
            re.I,
        )
        for text, label in question.entities
        if label in NAME_LABELS and not terms(text) and any(c.isalpha() for c in text)
    ]
    if not spelled:
        return False
    texts = [doc.text for doc in documents]
    return any(not any(pattern.search(text) for text in texts) for pattern in spelled)
