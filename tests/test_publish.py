"""Safe publishing: a killed or interrupted `kls bygg` leaves the last good site intact and
complete, leaves no MkDocs processes behind, and the next build recovers."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import make_project, write_doc
from kls.build import build_lock, recover, swap_in
from kls.cli import main


def snapshot(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(site.rglob("*")) if p.is_file()
    }


def children(pid: int) -> list[int]:
    """Direct child processes of `pid` (Linux /proc)."""
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def bygg(root: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "kls.cli", "--rot", str(root), "bygg", "--per", "2026-11-23"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture
def good_site(tmp_path):
    root = make_project(tmp_path / "projekt")
    for n in range(12):
        write_doc(root, f"rutiner/barn-och-unga/rutin-{n}.md", title=f"Rutin {n}", id=f"IFO-RUT-{n + 100}", publicering="extern")
    proc = bygg(root)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, out + err
    site = root / "site"
    return root, {name: snapshot(site / name) for name in ("publik", "intern")}


def start_and_wait_for_mkdocs(root: Path) -> tuple[subprocess.Popen, list[int]]:
    proc = bygg(root)
    deadline = time.monotonic() + 120
    kids: list[int] = []
    while time.monotonic() < deadline:
        kids = [k for k in children(proc.pid) if alive(k)]
        temps = list((root / "site").glob(".*.bygg-*"))
        if len(kids) >= 2 and temps:
            break
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.02)
    else:
        pytest.fail("mkdocs started never")
    time.sleep(0.4)  # let MkDocs get going (it reads, renders and writes for a few seconds)
    assert proc.poll() is None, "the build finished before it could be interrupted"
    return proc, kids


def assert_intact(root: Path, before: dict[str, dict[str, str]]) -> None:
    for name, files in before.items():
        assert snapshot(root / "site" / name) == files, f"site/{name} changed"
        assert (root / "site" / name / "index.html").is_file()


def test_sigkill_mid_build_keeps_last_good_site_and_next_build_recovers(good_site):
    root, before = good_site
    write_doc(root, "rutiner/barn-och-unga/rutin-0.md", title="Rutin noll ny", id="IFO-RUT-100", publicering="extern")
    proc, kids = start_and_wait_for_mkdocs(root)
    proc.kill()
    proc.communicate()
    deadline = time.monotonic() + 2
    while any(alive(k) for k in kids) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(alive(k) for k in kids), "MkDocs kept running after kls bygg was killed"
    assert_intact(root, before)
    # the next build cleans up the killed build's temporary folders and publishes
    proc = bygg(root)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, out + err
    assert "Rutin noll ny" in (root / "site" / "publik" / "rutiner" / "barn-och-unga" / "rutin-0" / "index.html").read_text()
    assert list((root / "site").glob(".*.bygg-*")) == []
    assert list((root / "site").glob(".*.gammal")) == []


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_terminated_build_cleans_up(good_site, signum):
    root, before = good_site
    write_doc(root, "rutiner/barn-och-unga/rutin-1.md", title="Rutin ett ny", id="IFO-RUT-101", publicering="extern")
    proc, kids = start_and_wait_for_mkdocs(root)
    os.kill(proc.pid, signum)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode != 0
    assert "Traceback" not in err and ("avbröts" in err or "avbrutet" in err), err
    assert not any(alive(k) for k in kids)
    assert list((root / "site").glob(".*.bygg-*")) == []
    assert_intact(root, before)


def test_concurrent_build_is_refused(good_site, capsys):
    root, before = good_site
    with build_lock(root / "site"):
        assert main(["--rot", str(root), "bygg", "--per", "2026-11-23"]) == 1
    assert "En annan byggning pågår" in capsys.readouterr().err
    assert_intact(root, before)


def test_swap_and_recover(tmp_path):
    target = tmp_path / "publik"
    target.mkdir()
    (target / "index.html").write_text("gammal")
    new = tmp_path / ".publik.bygg-1"
    new.mkdir()
    (new / "index.html").write_text("ny")
    swap_in(new, target)
    assert (target / "index.html").read_text() == "ny" and not new.exists()
    # an interrupted two-rename swap: only the previous site remains, under its backup name
    target.rename(tmp_path / ".publik.gammal")
    recover(target)
    assert (target / "index.html").read_text() == "ny"
