"""The same page over the second collection (Markdown, HTML, PDF, DOCX): its own subject line and
example questions, and citations of a PDF that give the page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from assistant.settings import Settings
from eval.corpora import CORPUS_DIRS
from ingest.manifest import read_manifest
from tests.conftest import StartServer
from tests.eval.conftest import corpus2_index  # noqa: F401 - fixture
from tests.web.conftest import ask, axe_violations

pytestmark = pytest.mark.browser


def test_a_second_collection_brings_its_own_subject_and_pdf_pages(
    page: Page,
    corpus2_index: Settings,  # noqa: F811 - the fixture imported above
    start_server: StartServer,
) -> None:
    collection = read_manifest(CORPUS_DIRS["corpus-2"]).collection
    assert collection is not None
    server = start_server(corpus2_index, AUTH="off")
    page.goto(server.url)
    expect(page.locator("#chat-title")).to_have_text(f"Ask about {collection.subject}")
    expect(page.locator(".ra-starter")).to_have_text(collection.example_questions)
    ask(page, "What is the longest break clause the Technology Code of Practice recommends?")
    source = page.locator(".ra-answer").last.locator(".ra-sources li", has_text="Technology Code")
    expect(source.first).to_contain_text(re.compile(r", page \d+"))
    assert axe_violations(page) == []
    source.first.get_by_role("button").first.click()
    expect(page.locator("#viewer-meta")).to_contain_text(re.compile(r", page \d+"))
    expect(page.locator("#viewer-title")).to_have_text("Technology Code of Practice")
    expect(page.locator("#viewer-quote")).to_be_visible()
