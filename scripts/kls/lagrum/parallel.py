"""Check a large corpus on several processor cores, with the same result as `check_corpus`.

`kls lagrum` over hundreds of documents spends nearly all its time parsing text, which one
Python process does on one core. Here the documents are dealt out to forked child processes
(POSIX `os.fork`: the registry and the compiled patterns are already in memory), each child
checks its share and sends its reports back through a pipe, and the parent checks a share
itself meanwhile. Laws and documents travel as references (registry id, document index), so
the reports the parent gets back hold the very same `Law` and `Document` objects as a serial
run. A child that fails for any reason has its share checked again in the parent: the result
never depends on whether forking worked.

Only the command line uses this (never the MkDocs build or a server, which may run threads).
"""

from __future__ import annotations

import io
import os
import pickle
import threading
from collections.abc import Callable, Sequence
from typing import Any

from kls.corpus import Corpus
from kls.lagrum.checker import DocumentReport, check_document
from kls.lagrum.registry import Law, Registry, load_registry
from kls.model import Document

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
_DOCUMENTS: list[Document] = []


def _law(law_id: str) -> Law:
    return _LAWS[law_id]


def _document(index: int) -> Document:
    return _DOCUMENTS[index]


class _Pickler(pickle.Pickler):
    """Pickles registry laws and corpus documents as references to them."""

    def __init__(self, file: io.BytesIO, registry: Registry, index: dict[int, int]) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.registry, self.index = registry, index

    def reducer_override(self, obj: Any) -> Any:  # noqa: ANN401 - pickle's protocol
        if type(obj) is Law and self.registry.by_id.get(obj.id) is obj:
            return _law, (obj.id,)
        if type(obj) is Document and id(obj) in self.index:
            return _document, (self.index[id(obj)],)
        return NotImplemented


def dumps(reports: list[DocumentReport], registry: Registry, documents: Sequence[Document]) -> bytes:
    """Reports as bytes, with laws and documents as references (see `loads`)."""
    buffer = io.BytesIO()
    _Pickler(buffer, registry, {id(doc): i for i, doc in enumerate(documents)}).dump(reports)
    return buffer.getvalue()


def loads(data: bytes, registry: Registry, documents: Sequence[Document]) -> list[DocumentReport]:
    """Reports from `dumps`, linked to the same registry laws and corpus documents."""
    global _LAWS, _DOCUMENTS
    _LAWS, _DOCUMENTS = registry.by_id, list(documents)
    try:
        return pickle.loads(data)  # noqa: S301 - bytes from our own child process
    finally:
        _LAWS, _DOCUMENTS = {}, []


# --- the processes ------------------------------------------------------------------------------------


def _fork(work: Callable[[], bytes]) -> tuple[int, int] | None:
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


def _collect(pid: int, read: int) -> bytes | None:
    """Everything the child wrote, or None when it did not finish cleanly."""
    with os.fdopen(read, "rb") as pipe:
        data = pipe.read()
    _pid, status = os.waitpid(pid, 0)
    return data if status == 0 and data else None


def check_corpus_parallel(corpus: Corpus, registry: Registry | None = None, workers: int | None = None) -> list[DocumentReport]:
    """`check_corpus(corpus, registry)` on `workers` processes (default: see `default_workers`)."""
    registry = registry or load_registry()
    docs = [d for d in corpus.documents if d.readable]
    workers = default_workers(len(docs)) if workers is None else max(1, min(workers, len(docs) or 1))
    shares = [docs[i::workers] for i in range(workers)]  # interleaved: long and short documents mix
    children: list[tuple[int, tuple[int, int] | None]] = []
    for number, share in enumerate(shares[1:], start=1):

        def work(share: list[Document] = share) -> bytes:
            return dumps([check_document(doc, registry) for doc in share], registry, docs)

        children.append((number, _fork(work)))
    results: list[list[DocumentReport]] = [[] for _ in shares]
    results[0] = [check_document(doc, registry) for doc in shares[0]]
    for number, child in children:
        data = _collect(*child) if child is not None else None
        reports = None
        if data is not None:
            try:
                reports = loads(data, registry, docs)
            except Exception:  # noqa: BLE001 - a broken child's share is simply done again here
                reports = None
        if reports is None or len(reports) != len(shares[number]):
            reports = [check_document(doc, registry) for doc in shares[number]]
        results[number] = reports
    merged: list[DocumentReport] = [None] * len(docs)  # type: ignore[list-item]
    for number, reports in enumerate(results):
        merged[number::workers] = reports
    return merged
