"""A question read as the engine searches it: informal words, spelled-out and defined acronyms."""

from __future__ import annotations

from assistant.retrieval.reading import read_question
from tests.assistant.retrieval.test_acronyms import generation

TEXTS = [
    "Each trust reports its 4 mandatory key performance indicators (KPIs) to River Board "
    "England. River Board England publishes the key performance indicators. The collaborative "
    "reviews them; every collaborative agrees. The RBE met.",
]


def test_a_chat_question_is_read_in_the_collections_words() -> None:
    read = read_question("how many kpis does each collab send to rbe", generation(TEXTS))
    assert read == (
        "how many key performance indicators (KPIs) does each collaborative send to "
        "River Board England?"
    )


def test_a_carefully_typed_question_without_acronyms_is_unchanged() -> None:
    typed = "How many indicators does each trust report?"
    assert read_question(typed, generation(TEXTS)) == typed
