from assistant.llm.evidence import typed_evidence
from assistant.schemas import Passage


def passage(n: int, text: str) -> Passage:
    return Passage(
        chunk_id=f"c{n}", doc_id="d", title="T", publisher="P", date="2024", kind="report",
        section="", text=text, start=0, end=len(text), score=1.0 / n,
    )  # fmt: skip


def test_a_when_question_gets_the_dated_passage_first() -> None:
    passages = [
        passage(1, "The harbour board oversees the pier and its lanterns."),
        passage(2, "The harbour board was founded on 4 April 1923 by the town council."),
    ]
    expected, ordered = typed_evidence("When was the harbour board founded?", passages)
    assert expected == "a date"
    assert [p.chunk_id for p in ordered] == ["c2", "c1"]


def test_an_open_question_keeps_retrieval_order_among_equals() -> None:
    passages = [passage(1, "Boards meet monthly."), passage(2, "Boards meet in public.")]
    expected, ordered = typed_evidence("How do boards meet?", passages)
    assert [p.chunk_id for p in ordered] == ["c1", "c2"]
    assert expected == ""
