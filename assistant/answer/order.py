"""Questions asking for an order of steps ("What should we do first?"): answered only by
sentences that state one ("Boards should first agree…"); sentences that merely mention the
topic set no priority, and quoting them as the first thing to do would put an order in the
documents' mouth; a "who … first?" is answered by who is said to be the first ("X is the
first port of call"). An ordinal the documents themselves write after the same word ("put safety
first" when a best sentence or its heading says "put safety first") names what they advise, not
an order still to be stated.
"""

from __future__ import annotations

from assistant.answer.evidence import Evidence
from assistant.answer.question import Question, sequence_adverb
from nlp.parse_batches import parse

ORDER_LOOK = 10  # best sentences above the bar searched for a stated order
WHO_TYPES = frozenset({"person", "organisation"})


def states_order(text: str) -> bool:
    """The sentence puts an action in order: an ordinal adverb on its verb ("first agree")."""
    return any(sequence_adverb(t) for t in parse(text))


def ranks_first(text: str) -> bool:
    """Someone is said to come in an order: an ordinal on the noun a copula gives its subject
    ("Wardens should be the first port of call"): it answers who comes first, though it
    states no step to take."""
    return any(
        (t.ent_type_ == "ORDINAL" or t.morph.get("NumType", []) == ["Ord"])
        and t.dep_ == "amod"
        and t.head.dep_ == "attr"
        and t.head.head.lemma_ == "be"
        for t in parse(text)
    )


def named_orders(question_text: str) -> set[str]:
    """The question's "<word> <ordinal>" pairs where the ordinal is the order asked for
    ("safety first" in "why put safety first?"), in small letters."""
    doc = parse(question_text)
    return {
        f"{doc[t.i - 1].lower_} {t.lower_}"
        for t in doc
        if sequence_adverb(t) and t.i > 0 and doc[t.i - 1].is_alpha
    }


def unordered(question: Question, evidence: list[Evidence], threshold: float) -> bool:
    """An order is asked for and none of the best sentences above the bar states one, nor
    writes the question's own "<word> first" (then the pair is a name the documents use)."""
    if not question.ordered:
        return False
    best = [e for e in evidence[:ORDER_LOOK] if e.probability >= threshold]
    pairs = named_orders(question.text)
    who = question.answer_type in WHO_TYPES  # "who should act first?": who is said to be first
    return not any(
        states_order(e.text) or writes_pair(e, pairs) or who and ranks_first(e.text) for e in best
    )


def writes_pair(ev: Evidence, pairs: set[str]) -> bool:
    """The sentence or its section heading writes one of the question's "<word> first"."""
    said = " ".join(f"{ev.passage.section} {ev.text}".casefold().split())
    return any(pair in said for pair in pairs)
