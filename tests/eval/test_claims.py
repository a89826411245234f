"""Support and attribution read claim by claim, on answers shaped like the engine's."""

from __future__ import annotations

from eval.claims import Source, attribution, claims, support

SOURCES = {
    "review-summary": Source(kind="briefing", publisher="NHS Confederation"),
    "submission": Source(kind="evidence submission", publisher="NHS Providers"),
}
ANSWER = (
    "**Briefing — NHS Confederation, April 2023** · *Hewitt review: what you need to know*\n"
    "- The review recommends no more than ten national priorities. [1]\n"
    "\n"
    "**Evidence submission — NHS Providers, January 2023** · *Evidence*\n"
    "- Trust leaders accept a small set of political priorities. [2] (also said by Briefing — "
    "NHS Confederation, April 2023)[3]\n"
)
QUOTES = {
    1: "The review recommends no more than ten national priorities.",
    2: "Trust leaders accept a small set of political priorities.",
    3: "A small set of political priorities.",
}


def test_claims_sit_under_their_labels() -> None:
    found = claims(ANSWER)
    assert [c.markers for c in found] == [(1,), (2, 3)]
    assert found[1].label.startswith("**Evidence submission — NHS Providers")
    assert "also said by" in found[1].attribution


def test_support_is_exact_containment_in_a_cited_quote() -> None:
    assert support(ANSWER, QUOTES) == 1.0
    changed = ANSWER.replace("no more than ten", "at most twelve")
    assert support(changed, QUOTES) == 0.5
    assert support("No citations here.", QUOTES) is None


def test_a_section_heading_before_a_quote_is_not_part_of_the_claim() -> None:
    headed = ANSWER.replace("- The review", "- **3 National priorities**: The review")
    assert [c.text for c in claims(headed)][0].startswith("The review recommends")
    assert support(headed, QUOTES) == 1.0
    wrong = ANSWER.replace("- The review", "- **3 National priorities**: The board")
    assert support(wrong, QUOTES) == 0.5


def test_a_submission_presented_as_the_review_is_misattributed() -> None:
    doc_of = {1: "review-summary", 2: "submission", 3: "review-summary"}
    assert attribution(ANSWER, doc_of, SOURCES) == 1.0
    swapped = {1: "submission", 2: "submission", 3: "review-summary"}
    assert attribution(ANSWER, swapped, SOURCES) == 0.5
    inline = "According to NHS Providers, there should be ten priorities. [1]"
    assert attribution(inline, {1: "review-summary"}, SOURCES) == 0.0
    assert attribution("Ten priorities. [1]", {1: "review-summary"}, SOURCES) == 1.0


def test_source_labels_are_not_sentences() -> None:
    from eval.metrics import sentence_coverage

    assert sentence_coverage(ANSWER) == 1.0
    # three cited pieces (the "(also said by …)[3]" clause carries its own marker), one uncited
    assert sentence_coverage(ANSWER + "An uncited closing remark.") == 3 / 4
