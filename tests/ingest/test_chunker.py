from ingest.chunker import chunk_document
from ingest.cleaning import clean_text
from ingest.sections import detect_sections
from nlp.sentences import sentence_spans
from nlp.tokens import count_tokens
from tests.conftest import CORPUS


def _document() -> str:
    path = CORPUS / "2023-04-04-nhs-confederation-hewitt-review-what-you-need-to-know.txt"
    return clean_text(path.read_text(encoding="utf-8"))


def test_chunks_are_exact_spans_that_never_split_a_sentence() -> None:
    text = _document()
    sentences = sentence_spans(text)
    starts = {s for s, _ in sentences}
    ends = {e for _, e in sentences}
    chunks = chunk_document("doc", text, sentences, detect_sections(text), count_tokens, 120, 30)
    assert len(chunks) > 10
    for chunk in chunks:
        assert chunk.text == text[chunk.start : chunk.end]
        assert chunk.start in starts and chunk.end in ends
        assert (
            chunk.tokens <= 120
            or chunk.start in starts
            and chunk.end == min(e for s, e in sentences if s == chunk.start)
        )


def test_chunk_ids_are_stable_and_positional() -> None:
    text = _document()
    sentences = sentence_spans(text)
    sections = detect_sections(text)
    first = chunk_document("doc", text, sentences, sections, count_tokens, 200, 40)
    second = chunk_document("doc", text, sentences, sections, count_tokens, 200, 40)
    assert [c.chunk_id for c in first] == [f"doc:{i:04d}" for i in range(len(first))]
    assert first == second


def test_consecutive_chunks_overlap_within_a_section() -> None:
    text = _document()
    sentences = sentence_spans(text)
    chunks = chunk_document("doc", text, sentences, detect_sections(text), count_tokens, 100, 40)
    same_section = [
        (a, b) for a, b in zip(chunks, chunks[1:], strict=False) if a.section == b.section
    ]
    assert same_section
    assert any(b.start < a.end for a, b in same_section)
    assert all(b.start > a.start for a, b in same_section)


def test_sentences_are_exact_and_list_items_are_separate() -> None:
    text = "Intro sentence one. Sentence two.\n\n- First item\n- Second item."
    spans = sentence_spans(text)
    assert [text[s:e] for s, e in spans] == [
        "Intro sentence one.",
        "Sentence two.",
        "First item",
        "Second item.",
    ]
