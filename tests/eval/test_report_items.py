"""The report colours each answer sentence by what its citations support."""

from eval.metrics import Cited
from eval.report_items import abbr, sentence_class


def _cited(quote: str, passage: str | None = "passage") -> dict[int, Cited]:
    return {1: Cited(n=1, doc_id="d", quote=quote, passage=passage, label="Title Pub 2023")}


def test_uncited_sentence() -> None:
    assert sentence_class((), "The board met.", _cited("The board met.")) == "uncited"


def test_marker_without_citation_or_passage_is_invalid() -> None:
    assert sentence_class((2,), "The board met.", _cited("The board met.")) == "invalid"
    assert sentence_class((1,), "The board met.", _cited("x", passage=None)) == "invalid"


def test_number_missing_from_the_quote_is_partial() -> None:
    cited = _cited("The board met 4 times.")
    assert sentence_class((1,), "The board met 4 times.", cited) == "supported"
    assert sentence_class((1,), "The board met 5 times.", cited) == "partial"


def test_metric_name_carries_its_definition_escaped() -> None:
    html = abbr("key_fact_recall")
    assert html.startswith('<abbr title="') and ">key_fact_recall</abbr>" in html
    assert '"' not in html.split('title="', 1)[1].split('">', 1)[0]
