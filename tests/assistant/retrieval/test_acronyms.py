"""A question's acronym read as the multi-word name it spells, when the documents use the name
more often than the acronym itself."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from assistant.retrieval.acronyms import spelled_name, spelled_out
from index.collection_names import names_in, spells
from index.store import Generation
from tests.assistant.answer.test_compose import document

TEXTS = [
    "On 3 May 2022, River Board England published a call for evidence. "
    "River Board England later wrote to members. The RBEs view was noted once.",
    "The Central Harbour and Lighthouse Office (CHLO) sets the rules. "
    "The CHLO meets monthly. The CHLO reports. The CHLO decides. "
    "Ask the Central Harbour and Lighthouse Office for details.",
]


def test_initials_may_take_a_word_in_capitals_whole_and_skip_a_connector() -> None:
    assert spells("rbe", "River Board England".split())
    assert spells("rbengland", "River Board England".split()) is False
    assert spells("nhse", "NHS England".split())
    assert spells("chlo", "Central Harbour and Lighthouse Office".split())
    assert spells("chalo", "Central Harbour and Lighthouse Office".split())
    assert not spells("chl", "Central Harbour and Lighthouse Office".split())


def test_a_name_used_more_than_its_acronym_is_read_for_it() -> None:
    known = names_in(TEXTS)
    assert known.names["River Board England"] == 2
    assert spelled_name("RBE", known) == "River Board England"
    # the documents say "CHLO" more often than its name: the acronym is how they say it
    assert spelled_name("CHLO", known) is None
    assert spelled_name("XYZ", known) is None
    assert spelled_name("RB", known) is None  # too short to read
    assert spelled_name("McRiver", known) is None  # a name in camel case, no acronym


def generation(texts: list[str]) -> Generation:
    """A generation of these texts (named by them: names are counted once per generation)."""
    docs = {f"d{i}": replace(document(f"d{i}"), text=t) for i, t in enumerate(texts)}
    return Generation(f"g{hash(tuple(texts))}", Path("."), {}, docs)


def test_the_question_is_read_with_the_name() -> None:
    found = generation(TEXTS)
    assert (
        spelled_out("when did RBE put out the call for evidence?", found)
        == "when did River Board England put out the call for evidence?"
    )
    assert spelled_out("What did the RBE's members say?", found).startswith(
        "What did the River Board England's"
    )
    assert spelled_out("What does the CHLO do?", found) == "What does the CHLO do?"
    assert spelled_out("WHEN DID RBE WRITE?", found) == "WHEN DID RBE WRITE?"  # all capitals


def test_an_acronym_typed_in_small_letters_is_read_too() -> None:
    found = generation([*TEXTS, "The river rose. Every rbe member and the board met."])
    assert (
        spelled_out("when did rbe write to members", generation(TEXTS))
        == "when did River Board England write to members"
    )
    # a word the documents write in small letters is a word, not an acronym
    assert spelled_out("when did rbe write to members", found) == "when did rbe write to members"
    assert spelled_out("what does the chlo do", found) == "what does the chlo do"  # used as is
