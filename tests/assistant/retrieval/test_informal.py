"""A question typed as in chat (small letters, clipped words, slips, symbols) read in the words
and capitals of the collection."""

from __future__ import annotations

from assistant.retrieval.informal import in_collection_words
from index.collection_vocabulary import abbreviates, one_slip, prefix_of, vocabulary_of

TEXTS = [
    "The Harbour Board met the river collaborative in March. Each collaborative reports to the "
    "board. River collaboratives and the collaborative's partners agreed the principles. The "
    "principles guide the government and the management of the people who work there. "
    "Government spending rose. The people of Smithfield voted. Management changed.",
    "Harbour collaboratives (RCBs) report to the RCB panel. The RCB panel and the CHLO meet. "
    "Later the RCB met again and the CHLO agreed. Some people, said the report, were paid "
    "for their work; the government agreed. The population grew in Smithfield; the proposal "
    "was to plan for it. Principles matter.",
]
VOCABULARY = vocabulary_of(TEXTS)
ENGLISH = frozenset({"push", "govt", "meant"})  # words a tokenizer would hold whole


def test_a_clipped_word_is_a_prefix_or_an_abbreviation_keeping_the_last_consonant() -> None:
    assert prefix_of("collab", "collaborative") == 1.0
    assert prefix_of("collaborative", "collaborative") == 0.0
    assert abbreviates("govt", "government") == 1.0
    assert abbreviates("mgmt", "management") == 1.0
    assert abbreviates("ppl", "people") == 2.0  # all its consonants: the best fit
    assert abbreviates("ppl", "population") == 0.0  # its last consonant is "n"
    assert abbreviates("pls", "plus") == 0.0  # saves too few letters to be an abbreviation
    assert abbreviates("gvta", "government") == 0.0  # a vowel after the first letters


def test_a_slip_is_one_letter_left_out_added_changed_or_two_swapped() -> None:
    assert one_slip("princples", "principles")
    assert one_slip("principless", "principles")
    assert one_slip("prinsiples", "principles")
    assert one_slip("pirnciples", "principles")
    assert not one_slip("principles", "principles")
    assert not one_slip("prnciplez", "principles")  # two letters
    assert not one_slip("xrinciples", "principles")  # the first letter is kept


def test_clipped_and_mistyped_words_are_read_as_the_collections_word() -> None:
    assert VOCABULARY.unclipped("collab") == "collaborative"
    assert VOCABULARY.unclipped("collabs") == "collaboratives"  # a plural for a plural
    assert VOCABULARY.unclipped("mgmt") == "management"
    assert VOCABULARY.unclipped("ppl") == "people"
    assert VOCABULARY.unclipped("princples") == "principles"
    assert VOCABULARY.unclipped("board") is None  # the collection's own word
    assert VOCABULARY.unclipped("boards") is None  # its stem is
    assert VOCABULARY.unclipped("govt", ENGLISH) is None  # a whole word of the tokenizer
    assert VOCABULARY.unclipped("zqx") is None  # nothing it clips


def test_a_clipped_word_two_stems_fit_as_well_stays_as_typed() -> None:
    vocabulary = vocabulary_of(["The plan and the plant. " * 3])
    assert vocabulary.unclipped("pla") is None


def test_acronyms_and_names_the_collection_writes_in_capitals_are_recased() -> None:
    assert VOCABULARY.truecased("rcbs") == "RCBs"
    assert VOCABULARY.truecased("chlo") == "CHLO"
    assert VOCABULARY.truecased("smithfield") == "Smithfield"
    assert VOCABULARY.truecased("smithfield", names=False) == "smithfield"
    # "board" is written in small letters too; "the" starts sentences only
    assert VOCABULARY.truecased("board") == "board"
    assert VOCABULARY.truecased("Board") == "Board"


def test_an_informal_question_is_read_in_the_collections_words() -> None:
    read = in_collection_words(
        "when did the rcb & the chlo agree on govt collab princples", VOCABULARY, ENGLISH
    )
    assert read == "when did the RCB and the CHLO agree on govt collaborative principles?"
    assert in_collection_words("what % of ppl in smithfield", VOCABULARY, ENGLISH) == (
        "what percentage of people in Smithfield?"
    )
    assert in_collection_words("whats the mgmt view", VOCABULARY) == (
        "what is the management view?"
    )
    # a statement keeps its form; "42%" keeps its sign
    assert in_collection_words("need to know 42% of rcbs", VOCABULARY) == (
        "need to know 42% of RCBs"
    )


def test_a_carefully_typed_question_is_left_as_it_was() -> None:
    typed = "When did the Harbour Board meet the RCB?"
    assert in_collection_words(typed, VOCABULARY) == typed
    # a question that capitalises a name itself: only acronyms are recased
    assert in_collection_words("Did Harbour Board fund smithfield or the rcb?", VOCABULARY) == (
        "Did Harbour Board fund smithfield or the RCB?"
    )
    assert in_collection_words("WHEN DID THE BOARD MEET", VOCABULARY) == ("WHEN DID THE BOARD MEET")


def test_a_short_common_word_is_read_only_as_a_much_longer_word_it_starts() -> None:
    vocabulary = vocabulary_of(["Each organisation and every organisation's board met. " * 2])
    assert vocabulary.unclipped("org", frozenset({"org", "boa"})) == "organisation"
    assert vocabulary.unclipped("boa", frozenset({"org", "boa"})) is None  # "board": too close
    assert vocabulary.unclipped("organ", frozenset({"organ"})) is None  # long enough a word
