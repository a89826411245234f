from datetime import date

from assistant.retrieval.filters import allowed_documents
from assistant.schemas import SearchFilters
from index.stored_document import StoredDocument


def document(doc_id: str, publisher: str, kind: str, when: str) -> StoredDocument:
    return StoredDocument(
        doc_id=doc_id, title=doc_id, publisher=publisher, author="", date=when, kind=kind,
        about="", source_file=f"{doc_id}.txt", content_hash="", text="", sections=[],
        sentences=[], chunks=[],
    )  # fmt: skip


DOCS = {
    d.doc_id: d
    for d in (
        document("a", "Alpha Trust", "report", "2023-04-04"),
        document("b", "Beta Council", "briefing", "2023-01"),
        document("c", "alpha trust", "guidance", "2021-06-30"),
    )
}


def test_no_filters_allow_everything() -> None:
    assert allowed_documents(DOCS, None) == {"a", "b", "c"}
    assert allowed_documents(DOCS, SearchFilters()) == {"a", "b", "c"}


def test_publisher_and_kind_compare_case_insensitively() -> None:
    assert allowed_documents(DOCS, SearchFilters(publisher=["ALPHA TRUST"])) == {"a", "c"}
    assert allowed_documents(DOCS, SearchFilters(kind=["Briefing"])) == {"b"}


def test_filters_combine() -> None:
    filters = SearchFilters(publisher=["alpha trust"], kind=["report"], doc_id=["a", "b"])
    assert allowed_documents(DOCS, filters) == {"a"}


def test_dates_compare_on_the_precision_the_document_has() -> None:
    # "2023-01" (month only) counts as inside a range that starts on 15 January 2023.
    assert allowed_documents(DOCS, SearchFilters(date_from=date(2023, 1, 15))) == {"a", "b"}
    assert allowed_documents(DOCS, SearchFilters(date_to=date(2022, 12, 31))) == {"c"}


def test_an_unknown_document_id_allows_nothing() -> None:
    assert allowed_documents(DOCS, SearchFilters(doc_id=["missing"])) == set()
