"""Law-check reports kept in the build cache, so `kls validera` and `kls bygg` only check the
documents that changed (issue 5: validation is part of every rebuild).

A report is stored under the document's bytes, its path and the code version (which includes the
law registry), pickled with laws as references to the registry (`kls.lagrum.parallel.dumps`), so
a cached report holds the very same `Law` objects as a fresh one.
"""

from __future__ import annotations

from pathlib import Path

from kls.build_cache import cached, code_version
from kls.lagrum.checker import DocumentReport, check_document
from kls.lagrum.parallel import dumps, loads
from kls.lagrum.registry import Registry
from kls.model import Document

KIND = "lagrumskontroll"


def cached_report(doc: Document, registry: Registry, cache: Path | None) -> DocumentReport:
    """`check_document(doc, registry)`, from the cache when the document is unchanged."""
    if cache is None:
        return check_document(doc, registry)
    try:
        source = doc.path.read_bytes()
    except OSError:
        return check_document(doc, registry)
    parts = (code_version(), doc.rel, doc.display, source)
    try:
        data = cached(cache, KIND, parts, lambda: dumps([check_document(doc, registry)], registry))
        (report,) = loads(data, registry)
    except Exception:  # noqa: BLE001 - a damaged entry (or one that cannot be stored) is checked anew
        return check_document(doc, registry)
    report.document = doc
    return report
