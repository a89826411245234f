"""The source viewer shows a cited span in its structure: section path, PDF page, the list it is
an item of (lead-in and sibling items, as a list), the span highlighted; axe finds nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from assistant.settings import Settings
from index.embedder import Embedder
from ingest.pipeline import run_ingest
from tests.conftest import PROJECT_ROOT, StartServer, make_settings
from tests.eval.conftest import corpus2_index  # noqa: F401 - fixture
from tests.web.conftest import axe_violations

pytestmark = pytest.mark.browser
Doc = dict[str, Any]


@dataclass
class Viewer:
    """The second collection served over HTTP, its documents as the viewer receives them."""

    url: str
    documents: list[Doc]

    def open(self, page: Page, doc: Doc, start: int, end: int) -> None:
        """Open the viewer at a span, as a link from a citation elsewhere does."""
        page.goto("about:blank")  # a new fragment alone would not load the page again
        page.goto(f"{self.url}/?doc={doc['doc_id']}#{start}-{end}")
        expect(page.locator("#viewer-context")).to_be_visible()

    def find(self, suffix: str, pick: Callable[[Doc], Any]) -> tuple[Doc, Any]:
        """The first document of a format for which `pick` finds something, and that thing."""
        for doc in self.documents:
            if doc["source_file"].endswith(suffix) and (found := pick(doc)) is not None:
                return doc, found
        raise AssertionError(f"nothing of that kind in the {suffix} documents")


@pytest.fixture
def viewer(
    page: Page,
    corpus2_index: Settings,  # noqa: F811 - the fixture imported above
    start_server: StartServer,
) -> Iterator[Viewer]:
    server = start_server(corpus2_index, AUTH="off")
    listed = page.request.get(f"{server.url}/api/documents").json()
    yield Viewer(
        server.url,
        [page.request.get(f"{server.url}/api/documents/{d['doc_id']}").json() for d in listed],
    )


def _item_of_list_with_lead_in(doc: Doc) -> int | None:
    blocks = doc["blocks"]
    return next(
        (
            i
            for i, b in enumerate(blocks)
            if b["kind"] == "item" and b["parent"] is not None and blocks[b["parent"]]["lead_in"]
        ),
        None,
    )


def _paragraph_introducing_nothing(doc: Doc) -> Doc | None:
    lead_ins = [b["lead_in"] for b in doc["blocks"] if b["lead_in"]]
    return next(
        (
            b
            for b in doc["blocks"]
            if b["kind"] == "paragraph"
            and b["section"]
            and not any(b["start"] < end and start < b["end"] for start, end in lead_ins)
        ),
        None,
    )


def _paragraph_ending_in_a_lead_in(doc: Doc) -> tuple[Doc, int] | None:
    blocks = doc["blocks"]
    return next(
        (
            (p, i)
            for i, b in enumerate(blocks)
            if b["lead_in"]
            for p in blocks
            if p["kind"] == "paragraph"
            and p["start"] < b["lead_in"][0]
            and p["end"] >= b["lead_in"][1]
        ),
        None,
    )


def _items_of(doc: Doc, list_index: int) -> list[Doc]:
    return [b for b in doc["blocks"] if b["kind"] == "item" and b["parent"] == list_index]


def test_a_cited_list_item_is_shown_in_its_list_with_section_and_page(
    page: Page, viewer: Viewer, tmp_path: Path
) -> None:
    doc, index = viewer.find(".pdf", _item_of_list_with_lead_in)
    blocks, text = doc["blocks"], doc["text"]
    item = blocks[index]
    lead_start, lead_end = blocks[item["parent"]]["lead_in"]
    viewer.open(page, doc, item["start"], item["end"])
    path = page.locator("#viewer-path")
    expect(path).to_contain_text(item["section"].split(" > ")[-1])
    expect(path).to_contain_text(f"page {item['page']}")
    shown = page.locator("#viewer-blocks > .ra-context__list > li")
    expect(shown).to_have_count(len(_items_of(doc, item["parent"])))  # the whole list, as a list
    expect(page.locator("#viewer-blocks .ra-context__lead")).to_have_text(text[lead_start:lead_end])
    marks = page.locator("#viewer-blocks mark")
    expect(marks).to_have_count(1)  # only the cited item is highlighted
    expect(marks).to_have_text(text[item["start"] : item["end"]])
    expect(page.locator("#viewer-blocks li", has=page.locator("mark"))).to_have_count(1)
    expect(page.locator("#viewer-quote")).to_have_text(text[item["start"] : item["end"]])
    assert axe_violations(page) == []
    page.locator("#viewer").screenshot(path=str(tmp_path / "viewer-list-context.png"))


def test_a_paragraph_citation_shows_its_paragraph_with_the_cited_part_marked(
    page: Page, viewer: Viewer
) -> None:
    doc, paragraph = viewer.find(".md", _paragraph_introducing_nothing)
    start, end = paragraph["start"] + 1, paragraph["end"] - 1  # the rest stays unmarked
    viewer.open(page, doc, start, end)
    expect(page.locator("#viewer-path")).to_have_text(
        "Section: " + paragraph["section"].replace(" > ", " › ")
    )
    blocks = page.locator("#viewer-blocks > p")
    expect(blocks).to_have_count(1)
    expect(blocks).to_have_text(doc["text"][paragraph["start"] : paragraph["end"]])
    expect(blocks.locator("mark")).to_have_text(doc["text"][start:end])
    assert axe_violations(page) == []


def test_a_paragraph_ending_in_a_lead_in_is_shown_with_its_list_once(
    page: Page, viewer: Viewer
) -> None:
    doc, (paragraph, list_index) = viewer.find("", _paragraph_ending_in_a_lead_in)
    lead_start, lead_end = doc["blocks"][list_index]["lead_in"]
    viewer.open(page, doc, paragraph["start"], paragraph["end"])
    expect(page.locator("#viewer-blocks > p")).to_have_count(1)  # the paragraph, lead-in in it
    expect(page.locator("#viewer-blocks > .ra-context__list > li")).to_have_count(
        len(_items_of(doc, list_index))
    )
    shown = page.locator("#viewer-blocks").inner_text()
    assert shown.count(doc["text"][lead_start:lead_end]) == 1
    assert axe_violations(page) == []


def test_a_table_and_a_numbered_list_keep_their_shape(
    page: Page, embedder: Embedder, start_server: StartServer, tmp_path: Path
) -> None:
    fixtures = PROJECT_ROOT / "tests" / "fixtures" / "formats"
    settings = make_settings(tmp_path / "data", fixtures)
    run_ingest([fixtures / "sample.docx"], settings, embedder=embedder)
    server = start_server(settings, AUTH="off")
    [summary] = page.request.get(f"{server.url}/api/documents").json()
    doc = page.request.get(f"{server.url}/api/documents/{summary['doc_id']}").json()
    viewer = Viewer(server.url, [doc])
    table = next(b for b in doc["blocks"] if b["kind"] == "table")
    viewer.open(page, doc, table["start"], table["end"])
    cells = page.locator("#viewer-blocks table tr")
    expect(cells).to_have_count(2)
    expect(cells.nth(1).locator("td")).to_have_text(["Budget", "£5m"])
    chair = "Appoint a chair."
    item = next(b for b in doc["blocks"] if doc["text"][b["start"] : b["end"]] == chair)
    viewer.open(page, doc, item["start"], item["end"])
    items = page.locator("#viewer-blocks > ul > li")
    expect(items).to_have_text(["1. Approve the budget.", "2. Appoint a chair.", "Consult staff."])
    expect(items.locator(".ra-context__marker")).to_have_count(2)  # the third is a bullet
    expect(items.nth(1).locator("mark")).to_have_text(chair)
    assert axe_violations(page) == []
