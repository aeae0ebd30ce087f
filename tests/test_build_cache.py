"""The build cache: same parts give the stored bytes, other parts or code miss, old entries go."""

from __future__ import annotations

import subprocess
import sys
import time

from kls.build_cache import DATABASE, cache_dir, cached, count, key, prune, read


def test_same_parts_reuse_and_other_parts_miss(tmp_path):
    calls = []

    def make(value: bytes):
        def run() -> bytes:
            calls.append(value)
            return value

        return run

    folder = cache_dir(tmp_path)
    assert cached(folder, "word", ["a", b"b"], make(b"1")) == b"1"
    assert cached(folder, "word", ["a", b"b"], make(b"2")) == b"1"  # from the cache
    assert cached(folder, "word", ["ab", b""], make(b"3")) == b"3"  # parts are length-prefixed
    assert cached(folder, "annat", ["a", b"b"], make(b"4")) == b"4"  # kinds are separate
    assert calls == [b"1", b"3", b"4"]
    assert cached(None, "word", ["a", b"b"], make(b"5")) == b"5"  # no cache: always made
    assert key("a", "bc") != key("ab", "c")
    assert (folder / DATABASE).is_file()
    assert count(folder, "word") == 2


def test_unwritable_cache_still_builds(tmp_path):
    blocker = tmp_path / "fil"
    blocker.write_text("inte en mapp")
    assert cached(blocker, "word", ["x"], lambda: b"ok") == b"ok"
    assert cached(blocker, "word", ["x"], lambda: b"igen") == b"igen"


def test_damaged_database_is_a_miss_not_an_error(tmp_path):
    folder = cache_dir(tmp_path / "skadad")
    folder.mkdir(parents=True)
    (folder / DATABASE).write_bytes(b"inte en databas" * 100)
    assert cached(folder, "word", ["x"], lambda: b"ok") == b"ok"
    assert count(folder, "word") == 1  # thrown away and started anew, not left unusable


def test_prune_removes_unused_entries(tmp_path, monkeypatch):
    folder = cache_dir(tmp_path)
    past = time.time() - 40 * 86400
    monkeypatch.setattr("kls.build_cache.time.time", lambda: past)
    cached(folder, "word", ["gammal"], lambda: b"1")
    cached(folder, "word", ["anvand"], lambda: b"2")
    monkeypatch.undo()
    assert cached(folder, "word", ["anvand"], lambda: b"x") == b"2"  # used today: kept
    cached(folder, "word", ["ny"], lambda: b"3")
    legacy = folder / "sidor" / "ab" / "abcdef"  # the older one-file-per-entry cache: all of it goes
    legacy.parent.mkdir(parents=True)
    legacy.write_bytes(b"gammal fil")
    (folder / "jinja").mkdir()
    (folder / "jinja" / "mall.cache").write_bytes(b"Jinjas egen")
    assert prune(folder) == 2
    assert not (folder / "sidor").exists()
    assert (folder / "jinja" / "mall.cache").exists()
    assert read(folder, "word", key("word", "gammal")) is None
    assert read(folder, "word", key("word", "anvand")) == b"2"
    assert count(folder, "word") == 2
    assert prune(tmp_path / "finns-inte") == 0


WRITER = """
import sys
from pathlib import Path
from kls.build_cache import cached
folder, name = Path(sys.argv[1]), sys.argv[2]
for i in range(300):
    cached(folder, "delad", [str(i)], lambda: f"{i}".encode() * 50)
    cached(folder, name, [str(i)], lambda: name.encode())
"""


def test_two_builds_write_at_the_same_time(tmp_path):
    folder = cache_dir(tmp_path)
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(folder), name], stderr=subprocess.PIPE, text=True)
        for name in ("publik", "intern")
    ]
    for proc in procs:
        assert proc.wait(timeout=120) == 0, proc.stderr.read() if proc.stderr else ""
    assert count(folder, "delad") == 300
    assert count(folder, "publik") == count(folder, "intern") == 300
    assert read(folder, "delad", key("delad", "7")) == b"7" * 50
