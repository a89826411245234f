"""Values a question asks for that a sentence on its topic may still leave out.

- "What is the name of the X?" asks for X's name: a sentence answers it by naming a person,
  or by tying a name to X in its parse ("the warden, Ann Lee", "the warden is Ann Lee"); a
  sentence that speaks of X doing something ("the warden has opened a new hall") names
  something else, if anything.
- "Who wrote X?" asks for an author: where the sentence's document records none (its
  metadata names an author wherever the document does), a sentence naming no person does not
  say who wrote it; a publisher is not an author.
- "Who chairs / leads X?": a sentence that says the role the verb names ("the chair", "a
  project lead") without naming a person or tying a name to it speaks of the role, not its
  holder.
- "Above / below what X…?" asks for an amount: a sentence without a number does not give it.
- "What / which year…?" asks for a year: a sentence (with the one before it) whose dates hold
  none ("every week of the season", "around the clock", "each spring") does not give it.
- "What share / rate…?" asks for a level: a sentence whose every figure is a change ("fell by
  4%", "a 5% rise") says how much it moved, not what it is, unless the question asks for the
  change itself ("how much more…", "by how much did it fall?").
- A question that asks a second thing after its first question word ("when and where was it
  held?", "which rules, and from what year, apply?") asks it too: a sentence with no place for
  the later "where", no date for a later "what year / date", leaves that part out.
- "When will X happen?" may be answered by a time clause ("once funding is agreed"), but not by
  one whose subject is X itself ("the fee rises before the new rate applies" says when the
  fee rises, not when the rate applies), where the sentence gives no date either.

Generic rules over the question's and the sentence's spaCy parses and stored entities.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from assistant.answer.answer_slots import when_clause
from assistant.answer.asked_noun import word_forms
from assistant.answer.evidence import Evidence
from assistant.answer.question import Question
from assistant.answer.question_types import DATE_NOUNS
from assistant.answer.sentence_place import previous_in_block
from nlp.facts import NO_FACTS
from nlp.lexical import terms
from nlp.parse_batches import parse

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

NOMINAL = frozenset({"NOUN", "PROPN"})
BE = "be"
COPULAR = frozenset({"nsubj", "attr"})
LINKED = frozenset({"appos"})
COMPARING = frozenset({"above", "below", "over", "under", "beyond"})  # "above what age…"
NUMBER_LABELS = frozenset({"CARDINAL", "MONEY", "QUANTITY", "PERCENT"})
TIME_LABELS = frozenset({"DATE", "TIME"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
CHANGES = frozenset(  # a figure of these says by how much something moved
    "rise fall increase decrease cut drop reduction growth reduce grow change decline gain loss"
    " save saving".split()
)
YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)|['’]\d{2}\b")  # "1998", "2023/24", "in '98"
CLAUSE_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
AUTHORING = frozenset({"write", "author"})  # "who wrote / authored the report?"
TEMPORAL_MARKS = frozenset({"before", "after", "until", "till", "once", "when", "whenever"})


def named_role(doc: Doc) -> frozenset[str]:
    """Word forms of the X in "what is the name of the X?" (the last noun or name after "of");
    empty for any other question."""
    for t in doc:
        if t.lemma_.casefold() != "name" or t.pos_ != "NOUN":
            continue
        of = next((c for c in t.children if c.lower_ == "of" and c.dep_ == "prep"), None)
        obj = next((c for c in of.children if c.dep_ == "pobj"), None) if of else None
        if obj is None:
            continue
        nominal = [s for s in obj.subtree if s.pos_ in NOMINAL]
        return word_forms(nominal[-1]) if nominal else frozenset()
    return frozenset()


def _linked(token: Token) -> list[Token]:
    """Tokens a noun phrase headed by `token` is equated with: its apposition, or the other
    side of "X is Y"."""
    head = token
    while head.dep_ == "compound" and head.head != head:
        head = head.head
    out = [c for c in head.children if c.dep_ in LINKED]
    if head.dep_ in LINKED:
        out.append(head.head)
    if head.dep_ in COPULAR and head.head.lemma_ == BE:
        out += [c for c in head.head.children if c.dep_ in COPULAR and c != head]
    return out


def names_role_holder(question: Question, text: str, role: frozenset[str]) -> bool:
    """The sentence ties a name the question does not say to a mention of the role."""
    said = frozenset(terms(question.text))
    for t in parse(text):
        if t.lower_ not in role and t.lemma_.casefold() not in role:
            continue
        for other in _linked(t):
            named = {s.text for s in other.subtree if s.pos_ == "PROPN" or s.ent_type_}
            if any(frozenset(terms(n)) - said for n in named):
                return True
    return False


def names_new_person(question: Question, ev: Evidence) -> bool:
    """The sentence names a person the question does not."""
    said = frozenset(terms(question.text))
    return any(
        label == "PERSON" and not frozenset(terms(text)) <= said
        for text, label in (ev.info.entities if ev.info else ())
    )


def name_unsaid(question: Question, ev: Evidence) -> bool:
    """ "What is the name of the X?" and the sentence neither names a person nor ties a name
    to X."""
    role = named_role(parse(question.text))
    if not role:
        return False
    return not names_new_person(question, ev) and not names_role_holder(question, ev.text, role)


def asks_author(doc: Doc) -> bool:
    """ "Who wrote / authored X?": the root verb is writing, with "who" as its subject."""
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    return (
        root is not None
        and root.lemma_.casefold() in AUTHORING
        and any(c.lower_ in ("who", "whom") and c.dep_ in CLAUSE_SUBJECTS for c in root.children)
    )


def author_unsaid(question: Question, ev: Evidence) -> bool:
    """An author is asked for, the sentence's document records none and the sentence names no
    person."""
    if ev.doc.author or not asks_author(parse(question.text)):
        return False
    return not names_new_person(question, ev)


def asked_action(doc: Doc) -> str:
    """The lemma of the root verb "who" is the subject of ("who chaired the panel?": "chair");
    empty for any other question."""
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None or root.pos_ != "VERB" or root.lemma_ == BE:
        return ""
    who = any(c.lower_ in ("who", "whom") and c.dep_ in CLAUSE_SUBJECTS for c in root.children)
    return root.lemma_.casefold() if who else ""


def holder_unsaid(question: Question, ev: Evidence) -> bool:
    """The sentence says the role the asked verb names, only as a noun, with nobody tied to it
    and no person named."""
    action = asked_action(parse(question.text))
    if not action:
        return False
    said = parse(ev.text)
    if any(t.pos_ == "VERB" and t.lemma_.casefold() == action for t in said):
        return False  # "the board chairs the panel": the verb itself, with its subject
    roles = [t for t in said if t.pos_ == "NOUN" and t.lemma_.casefold() == action]
    if not roles or names_new_person(question, ev):
        return False
    return not names_role_holder(question, ev.text, frozenset({action}))


def asks_amount(doc: Doc) -> bool:
    """ "Above / below what X…?": a threshold is asked for."""
    return (
        len(doc) > 2
        and doc[0].lower_ in COMPARING
        and doc[0].pos_ == "ADP"
        and doc[1].lower_ in ("what", "which")
    )


def amount_unsaid(question: Question, ev: Evidence) -> bool:
    """A threshold is asked for and the sentence has no number."""
    if not asks_amount(parse(question.text)):
        return False
    labels = {label for _text, label in (ev.info.entities if ev.info else ())}
    return not labels & NUMBER_LABELS and not any(c.isdigit() for c in ev.text)


def asked_subject(doc: Doc) -> frozenset[str]:
    """Word forms of the root verb's subject ("when will [the rate] change?")."""
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    subject = next((c for c in root.children if c.dep_ in CLAUSE_SUBJECTS), None) if root else None
    if subject is None or subject.pos_ not in NOMINAL:
        return frozenset()
    return word_forms(subject)


