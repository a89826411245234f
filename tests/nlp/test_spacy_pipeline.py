"""The shared spaCy pipeline: loaded once, checked, and splitting sentences without the parser."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from nlp import spacy_pipeline
from nlp.spacy_pipeline import MODEL_SHA256, get_nlp, model_digest, model_path, sentence_docs


def test_get_nlp_is_loaded_once_and_has_the_answer_engine_components() -> None:
    nlp = get_nlp()
    assert get_nlp() is nlp
    assert {"tagger", "parser", "lemmatizer", "ner"} <= set(nlp.pipe_names)
    doc = nlp("The board met in London in April 2024.")
    assert {e.label_ for e in doc.ents} >= {"GPE", "DATE"}
    assert [t.lemma_ for t in doc][1] == "board"


def test_sentence_docs_split_without_touching_the_shared_pipeline() -> None:
    before = (list(get_nlp().pipe_names), list(get_nlp().disabled))
    (doc,) = sentence_docs(["Mr. Smith arrived at 10 a.m. on Monday. He left early. Why?"])
    assert [s.text for s in doc.sents] == [
        "Mr. Smith arrived at 10 a.m. on Monday.",
        "He left early.",
        "Why?",
    ]
    assert (list(get_nlp().pipe_names), list(get_nlp().disabled)) == before


def test_installed_model_matches_the_pinned_digest() -> None:
    assert model_digest(model_path()) == MODEL_SHA256


def test_a_tampered_model_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = tmp_path / "model"
    shutil.copytree(model_path(), copy)
    (copy / "senter" / "cfg").write_text("{}", encoding="utf-8")
    monkeypatch.setattr(spacy_pipeline, "model_path", lambda: copy)
    with pytest.raises(spacy_pipeline.SpacyModelError, match="sha256"):
        spacy_pipeline._verified_path()


def test_the_tokenizer_is_the_models_own_byte_for_byte() -> None:
    import spacy

    default = spacy.load(spacy_pipeline._verified_path())  # spaCy's own tokenizer factory
    rules = get_nlp().tokenizer.to_bytes(exclude=["vocab"])  # strings grow as texts are parsed
    assert rules == default.tokenizer.to_bytes(exclude=["vocab"])
    text = "Mr. O'Neill's e-mail (sent 3rd Jan.) said: don't wait, it's 50% off at www.example.org!"
    assert [(t.text, t.lemma_, t.tag_) for t in get_nlp()(text)] == [
        (t.text, t.lemma_, t.tag_) for t in default(text)
    ]
    assert len(get_nlp()(text)) > 20  # special cases and affixes split the text
