"""Check a large corpus on several processor cores, with the same result as `check_corpus`.

`kls lagrum` over hundreds of documents spends nearly all its time parsing text, which one
Python process does on one core. Here the files are dealt out to forked child processes
(POSIX `os.fork`: the registry and the compiled patterns are already in memory); each child
reads and checks its share and sends its reports back through a pipe, and the parent does a
share itself meanwhile. Laws travel as references (registry id), so the reports hold the very
same `Law` objects as a serial run. A child that fails for any reason has its share done again
in the parent: the result never depends on whether forking worked.

Only the command line uses this (never the MkDocs build or a server, which may run threads):
`kls lagrum`, and `kls validera`/`kls bygg` for their law check (kls.validate).
"""

from __future__ import annotations

import gc
import io
import os
import pickle
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from kls.config import Config
from kls.corpus import load_corpus, markdown_files
from kls.lagrum.checker import DocumentReport, check_corpus
from kls.lagrum.registry import Law, Registry, load_registry

MIN_DOCUMENTS = 200  # below this, starting processes costs more than it saves
DOCUMENTS_PER_WORKER = 100
MAX_WORKERS = 4


def cores() -> int:
    """Processor cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def default_workers(count: int) -> int:
    """How many processes to check `count` documents with (1 = in this process only)."""
    if not hasattr(os, "fork") or count < MIN_DOCUMENTS or threading.active_count() > 1:
        return 1
    return max(1, min(cores(), MAX_WORKERS, count // DOCUMENTS_PER_WORKER))


# --- sending reports between processes ----------------------------------------------------------------

_LAWS: dict[str, Law] = {}


def _law(law_id: str) -> Law:
    return _LAWS[law_id]


class _Pickler(pickle.Pickler):
    """Pickles the registry's laws as references to them (by id)."""

    def __init__(self, file: io.BytesIO, registry: Registry) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.registry = registry

    def reducer_override(self, obj: Any) -> Any:  # noqa: ANN401 - pickle's protocol
        if type(obj) is Law and self.registry.by_id.get(obj.id) is obj:
            return _law, (obj.id,)
        return NotImplemented


def dumps(reports: list[DocumentReport], registry: Registry) -> bytes:
    """Reports as bytes, with laws as references to the registry (see `loads`)."""
    buffer = io.BytesIO()
    _Pickler(buffer, registry).dump(reports)
    return buffer.getvalue()


def loads(data: bytes, registry: Registry) -> list[DocumentReport]:
    """Reports from `dumps`, linked to the same `Law` objects of `registry`."""
    global _LAWS
    _LAWS = registry.by_id
    try:
        return pickle.loads(data)  # noqa: S301 - bytes from our own child process
    finally:
        _LAWS = {}


# --- the processes ------------------------------------------------------------------------------------


def fork_work(work: Callable[[], bytes]) -> tuple[int, int] | None:
    """Run `work` in a child process; (pid, read end of its pipe), or None if forking failed."""
    try:
        read, write = os.pipe()
    except OSError:
        return None
    try:
        pid = os.fork()
    except OSError:
        os.close(read)
        os.close(write)
        return None
    if pid == 0:  # the child: never return into the caller's code, never flush its buffers
        status = 1
        try:
            os.close(read)
            data = work()
            with os.fdopen(write, "wb") as out:
                out.write(data)
            status = 0
        finally:
            os._exit(status)
    os.close(write)
    return pid, read


def collect_work(pid: int, read: int) -> bytes | None:
    """Everything the child wrote, or None when it did not finish cleanly."""
    with os.fdopen(read, "rb") as pipe:
        data = pipe.read()
    _pid, status = os.waitpid(pid, 0)
    return data if status == 0 and data else None


def check_files(
    config: Config, paths: Sequence[Path] | None = None, registry: Registry | None = None, workers: int | None = None
) -> list[DocumentReport]:
    """`check_corpus(load_corpus(config, only=paths), registry)`: every readable document in
    `paths` (default: the whole corpus), read and checked on `workers` processes (default: see
    `default_workers`). Children read their own share of the files too."""
    registry = registry or load_registry()
    files = [p.resolve() for p in paths] if paths is not None else list(markdown_files(config.docs_dir.resolve()))
    workers = default_workers(len(files)) if workers is None else max(1, min(workers, len(files) or 1))
    shares = [files[i::workers] for i in range(workers)]  # interleaved: long and short documents mix

    def run(share: list[Path]) -> list[DocumentReport]:
        return check_corpus(load_corpus(config, only=share), registry)

    collecting = gc.isenabled()
    gc.disable()  # reading and checking make many small objects and next to no reference cycles
    try:
        return run(files) if workers == 1 else _in_processes(run, files, shares, registry)
    finally:
        if collecting:
            gc.enable()


def _in_processes(
    run: Callable[[list[Path]], list[DocumentReport]], files: list[Path], shares: list[list[Path]], registry: Registry
) -> list[DocumentReport]:
    """`run` each share, all but the first in a child process; the reports in the order of `files`."""
    gc.freeze()  # what exists now stays shared with the children (copy-on-write), unscanned
    try:
        children = [fork_work(lambda share=share: dumps(run(share), registry)) for share in shares[1:]]
        reports = run(shares[0])
        for share, child in zip(shares[1:], children, strict=True):
            data = collect_work(*child) if child is not None else None
            got = None
            if data is not None:
                try:
                    got = loads(data, registry)
                except Exception:  # noqa: BLE001 - a broken child's share is simply done again here
                    got = None
            reports += got if got is not None else run(share)
    finally:
        gc.unfreeze()
    order = {path: index for index, path in enumerate(files)}
    reports.sort(key=lambda report: order.get(report.document.path, -1))
    return reports
