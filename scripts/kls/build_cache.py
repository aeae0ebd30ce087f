"""A content-addressed cache for build products, under `.cache/kls/` in the project (ignored by git).

A product (a template's Word file) is stored under the hash of everything it is made from plus
the code that makes it, so a rebuild, or the other site when its input is the same, reuses it
instead of making it again; a change to the input or the code simply misses. The cache is never
published: it is outside `docs/` and the site folders. `kls bygg` removes entries unused for
`MAX_AGE_DAYS`. A cache that cannot be written (read-only project) is skipped silently.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path

FOLDER = Path(".cache") / "kls"
MAX_AGE_DAYS = 30
NO_CACHE_ENV = "KLS_UTAN_CACHE"  # "1": make everything anew (to compare with and without the cache)


def cache_dir(root: Path) -> Path:
    """The cache folder of the project at `root`."""
    return Path(root) / FOLDER


def active_cache_dir(root: Path) -> Path | None:
    """The cache folder to use for this process: None when KLS_UTAN_CACHE=1."""
    return None if os.environ.get(NO_CACHE_ENV) == "1" else cache_dir(root)


def key(*parts: str | bytes) -> str:
    """A hex digest of the parts (each length-prefixed, so ('ab', 'c') and ('a', 'bc') differ)."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


@functools.lru_cache(maxsize=1)
def code_version() -> str:
    """Changes whenever the kls package's code or data does (a conservative part of keys for
    products our own code makes, such as law links). Read once per process: a build or a
    `kls visa` session runs one version of the code."""
    package = Path(__file__).resolve().parent
    files = sorted(p for p in package.rglob("*") if p.is_file() and p.suffix in {".py", ".yaml", ".json"})
    return key(*(str(p.relative_to(package)) for p in files), *(p.read_bytes() for p in files))


def entry_path(folder: Path, kind: str, digest: str) -> Path:
    """Where the entry `digest` of `kind` lives."""
    return folder / kind / digest[:2] / digest


def read(folder: Path, kind: str, digest: str) -> bytes | None:
    """The stored bytes, or None; a hit counts as use (kept by `prune`)."""
    path = entry_path(folder, kind, digest)
    try:
        data = path.read_bytes()
    except OSError:
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # recently used: kept by prune()
    return data


def write(folder: Path, kind: str, digest: str, data: bytes) -> None:
    """Store `data` atomically (a parallel build never reads half a file); errors are ignored."""
    path = entry_path(folder, kind, digest)
    try:
        try:
            handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        except FileNotFoundError:  # the first entry in this folder
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temp, path)
    except OSError:
        pass


def cached(folder: Path | None, kind: str, parts: Iterable[str | bytes], make: Callable[[], bytes]) -> bytes:
    """`make()`, or the bytes it returned before for the same `parts` (None: no cache)."""
    if folder is None:
        return make()
    digest = key(kind, *parts)
    data = read(folder, kind, digest)
    if data is None:
        data = make()
        write(folder, kind, digest, data)
    return data


def prune(folder: Path, max_age_days: int = MAX_AGE_DAYS, now: float | None = None) -> int:
    """Remove entries unused for `max_age_days` and temporary files older than an hour."""
    if not folder.is_dir():
        return 0
    now = time.time() if now is None else now
    removed = 0
    for path in folder.rglob("*"):
        try:
            age = now - path.stat().st_mtime
            if path.is_file() and (age > max_age_days * 86400 or (path.name.startswith(".tmp-") and age > 3600)):
                path.unlink()
                removed += 1
        except OSError:
            continue
    return removed
