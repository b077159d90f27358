"""``coach serve`` in a real browser: Debian's headless Chromium, driven by Playwright, opens
the page, starts a routine with the keys a person presses, and the countdown moves.

The page draws the terminal on a canvas, so what it shows is read from what the app sent it
(the frames of its websocket, which Playwright sees arrive): the picker, the pain question,
then the runner's "done · left" line, whose seconds must advance between two screenshots
taken 2.5 s apart, and the two screenshots must differ. Playwright drives the
system's Chromium; it never downloads a browser. Skipped only when there is no Chromium.
"""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from serve_helpers import screen_text, serving

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium"
                                        if Path("/usr/bin/chromium").exists() else None)
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = [
    pytest.mark.serve,
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="no chromium (apt-get install chromium)"),
]


PROGRESS = re.compile(r"(\d+):(\d\d) done · (\d+):(\d\d) left")


def seconds_done(text: str) -> int | None:
    """Whole seconds on the last "M:SS done · M:SS left" line the runner drew, if any."""
    found = PROGRESS.findall(text)
    return int(found[-1][0]) * 60 + int(found[-1][1]) if found else None


def test_a_browser_starts_a_routine_and_sees_the_countdown_move(tmp_path):
    from playwright.sync_api import sync_playwright

    received = bytearray()  # what the app sent the page over its websocket

    def listen(websocket) -> None:
        websocket.on("framereceived", lambda payload: received.extend(
            payload if isinstance(payload, bytes) else b""))

    with serving(tmp_path) as served, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1000, "height": 700})
            page.on("websocket", listen)

            def wait_for(ready: Callable[[str], bool], what: str) -> str:
                deadline = time.monotonic() + 30
                while not ready(text := screen_text(bytes(received))):
                    if time.monotonic() > deadline:
                        raise AssertionError(f"timed out waiting for {what}: {text[-2000:]}")
                    page.wait_for_timeout(100)  # lets Playwright hand over the frames
                return text

            page.goto(served.url)
            page.wait_for_selector("body.-first-byte", timeout=30_000)
            wait_for(lambda t: "Second routine" in t, "the picker")
            page.locator(".xterm-helper-textarea").focus()
            page.keyboard.press("Enter")  # start the highlighted routine
            wait_for(lambda t: "How is your pain" in t, "the pain question")
            page.keyboard.press("Enter")  # past the pain question: the hold starts
            wait_for(lambda t: seconds_done(t) is not None, "the hold's countdown")
            page.wait_for_timeout(500)  # the screen's change from the question settles
            first, first_done = page.screenshot(), seconds_done(screen_text(bytes(received)))
            page.wait_for_timeout(2500)
            second, second_done = page.screenshot(), seconds_done(screen_text(bytes(received)))
        finally:
            browser.close()
    assert first_done is not None and second_done is not None
    assert second_done >= first_done + 2, (first_done, second_done)
    assert first != second, "the page did not change between two screenshots 2.5 s apart"
    assert served.stderr == ""
