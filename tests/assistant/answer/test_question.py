"""Question typing, focus and restatement over the real spaCy pipeline."""

import pytest

from assistant.answer.question import analyse
from index.stored_document import StoredDocument


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("When was the review published?", "date"),
        ("What year was the code of practice published?", "date"),
        ("How often should boards review digital maturity?", "date"),
        ("How many recommendations does the review make?", "number"),
        ("How much will the chairs be paid?", "amount"),
        ("How much notice must a team give before a review?", "date"),
        ("How much time does the panel need?", "date"),
        ("What percentage of budgets should go to prevention?", "amount"),
        ("Who commissioned the review?", "person"),
        ("Where will the new bodies be based?", "place"),
        ("Why did the review recommend fewer targets?", "reason"),
        ("What are the main recommendations?", "list"),
        ("List the points of the service standard", "list"),
        ("Summarise the article", "summary"),
        ("What is a partnership board?", "definition"),
        ("Is the review statutory?", "yes_no"),
        ("Can staff act as chaperones?", "yes_no"),
        ("How do the two briefings differ on national targets?", "comparison"),
        ("What happens when a service fails an assessment?", "open"),
        ("What are HARPs?", "definition"),
        ("What is the timeline for implementation?", "date"),
        # a question after sentences that set the scene: the question's own type
        ("Our café is inspected. Do we have to meet all 12 points of the food code?", "yes_no"),
        ("We run a small café. Who issues the licence?", "person"),
        ("Our café has 12 key points to meet. Summarise them.", "summary"),  # no question mark
        ("Summarise “2. Costs.” in Why Do Cafés Close?", "summary"),  # a title's question mark
        # a "when" clause that sets the scene before the question word that asks
        ("When the café was inspected, who signed the report?", "person"),
        ("When will the café reopen, and who decides?", "date"),
        # a question followed by how to answer it: still the question's type
        ("When was the café inspected? Keep it brief.", "date"),
    ],
)
def test_expected_answer_type(question: str, expected: str) -> None:
    assert analyse(question).answer_type == expected


def test_focus_leaves_out_question_words_and_keeps_lemmas() -> None:
    question = analyse("How many recommendations does the review make?")
    assert question.focus == ("recommendation", "review")
    assert "how" not in question.focus and "make" not in question.focus


def test_entities_and_typed_labels() -> None:
    question = analyse("What will happen to care systems in Scotland?")
    assert ("Scotland", "GPE") in question.entities
    assert analyse("When was it published?").wants == {"DATE", "TIME"}
    assert analyse("What is a partnership board?").wants == frozenset()


@pytest.mark.parametrize(
    ("question", "restated"),
    [
        ("How much will the chairs be paid?", "how much the chairs will be paid"),
        ("When was the review published?", "when the review was published"),
        ("Who commissioned the review?", "who commissioned the review"),
        ("Why did the review recommend fewer targets?", ""),  # do-support: no safe rewording
        # the question's own spacing: no space before "'s", the hyphen kept
        (
            "How many patients were treated on the Partnership Trust's virtual wards?",
            "how many patients were treated on the Partnership Trust's virtual wards",
        ),
        ("When was the long-term plan published?", "when the long-term plan was published"),
        # an inversion the parse missed: no restatement rather than a direct question
        (
            "What measurable results, like fewer visits or shorter queues, has the city's "
            "shared plan delivered so far?",
            "",
        ),
        # an instruction after the question is not restated as part of it
        ("Who commissioned the review? Keep it brief.", "who commissioned the review"),
        # the user's own voice reported back to them
        ("What should our board do first?", "what your board should do first"),
        ("Who should I contact if I'm unsure?", "who you should contact if you're unsure"),
        # "has" parsed as the main verb still moves after the subject
        (
            "How many services has the assessment team assessed?",
            "how many services the assessment team has assessed",
        ),
    ],
)
def test_restatement_for_declines(question: str, restated: str) -> None:
    assert analyse(question).restated == restated


def test_past_tense_questions() -> None:
    assert analyse("When was the review published?").past
    assert analyse("When did the board agree the plan?").past
    assert not analyse("When should boards review digital maturity?").past
    assert not analyse("When do teams book an assessment?").past


def test_series_questions_want_several_values() -> None:
    assert analyse("What is the timeline for implementation?").series
    assert not analyse("When was the review published?").series
    assert analyse("What were the key dates of the project?").series
    assert analyse("What are the key dates for the new service?").series
    assert not analyse("What date was the report published?").series
    assert not analyse("How should the service develop over its first years?").series
    assert analyse("Which years did the standard change?").series  # several dates
    assert not analyse("What principles does the plan build on?").series  # a list, no dates


