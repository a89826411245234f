"""How a sentence fits the question's topic, deciding which sentence leads an answer and which
may follow it: the ranking may put a related sentence first, or bring one along that is close
in meaning but speaks of something else; a definition of the asked thing leads "what is X".
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING

from assistant.answer.evidence import Evidence, text_terms
from assistant.answer.lines import Line
from assistant.answer.lists import closed_paragraph, leads_a_list, list_span
from assistant.answer.question import Question
from assistant.answer.sentence_place import previous_in_block
from nlp.lexical import terms as lexical_terms
from nlp.lexical import words
from nlp.parse_batches import parse

if TYPE_CHECKING:
    from spacy.tokens import Token

TOPIC_LEAD = 2.0  # times the lead's share of the question's topic a sentence must hold to lead
TOPIC_LEAD_SHARE = 0.7  # ... with at least this share of the lead's probability
TOPIC_LEAD_MIN = 0.25  # ... and at least this much of the topic itself
FOLLOW_TOPIC = 0.5  # share of the lead's topic a follower of an open answer needs
DEFINED_WORDS = 8  # words before "is" in a sentence that defines the asked thing
DEFINING_VERBS = frozenset({"is", "are", "means", "mean", "refers", "refer"})
# The question's own words for asking a meaning ("what does X mean by Y", "the definition of
# Y"): not part of what is defined
ASKING_MEANING = frozenset(lexical_terms("mean meaning define definition"))
ARTICLES = frozenset({"a", "an", "the", "one"})  # "X is a …", not "X are 2 hours long"
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass"})
CLAUSAL_SUBJECTS = frozenset({"csubj", "csubjpass"})
CLAUSE_DEPS = frozenset({"ccomp", "xcomp"})  # "it is important [that these are developed]"


def topic_held(ev: Evidence) -> float:
    """The share of the question's topic in the sentence or around it (heading, paragraph)."""
    return max(ev.features.get("coverage", 0.0), ev.features.get("context", 0.0))


def as_close(ev: Evidence, answer: Evidence, share: float, rarest: bool = True) -> bool:
    """The sentence is about as close to the question as `answer`: `share` of its topic, and
    the question's rarest word if `answer` holds it ("ambitions" of "the ambitions of regional
    partnerships", which many sentences about regional partnerships lack)."""
    rare = not rarest or ev.features.get("rarest", 0.0) >= answer.features.get("rarest", 0.0)
    return rare and topic_held(ev) >= share * topic_held(answer)


def strays(ev: Evidence, lead: Evidence) -> bool:
    """A follower of an open answer holding less than `FOLLOW_TOPIC` of the topic its lead
    holds: on the document's wider subject ("cost"), not on what was asked ("the running cost
    allowance")."""
    return not as_close(ev, lead, FOLLOW_TOPIC, rarest=False)


def list_topic(ev: Evidence, evidence: list[Evidence]) -> float:
    """The share of the question's topic held by the list the sentence belongs to: by its
    lead-in or the paragraph that lead-in ends, as far as they were gathered as evidence."""
    return gathered_topic(ev.doc.doc_id, closed_paragraph(ev), evidence)


def gathered_topic(doc_id: str, numbers: list[int], evidence: list[Evidence]) -> float:
    """The most of the question's topic the gathered evidence of these sentences holds (a line
    made up around a sentence carries no features of its own)."""
    around = {(doc_id, n) for n in numbers}
    return max((topic_held(e) for e in evidence if (e.doc.doc_id, e.number) in around), default=0.0)


def whole_list(
    ev: Evidence, lead: Evidence, evidence: list[Evidence], taken: AbstractSet[tuple[str, int]]
) -> bool:
    """A list item or lead-in following an open answer's lead brings its whole list when the
    list is introduced as being about as much of the question as the lead ("You can start by
    asking X. The team should give:" for "what do we send when asking X"): its items are the
    answer, one of them alone cuts it. A list whose lead-in is shown already is not brought
    again: its items join it one by one."""
    if ev.features.get("list_item", 0.0) <= 0 or ev.doc.doc_id != lead.doc.doc_id:
        return False
    start = list_span(ev)[0]
    if start is None or (ev.doc.doc_id, start) in taken:
        return False
    held = max(topic_held(lead), gathered_topic(lead.doc.doc_id, [lead.number], evidence))
    return list_topic(ev, evidence) >= held > 0


def widens(
    ev: Evidence,
    lines: list[Line],
    eligible: list[Evidence],
    taken: AbstractSet[tuple[str, int]],
    near: float,
) -> bool:
    """A full answer takes one more line from a source not yet quoted: that source's sentence
    holding most of the question's topic itself among those still to come scored within
    `near` of this one (as with typed evidence, the one covering most of the question is
    heard)."""
    if any(ln.main.doc.doc_id == ev.doc.doc_id for ln in lines):
        return False
    held = ev.features.get("coverage", 0.0)
    later = eligible[next((n for n, e in enumerate(eligible) if e is ev), len(eligible)) + 1 :]
    return not any(  # those ranked above were heard already, or passed over
        e.doc.doc_id == ev.doc.doc_id
        and (e.doc.doc_id, e.number) not in taken
        and e.probability >= ev.probability * near
        and e.features.get("coverage", 0.0) > held
        for e in later
    )


def off_topic(ev: Evidence, question: Question) -> bool:
    """Neither the sentence nor its context (heading, paragraph) holds any of the question's
    topic words: it may be close in meaning ("email the team to ask questions" for "load
    testing"), but does not speak of what was asked."""
    held = [ev.features.get(name) for name in ("coverage", "context")]
    if bool(question.focus_terms) and all(h is not None and h <= 0 for h in held):
        return True
    return relation_only(ev, question)


