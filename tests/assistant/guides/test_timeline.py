"""Timeline steps from the source guides, on a real small index: a dated statement must itself
hold a word of the topic; a dated page footer in a section on the topic is no step."""

from __future__ import annotations

import pytest

from assistant.answer.evidence import Evidence
from assistant.answer.question import analyse
from assistant.guides.timeline import steps_of, timeline_evidence
from assistant.retrieval import Retriever
from index.embedder import Embedder
from tests.conftest import ingested_retriever

pytestmark = pytest.mark.integration

TEXT = """# Harbour inspections

In March 2019 the harbour board began yearly inspections of every pier.

Since June 2021 the harbour inspections have covered the lighthouse as well.

The board thanks its volunteers for their patience.

In July 2020 the board had to implement new parking charges at short notice.

The board elected a new chair in 2022.

This page was last reviewed on 8 September 2022.
"""
MANIFEST = """documents:
  - id: harbour
    file: harbour.md
    title: Harbour inspections
    publisher: Harbour Board
    date: "2022-09"
    kind: guidance
"""


@pytest.fixture(scope="module")
def retriever(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Retriever:
    files = {"harbour.md": TEXT, "manifest.yaml": MANIFEST}
    return ingested_retriever(tmp_path_factory, embedder, "timeline", files)


def test_dated_steps_hold_the_topic_themselves(retriever: Retriever) -> None:
    state = retriever.state()
    doc = state.generation.documents["harbour"]
    question = analyse("How have the harbour inspections changed over the years?")
    assert question.changes and question.series
    passage = retriever.search(question.text, 2)[0]
    like = Evidence(doc, passage, 0, 0, 1, 0, {}, None, 0.9)
    steps = [e.text for e in timeline_evidence(question, state, ["harbour"], like)]
    assert steps == [
        "In March 2019 the harbour board began yearly inspections of every pier.",
        "Since June 2021 the harbour inspections have covered the lighthouse as well.",
    ]  # in date order; the footer dated 2022 sits under the heading on the topic only


def test_a_year_of_the_question_frames_the_steps_and_is_no_topic(retriever: Retriever) -> None:
    state = retriever.state()
    doc = state.generation.documents["harbour"]
    question = analyse("What happened to the harbour inspections between 2019 and 2022?")
    assert question.changes
    passage = retriever.search(question.text, 2)[0]
    like = Evidence(doc, passage, 0, 0, 1, 0, {}, None, 0.9)
    steps = [e.text for e in timeline_evidence(question, state, ["harbour"], like)]
    assert "The board elected a new chair in 2022." not in steps
    assert steps[0].startswith("In March 2019")


def test_a_step_belongs_to_what_the_timeline_is_of(retriever: Retriever) -> None:
    state = retriever.state()
    doc = state.generation.documents["harbour"]
    question = analyse("What is the timeline for implementing the harbour inspections?")
    assert steps_of(question) == frozenset({"harbour", "inspect"})
    passage = retriever.search(question.text, 2)[0]
    like = Evidence(doc, passage, 0, 0, 1, 0, {}, None, 0.9)
    steps = [e.text for e in timeline_evidence(question, state, ["harbour"], like)]
    assert steps[0].startswith("In March 2019") and len(steps) == 2
    # the parking charges are dated and "implemented", but no step of the inspections


def test_the_bounds_of_a_range_are_not_what_the_steps_belong_to() -> None:
    question = analyse("What were the key dates of the harbour review, from its launch to its end?")
    assert steps_of(question) == frozenset({"harbour", "review"})
    assert steps_of(analyse("What is the timeline?")) == frozenset()
