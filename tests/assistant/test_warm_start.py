"""A worker loads its parser and freezes its start-up heap before serving; stopping thaws it."""

from __future__ import annotations

import gc
from pathlib import Path

from fastapi.testclient import TestClient

from assistant.app import create_app
from assistant.warm_start import load_models_and_freeze, thaw
from nlp.spacy_pipeline import _load
from tests.conftest import make_settings


def test_freezes_the_heap_with_the_parser_loaded() -> None:
    try:
        frozen = load_models_and_freeze()
        assert _load.cache_info().currsize == 1  # the pipeline is loaded
        assert frozen == gc.get_freeze_count()
        assert frozen > 10_000  # the parser's and the modules' objects, not a handful
    finally:
        thaw()
    assert gc.get_freeze_count() == 0


def test_an_app_freezes_while_it_serves_and_thaws_when_it_stops(tmp_path: Path) -> None:
    with TestClient(create_app(make_settings(tmp_path))):
        assert gc.get_freeze_count() > 10_000
    assert gc.get_freeze_count() == 0
