"""Debian's Chromium driven by Playwright, for the site's browser tests.

Never `playwright install`: the browser is /usr/bin/chromium. Without it the tests skip,
except under CI, where a missing browser is a failure (.ci/run installs it).
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, ConsoleMessage, Dialog, Page, Request

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip


def require_chromium() -> None:
    """Skip without Debian's Chromium, unless CI is set: then fail."""
    if CHROMIUM.exists():
        return
    reason = f"{CHROMIUM} is missing (apt-get install chromium)"
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI must run the browser tests")
    pytest.skip(f"{reason}; CI runs these tests")


@contextmanager
def chromium(profile: Path) -> Iterator[BrowserContext]:
    """A headless Chromium with a fresh profile that may only load file:// and 127.0.0.1."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=str(CHROMIUM), headless=True, args=ARGS,
            viewport={"width": 1280, "height": 1000},
        )  # fmt: skip
        try:
            yield context
        finally:
            context.close()


@dataclass
class Watched:
    """A page and what it did that a test wants to see never happen."""

    page: Page
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def trouble(self) -> list[str]:
        return [*self.dialogs, *self.errors, *self.failed]


def watch(context: BrowserContext) -> Watched:
    """A new page recording dialogs (then dismissed), console errors, failed or outside requests."""
    watched = Watched(page=context.new_page())

    def on_dialog(dialog: Dialog) -> None:
        watched.dialogs.append(f"dialog: {dialog.message}")
        dialog.dismiss()

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            watched.errors.append(f"console: {message.text} at {message.location}")

    def on_failed(request: Request) -> None:
        watched.failed.append(f"failed: {request.url} {request.failure}")

    watched.page.on("dialog", on_dialog)
    watched.page.on("console", on_console)
    watched.page.on("pageerror", lambda error: watched.errors.append(f"pageerror: {error}"))
    watched.page.on("requestfailed", on_failed)
    return watched


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # the tests read no server log
        pass


@contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve `root` over HTTP on a free port; yields http://127.0.0.1:PORT."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserContext]:
    """One headless Chromium for a test module (skipped, or failed under CI, without it)."""
    require_chromium()
    with chromium(tmp_path_factory.mktemp("profile")) as context:
        yield context


@pytest.fixture
def tab(browser: BrowserContext) -> Iterator[Watched]:
    """A fresh page in it, watched for errors, dialogs and failed requests."""
    watched = watch(browser)
    yield watched
    watched.page.close()


def links_resolved(site: Path, tab: Watched) -> tuple[int, int]:
    """Open every page of `site` in the browser and check each href and src as it resolves
    them: a file of the site (and the fragment an id on that page). (pages, links) checked."""
    from urllib.parse import unquote, urlsplit

    from tests.exporters.site.pages import html_pages

    files = {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    pages = html_pages(files)
    checked = 0
    for path in pages:
        tab.page.goto((site / path).as_uri())
        urls: list[str] = tab.page.eval_on_selector_all(
            "[href], [src]", "els => els.map(e => e.href || e.src)")  # fmt: skip
        for url in urls:
            parts = urlsplit(url)
            assert parts.scheme == "file", f"{path}: {url}"
            target = Path(unquote(parts.path))
            assert target.is_file() and target.is_relative_to(site), f"{path}: {url}"
            if parts.fragment:
                assert parts.fragment in pages[target.relative_to(site).as_posix()].ids, url
            checked += 1
    return len(pages), checked