def _doc(doc_id: str, title: str, publisher: str) -> StoredDocument:
    return StoredDocument(
        doc_id=doc_id, title=title, publisher=publisher, author="", date="2022", kind="guidance",
        about="", source_file="x.md", content_hash="0", text="", sections=[], sentences=[],
        chunks=[],
    )  # fmt: skip


def test_a_named_publisher_wins_over_a_title_that_is_the_topic() -> None:
    docs = [
        _doc("std", "Service Standard", "Central Office"),
        _doc("dept-a", "When to be assessed", "Department of Schools (DoS)"),
        _doc("dept-b", "Point nine of the standard", "Department of Schools (DoS)"),
    ]
    about = analyse("Summarise DoS's guidance on point 9 of the Service Standard", docs)
    assert about.named_documents == {"dept-a", "dept-b"}
    titled = analyse("Summarise the Service Standard from Central Office", docs)
    assert titled.named_documents == {"std"}  # the title and its own publisher agree


def test_an_opening_command_is_not_part_of_a_named_entity() -> None:
    question = analyse("Summarise DfE's guidance on assessments")
    assert all(not text.casefold().startswith("summarise") for text, _label in question.entities)


def test_asides_and_the_collection_itself_are_not_the_topic() -> None:
    assert analyse("tell me briefly what the documents say about data sharing").focus == (
        "data",  # as written: the lemma "datum" is no word of the documents
        "sharing",
    )
    assert analyse("How long does an assessment last?").focus[0] == "long"
    assert "twice" in analyse("What happens if a service fails twice?").focus


def test_agreeing_is_a_comparison_only_between_parties() -> None:
    assert analyse("When was the plan agreed?").answer_type == "date"
    assert analyse("Do the council and the trust agree on funding?").answer_type == "comparison"


def test_value_questions_are_exact_and_when_is_not() -> None:
    assert analyse("How many points does the standard have?").exact
    assert analyse("In which year will it become mandatory?").exact
    assert not analyse("When may you choose an alternative?").exact


def test_a_request_put_as_a_yes_no_question_asks_for_what_it_names() -> None:
    assert analyse("Can you give examples of transactional services?").answer_type == "list"
    assert analyse("Can you list the members of the panel?").answer_type == "list"
    assert analyse("Can staff act as chaperones?").answer_type == "yes_no"
    assert analyse("Can you tell me whether the board met?").answer_type == "yes_no"


@pytest.mark.parametrize(
    ("question", "compared"),
    [
        ("How do the two agencies differ on meeting length?", "date"),
        ("How do the two agencies differ on the duration of a visit?", "date"),
        ("How do the two agencies differ on the cost of a visit?", "amount"),
        ("How do the two agencies differ on national targets?", "open"),
    ],
)
def test_a_comparison_on_a_measure_asks_each_side_for_that_kind_of_value(
    question: str, compared: str
) -> None:
    parsed = analyse(question)
    assert parsed.answer_type == "comparison" and parsed.compared_type == compared


def test_how_much_notice_asks_for_a_span_of_time() -> None:
    assert analyse("How much notice must a team give before a review?").duration
    assert not analyse("How much will the chairs be paid?").duration


def test_a_statement_before_the_question_gives_its_setting_not_the_asked_verb() -> None:
    q = analyse("We run a small lending library in a village. Who inspects it each year?")
    assert q.predicate == analyse("Who inspects it each year?").predicate
    assert q.answer_type == "person"
    assert "run" not in q.predicate


def test_how_many_counts_only_when_it_is_the_only_question_word() -> None:
    assert analyse("How many inspectors visit the library?").counted
    assert not analyse("Who visits the library, and how many inspectors come?").counted


def test_the_sentence_with_the_question_mark_asks_before_one_with_a_question_word() -> None:
    q = analyse("We know when the library opened. Who inspects it each year?")
    assert q.predicate == frozenset({"inspect"})
    assert analyse("we run a small library. who inspects it").predicate == frozenset({"inspect"})


def test_an_instruction_after_the_question_adds_no_topic_but_may_ask_for_order() -> None:
    question = analyse("What changes in 2025 for café licences? Put them in date order.")
    assert "order" not in question.focus and "put" not in question.focus
    assert "licence" in question.focus
    assert question.series  # dated steps in order answer it
    assert not analyse("What changes in 2025 for café licences?").series
    # a second sentence with a topic of its own is part of the question
    whole = analyse("How are cafés inspected? Give me a summary of what the Food Agency says.")
    assert "agency" in whole.focus
