"""Plain Markdown and HTML links between documents: a public page must not link to an
internal one (the link would be dead on the public site, and its file name could leak).

`relaterade`, `ersatt_av` and `dok()` are checked in `kls.validate.check_ids_and_links`;
this check covers `[text](../rutiner/omrade/fil.md)`, reference definitions, `<a href>` and
directory-style links (`../fil/`) to a Markdown file under docs/.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from collections.abc import Iterable
from urllib.parse import unquote, urlsplit

from kls.corpus import Corpus
from kls.errors import ERROR, Problem
from kls.mdscan import Lines, link_targets, mask_code
from kls.model import Document


def resolve(doc: Document, target: str) -> list[str]:
    """docs/-relative candidates a link target may point at (empty for external links)."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path or target.startswith(("#", "/")):
        return []
    path = unquote(parts.path)
    if path.endswith(".md"):
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(doc.rel), path))
        return [] if joined.startswith("../") else [joined]
    if path.endswith("/") or "." not in posixpath.basename(path):
        # a directory URL written by hand, relative to the page's URL (`…/fil/`), which
        # shows x.md or x/index.md
        base = posixpath.normpath(posixpath.join(doc.url or ".", path)).rstrip("/")
        return [] if base.startswith("..") else [f"{base}.md", f"{base}/index.md"]
    return []


def check_internal_links(corpus: Corpus, today: dt.date) -> Iterable[Problem]:
    """Links from a public page to an internal document are errors with file:line."""
    for doc in corpus.all:
        if not doc.readable or not doc.public or "](" not in doc.body and "]:" not in doc.body and "href" not in doc.body:
            continue
        lines = Lines.of(doc.body, doc.body_line)
        for offset, target in link_targets(mask_code(doc.body)):
            for rel in resolve(doc, target):
                linked = corpus.by_rel.get(rel)
                if linked is None or linked.public:
                    continue
                yield Problem(
                    doc.display,
                    lines.line(offset),
                    ERROR,
                    f"länken '{target}' pekar på ett internt dokument ({linked.id or linked.rel}); "
                    "en publicerad sida får inte länka till interna dokument",
                )
                break
