"""What answers a "why" question: a sentence that states a reason (a connective, a heading that
asks why, a list announced as reasons), the close reason that leads instead of a rule, and the
section that asks why brought whole with its lead first."""

from __future__ import annotations

from assistant.answer.compose import choose
from assistant.answer.evidence import Evidence
from assistant.answer.question import analyse
from assistant.answer.reasons import (
    reason_heading,
    reason_led,
    section_answer,
    states_reason,
)
from assistant.schemas import Passage
from index.document import Block, Chunk, Section, Sentence
from index.stored_document import StoredDocument
from nlp.facts import sentence_facts

# (section heading under "Shared tools", paragraph number, sentence)
PARTS = [
    ("", 0, "Teams should reuse shared tools across every project they run."),
    ("What to do", 1, "Teams can allow for local changes to shared tools where needed."),
    ("Why it matters", 2, "Reusing shared tools saves the cost of building them again."),
    ("Why it matters", 3, "Shared tools have been tested by many teams already."),
    ("Why it matters", 3, "Bugs in shared tools are found quickly as a result."),
    ("Why it matters", 4, "Users meet the same patterns in every service."),
]


def document(parts: list[tuple[str, int, str]] = PARTS) -> StoredDocument:
    text, blocks, sentences = "", [], []
    spans: dict[str, list[int]] = {}
    for heading, paragraph, sentence in parts:
        start = len(text)
        text += sentence + "\n\n"
        path = "Shared tools" + (f" > {heading}" if heading else "")
        spans.setdefault(path, [start, 0])[1] = len(text)
        if paragraph == len(blocks):
            blocks.append(Block(paragraph, "paragraph", start, start, path))
        block = blocks[paragraph]
        blocks[paragraph] = Block(paragraph, "paragraph", block.start, start + len(sentence), path)
        sentences.append(Sentence(start, start + len(sentence), paragraph))
    sections = [Section(0, len(text), "Shared tools", 1)] + [
        Section(a, b, path, 2) for path, (a, b) in spans.items() if " > " in path
    ]
    chunk = Chunk("doc-0", "doc", 0, 0, len(text), "Shared tools", text, 80)
    return StoredDocument(
        doc_id="doc", title="A standard", publisher="Example Body", author="", date="2024-01",
        kind="standard", about="", source_file="x.txt", content_hash="0", text=text,
        sections=sections, sentences=sentences, chunks=[chunk], blocks=blocks,
    )  # fmt: skip


def evidence(doc: StoredDocument, number: int, probability: float, coverage: float) -> Evidence:
    passage = Passage(
        chunk_id="doc-0", doc_id="doc", title=doc.title, publisher=doc.publisher, date=doc.date,
        kind=doc.kind, section="Shared tools", text=doc.text, start=0, end=len(doc.text),
        score=1.0,
    )  # fmt: skip
    start, end = doc.sentences[number]
    ev = Evidence(doc, passage, number, start, end, 0, {}, None, probability)
    ev.info = sentence_facts([ev.text])[0]
    ev.features.update(coverage=coverage, context=coverage, rank=1.0)
    return ev


def test_a_heading_asks_or_answers_why_by_its_question_word_or_a_reason_noun() -> None:
    assert reason_heading("Why it matters") and reason_heading("why we do this")
    assert reason_heading("Benefits of shared tools") and reason_heading("The reasons")
    assert not reason_heading("What it means") and not reason_heading("How to apply")
    assert not reason_heading("") and not reason_heading("Reasonable adjustments")


def test_a_reason_is_stated_by_a_connective_or_under_a_heading_that_asks_why() -> None:
    doc = document()
    assert states_reason(evidence(doc, 2, 0.5, 0.5))  # under "Why it matters"
    assert not states_reason(evidence(doc, 0, 0.5, 0.5))
    said = document([("", 0, "Teams meet every week, so that problems surface early.")])
    assert states_reason(evidence(said, 0, 0.5, 0.5))
    plain = document([("", 0, "Teams meet every week in the main office.")])
    assert not states_reason(evidence(plain, 0, 0.5, 0.5))


def test_a_close_reason_under_a_why_heading_leads_instead_of_the_rule() -> None:
    doc = document()
    rule, allows = evidence(doc, 0, 0.9, 0.6), evidence(doc, 1, 0.85, 0.6)
    why, weak = evidence(doc, 2, 0.7, 0.6), evidence(doc, 3, 0.5, 0.6)
    assert reason_led([rule, allows, why, weak]) == [why, rule, allows, weak]
    # a connective alone ("can allow for") lifts nothing; too weak or too narrow neither
    assert reason_led([rule, allows, weak]) == [rule, allows, weak]
    narrow = evidence(doc, 2, 0.8, 0.2)
    assert reason_led([rule, narrow]) == [rule, narrow]
    # a best sentence that states a reason keeps its place
    assert reason_led([why, rule]) == [why, rule]


def test_the_section_that_asks_why_comes_whole_with_the_leads_paragraph_first() -> None:
    doc = document()
    lead = evidence(doc, 4, 0.8, 0.6)  # the second sentence of its paragraph
    numbers = [e.number for e in section_answer(lead, set(), 6)]
    assert numbers == [3, 4, 5, 2]  # its paragraph from the start, what follows, what came before
    assert [e.number for e in section_answer(lead, {("doc", 5)}, 3)] == [3, 4, 2]
    assert [e.number for e in section_answer(lead, set(), 2)] == [3, 4]
    outside = evidence(doc, 0, 0.8, 0.6)
    assert section_answer(outside, set(), 6) == [outside]


def test_a_why_question_is_answered_by_its_section_not_by_the_rule_beside_it() -> None:
    doc = document()
    question = analyse("Why should teams reuse shared tools?", [])
    ranked = [evidence(doc, 0, 0.9, 0.6), evidence(doc, 2, 0.75, 0.6)]
    lines = choose(question, ranked, 0.5, 4)
    assert [ln.main.number for ln in lines][:4] == [2, 3, 4, 5]
