from nlp.lexical import terms, words


def test_terms_are_stemmed_content_words() -> None:
    assert terms("What are the HARPs recommended by the review?") == ["harp", "recommend", "review"]


def test_informal_abbreviations_are_spelled_out() -> None:
    assert words("how many qs in the natl call?") == [
        "how", "many", "questions", "in", "the", "national", "call",
    ]  # fmt: skip
    assert terms("MH collab") == terms("mental health collaborative")
