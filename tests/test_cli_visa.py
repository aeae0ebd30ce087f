"""`kls visa` (README's first command) end to end: a real server, real pages, a live rebuild on save.

The process is started as a user starts it (`python -m kls.cli visa`), the site is fetched over HTTP,
a document is edited and the page is fetched again until it shows the edit. Its output is what the
user reads: Swedish status lines, MkDocs' log, and no English end-of-life banner from Material.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import write_doc
from kls import cli


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, ""
    except OSError:
        return 0, ""


def wait_for(url: str, needle: str, seconds: float) -> tuple[int, str]:
    deadline = time.monotonic() + seconds
    status, body = 0, ""
    while time.monotonic() < deadline:
        status, body = fetch(url)
        if status == 200 and needle in body:
            break
        time.sleep(0.3)
    return status, body


def pages_indexed(base: str) -> int:
    status, body = fetch(base + "pagefind/pagefind-entry.json")
    assert status == 200
    return sum(language["page_count"] for language in json.loads(body)["languages"].values())


def wait_for_log(log: Path, needle: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while needle not in log.read_text(encoding="utf-8"):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)
    return True


@contextlib.contextmanager
def kls_visa(project: Path, log_path: Path, *extra: str) -> Iterator[str]:
    """`kls visa` started as a user starts it; yields the site's address, stops it with Ctrl+C."""
    port = free_port()
    log = log_path.open("w+", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "NO_MKDOCS_2_WARNING"}  # as in a user's shell
    proc = subprocess.Popen(
        [sys.executable, "-m", "kls.cli", "visa", "--adress", f"127.0.0.1:{port}", *extra],
        cwd=project,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()


def edit(path: Path, old: str, new: str) -> None:
    time.sleep(1.1)  # a new modification time on every file system
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_visa_serves_the_staff_site_and_rebuilds_on_save(project: Path, tmp_path: Path):
    doc = write_doc(
        project,
        "rutiner/socialjour/jourrutin.md",
        body="# Jourrutin\n\nRing bakjouren vid akuta ärenden.\n",
        id="IFO-RUT-901",
        publicering="intern",
    )
    log = tmp_path / "visa.log"
    with kls_visa(project, log) as base:
        page = base + "rutiner/socialjour/jourrutin/"
        status, body = wait_for(page, "Ring bakjouren", 120)
        assert status == 200, log.read_text(encoding="utf-8")[-3000:]
        assert "Internt dokument" in body  # the staff site, which shows internal documents
        status, _ = fetch(base + "finns-inte/")
        assert status == 404

        edit(doc, "Ring bakjouren", "Ring socialjourens bakjour")
        status, body = wait_for(page, "Ring socialjourens bakjour", 120)
        assert status == 200 and "Ring socialjourens bakjour" in body, log.read_text(encoding="utf-8")[-3000:]
    output = log.read_text(encoding="utf-8")
    port = base.rsplit(":", 1)[1].rstrip("/")
    assert f"Visar intern webbplats på http://127.0.0.1:{port}/" in output
    assert "end of life" not in output and "NO_MKDOCS_2_WARNING" not in output
    assert "Traceback" not in output
    assert "Snabb förhandsvisning" not in output  # every page is built on every save by default


def test_fast_preview_rebuilds_what_changed_and_everything_when_titles_change(project: Path, tmp_path: Path):
    """`kls visa --snabb`: a change to a document's text rebuilds that document only (and the page
    shows it); a change to its title rebuilds every page, so a page that names it shows the new title."""
    doc = write_doc(
        project, "rutiner/socialjour/jourrutin.md", body="## Syfte\n\nRing bakjouren.\n", id="IFO-RUT-901", title="Jourrutin"
    )
    write_doc(
        project,
        "rutiner/socialjour/hanvisning.md",
        body='## Syfte\n\nSe {{ dok("IFO-RUT-901") }} för natten.\n',
        id="IFO-RUT-902",
        title="Hänvisande rutin",
    )
    log = tmp_path / "visa.log"
    with kls_visa(project, log, "--snabb") as base:
        page, other = base + "rutiner/socialjour/jourrutin/", base + "rutiner/socialjour/hanvisning/"
        status, _ = wait_for(page, "Ring bakjouren", 120)
        assert status == 200, log.read_text(encoding="utf-8")[-3000:]
        assert fetch(base + "pagefind/pagefind.js")[0] == 200
        indexed = pages_indexed(base)
        assert indexed >= 3  # the two documents and the start page at least

        edit(doc, "Ring bakjouren.", "Ring socialjourens bakjour.")
        status, _ = wait_for(page, "Ring socialjourens bakjour", 120)
        assert status == 200, log.read_text(encoding="utf-8")[-3000:]
        assert wait_for_log(log, "bara ändrade dokument byggdes om", 30)  # written once the build has finished
        assert pages_indexed(base) == indexed  # the search of the last full build stays whole

        edit(doc, "title: Jourrutin", "title: Jourrutin för natten")
        status, body = wait_for(other, "Jourrutin för natten", 120)  # a page whose own file is unchanged
        assert status == 200 and "Jourrutin för natten" in body, log.read_text(encoding="utf-8")[-3000:]
        status, body = wait_for(base + "rutiner/socialjour/", "Jourrutin för natten", 60)  # the area page
        assert "Jourrutin för natten" in body
    output = log.read_text(encoding="utf-8")
    assert "Snabb förhandsvisning: när du ändrar texten" in output
    assert "Aborted" not in output and "Traceback" not in output and "'dirty' build" not in output


@pytest.mark.parametrize("extra", [[], ["--snabb"]], ids=["hel", "snabb"])
def test_visa_suggests_the_fast_preview_for_many_documents(project: Path, capsys, monkeypatch, extra):
    """The server command `kls visa` starts, and the tip about `--snabb` from `SUGGEST_FAST_FROM`
    documents (here lowered to the project's two), never when `--snabb` is given."""
    write_doc(project, "rutiner/socialjour/a.md", id="IFO-RUT-901")
    write_doc(project, "rutiner/socialjour/b.md", id="IFO-RUT-902")
    started = []
    monkeypatch.setattr(cli.subprocess, "call", lambda command, **kwargs: started.append(command) or 0)
    monkeypatch.setattr(cli, "SUGGEST_FAST_FROM", 3)
    assert cli.main(["--rot", str(project), "visa", *extra]) == 0
    assert "Tips:" not in capsys.readouterr().err  # two documents: below the threshold
    monkeypatch.setattr(cli, "SUGGEST_FAST_FROM", 2)
    assert cli.main(["--rot", str(project), "visa", *extra]) == 0
    err = capsys.readouterr().err
    assert ("Tips: med 2 dokument" in err) == (not extra)
    assert started[-1][3] == "serve" and ("--dirty" in started[-1]) == bool(extra)
