"""How many parts a named document numbers: its own numbered headings, counted and cited."""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.answer.question import analyse
from assistant.guides.counted import count_answer, numbering, titled_alone
from index.stored_document import StoredDocument
from tests.assistant.guides.documents import stored_document

HANDBOOK = [
    ("heading", 1, "Quality Handbook"),
    ("paragraph", 0, "The handbook helps teams build public services that work well."),
    ("heading", 2, "1. Know your users"),
    ("paragraph", 0, "Learn what the people who use the service need from it."),
    ("heading", 2, "2. Work in the open"),
    ("paragraph", 0, "Publish what the team learns so that others can reuse it."),
    ("heading", 2, "3. Keep data safe"),
    ("paragraph", 0, "Protect the information people give the service at every stage."),
]
GUIDE = [
    ("heading", 1, "Using the handbook"),
    ("paragraph", 0, "Teams should read point 2 of the handbook before they start."),
]


def document(doc_id: str, title: str, parts: list[tuple[str, int, str]]) -> StoredDocument:
    return stored_document(parts, doc_id, title)


@dataclass
class _Generation:
    documents: dict[str, StoredDocument] = field(default_factory=dict)


@dataclass
class _State:
    """The index state as the guides read it: documents, and a chunk lookup finding none."""

    generation: _Generation

    def chunk_for(self, doc_id: str, start: int, end: int) -> None:
        return None


def collection() -> tuple[_State, list[StoredDocument]]:
    docs = [
        document("handbook", "Quality Handbook", HANDBOOK),
        document("guide", "Using the handbook", GUIDE),
    ]
    return _State(_Generation({d.doc_id: d for d in docs})), docs


def test_how_many_parts_a_named_document_numbers_is_its_numbered_headings() -> None:
    state, docs = collection()
    question = analyse("How many points does the Quality Handbook have?", docs)
    assert question.named_documents == {"handbook"}
    draft = count_answer(question, state, ["handbook"])  # type: ignore[arg-type]
    assert draft is not None and not draft.refused
    assert draft.answer.startswith("**3 numbered sections of *Quality Handbook*")
    for name in ("1. Know your users", "2. Work in the open", "3. Keep data safe"):
        assert f"**{name}**" in draft.answer
    handbook = docs[0]
    assert [handbook.text[c.start : c.end] for c in draft.citations] == [
        HANDBOOK[n][2] for n in (3, 5, 7)
    ]


def test_a_question_asking_more_than_the_count_is_left_to_the_engine() -> None:
    state, docs = collection()
    detail = analyse("How many points of the Quality Handbook are about data?", docs)
    assert count_answer(detail, state, ["handbook"]) is None  # type: ignore[arg-type]
    unnumbered = analyse("How many chapters does the Quality Handbook have?", docs)
    # no document writes "chapter 2": the headings number points, not chapters
    assert count_answer(unnumbered, state, ["handbook"]) is None  # type: ignore[arg-type]


def test_a_title_narrowed_by_a_word_before_it_names_another_document() -> None:
    _state, docs = collection()
    handbook = docs[0]
    assert titled_alone(analyse("How many points does the Quality Handbook have?", docs), handbook)
    regional = analyse("How many points does the Regional Quality Handbook have?", docs)
    assert not titled_alone(regional, handbook)


def test_numbers_that_skip_count_nothing() -> None:
    _state, docs = collection()
    assert numbering(docs[0]) == 3
    skipping = [part if part[2] != "3. Keep data safe" else ("heading", 2, "5. Keep data safe")
                for part in HANDBOOK]  # fmt: skip
    assert numbering(document("skip", "Quality Handbook", skipping)) == 0
    assert numbering(docs[1]) == 0
