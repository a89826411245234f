"""Screenshots of the web chat's main screens for docs/screenshots/ (run by hand after UI changes).

    uv run --no-sync python scripts/screenshots.py

Starts a real server with sign-in on over a temporary copy of the index, signs in as a
throw-away user in Debian's Chromium and saves sign-in, answer, source viewer with the document
guide, follow-up, export, decline, conversation menu, rename/delete dialogs and phone shots.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
EMAIL, PASSWORD = "chair@example.nhs.uk", "screenshots only"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def run(env: dict[str, str], *args: str, stdin: str | None = None) -> None:
    subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        env=env,
        input=stdin,
        text=True,
        check=True,
        capture_output=True,
    )


def ask(page: Page, question: str) -> None:
    answered = page.locator(".ra-answer[aria-busy=false]")
    before = answered.count()
    page.fill("#question", question)
    page.keyboard.press("Enter")
    page.wait_for_function(
        "n => document.querySelectorAll('.ra-answer[aria-busy=false]').length > n",
        arg=before,
        timeout=120_000,  # a busy shared machine
    )


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    data = Path(tempfile.mkdtemp(prefix="screens-"))
    port = free_port()
    secret = "screenshots-only-" + "x" * 32  # sign-in needs a secret of 32 bytes or more
    env = {**os.environ, "DATA_DIR": str(data), "AUTH": "on", "SESSION_SECRET": secret}
    run(env, "ingest")
    run(env, "users", "add", EMAIL, "--name", "Board Chair", "--password-stdin", stdin=PASSWORD)
    server = subprocess.Popen(
        [sys.executable, "-m", "assistant", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(f"{url}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(url)
            page.screenshot(path=str(OUT / "sign-in.png"))
            page.fill("#email", EMAIL)
            page.fill("#password", PASSWORD)
            page.click("#signin-form button[type=submit]")
            page.wait_for_selector("#app:not([hidden])")
            page.screenshot(path=str(OUT / "start.png"))
            page.click("#send")
            page.screenshot(path=str(OUT / "empty-question.png"))
            ask(page, "How many questions did the call for evidence ask?")
            page.screenshot(path=str(OUT / "answer-with-sources.png"), full_page=True)
            page.locator(".ra-cite").first.click()
            page.wait_for_selector("#viewer-quote")
            page.wait_for_selector(".ra-guide__heading")
            page.screenshot(path=str(OUT / "source-viewer.png"))
            page.keyboard.press("Escape")
            ask(page, "What are HARPs?")
            ask(page, "When would they start?")
            page.screenshot(path=str(OUT / "follow-up.png"))
            answer = page.locator(".ra-answer").last
            answer.get_by_role("button", name="Export this answer").click()
            page.screenshot(path=str(OUT / "export.png"))
            page.keyboard.press("Escape")
            ask(page, "What will happen to ICSs in Scotland?")
            page.screenshot(path=str(OUT / "declined.png"))
            page.locator(".ra-conversation__open").first.focus()
            page.keyboard.press("ArrowRight")
            page.screenshot(path=str(OUT / "conversation-menu.png"))
            page.keyboard.press("Enter")
            page.wait_for_selector("#rename-dialog[open]")
            page.screenshot(path=str(OUT / "rename-dialog.png"))
            page.keyboard.press("Escape")
            page.locator(".ra-conversation__open").first.focus()
            page.keyboard.press("ArrowRight")
            page.keyboard.press("ArrowDown")
            page.keyboard.press("Enter")
            page.wait_for_selector("#delete-dialog[open]")
            page.screenshot(path=str(OUT / "delete-dialog.png"))
            page.keyboard.press("Escape")
            phone = browser.new_page(viewport={"width": 390, "height": 844})
            phone.context.add_cookies(page.context.cookies())  # type: ignore[arg-type]
            phone.goto(url)
            phone.wait_for_selector("#app:not([hidden])")
            ask(phone, "What are HARPs?")
            phone.screenshot(path=str(OUT / "phone.png"))
            phone.evaluate("window.scrollTo(0, 0)")
            phone.click("#history-toggle")
            phone.screenshot(path=str(OUT / "phone-history.png"))
            browser.close()
    finally:
        server.terminate()
        server.wait(10)
    print(f"screenshots in {OUT}")


if __name__ == "__main__":
    main()
