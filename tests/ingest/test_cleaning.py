"""Cleaning is a per-source choice: nothing removed without a profile, every removal recorded."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.cleaning import removal_rule, repeated_paragraphs
from ingest.documents import clean_source, publisher_repeats
from ingest.formats.text import text_pieces
from ingest.manifest import DocumentMeta, ManifestError, read_manifest
from ingest.sources import Source, collect_sources
from tests.conftest import CORPUS

RAW = """Skip to main content

The plan

Details

Some intro text that is long enough to be a real paragraph of the article.

If you would like to join us, sign up to attend our webinar on 21 June 2022 here.

Share this page
"""
FIRM = "With a team of over 250 lawyers, we are one of the leading firms in health and care."


def _source(tmp_path: Path, name: str, text: str, clean: str, publisher: str = "P") -> Source:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    meta = DocumentMeta(id=path.stem, file=name, title=name, publisher=publisher, clean=clean)
    return Source(path=path, meta=meta)


def test_no_profile_removes_nothing(tmp_path: Path) -> None:
    source = _source(tmp_path, "a.txt", RAW, "")
    layout, removals = clean_source(source, repeated_paragraphs([source.pieces, source.pieces]))
    assert removals == []
    for line in ("Skip to main content", "Details", "sign up to attend", "Share this page"):
        assert line in layout.text


def test_web_capture_removes_navigation_and_calls_to_action_with_a_record(tmp_path: Path) -> None:
    source = _source(tmp_path, "a.txt", RAW, "web-capture")
    layout, removals = clean_source(source, set())
    assert [(r.rule, r.text) for r in removals] == [
        ("navigation", "Skip to main content"),
        ("navigation", "Details"),
        (
            "call-to-action",
            "If you would like to join us, sign up to attend our webinar on 21 June 2022 here.",
        ),
        ("navigation", "Share this page"),
    ]
    intro = "Some intro text that is long enough to be a real paragraph of the article."
    assert layout.text == f"The plan\n\n{intro}\n"
    extracted = clean_source(_source(tmp_path, "b.txt", RAW, ""), set())[0].text
    assert all(extracted[r.start : r.end] == r.text for r in removals)


def test_repeated_paragraphs_count_only_within_one_publisher(tmp_path: Path) -> None:
    a = _source(tmp_path, "a.txt", f"Alpha text about collaboratives.\n\n{FIRM}\n", "web-capture")
    b = _source(tmp_path, "b.txt", f"Beta text about boards.\n\n{FIRM}\n", "web-capture")
    c = _source(tmp_path, "c.txt", f"Gamma text.\n\n{FIRM}\n", "web-capture", publisher="Q")
    repeats = publisher_repeats([a, b, c])
    assert clean_source(a, repeats["P"])[0].text == "Alpha text about collaboratives.\n"
    assert clean_source(c, repeats["Q"])[0].text.endswith(FIRM + "\n")
    (removal,) = clean_source(b, repeats["P"])[1]
    assert removal.rule == "repeated-by-publisher"


def test_the_rules_name_no_document() -> None:
    (piece,) = text_pieces("Hear from the author of the review")
    assert removal_rule(piece, "web-capture", set()) is None


def test_unknown_profile_is_a_manifest_error(tmp_path: Path) -> None:
    (tmp_path / "manifest.yaml").write_text(
        "documents:\n  - {id: a, file: a.txt, title: A, clean: scrub-everything}\n",
        encoding="utf-8",
    )
    with pytest.raises(ManifestError, match="scrub-everything"):
        read_manifest(tmp_path)


def test_the_main_corpus_is_cleaned_as_web_captures() -> None:
    sources, _ = collect_sources([CORPUS], [])
    assert {s.meta.clean for s in sources} == {"web-capture"}
    repeats = publisher_repeats(sources)
    removed = {s.meta.id: clean_source(s, repeats.get(s.meta.publisher, set()))[1] for s in sources}
    rules = {r.rule for found in removed.values() for r in found}
    assert rules == {"navigation", "call-to-action", "repeated-by-publisher"}
    firm = [r for found in removed.values() for r in found if r.rule == "repeated-by-publisher"]
    assert len(firm) == 8  # the law firm's four paragraphs, in each of its two articles
