"""A signed-in-capable server and Debian's Chromium driven by Playwright."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from playwright.sync_api import Browser, Dialog, Page, expect, sync_playwright

from assistant.auth.users import add_user
from assistant.db import make_engine
from assistant.settings import PROJECT_ROOT, Settings
from tests.conftest import LiveServer, StartServer

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
AXE = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
ANSWER_TIMEOUT_MS = 60_000  # a cold first answer on a shared two-core machine
EMAIL = "chair@example.nhs.uk"
PASSWORD = "board meeting tuesday"


@dataclass
class WebApp:
    server: LiveServer
    database_url: str


@pytest.fixture(scope="session")
def web_app(
    corpus_index: Settings, start_server: StartServer, tmp_path_factory: pytest.TempPathFactory
) -> WebApp:
    url = f"sqlite:///{tmp_path_factory.mktemp('web') / 'app.db'}"
    engine = make_engine(url)
    add_user(engine, EMAIL, "Board Chair", PASSWORD)
    engine.dispose()
    server = start_server(
        corpus_index, AUTH="on", SESSION_SECRET="browser-test-secret-" + "x" * 32, DATABASE_URL=url
    )
    return WebApp(server, url)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(  # anything the Content-Security-Policy refuses is a failure too
        "console",
        lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None,
    )

    def native_dialog(dialog: Dialog) -> None:  # prompt/confirm/alert are not used
        errors.append(f"browser dialog: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", native_dialog)
    yield page
    context.close()
    assert errors == [], f"JavaScript errors or browser dialogs: {errors}"


def sign_in(page: Page, web_app: WebApp) -> None:
    page.goto(web_app.server.url)
    page.fill("#email", EMAIL)
    page.fill("#password", PASSWORD)
    page.click("#signin-form button[type=submit]")
    page.wait_for_selector("#app:not([hidden])")


def ask(page: Page, question: str) -> None:
    answered = page.locator(".ra-answer[aria-busy=false]")
    before = answered.count()
    page.fill("#question", question)
    page.keyboard.press("Enter")
    expect(answered).to_have_count(before + 1, timeout=ANSWER_TIMEOUT_MS)


def axe_violations(page: Page) -> list[dict[str, object]]:
    """axe-core's violations on the page as it is now (every rule axe runs by default).

    axe is evaluated through the DevTools protocol, not added as a <script>, so the page's
    Content-Security-Policy stays in force during the test.
    """
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("async () => (await axe.run(document)).violations")
    return [{"id": v["id"], "nodes": [n["target"] for n in v["nodes"]]} for v in result]
