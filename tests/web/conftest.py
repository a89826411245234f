"""A signed-in-capable server and Debian's Chromium driven by Playwright."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from assistant.auth.users import add_user
from assistant.db import make_engine
from assistant.settings import Settings
from tests.conftest import LiveServer, StartServer

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
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
        corpus_index, AUTH="on", SESSION_SECRET="browser-test-secret", DATABASE_URL=url
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
    yield page
    context.close()
    assert errors == [], f"JavaScript errors: {errors}"


def sign_in(page: Page, web_app: WebApp) -> None:
    page.goto(web_app.server.url)
    page.fill("#email", EMAIL)
    page.fill("#password", PASSWORD)
    page.click("#signin-form button[type=submit]")
    page.wait_for_selector("#app:not([hidden])")


def ask(page: Page, question: str) -> None:
    page.fill("#question", question)
    page.keyboard.press("Enter")
    page.wait_for_selector(".ra-answer[aria-busy=false] >> nth=-1")
