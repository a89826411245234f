"""Questions asking for an order of steps ("What should we do first?"): answered only by
sentences that state one ("Boards should first agree…"); sentences that merely mention the
topic set no priority, and quoting them as the first thing to do would put an order in the
documents' mouth.
"""

from __future__ import annotations

from assistant.answer.evidence import Evidence
from assistant.answer.question import Question, sequence_adverb
from nlp.parse_batches import parse

ORDER_LOOK = 10  # best sentences above the bar searched for a stated order


def states_order(text: str) -> bool:
    """The sentence puts an action in order: an ordinal adverb on its verb ("first agree")."""
    return any(sequence_adverb(t) for t in parse(text))


def unordered(question: Question, evidence: list[Evidence], threshold: float) -> bool:
    """An order is asked for and none of the best sentences above the bar states one."""
    if not question.ordered:
        return False
    best = [e for e in evidence[:ORDER_LOOK] if e.probability >= threshold]
    return not any(states_order(e.text) for e in best)
