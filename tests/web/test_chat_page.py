"""The web chat in a real browser (Debian's Chromium) against a real server with sign-in on."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from assistant.db import make_engine
from assistant.feedback import export_feedback
from ingest.manifest import read_manifest
from tests.conftest import CORPUS
from tests.web.conftest import WebApp, ask, axe_violations, sign_in

pytestmark = pytest.mark.browser


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


def test_subject_and_example_questions_come_from_the_collection(
    page: Page, web_app: WebApp
) -> None:
    collection = read_manifest(CORPUS).collection
    assert collection is not None and collection.example_questions
    sign_in(page, web_app)
    page.click("#new-conversation")
    expect(page.locator("#chat-title")).to_have_text(f"Ask about {collection.subject}")
    expect(page.locator("#tagline")).to_contain_text(collection.name)
    expect(page.locator(".ra-starter")).to_have_text(collection.example_questions)
    page.locator(".ra-starter").first.click()
    expect(page.locator(".ra-question")).to_have_text([collection.example_questions[0]])
    expect(page.locator(".ra-answer[aria-busy=false]")).to_have_count(1, timeout=60_000)


def test_ask_read_sources_and_open_the_cited_passage(page: Page, web_app: WebApp) -> None:
    sign_in(page, web_app)
    expect(page.locator("#document-list li")).to_have_count(5)
    ask(page, "What are HARPs?")
    answer = page.locator(".ra-answer").last
    expect(answer).to_contain_text("High Accountability and Responsibility Partnerships")
    first_source = answer.locator(".ra-sources li").first
    expect(first_source).to_contain_text("NHS Confederation")
    expect(first_source).to_contain_text("section “")  # citations name their section
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


def test_the_document_guide_is_reachable_from_a_source(page: Page, web_app: WebApp) -> None:
    sign_in(page, web_app)
    page.click("#new-conversation")
    ask(page, "What are HARPs?")
    answer = page.locator(".ra-answer").last
    source = answer.locator(".ra-sources li").first
    source.get_by_role("button", name=re.compile("^Document guide")).click()
    guide = page.locator("#viewer-guide")
    expect(guide).to_be_focused()
    expect(guide.get_by_role("heading", name="Summary")).to_be_visible()
    expect(page.locator("#viewer-text")).to_contain_text("HARPs")  # the text beside it
    assert axe_violations(page) == []
    first = guide.locator(".ra-guide__quote").first
    quoted = first.inner_text()
    first.click()
    expect(page.locator("#viewer-quote")).to_have_text(quoted)  # a guide line opens its span
    suggestions = guide.locator(".ra-guide__ask")
    expect(suggestions.first).to_be_visible()
    suggestion = suggestions.first.inner_text()
    suggestions.first.click()
    expect(page.locator("#viewer")).to_be_hidden()
    expect(page.locator(".ra-question").last).to_have_text(suggestion)
    expect(page.locator(".ra-answer[aria-busy=false]")).to_have_count(2, timeout=60_000)


def test_an_empty_question_gets_an_error_summary(page: Page, web_app: WebApp) -> None:
    sign_in(page, web_app)
    page.click("#new-conversation")
    page.click("#send")
    summary = page.locator("#ask-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_text("Enter your question")
    expect(page.locator("#question")).to_have_attribute("aria-describedby", "ask-error")
    expect(page.locator(".ra-exchange")).to_have_count(0)
    assert axe_violations(page) == []
    summary.get_by_role("link").click()
    expect(page.locator("#question")).to_be_focused()
    ask(page, "What are HARPs?")
    expect(summary).to_be_hidden()


def test_a_decline_shows_its_closest_passages_with_their_text(page: Page, web_app: WebApp) -> None:
    sign_in(page, web_app)
    ask(page, "What will happen to ICSs in Scotland?")
    answer = page.locator(".ra-answer").last
    expect(answer.locator(".ra-notice--declined")).to_have_text(
        "Declined: not covered by the documents"
    )
    expect(answer.locator(".ra-sources")).to_have_count(0)
    passages = answer.locator(".ra-nearest li")
    expect(passages.first).to_be_visible()
    text = passages.first.locator(".ra-nearest__text").inner_text()
    assert len(text) > 40  # the passage itself, not a bare section name
    assert answer.inner_text().count(text) == 1  # shown once, not also in the answer text
    assert axe_violations(page) == []
    passages.first.get_by_role("button", name=re.compile("^Open this passage")).click()
    expect(page.locator("#viewer-quote")).to_have_text(text)


def test_a_rewritten_follow_up_shows_what_was_searched_for(page: Page, web_app: WebApp) -> None:
    sign_in(page, web_app)
    page.click("#new-conversation")
    ask(page, "What are HARPs?")
    expect(page.locator(".ra-answer").last.locator(".ra-searched")).to_have_count(0)
    ask(page, "When would they start?")
    searched = page.locator(".ra-answer").last.locator(".ra-searched")
    expect(searched).to_contain_text("Searched for:")
    expect(searched).to_contain_text("HARPs")


def test_markdown_is_never_trusted_as_html(page: Page, web_app: WebApp) -> None:
    sign_in(page, web_app)
    ask(page, "<img src=x onerror=\"document.body.dataset.hacked='1'\"> What are HARPs?")
    assert page.evaluate("document.body.dataset.hacked") is None
    assert page.locator(".ra-log img").count() == 0


def feedback_on(web_app: WebApp, question: str) -> list[dict[str, object]]:
    engine = make_engine(web_app.database_url)
    records = export_feedback(engine)
    engine.dispose()
    return [r for r in records if r["question"] == question]


def test_feedback_comment_is_kept_in_either_order(page: Page, web_app: WebApp) -> None:
    sign_in(page, web_app)
    page.click("#new-conversation")
    first, second = "What did NHS Providers say about national targets?", "What are HARPs?"
    ask(page, first)
    answer = page.locator(".ra-answer").last
    answer.locator(".ra-feedback__comment").fill("Useful for the board paper")
    answer.get_by_role("button", name="Not helpful").click()
    expect(answer.locator(".ra-feedback__result")).to_have_text(re.compile("recorded"))
    answer.get_by_role("button", name="Helpful", exact=True).click()  # a change of mind
    expect(answer.get_by_role("button", name="Helpful", exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )
    ask(page, second)
    answer = page.locator(".ra-answer").last
    answer.get_by_role("button", name="Not helpful").click()
    expect(answer.locator(".ra-feedback__result")).to_contain_text("You can add a comment")
    answer.locator(".ra-feedback__comment").fill("Missing the dates")
    answer.get_by_role("button", name="Save comment").click()
    expect(answer.locator(".ra-feedback__result")).to_have_text("Your comment was recorded.")
    records = feedback_on(web_app, first)
    assert [(r["rating"], r["comment"]) for r in records] == [("up", "Useful for the board paper")]
    records = feedback_on(web_app, second)
    assert [(r["rating"], r["comment"]) for r in records] == [("down", "Missing the dates")]


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
    expect(answer).to_be_focused(timeout=60_000)  # focus moves to the answer when it arrives
    expect(answer).to_contain_text("April 2024")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_class("ra-cite")
    page.keyboard.press("Enter")
    expect(page.locator("#viewer-quote")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator("#viewer")).to_be_hidden()
    expect(page.locator(":focus")).to_have_class("ra-cite")  # focus returns to the citation


def document_top(page: Page, selector: str) -> float:
    top: float = page.evaluate(
        "s => document.querySelector(s).getBoundingClientRect().top + window.scrollY", selector
    )
    return top


def test_phone_layout(page: Page, web_app: WebApp, tmp_path: Path) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, web_app)
    page.click("#new-conversation")
    ask(page, "What are HARPs?")
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= 390, f"page scrolls sideways on a phone ({width}px)"
    exchange = page.locator(".ra-exchange").last.bounding_box()
    assert exchange is not None and -2 <= exchange["y"] < 100  # the start of the new answer
    box = page.locator("#ask-form").bounding_box()
    assert box is not None and box["height"] <= 0.12 * 844, f"question box {box}"
    assert box["y"] + box["height"] <= 844  # sticky: on screen while reading
    expect(page.locator("#question")).to_be_visible()
    assert axe_violations(page) == []
    for control in ("#history-toggle", "#new-conversation"):
        assert document_top(page, control) < 200, f"{control} is not at the top"
    page.evaluate("window.scrollTo(0, 0)")
    expect(page.locator("#conversation-list")).to_be_hidden()
    page.click("#history-toggle")
    expect(page.locator("#history-toggle")).to_have_attribute("aria-expanded", "true")
    current = page.locator(".ra-conversation__open[aria-current=page]")
    expect(current).to_have_text("What are HARPs?")
    expect(current).to_be_focused()
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


def test_copy_answer_with_sources(page: Page, web_app: WebApp) -> None:
    sign_in(page, web_app)
    page.click("#new-conversation")
    ask(page, "What are HARPs?")
    answer = page.locator(".ra-answer").last
    answer.get_by_role("button", name="Copy answer with sources").click()
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert "<" not in copied  # plain text, not HTML
    assert re.search(r"\[1\]", copied)
    assert re.search(r"Sources:\n\[1\] .+NHS Confederation.+: “.+”", copied)
