"""The second corpus ingested once per session, for evaluation runs over both corpora."""

from __future__ import annotations

import pytest

from assistant.settings import Settings
from eval.corpora import CORPUS_DIRS
from index.embedder import Embedder
from ingest.pipeline import run_ingest
from tests.conftest import make_settings


@pytest.fixture(scope="session")
def corpus2_index(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Settings:
    """corpus-2 (Markdown, HTML, PDF, DOCX) ingested into a session-wide temporary data dir."""
    settings = make_settings(tmp_path_factory.mktemp("corpus-2-index"), CORPUS_DIRS["corpus-2"])
    run_ingest(None, settings, embedder=embedder)
    return settings
