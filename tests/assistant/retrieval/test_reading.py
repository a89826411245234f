"""A question read as the engine searches it: informal words, spelled-out and defined acronyms."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.retrieval.reading import read_question
from assistant.settings import Settings
from index.collection_reading import READING_FILE
from index.store import load_generation
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


QUESTIONS = (
    "what are the main recs for govt & the boards",
    "whats the role of the ics in the nhs",
    "how many kpis are there",
    "What did the CQC say about ICSs?",
    "how does the ics work w/ provider collabs",
)


@pytest.mark.integration
def test_a_generation_built_before_the_reading_was_stored_reads_alike(
    corpus_index: Settings, tmp_path: Path
) -> None:
    """An index ingested before `reading.json` existed computes it on the first question."""
    stored = load_generation(corpus_index.index_dir)
    shutil.copytree(stored.path, tmp_path / stored.name)
    (tmp_path / stored.name / READING_FILE).unlink()
    old = load_generation(tmp_path, stored.name)
    assert stored.reading is not None and old.reading is None
    read = [read_question(q, old) for q in QUESTIONS]
    assert read == [read_question(q, stored) for q in QUESTIONS]
    assert read[0] != QUESTIONS[0]  # reread in the collection's words
