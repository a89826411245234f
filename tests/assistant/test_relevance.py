from assistant.relevance import Vocabulary, unknown_share


def idf(term: str) -> float:
    return {"harp": 3.0, "start": 2.0}.get(term, 5.0)


def test_unknown_terms_weigh_by_idf_and_tolerate_typos() -> None:
    vocabulary = {"harp", "start", "recommend"}
    assert unknown_share({"harp", "start"}, vocabulary, idf) == 0
    assert unknown_share({"harp", "abolish"}, vocabulary, idf) == 5 / 8
    assert unknown_share({"recomend"}, vocabulary, idf) == 0  # same first five letters
    assert unknown_share({"harps", "strat"}, vocabulary, idf) == 0  # close spellings
    assert unknown_share(set(), vocabulary, idf) == 0


def test_a_vocabulary_knows_close_spellings_and_remembers_its_answers() -> None:
    vocabulary = Vocabulary({"harp", "start", "recommend", "integration"})
    assert "harp" in vocabulary and len(vocabulary) == 4
    assert vocabulary.knows("recomend") and vocabulary.knows("integraton")
    assert not vocabulary.knows("abolish") and not vocabulary.knows("harpsichordist")
    vocabulary.terms = frozenset()  # answers already given do not look again
    assert vocabulary.knows("recomend") and not vocabulary.knows("abolish")
    assert unknown_share({"harp", "abolish"}, Vocabulary({"harp"}), idf) == 5 / 8