def own_time_clause(question: Question, ev: Evidence) -> bool:
    """A "when" question the sentence answers only by a time clause about the asked subject
    itself, with no date of its own."""
    if not when_clause(question):
        return False
    labels = {label for _text, label in (ev.info.entities if ev.info else ())}
    if labels & TIME_LABELS:
        return False
    subject = asked_subject(parse(question.text))
    if not subject:
        return False
    clauses = [t.head for t in parse(ev.text) if t.dep_ == "mark" and t.lower_ in TEMPORAL_MARKS]
    if not clauses:
        return False
    return all(
        any(c.dep_ in CLAUSE_SUBJECTS and c.lemma_.casefold() in subject for c in v.children)
        for v in clauses
    )


def asks_level(question: Question, doc: Doc) -> bool:
    """An amount is asked by "what" or "how" (a "which X" asks for a name, whatever type the
    question was given), and no change of it ("how much more", "did it rise")."""
    if not any(t.lower_ in ("what", "how") for t in doc):
        return False
    return question.answer_type == "amount" and not any(
        t.lemma_.casefold() in CHANGES or t.lower_ in ("by", "more", "less", "fewer") for t in doc
    )


def _change(ent: Span) -> bool:
    """A figure that says a change: after "by" ("fell by 4%", "by at least 2") or before a
    change noun ("a 5% rise")."""
    doc = ent.doc
    before = doc[ent.start - 1].lower_ if ent.start > 0 else ""
    head = ent.root.head
    return before == "by" or (head.pos_ == "NOUN" and head.lemma_.casefold() in CHANGES)


