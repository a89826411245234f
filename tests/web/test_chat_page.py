"""The web chat in a real browser (Debian's Chromium) against a real server with sign-in on."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from assistant.db import make_engine
from assistant.feedback import export_feedback
from assistant.settings import PROJECT_ROOT
from tests.web.conftest import WebApp, ask, sign_in

pytestmark = pytest.mark.browser
AXE = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"


def axe_violations(page: Page) -> list[dict[str, object]]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => (await axe.run(document)).violations")
    return [{"id": v["id"], "nodes": [n["target"] for n in v["nodes"]]} for v in result]


def test_sign_in_rejects_a_wrong_password(page: Page, web_app: WebApp) -> None:
    page.goto(web_app.server.url)
    expect(page.locator("#signin")).to_be_visible()
    assert axe_violations(page) == []
    page.fill("#email", "chair@example.nhs.uk")
    page.fill("#password", "not the password")
    page.click("#signin-form button[type=submit]")
    expect(page.locator("#signin-error")).to_have_text(
        re.compile("wrong e-mail address or password")
    )
    expect(page.locator("#app")).to_be_hidden()


def test_ask_read_sources_and_open_the_cited_passage(page: Page, web_app: WebApp) -> None:
    sign_in(page, web_app)
    expect(page.locator("#document-list li")).to_have_count(5)
    ask(page, "What are HARPs?")
    answer = page.locator(".ra-answer").last
    expect(answer).to_contain_text("High Accountability and Responsibility Partnerships")
    expect(answer.locator(".ra-sources li").first).to_contain_text("NHS Confederation")
    expect(page.locator("#status")).to_have_text("Answer ready.")
    assert axe_violations(page) == []
    answer.locator(".ra-cite").first.click()
    quote = page.locator("#viewer-quote")
    expect(quote).to_be_visible()
    expect(quote).to_contain_text("HARPs")
    expect(page.locator("#viewer-text")).to_contain_text("NHS England")  # context around it
    assert axe_violations(page) == []
    page.click("#viewer-close")
    expect(page.locator("#viewer")).to_be_hidden()


def test_declines_are_plain(page: Page, web_app: WebApp) -> None:
    sign_in(page, web_app)
    ask(page, "Why did the review recommend abolishing ICBs?")
    answer = page.locator(".ra-answer").last
    expect(answer.locator(".ra-notice--declined")).to_have_text(
        "Declined: not covered by the review material"
    )
    expect(answer).to_contain_text("The closest passages I found were")
    expect(answer.locator(".ra-sources")).to_have_count(0)


def test_markdown_is_never_trusted_as_html(page: Page, web_app: WebApp) -> None:
    sign_in(page, web_app)
    ask(page, "<img src=x onerror=\"document.body.dataset.hacked='1'\"> What are HARPs?")
    assert page.evaluate("document.body.dataset.hacked") is None
    assert page.locator(".ra-log img").count() == 0


def test_feedback_is_stored(page: Page, web_app: WebApp) -> None:
    sign_in(page, web_app)
    ask(page, "What did NHS Providers say about national targets?")
    answer = page.locator(".ra-answer").last
    answer.locator(".ra-feedback__comment").fill("Useful for the board paper")
    answer.get_by_role("button", name="Not helpful").click()
    expect(answer.locator(".ra-feedback__result")).to_have_text(re.compile("recorded"))
    engine = make_engine(web_app.database_url)
    records = export_feedback(engine)
    engine.dispose()
    assert any(
        r["rating"] == "down" and r["comment"] == "Useful for the board paper"
        and "national targets" in r["question"]
        for r in records
    )  # fmt: skip


def test_history_survives_a_reload_and_can_be_renamed_and_deleted(
    page: Page, web_app: WebApp
) -> None:
    sign_in(page, web_app)
    page.click("#new-conversation")
    ask(page, "What is the role of the CQC?")
    page.reload()
    page.wait_for_selector("#app:not([hidden])")
    item = page.locator(".ra-conversation", has_text="What is the role of the CQC?").first
    item.locator(".ra-conversation__open").click()
    expect(page.locator(".ra-answer").first).to_contain_text("CQC")
    page.once("dialog", lambda dialog: dialog.accept("CQC for the board"))
    item.get_by_role("button", name=re.compile("Rename")).click()
    renamed = page.locator(".ra-conversation", has_text="CQC for the board")
    expect(renamed).to_have_count(1)
    page.once("dialog", lambda dialog: dialog.accept())
    renamed.get_by_role("button", name=re.compile("Delete")).click()
    expect(page.locator(".ra-conversation", has_text="CQC for the board")).to_have_count(0)


def test_keyboard_only(page: Page, web_app: WebApp) -> None:
    page.goto(web_app.server.url)
    expect(page.locator("#email")).to_be_focused()  # the sign-in form takes focus
    page.keyboard.type("chair@example.nhs.uk")
    page.keyboard.press("Tab")
    page.keyboard.type("board meeting tuesday")
    page.keyboard.press("Enter")
    expect(page.locator("#question")).to_be_focused()
    page.keyboard.type("When should HARPs start to operate?")
    page.keyboard.press("Enter")
    answer = page.locator(".ra-answer").last
    expect(answer).to_be_focused()  # focus moves to the answer when it arrives
    expect(answer).to_contain_text("April 2024")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_class("ra-cite")
    page.keyboard.press("Enter")
    expect(page.locator("#viewer-quote")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator("#viewer")).to_be_hidden()
    expect(page.locator(":focus")).to_have_class("ra-cite")  # focus returns to the citation


def test_phone_layout(page: Page, web_app: WebApp, tmp_path: Path) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, web_app)
    ask(page, "What are HARPs?")
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= 390, f"page scrolls sideways on a phone ({width}px)"
    expect(page.locator("#question")).to_be_visible()
    assert axe_violations(page) == []
    page.screenshot(path=str(tmp_path / "phone.png"))


def test_links_from_slack_open_the_passage(page: Page, web_app: WebApp) -> None:
    sign_in(page, web_app)
    detail = page.evaluate("fetch('/api/documents/ggi-response').then(r => r.json())")
    start = detail["text"].index("The Hewitt Review invited input on 11 questions")
    page.goto(f"{web_app.server.url}/?doc=ggi-response#{start}-{start + 47}")
    quote = page.locator("#viewer-quote")
    expect(quote).to_have_text("The Hewitt Review invited input on 11 questions")
    expect(page.locator("#viewer-title")).to_have_text(
        "The future of integrated care: GGI reflects on the Hewitt Review"
    )


def test_copy_answer_with_sources_and_continue_a_reopened_conversation(
    page: Page, web_app: WebApp
) -> None:
    sign_in(page, web_app)
    page.click("#new-conversation")
    ask(page, "What are HARPs?")
    answer = page.locator(".ra-answer").last
    answer.get_by_role("button", name="Copy answer with sources").click()
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert "<" not in copied  # plain text, not HTML
    assert re.search(r"\[1\]", copied)
    assert re.search(r"Sources:\n\[1\] .+NHS Confederation.+: “.+”", copied)
    page.reload()
    page.wait_for_selector("#app:not([hidden])")
    conversations = page.locator(".ra-conversation")
    before = conversations.count()
    conversations.first.locator(".ra-conversation__open").click()  # most recent first
    expect(page.locator(".ra-answer")).to_have_count(1)
    ask(page, "When would they start?")
    expect(page.locator(".ra-answer")).to_have_count(2)
    page.reload()
    page.wait_for_selector("#app:not([hidden])")
    expect(conversations).to_have_count(before)  # continued, not a new conversation
    conversations.first.locator(".ra-conversation__open").click()
    expect(page.locator(".ra-answer")).to_have_count(2)
