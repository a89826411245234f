"""Conversations in the browser: their own addresses, the history list, dialogs and export."""

from __future__ import annotations

import io
import re

import pytest
from docx import Document
from playwright.sync_api import Page, expect

from tests.web.conftest import WebApp, ask, axe_violations, sign_in

pytestmark = pytest.mark.browser
CONVERSATION_URL = re.compile(r"/c/[0-9a-f]{32}$")


def test_each_conversation_has_its_own_address(page: Page, web_app: WebApp) -> None:
    sign_in(page, web_app)
    page.click("#new-conversation")
    ask(page, "What is the role of the CQC?")
    expect(page).to_have_url(CONVERSATION_URL)
    address = page.url
    current = page.locator(".ra-conversation__open[aria-current=page]")
    expect(current).to_have_text("What is the role of the CQC?")
    expect(current).to_have_attribute("href", address.removeprefix(web_app.server.url))

    page.reload()  # the address opens the conversation again
    expect(page.locator(".ra-answer")).to_have_count(1)
    expect(page.locator(".ra-answer").first).to_contain_text("CQC")
    expect(current).to_have_text("What is the role of the CQC?")
    expect(page).to_have_title("What is the role of the CQC? — Review Assistant")

    page.click("#new-conversation")
    expect(page).to_have_url(f"{web_app.server.url}/")
    expect(page.locator(".ra-answer")).to_have_count(0)
    expect(current).to_have_count(0)
    page.go_back()
    expect(page).to_have_url(address)
    expect(page.locator(".ra-answer").first).to_contain_text("CQC")
    expect(current).to_have_text("What is the role of the CQC?")
    page.go_forward()
    expect(page.locator(".ra-answer")).to_have_count(0)

    page.goto(f"{web_app.server.url}/c/{'0' * 32}")  # not this person's (or no) conversation
    expect(page.locator(".ra-notice--warning")).to_contain_text("not found")
    expect(page).to_have_url(f"{web_app.server.url}/")


def test_one_tab_stop_per_conversation_and_actions_in_a_menu(page: Page, web_app: WebApp) -> None:
    sign_in(page, web_app)
    for question in ("What is a place-based partnership?", "What is the role of the CQC?"):
        page.click("#new-conversation")
        ask(page, question)
    current = page.locator(".ra-conversation__open[aria-current=page]")
    expect(current).to_have_text("What is the role of the CQC?")  # the list is up to date
    page.focus("#new-conversation")
    page.keyboard.press("Tab")
    first = page.locator(".ra-conversation__open").nth(0)
    expect(first).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator(".ra-conversation__open").nth(1)).to_be_focused()  # no buttons between

    page.keyboard.press("Shift+Tab")
    page.keyboard.press("ArrowRight")
    rename = page.get_by_role("button", name=re.compile("^Rename “What is the role of the CQC"))
    expect(rename).to_be_focused()
    assert axe_violations(page) == []
    page.keyboard.press("Escape")
    expect(first).to_be_focused()


def test_rename_and_delete_in_dialogs(page: Page, web_app: WebApp) -> None:
    sign_in(page, web_app)
    page.click("#new-conversation")
    ask(page, "Who should the CQC report to?")
    link = page.locator(".ra-conversation__open", has_text="Who should the CQC report to?")
    link.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")  # Rename
    dialog = page.locator("#rename-dialog")
    expect(dialog).to_be_visible()
    expect(page.locator("#rename-input")).to_be_focused()
    page.fill("#rename-input", "   ")
    page.keyboard.press("Enter")
    expect(page.locator("#rename-error-summary")).to_be_focused()
    expect(page.locator("#rename-input")).to_have_attribute("aria-describedby", "rename-error")
    assert axe_violations(page) == []
    page.fill("#rename-input", "CQC for the board")
    page.keyboard.press("Enter")
    expect(dialog).to_be_hidden()
    renamed = page.locator(".ra-conversation__open", has_text="CQC for the board")
    expect(renamed).to_be_focused()  # focus goes back to the conversation
    expect(page).to_have_title("CQC for the board — Review Assistant")

    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")  # Delete
    confirm = page.locator("#delete-dialog")
    expect(confirm).to_contain_text("“CQC for the board”")
    expect(confirm.get_by_role("button", name="Cancel")).to_be_focused()  # the safe choice
    assert axe_violations(page) == []
    page.keyboard.press("Escape")
    expect(confirm).to_be_hidden()
    expect(renamed).to_be_focused()
    renamed.locator("xpath=..").get_by_role("button", name=re.compile("^Actions")).click()
    page.get_by_role("button", name="Delete “CQC for the board”").click()
    confirm.get_by_role("button", name="Delete conversation").click()
    expect(renamed).to_have_count(0)
    expect(page).to_have_url(f"{web_app.server.url}/")  # the open conversation is gone
    expect(page.locator(".ra-answer")).to_have_count(0)


def docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


def test_export_a_conversation_and_a_single_answer(page: Page, web_app: WebApp) -> None:
    sign_in(page, web_app)
    page.click("#new-conversation")
    ask(page, "What are HARPs?")
    ask(page, "When should HARPs start to operate?")
    answer = page.locator(".ra-answer").last
    answer.get_by_role("button", name="Export this answer").click()
    assert axe_violations(page) == []
    with page.expect_download() as info:
        answer.get_by_role("link", name="Word document (.docx)").click()
    assert info.value.suggested_filename.endswith(".docx")
    one_answer = docx_text(info.value.path().read_bytes())
    assert "When should HARPs start to operate?" in one_answer
    assert one_answer.count("What are HARPs?") == 1  # the paper's title, not a second question

    current = page.locator(".ra-conversation__open[aria-current=page]")
    current.focus()
    page.keyboard.press("ArrowRight")
    with page.expect_download() as info:
        page.get_by_role("link", name="Export as Word (.docx)").first.click()
    whole = docx_text(info.value.path().read_bytes())
    assert whole.count("What are HARPs?") == 2  # title and first question
    assert "When should HARPs start to operate?" in whole

    page.get_by_role("button", name="Export conversation").click()
    with page.expect_download() as info:
        page.locator("#conversation-tools").get_by_role("link", name="PDF").click()
    assert info.value.path().read_bytes().startswith(b"%PDF")
    assert info.value.suggested_filename.endswith(".pdf")
