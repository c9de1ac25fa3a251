"""`kpa serve` in a real browser: headless Chromium signs in as the demo's coordination, reaches the
dashboard and the invoices list, downloads a document's PDF, and no request leaves the computer.

The terminal in the page draws on a canvas: what the app shows is read in the frames the server sends.
The test starts and stops the server itself; it is skipped only where Debian's chromium is not installed
(`apt-get install chromium`; `.ci/run` installs it).
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Page

CHROMIUM = shutil.which("chromium")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed: apt-get install chromium")
# As the machine's closed network asks: no call home, no updates, no sync.
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
BOXES = re.compile(r"[\u2500-\u259f]+")
ESCAPES = re.compile(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>78]")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def served(cli_demo: Path) -> Iterator[str]:
    """`kpa serve` on a copy of the demo, stopped at the end; its address."""
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "kpa_local", "--workspace", str(cli_demo), "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert server.stdout is not None
        first = server.stdout.readline()
        assert f"http://127.0.0.1:{port}" in first, first
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=30)


class Screen:
    """What the app drew so far, from the frames of the page's websocket, escapes taken out."""

    def __init__(self) -> None:
        self.received = bytearray()

    def frame(self, payload: str | bytes) -> None:
        self.received += payload.encode("utf-8") if isinstance(payload, str) else payload

    def mark(self) -> int:
        """Where the frames are now: `text(since=…)` then reads only what came after."""
        return len(self.received)

    def text(self, since: int = 0) -> str:
        return ESCAPES.sub(b"", bytes(self.received[since:])).decode("utf-8", errors="ignore")

    def words(self) -> str:
        """The text without the drawing of boxes and the runs of spaces: what a failure should show."""
        return re.sub(r"\s+", " ", BOXES.sub(" ", self.text()))


def _wait_for(page: Page, screen: Screen, words: str, since: int, seconds: float = 60) -> None:
    """Until `words` is drawn after the mark `since`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if words in screen.text(since):
            return
        page.wait_for_timeout(250)  # Playwright hands its events over while it waits, not in time.sleep
    raise AssertionError(f"« {words} » never showed in the browser; the words it got last:\n{screen.words()[-3000:]}")


def test_the_demo_in_a_browser_signs_in_and_asks_nothing_outside(served: str) -> None:
    from playwright.sync_api import WebSocket, sync_playwright

    requests: list[str] = []
    screen = Screen()

    def watch(websocket: WebSocket) -> None:
        requests.append(websocket.url)
        websocket.on("framereceived", screen.frame)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.on("request", lambda request: requests.append(request.url))
            page.on("websocket", watch)
            page.goto(served)
            # The sentence comes with the fields, the first one focused; keys typed before it are lost.
            _wait_for(page, screen, "Connectez-vous avec votre identifiant", since=0)
            page.locator(".xterm-helper-textarea").focus()  # the keyboard to the terminal, with no click in it
            page.keyboard.type("camille", delay=60)
            page.keyboard.press("Tab")
            page.keyboard.type("demo-coordination", delay=60)
            signed_in = screen.mark()
            page.keyboard.press("Enter")
            _wait_for(page, screen, "Tableau de bord", since=signed_in, seconds=120)
            opened = screen.mark()
            page.keyboard.press("F5")
            _wait_for(page, screen, "Devis et factures", since=opened)
            _wait_for(page, screen, "FA-2026-", since=opened)
            page.keyboard.type("FA-2026-0003", delay=60)  # in the search field
            _wait_for(page, screen, "1 affiché", since=opened)
            document = screen.mark()
            page.keyboard.press("ArrowDown")  # to the list
            page.keyboard.press("Enter")
            _wait_for(page, screen, "Voir le PDF", since=document)
            with page.expect_download(timeout=60_000) as delivery:
                page.keyboard.press("Control+o")
            pdf = delivery.value
            assert pdf.suggested_filename.startswith("FA-2026-0003"), pdf.suggested_filename
            from kpa_local.documents.facturx_read import content_from_pdf

            content = content_from_pdf(Path(pdf.path()).read_bytes(), "FA-2026-0003")  # its Factur-X data
            assert content.client.name.startswith("Ville de Roubaix")
        finally:
            browser.close()
    assert requests and all(re.match(r"(https?|wss?)://127\.0\.0\.1:\d+/", url) for url in requests), requests
