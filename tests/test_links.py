"""Links: linkchecker over both built sites (the repo's real content) finds nothing broken.

Internal links are always checked (anchors in Markdown links are checked by `mkdocs build --strict`).
External links (lagen.nu, riksdagen.se …) are checked only on request, when a network is there:

    KLS_EXTERNA_LANKAR=1 .venv/bin/python -m pytest tests/test_links.py
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

import browser
from helpers import REPO

LINKCHECKER = Path(sys.executable).with_name("linkchecker")
CHECK_EXTERNAL = os.environ.get("KLS_EXTERNA_LANKAR") == "1"


@pytest.fixture(scope="module")
def repo_sites(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("lankar") / "site"
    result = subprocess.run(
        [sys.executable, "-m", "kls.cli", "--rot", str(REPO), "bygg", "--utdata", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return out


class _RateFreeHandler(browser._Handler):
    """The test server announces itself to linkchecker, which then lifts its 10 requests/s limit."""

    def end_headers(self) -> None:
        self.send_header("LinkChecker", "test")
        super().end_headers()


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    handler = functools.partial(_RateFreeHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def linkcheck(url: str, workdir: Path, external: bool = False) -> tuple[int, str]:
    config = workdir / "linkcheckerrc"
    config.write_text("[checking]\nthreads=8\ntimeout=20\nmaxrequestspersecond=1000\n", encoding="utf-8")
    command = [
        str(LINKCHECKER if LINKCHECKER.exists() else shutil.which("linkchecker")),
        "--config",
        str(config),
        "--no-status",
        "--no-warnings",
        "--output",
        "text",
        *(["--check-extern"] if external else []),
        url,
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=900, cwd=workdir)
    return result.returncode, result.stdout + result.stderr


@pytest.mark.parametrize("site", ["publik", "intern"])
def test_no_broken_internal_links(repo_sites, site, tmp_path):
    with serve(repo_sites / site) as base:
        code, output = linkcheck(base, tmp_path)
    checked = re.search(r"(\d+) links? in (\d+) URLs? checked", output)
    assert checked and int(checked.group(2)) > 20, output[-3000:]
    assert code == 0, output[-6000:]
    assert "0 errors found" in output or "0 fel" in output or re.search(r"\b0 errors\b", output), output[-3000:]


@pytest.mark.skipif(not CHECK_EXTERNAL, reason="externa länkar kontrolleras bara med KLS_EXTERNA_LANKAR=1")
@pytest.mark.parametrize("site", ["publik", "intern"])
def test_external_links(repo_sites, site, tmp_path):
    with serve(repo_sites / site) as base:
        code, output = linkcheck(base, tmp_path, external=True)
    assert code == 0, output[-6000:]


def test_linkchecker_finds_a_broken_link(tmp_path):
    """The check can fail: a page with a dead link and a dead anchor is reported."""
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text(
        '<!doctype html><html lang="sv"><title>x</title><a href="finns-inte/">a</a> <a href="#saknas">b</a></html>',
        encoding="utf-8",
    )
    with serve(tmp_path / "site") as base:
        code, output = linkcheck(base, tmp_path)
    assert code != 0 and "finns-inte" in output
