"""Engine rules over scored evidence: a question naming a source hears that source."""

from __future__ import annotations

from dataclasses import replace

from assistant.answer.engine import named_own
from assistant.answer.question import analyse
from tests.assistant.answer.test_compose import document, evidence


def test_a_named_source_answers_alone_when_one_of_its_sentences_is_quotable() -> None:
    asked, other = document("asked", "Asked Body"), document("other", "Other Body")
    docs = [asked, other]
    question = analyse("What did Asked Body say about the plan?", docs)
    assert question.named_documents == {"asked"}
    found = [evidence(other, 0, 0.95), evidence(asked, 0, 0.9), evidence(asked, 1, 0.7)]
    assert [e.doc.doc_id for e in named_own(question, found, 0.5)] == ["asked", "asked"]
    weak = [evidence(other, 0, 0.95), evidence(asked, 0, 0.4)]
    assert named_own(question, weak, 0.5) == weak  # nothing of its own to quote: as ranked
    unnamed = replace(question, named_documents=frozenset())
    assert named_own(unnamed, found, 0.5) == found
