"""The answer engine end to end on both corpora: lists come whole, typed answers lead with the
value, declines restate what is missing and show real, openable passages, and every response
carries the evidence object behind its decision."""

from __future__ import annotations

import re

import pytest

from assistant.pipeline import Collaborators, answer
from assistant.runtime import build_collaborators
from assistant.schemas import ChatRequest, ChatResponse
from assistant.settings import PROJECT_ROOT
from index.embedder import Embedder
from ingest.pipeline import run_ingest
from tests.conftest import make_settings

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def collab2(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Collaborators:
    settings = make_settings(tmp_path_factory.mktemp("corpus2-data"), PROJECT_ROOT / "corpus-2")
    run_ingest(None, settings, embedder=embedder)
    return build_collaborators(settings, embedder=embedder)


def ask(collab: Collaborators, message: str) -> ChatResponse:
    return answer(ChatRequest(message=message), collab)


def items(response: ChatResponse) -> list[str]:
    return re.findall(r"^  - (.+)$", response.answer, flags=re.MULTILINE)


def test_a_list_question_gets_the_list(collab: Collaborators) -> None:
    response = ask(collab, "What are the main recommendations?")
    assert not response.refused
    listed = items(response)
    assert len(listed) >= 5 and all(re.search(r"\[\d+\]", line) for line in listed)
    assert any("Fewer central targets" in line for line in listed)
    assert response.evidence and response.evidence["answer_type"] == "list"


def test_a_list_question_on_the_second_corpus(collab2: Collaborators) -> None:
    response = ask(collab2, "What are the red lines for IT contracts?")
    assert not response.refused
    assert len(items(response)) >= 3
    assert "system integration" in response.answer


def test_a_date_question_leads_with_the_date(collab: Collaborators) -> None:
    response = ask(collab, "When was the Hewitt Review published?")
    first = response.answer.split("\n- ", 1)[1].split("\n", 1)[0]
    assert "4 April 2023" in first
    assert response.evidence and response.evidence["answer_type"] == "date"


def test_groups_are_labelled_with_kind_publisher_and_date(collab: Collaborators) -> None:
    response = ask(collab, "What did NHS Providers say about national targets?")
    assert "**Evidence submission — NHS Providers, January 2023**" in response.answer


@pytest.mark.parametrize(
    ("fixture", "question", "restated"),
    [
        ("collab", "How much will ICB chairs be paid?", "how much ICB chairs will be paid"),
        ("collab2", "How much does a service assessment cost?", None),
    ],
)
def test_declines_restate_and_show_openable_passages(
    request: pytest.FixtureRequest, fixture: str, question: str, restated: str | None
) -> None:
    collab: Collaborators = request.getfixturevalue(fixture)
    response = ask(collab, question)
    assert response.refused and response.refusal_reason == "not_covered"
    assert response.answer.startswith("The documents don't ")
    if restated:
        assert response.answer.startswith(f"The documents don't say {restated}.")
    assert response.nearest and response.citations == []
    documents = collab.retriever.state().generation.documents
    for passage in response.nearest:
        assert documents[passage.doc_id].text[passage.start : passage.end] == passage.text
        assert " ".join(passage.text.split()) in " ".join(response.answer.split())
    assert response.evidence and response.evidence["decision"] == "declined"
    below = response.evidence["best"] < response.evidence["threshold"]
    assert below == (response.evidence["reason"] == "below_threshold")  # the audit says why


def test_named_sources_are_recognised_from_the_index(collab: Collaborators) -> None:
    from assistant.answer.question import analyse

    documents = collab.retriever.state().generation.documents.values()
    question = analyse("According to NHS Providers, what should national targets be?", documents)
    assert question.named_documents == {"nhs-providers-evidence"}
    assert "providers" not in question.focus


def test_sources_named_only_in_the_scene_still_let_the_best_evidence_answer(
    collab2: Collaborators,
) -> None:
    # two sources named, neither answering on its own: the best evidence of all answers
    response = ask(
        collab2,
        "Our hospital app will be assessed by GDS. Should we follow the NHS service standard too?",
    )
    assert not response.refused
    assert "NHS service standard" in response.answer
    assert response.evidence and response.evidence["answer_type"] == "yes_no"


def test_a_lower_case_word_is_not_taken_for_an_unknown_name(collab: Collaborators) -> None:
    """The tagger reads names from capitals; in a question typed in lower case an ordinary
    word ("max") can look like a person, and must not decline the question as unknown."""
    typed = ask(collab, "max number of national priorities in the review?")
    assert not typed.refused
    assert typed.evidence and typed.evidence["decision"] == "answered"


def test_the_dates_of_several_pages_asked_in_turn_are_not_called_a_disagreement(
    collab2: Collaborators,
) -> None:
    response = ask(collab2, "When were the DfE pages last reviewed? Put them in date order.")
    assert not response.refused
    assert "8 September 2022" in response.answer and "24 November 2022" in response.answer
    assert "The sources differ" not in response.answer
