"""A small ingested corpus (one briefing) for the scale-out tests: servers start fast over it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.settings import Settings
from index.embedder import Embedder
from ingest.pipeline import run_ingest
from tests.conftest import CORPUS, make_settings

BRIEFING = "2023-04-04-nhs-confederation-hewitt-review-what-you-need-to-know.txt"


def small_corpus(folder: Path) -> Path:
    """A corpus folder holding one briefing and the manifest that describes it."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in (BRIEFING, "manifest.yaml"):
        shutil.copy(CORPUS / name, folder / name)
    return folder


@pytest.fixture(scope="session")
def small_index(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Settings:
    """The briefing ingested once into a session-wide data directory (embedded default)."""
    root = tmp_path_factory.mktemp("small-index")
    settings = make_settings(root / "data", small_corpus(root / "corpus"))
    run_ingest(None, settings, embedder=embedder)
    return settings