def level_unsaid(question: Question, ev: Evidence) -> bool:
    """A level is asked and every figure the sentence gives is a change."""
    if not asks_level(question, parse(question.text)):
        return False
    figures = [e for e in parse(ev.text).ents if e.label_ in NUMBER_LABELS]
    return bool(figures) and all(_change(e) for e in figures)


def asks_year(doc: Doc) -> bool:
    """ "What / which year…", anywhere in the question."""
    return any(t.lower_ in ("what", "which") and t.nbor(1).lemma_ == "year" for t in doc[:-1])


def year_unsaid(question: Question, ev: Evidence) -> bool:
    """A year is asked and no date in the sentence or the one before it has one."""
    if not asks_year(parse(question.text)):
        return False
    dates = [text for text, label in _entities(ev) if label == "DATE"]
    return not any(YEAR.search(text) for text in dates)


def _entities(ev: Evidence) -> list[tuple[str, str]]:
    """The entities of the sentence and of the one before it in its block."""
    found = list(ev.info.entities if ev.info else ())
    before = previous_in_block(ev.doc, ev.number)
    if before is not None:
        found += (ev.doc.sentence_facts(before) or NO_FACTS).entities
    return found


def later_parts(doc: Doc) -> tuple[frozenset[str], ...]:
    """The entity labels each question word after the first asks for: a place for a "where"
    joined to another question word, a date for "what / which year / date"."""
    wh = [t for t in doc if t.tag_ in ("WRB", "WDT", "WP")]
    asked: list[frozenset[str]] = []
    for t in wh[1:]:
        after = doc[t.i + 1] if t.i + 1 < len(doc) else None
        if t.lower_ == "where" and any(w.i in (t.i - 2, t.i - 1) for w in wh):
            asked.append(PLACE_LABELS)  # "when and where", not a relative "in areas where…"
        elif t.lower_ in ("what", "which") and after is not None and after.lower_ in DATE_NOUNS:
            asked.append(TIME_LABELS)
    return tuple(asked)


def part_unsaid(question: Question, ev: Evidence) -> bool:
    """A later question word asks for a place or a date neither the sentence nor the one before
    it gives."""
    asked = later_parts(parse(question.text))
    if not asked:
        return False
    found = {label for _text, label in _entities(ev)}
    return any(not labels & found for labels in asked)


def value_unsaid(question: Question, ev: Evidence) -> bool:
    """The sentence leaves out the name, author, amount or time the question asks for."""
    return (
        name_unsaid(question, ev)
        or author_unsaid(question, ev)
        or holder_unsaid(question, ev)
        or amount_unsaid(question, ev)
        or own_time_clause(question, ev)
        or part_unsaid(question, ev)
        or level_unsaid(question, ev)
        or year_unsaid(question, ev)
    )
