"""An acronym the documents define and seldom use is read beside its definition's words."""

from __future__ import annotations

from assistant.retrieval.definitions import with_definitions
from index.collection_definitions import definition_before, definitions_in

TEXTS = [
    "Each trust reports its 4 mandatory key performance indicators (KPIs) each month. "
    "Boards review the key performance indicators yearly.",
    "The river care panel (RCP) meets. The RCP decides. The RCP reports. The RCP agrees. "
    "The RCP meets again. The RCP closes.",
    "Ask the National Harbour Centre's (NHC) staff. Software as a service (SaaS) is bought.",
]


def test_the_fewest_words_before_the_brackets_that_spell_the_acronym() -> None:
    assert definition_before("KPIs", "its 4 mandatory key performance indicators ") == (
        "key performance indicators"
    )
    assert definition_before("NHC", "Ask the National Harbour Centre's ") == (
        "National Harbour Centre"
    )
    assert definition_before("SaaS", "Software as a service ") == "Software as a service"
    assert definition_before("XYZ", "key performance indicators ") is None


def test_only_an_acronym_used_about_as_often_as_its_definition_is_kept() -> None:
    found = definitions_in(TEXTS)
    assert found.defined("KPIs") == "key performance indicators"
    assert found.defined("KPI") == "key performance indicators"
    assert found.defined("SaaS") == "Software as a service"
    assert found.defined("RCP") is None  # used six times beside one definition


def test_a_question_reads_a_defined_acronym_beside_its_words() -> None:
    found = definitions_in(TEXTS)
    assert with_definitions("How many mandatory KPIs are there?", found) == (
        "How many mandatory key performance indicators (KPIs) are there?"
    )
    # already spelled out, an acronym the documents use as a rule, or a word in small letters
    same = [
        "How many key performance indicators (KPIs) are there?",
        "When does the RCP meet?",
        "Is saas bought?",
    ]
    assert [with_definitions(q, found) for q in same] == same


def test_an_acronym_the_documents_never_use_is_read_as_the_phrase_it_clearly_spells() -> None:
    found = definitions_in(
        [
            "Mental health trusts and mental health services met. More help was promised. "
            "The mental health plan grew. The RCP met; river care panels closed. "
            "Green paper, green plans, grey paper and great plans."
        ]
    )
    assert found.phrase_for("MH") == "mental health"
    assert found.phrase_for("RCP") is None  # the documents use it: how they say it
    assert found.phrase_for("GP") is None  # "green paper", "grey paper", "great plans"…
    assert found.phrase_for("XQ") is None
    assert with_definitions("Deadline for MH trusts?", found) == (
        "Deadline for mental health trusts?"
    )
    assert with_definitions("DEADLINE FOR MH TRUSTS?", found) == "DEADLINE FOR MH TRUSTS?"
