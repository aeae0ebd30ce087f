"""A content-addressed cache for build products, under `.cache/kls/` in the project (ignored by git).

A product (a template's Word file) is stored under the hash of everything it is made from plus
the code that makes it, so a rebuild, or the other site when its input is the same, reuses it
instead of making it again; a change to the input or the code simply misses. The cache is never
published: it is outside `docs/` and the site folders. `kls bygg` removes entries unused for
`MAX_AGE_DAYS`. A cache that cannot be written (read-only project) is skipped silently.

Entries live in one SQLite file (`cache.sqlite3`, write-ahead log): a cold 750-document build
stores ~3,500 entries, and creating that many small files cost ~2 s of CPU on the build machine
(issue 5), while SQLite appends them to one file. The two site builds read and write it at the
same time; SQLite serialises the short writes and a build killed mid-write leaves no half entry.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import shutil
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

FOLDER = Path(".cache") / "kls"
DATABASE = "cache.sqlite3"
MAX_AGE_DAYS = 30
TOUCH_AFTER = 86400  # a hit marks its entry as used at most once a day (prune needs no finer time)
NO_CACHE_ENV = "KLS_UTAN_CACHE"  # "1": make everything anew (to compare with and without the cache)
SCHEMA = "CREATE TABLE IF NOT EXISTS entries (kind TEXT, digest TEXT, data BLOB, used REAL, PRIMARY KEY (kind, digest))"

_local = threading.local()  # each thread its own connections, closed when the thread ends
_inherited: list[object] = []  # connections opened before a fork (see _connect)


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


def _connect(folder: Path) -> sqlite3.Connection | None:
    """This process's and thread's connection to the cache in `folder` (None: cannot be used)."""
    if getattr(_local, "pid", None) != os.getpid():  # a connection never crosses a fork (kls.build)
        # The parent's connections are kept, never used nor closed here: SQLite must not touch a
        # connection a forked child inherited (closing it may tidy up files the parent still uses).
        _inherited.append(getattr(_local, "connections", None))
        _local.pid, _local.connections = os.getpid(), {}
    connections: dict[str, sqlite3.Connection | None] = _local.connections
    slot = str(folder)
    if slot not in connections:
        connections[slot] = _open(folder)
    return connections[slot]


def _open(folder: Path, attempts: int = 100) -> sqlite3.Connection | None:
    """A connection with the table in place. The two site builds open a new cache at the same
    moment, and switching a new database to WAL answers "locked" at once instead of waiting for
    the other process, so setting up is retried (a cache one build cannot use is a slow build)."""
    for attempt in range(attempts):
        connection = None
        try:
            folder.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(folder / DATABASE, timeout=30, isolation_level=None)
            connection.execute("PRAGMA journal_mode=WAL")
            # A cache: no fsync. With NORMAL, each WAL checkpoint waited for the disk (~0.5 s of a
            # cold build's 3,500 writes, in both builds); a process killed mid-build loses
            # nothing either way, and a file an OS crash damages is thrown away (below).
            connection.execute("PRAGMA synchronous=OFF")
            connection.execute(SCHEMA)
            return connection
        except sqlite3.OperationalError as exc:
            if connection is not None:
                connection.close()
            if "locked" not in str(exc) and "busy" not in str(exc):
                return None
            time.sleep(0.01 * (attempt % 10 + 1))
        except sqlite3.DatabaseError as exc:
            if connection is not None:
                connection.close()
            if attempt > 0 or not _damaged(exc):
                return None
            for suffix in ("", "-wal", "-shm"):  # a damaged cache is thrown away and started anew
                with contextlib.suppress(OSError):
                    (folder / (DATABASE + suffix)).unlink()
        except OSError:
            if connection is not None:
                connection.close()
            return None
    return None


def _damaged(exc: sqlite3.DatabaseError) -> bool:
    text = str(exc)
    return "not a database" in text or "malformed" in text


def read(folder: Path, kind: str, digest: str) -> bytes | None:
    """The stored bytes, or None; a hit counts as use (kept by `prune`)."""
    connection = _connect(folder)
    if connection is None:
        return None
    try:
        row = connection.execute("SELECT data, used FROM entries WHERE kind = ? AND digest = ?", (kind, digest)).fetchone()
        if row is None:
            return None
        now = time.time()
        if now - row[1] > TOUCH_AFTER:
            connection.execute("UPDATE entries SET used = ? WHERE kind = ? AND digest = ?", (now, kind, digest))
    except sqlite3.Error:
        return None
    return bytes(row[0])


def write(folder: Path, kind: str, digest: str, data: bytes) -> None:
    """Store `data` (one statement: a parallel build sees all of it or none); errors are ignored."""
    connection = _connect(folder)
    if connection is None:
        return
    with contextlib.suppress(sqlite3.Error):
        connection.execute("INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?)", (kind, digest, data, time.time()))


def count(folder: Path, kind: str) -> int:
    """How many entries of `kind` the cache holds."""
    connection = _connect(folder)
    if connection is None:
        return 0
    try:
        return int(connection.execute("SELECT count(*) FROM entries WHERE kind = ?", (kind,)).fetchone()[0])
    except sqlite3.Error:
        return 0


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
    """Remove entries unused for `max_age_days`, and every file of the older one-file-per-entry
    cache (nothing reads those any more)."""
    removed = _remove_file_cache(folder)
    if not (folder / DATABASE).is_file():
        return removed
    connection = _connect(folder)
    if connection is None:
        return removed
    cutoff = (time.time() if now is None else now) - max_age_days * 86400
    try:
        return removed + max(connection.execute("DELETE FROM entries WHERE used < ?", (cutoff,)).rowcount, 0)
    except sqlite3.Error:
        return removed


def _remove_file_cache(folder: Path) -> int:
    """Delete the folders of the one-file-per-entry cache (before SQLite); `jinja/` is Jinja's own."""
    removed = 0
    if not folder.is_dir():
        return 0
    for kind in folder.iterdir():
        if not kind.is_dir() or kind.name == "jinja":
            continue
        removed += sum(1 for path in kind.rglob("*") if path.is_file())
        shutil.rmtree(kind, ignore_errors=True)
    return removed
