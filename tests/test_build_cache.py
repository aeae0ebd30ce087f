"""The build cache: same parts give the stored bytes, other parts or code miss, old entries go."""

from __future__ import annotations

import os
import time

from kls.build_cache import cache_dir, cached, key, prune


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
    assert not list(folder.rglob(".tmp-*"))


def test_unwritable_cache_still_builds(tmp_path):
    blocker = tmp_path / "fil"
    blocker.write_text("inte en mapp")
    assert cached(blocker, "word", ["x"], lambda: b"ok") == b"ok"


def test_prune_removes_unused_entries(tmp_path):
    folder = cache_dir(tmp_path)
    cached(folder, "word", ["gammal"], lambda: b"1")
    cached(folder, "word", ["ny"], lambda: b"2")
    old = next(p for p in folder.rglob("*") if p.is_file() and p.read_bytes() == b"1")
    past = time.time() - 40 * 86400
    os.utime(old, (past, past))
    assert prune(folder) == 1
    assert [p.read_bytes() for p in folder.rglob("*") if p.is_file()] == [b"2"]
    assert prune(tmp_path / "finns-inte") == 0
