"""Ingest and the layers below it know no collection: no publisher, title, subject, example
question or glossary term of either corpus's manifest appears in their code (issue #10, point 7).
"""

from __future__ import annotations

import re
from pathlib import Path

from ingest.manifest import read_manifest
from tests.conftest import PROJECT_ROOT

LAYERS = ("nlp", "index", "ingest")


def _vocabulary(folder: Path) -> set[str]:
    manifest = read_manifest(folder)
    words = {d.publisher for d in manifest.documents} | {d.title for d in manifest.documents}
    words |= {d.author or "" for d in manifest.documents}
    if manifest.collection is not None:
        info = manifest.collection
        words |= {info.name, info.subject, *info.example_questions, *info.glossary}
    return {w for w in words if w}


def test_no_collection_is_named_in_ingest_or_below() -> None:
    vocabulary = _vocabulary(PROJECT_ROOT / "corpus") | _vocabulary(PROJECT_ROOT / "corpus-2")
    assert len(vocabulary) > 20  # both manifests were read
    files = [p for layer in LAYERS for p in (PROJECT_ROOT / layer).rglob("*.py")]
    assert files
    found = [
        f"{path.relative_to(PROJECT_ROOT)}: {word}"
        for path in files
        for word in vocabulary
        if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", path.read_text(encoding="utf-8"), re.I)
    ]
    assert found == []
