from assistant.relevance import unknown_share


def idf(term: str) -> float:
    return {"harp": 3.0, "start": 2.0}.get(term, 5.0)


def test_unknown_terms_weigh_by_idf_and_tolerate_typos() -> None:
    vocabulary = {"harp", "start", "recommend"}
    assert unknown_share({"harp", "start"}, vocabulary, idf) == 0
    assert unknown_share({"harp", "abolish"}, vocabulary, idf) == 5 / 8
    assert unknown_share({"recomend"}, vocabulary, idf) == 0  # same first five letters
    assert unknown_share({"harps", "strat"}, vocabulary, idf) == 0  # close spellings
    assert unknown_share(set(), vocabulary, idf) == 0
