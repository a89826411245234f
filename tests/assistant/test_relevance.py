from assistant.relevance import Evidence, count_is_supported, refusal_reason, unknown_share


def idf(term: str) -> float:
    return {"harp": 3.0, "start": 2.0}.get(term, 5.0)


def test_unknown_terms_weigh_by_idf_and_tolerate_typos() -> None:
    vocabulary = {"harp", "start", "recommend"}
    assert unknown_share({"harp", "start"}, vocabulary, idf) == 0
    assert unknown_share({"harp", "abolish"}, vocabulary, idf) == 5 / 8
    assert unknown_share({"recomend"}, vocabulary, idf) == 0  # same first five letters
    assert unknown_share({"harps", "strat"}, vocabulary, idf) == 0  # close spellings


def test_decisions() -> None:
    assert refusal_reason(Evidence(0.05, 0.0, 0.0), 0.4) == "off_topic"
    assert refusal_reason(Evidence(0.5, 0.1, 0.0), 0.4) == "not_covered"
    assert refusal_reason(Evidence(0.5, 0.38, 0.4), 0.4) == "not_covered"  # unknown terms
    assert refusal_reason(Evidence(0.5, 0.6, 0.6), 0.4) is None
    assert refusal_reason(Evidence(0.35, 0.45, 0.0), 0.4) == "not_covered"  # weak on both
    assert refusal_reason(Evidence(0.5, 0.6, 0.0), 0.4) is None
    assert refusal_reason(Evidence(0.2, 0.9, 0.0), 0.4) is None  # acronyms embed poorly


def test_count_questions_need_a_number_with_the_counted_thing() -> None:
    vocabulary = {"question", "hospit", "review"}
    found = ["The request was structured, with 13 questions to answer.", "Hospitals matter."]
    assert count_is_supported("How many questions were asked?", found, vocabulary)
    assert not count_is_supported("How many hospitals will close?", found, vocabulary)
    assert count_is_supported("What did the review say?", found, vocabulary)  # not a count
    assert count_is_supported("how many qs were there?", found, vocabulary)  # unknown noun