def relation_only(ev: Evidence, question: Question) -> bool:
    """Of the question's words, the sentence and its heading hold only relation words ("what's
    happening with the service" for "what happens at an assessment"): how the topic is asked
    about, not the topic."""
    topic = question.focus_terms - question.relation_terms
    own = text_terms(ev.text)
    if not topic or not question.relation_terms & own:
        return False
    around = own | text_terms(ev.passage.section) | text_terms(ev.doc.title)
    before = previous_in_block(ev.doc, ev.number)
    if before is not None:
        around |= text_terms(ev.doc.sentence_text(before))
    return not topic & around


def topic_led(eligible: list[Evidence]) -> list[Evidence]:
    """Of near-equal evidence, the sentence that holds far more of the question's topic leads
    ("test the plan with the mayor" before "test the plan in a setting like the real one"
    for "testing a plan with a mayor"): the best-scored sentence may only be related. A
    list's lead-in ("The team should give:") names little of the topic itself; it holds what
    its heading and paragraph hold."""
    lead = eligible[0]
    held = topic_held(lead) if leads_a_list(lead) else lead.features.get("coverage", 0.0)
    near = [e for e in eligible[1:] if e.probability >= lead.probability * TOPIC_LEAD_SHARE]
    best = max(near, key=lambda e: e.features.get("coverage", 0.0), default=None)
    if best is None:
        return eligible
    most = best.features.get("coverage", 0.0)
    if most < TOPIC_LEAD_MIN or most < held * TOPIC_LEAD:
        return eligible
    return [best, *(e for e in eligible if e is not best)]


def defines(text: str, question: Question, source: AbstractSet[str] = frozenset()) -> bool:
    """The sentence says what the asked thing is: its opening words, up to "is a", "are the",
    "is defined as", "refers to" or "means", are the question's topic words ("A site audit is a
    peer review…"), less the words asking for a meaning and the named `source`'s title."""
    said = words(text)
    verb = next((i for i, w in enumerate(said[:DEFINED_WORDS]) if w in DEFINING_VERBS), None)
    if not verb or verb + 1 >= len(said):
        return False
    subject = set(lexical_terms(" ".join(said[:verb])))
    after = said[verb + 1]
    names = (
        said[verb] in ("means", "mean")
        or (said[verb] in ("refers", "refer") and after == "to")  # "X refers to …"
        or (said[verb] in ("is", "are") and (after in ARTICLES or after == "defined"))
    )  # "is a site visit", "is defined as …"
    return (
        names and bool(subject) and subject == set(question.focus_terms - ASKING_MEANING) - source
    )


def definition(question: Question, eligible: list[Evidence]) -> list[Evidence]:
    """The first sentence that defines what a "what is X" question asks about, if any."""
    if question.answer_type != "definition":
        return []
    return [e for e in eligible if defines(e.text, question, named_title(e, question))][:1]


def named_title(ev: Evidence, question: Question) -> frozenset[str]:
    """The words of the sentence's document title when the question names that document ("what
    does the X Standard mean by Y"): they say where Y is defined, not what Y is."""
    return text_terms(ev.doc.title) if ev.doc.doc_id in question.named_documents else frozenset()


def labels_a_topic(text: str, value: str, topic: AbstractSet[str]) -> bool:
    """The value numbers a thing of the question's topic rather than counting it ("point 9")."""
    at = text.find(value)
    return at > 0 and bool(set(lexical_terms(text[:at])[-1:]) & topic)


def other_answer(ev: Evidence, opens: bool) -> bool:
    """A sentence that may follow a list answering a list question: another list's lead-in or
    a sentence of prose, not an item of another list (which would bring that whole list)."""
    return opens or ev.features.get("list_item", 0.0) <= 0


def judged_elsewhere(ev: Evidence, question: Question) -> bool:
    """ "Why are X important?": the sentence says the asked judgement of an action or a state
    of affairs that is not about X ("it is important that these are reviewed…", "avoiding
    delay will be important"): it matches the question's word, not its reason. Said of
    a thing ("forms should be short", "an important tool"), it is not judged
    here: the thing may be X in other words. A sentence not using the word is not judged
    either: reasons are often given in other words."""
    judged = question.relation_terms
    topic = question.focus_terms - judged
    if question.answer_type != "reason" or not topic or not judged & text_terms(ev.text):
        return False
    said = [t for t in parse(ev.text) if judged & set(lexical_terms(t.lower_))]
    clauses = [judged_clause(t) for t in said]
    return bool(said) and all(c is not None and not topic & c for c in clauses)


def judged_clause(token: Token) -> frozenset[str] | None:
    """Terms of the clause a judging word is said of ("[avoiding duplication] will be
    important", "it is important [that these are developed]"); None when it is said of a
    thing (a noun phrase) or qualifies one ("an important tool")."""
    if token.dep_ != "acomp":
        return None
    verb = token.head
    subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
    clauses = [c for c in subjects if c.dep_ in CLAUSAL_SUBJECTS or c.pos_ == "VERB"]
    if any(c.lower_ == "it" for c in subjects):  # an empty "it" stands for the clause after
        clauses += [c for c in verb.children if c.dep_ in CLAUSE_DEPS]
    if not clauses:
        return None
    return frozenset(s for c in clauses for t in c.subtree for s in lexical_terms(t.text))


def stray_item(ev: Evidence, question: Question) -> bool:
    """A list item whose list's lead-in and heading hold none of the question's topic
    ("counting visitors is often harder" under "For example:" for "the visitors of an
    exhibition"): the item shares a word, the list is about something else."""
    lead, _items = list_span(ev)
    if lead is None or lead == ev.number or not question.focus_terms:
        return False
    around = text_terms(ev.doc.sentence_text(lead)) | text_terms(ev.passage.section)
    return not question.focus_terms & around
