"""The fast preview (`kls visa --snabb`): what every page of a site depends on besides its own text.

In the fast preview MkDocs rebuilds only the documents whose file changed since the last build
(`mkdocs serve --dirty`). That is right as long as no other page shows anything of them: a
document's title, id, area, owner and dates (its front matter) appear on the type and area pages,
in `dok("ID")` references, in related-document lists and in the revision page; which files exist
changes links and listings; `kls.yml`, `mkdocs.yml` and the templates change every page.
`site_inputs` is a fingerprint of all of that. The MkDocs glue (overrides/hooks/kls_site.py)
compares it with the last build's and, when it differs, empties the site folder so that every
page is built again. A change to a document's text alone rebuilds that document (and the
generated pages, which MkDocs always rebuilds).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from kls.corpus import Corpus

CONFIG_FILES = ("mkdocs.yml", "kls.yml")


def _tree(folder: Path) -> list[tuple[str, int, int]]:
    """(path, modification time, size) of every file under `folder`, sorted."""
    out = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames.sort()
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            try:
                stat = os.stat(path)
            except OSError:
                continue
            out.append((os.path.relpath(path, folder), stat.st_mtime_ns, stat.st_size))
    return out


def site_inputs(corpus: Corpus, root: Path, docs_dir: Path, extra: str = "") -> str:
    """A fingerprint of what other pages show of the documents and of the site's settings: every
    document's and page's front matter, the names of all files under docs/, the configuration
    files and the templates (`overrides/`). `extra`: anything else the caller's pages depend on
    (the site, the build date)."""
    digest = hashlib.sha256(extra.encode())
    for doc in sorted(corpus.all, key=lambda d: d.rel):
        digest.update(json.dumps([doc.rel, doc.meta], sort_keys=True, default=str, ensure_ascii=False).encode())
    digest.update(json.dumps(sorted(rel for rel, _, _ in _tree(docs_dir))).encode())
    for name in CONFIG_FILES:
        try:
            digest.update((root / name).read_bytes())
        except OSError:
            digest.update(b"-")
    digest.update(json.dumps(_tree(root / "overrides")).encode())
    return digest.hexdigest()


__all__ = ["site_inputs"]
