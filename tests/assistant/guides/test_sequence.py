"""Steps asked for between two events are the dated statements that name what the events
belong to: all its words, or its head bare ("the inquiry") where the context names the rest."""

from __future__ import annotations

import pytest

from assistant.answer.evidence import Evidence
from assistant.answer.question import analyse
from assistant.guides.sequence import Framed, framed_subject, names_framed
from assistant.guides.timeline import timeline_evidence
from assistant.retrieval import Retriever
from index.embedder import Embedder
from tests.conftest import ingested_retriever

FRAMED = Framed(frozenset({"inquiri"}), frozenset({"harbour", "inquiri"}))


def test_the_subject_of_steps_between_two_events() -> None:
    question = analyse("What were the stages from the launch of the harbour inquiry to its report?")
    assert framed_subject(question) == FRAMED
    assert framed_subject(analyse("What were the stages of the harbour inquiry?")) is None
    assert framed_subject(analyse("What is the timeline for the harbour inquiry?")) is None


def test_a_step_names_the_whole_subject_or_its_bare_head_in_context() -> None:
    assert names_framed("In May 2020 the harbour inquiry opened.", "", FRAMED)
    heard = "In May 2020 the inquiry heard its first witness."
    assert names_framed(heard, "Harbour inquiry", FRAMED)
    assert not names_framed(heard, "Minutes", FRAMED)


def test_another_thing_of_the_same_kind_is_no_step() -> None:
    context = "Harbour inquiry"
    assert not names_framed("In 2021 a budget inquiry was opened.", context, FRAMED)
    assert not names_framed("In 2021 an inquiry of the port fees was opened.", context, FRAMED)
    assert not names_framed("In 2021 the board met twice.", context, FRAMED)


HARBOUR = """# Harbour inquiry

In March 2020 the city announced an inquiry into harbour safety.

In May 2021 a budget inquiry looked at the port fees.

The harbour inquiry reported its findings in June 2021.
"""
NOTES = """# Council notes

In September 2020 the inquiry heard its first witnesses.

In October 2020 the council repainted the pier.
"""
MANIFEST = """documents:
  - id: harbour
    file: harbour.md
    title: Harbour inquiry
    publisher: City Council
    date: "2021-07"
    kind: report
  - id: notes
    file: notes.md
    title: Harbour inquiry notes
    publisher: Port Trust
    date: "2021-01"
    kind: notes
"""


@pytest.fixture(scope="module")
def retriever(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Retriever:
    files = {"harbour.md": HARBOUR, "notes.md": NOTES, "manifest.yaml": MANIFEST}
    return ingested_retriever(tmp_path_factory, embedder, "sequence", files)


@pytest.mark.integration
def test_the_steps_between_two_events_come_from_every_document_in_date_order(
    retriever: Retriever,
) -> None:
    state = retriever.state()
    doc = state.generation.documents["harbour"]
    question = analyse(
        "What were the stages from the announcement of the harbour inquiry to its report?"
    )
    passage = retriever.search(question.text, 2)[0]
    like = Evidence(doc, passage, 0, 0, 1, 0, {}, None, 0.9)
    steps = [e.text for e in timeline_evidence(question, state, ["harbour"], like)]
    assert steps == [
        "In March 2020 the city announced an inquiry into harbour safety.",
        "In September 2020 the inquiry heard its first witnesses.",  # another document's
        "The harbour inquiry reported its findings in June 2021.",
    ]  # not the budget inquiry, nor the pier
