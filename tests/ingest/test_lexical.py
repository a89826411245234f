from nlp.lexical import terms, words


def test_terms_are_stemmed_content_words() -> None:
    assert terms("What are the partnerships recommended by the review?") == [
        "partnership", "recommend", "review",
    ]  # fmt: skip


def test_words_are_not_rewritten() -> None:
    """No table of informal spellings: what a user types is what is matched."""
    assert words("How many qs in the natl call?") == [
        "how",
        "many",
        "qs",
        "in",
        "the",
        "natl",
        "call",
    ]
