"""`kls visa` (README's first command) end to end: a real server, real pages, a live rebuild on save.

The process is started as a user starts it (`python -m kls.cli visa`), the site is fetched over HTTP,
a document is edited and the page is fetched again until it shows the edit. Its output is what the
user reads: Swedish status lines, MkDocs' log, and no English end-of-life banner from Material.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from helpers import write_doc


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


def test_visa_serves_the_staff_site_and_rebuilds_on_save(project: Path, tmp_path: Path):
    doc = write_doc(
        project,
        "rutiner/socialjour/jourrutin.md",
        body="# Jourrutin\n\nRing bakjouren vid akuta ärenden.\n",
        id="IFO-RUT-901",
        publicering="intern",
    )
    port = free_port()
    log = (tmp_path / "visa.log").open("w+", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "NO_MKDOCS_2_WARNING"}  # as in a user's shell
    proc = subprocess.Popen(
        [sys.executable, "-m", "kls.cli", "visa", "--adress", f"127.0.0.1:{port}"],
        cwd=project,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        page = f"http://127.0.0.1:{port}/rutiner/socialjour/jourrutin/"
        status, body = wait_for(page, "Ring bakjouren", 120)
        assert status == 200, Path(log.name).read_text(encoding="utf-8")[-3000:]
        assert "Internt dokument" in body  # the staff site, which shows internal documents
        status, _ = fetch(f"http://127.0.0.1:{port}/finns-inte/")
        assert status == 404

        time.sleep(1.1)  # a new modification time on every file system
        doc.write_text(doc.read_text(encoding="utf-8").replace("Ring bakjouren", "Ring socialjourens bakjour"), encoding="utf-8")
        status, body = wait_for(page, "Ring socialjourens bakjour", 120)
        assert status == 200 and "Ring socialjourens bakjour" in body, Path(log.name).read_text(encoding="utf-8")[-3000:]
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()
    output = Path(log.name).read_text(encoding="utf-8")
    assert f"Visar intern webbplats på http://127.0.0.1:{port}/" in output
    assert "end of life" not in output and "NO_MKDOCS_2_WARNING" not in output
    assert "Traceback" not in output
