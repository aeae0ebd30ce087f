"""Shared browser-test helpers: Debian's Chromium through Playwright, a local web server for a
built site, and a guard that fails any request to a host other than the site's own.

`tests/conftest.py` loads this module as a pytest plugin, so the session-wide `chromium` fixture is
available in every test module without imports. Playwright's sync API allows one running instance per
thread, so browser tests must share `chromium` rather than start their own.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
ARTEFACTS = Path(__file__).resolve().parent.parent / "test-artefakter"


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Static files; unknown paths get the site's own 404.html with status 404 (as nginx would)."""

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - signature from the stdlib
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code == 404 and page.is_file():
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        super().send_error(code, message, explain)


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve `directory` on 127.0.0.1 at a random port; yields the base URL ending in '/'."""
    handler = functools.partial(_Handler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class Offline:
    """Records (and blocks) every request a page makes to a host other than 127.0.0.1."""

    foreign: list[str] = field(default_factory=list)

    def route(self, route: Any) -> None:
        url = route.request.url
        local = re.match(r"^(https?|wss?)://127\.0\.0\.1(:\d+)?/", url) or url.startswith(("data:", "blob:", "about:"))
        if not local:
            self.foreign.append(url)
        with contextlib.suppress(Exception):  # the page may close while a request is in flight
            route.continue_() if local else route.abort()


def new_context(browser: Any, **options: Any) -> tuple[Any, Offline]:
    """A browser context in Swedish that blocks and records requests to other hosts."""
    options.setdefault("locale", "sv-SE")
    context = browser.new_context(**options)
    guard = Offline()
    context.route("**/*", guard.route)
    return context, guard


def artefact(name: str) -> Path:
    """A path under test-artefakter/ (gitignored) for screenshots and PDFs of failures."""
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    return ARTEFACTS / re.sub(r"[^A-Za-z0-9._-]+", "_", name)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """Debian's Chromium, headless, shared by every browser test (one Playwright per thread)."""
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} saknas: installera Debian-paketet chromium (bash .ci/run gör det)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page: Any, tags: list[str] | None = None) -> list[dict[str, Any]]:
    """axe-core's violations on the loaded page for the given tags (default WCAG 2.0/2.1 A and AA).
    The axe script comes from the axe-playwright-python package; nothing is fetched."""
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": tags or WCAG_TAGS}, "resultTypes": ["violations"]}
    return Axe().run(page, options=options).response["violations"]


def describe_violations(where: str, violations: list[dict[str, Any]]) -> list[str]:
    """One line per failing element: page, axe rule, impact, element and axe's summary."""
    lines = []
    for violation in violations:
        for node in violation["nodes"]:
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(
                f"{where}: {violation['id']} ({violation['impact']}): {' '.join(map(str, node['target']))}"
                f" {node['html'][:160]} – {summary[:300]}"
            )
    return lines
