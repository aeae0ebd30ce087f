"""A document's attachments (images, files) sit in a folder named like the document, next to it:
`rutiner/barn-och-unga/orosanmalan.md` owns `rutiner/barn-och-unga/orosanmalan/bild-1.png`.
An attachment is published only where its document is, so an internal document's images never
reach the public site. The public site publishes no other file from docs/ than those and the
site's own assets (`assets/`: CSS, scripts, logos); any other file is for the staff site only."""

from __future__ import annotations

import posixpath
from collections.abc import Container

ASSETS = "assets/"  # the site's own CSS, scripts and images, published on both sites


def owner_document(rel: str, documents: Container[str]) -> str | None:
    """The docs/-relative Markdown file that owns the attachment `rel`, or None."""
    folder = posixpath.dirname(rel)
    while folder:
        if f"{folder}.md" in documents:
            return f"{folder}.md"
        folder = posixpath.dirname(folder)
    return None


def hidden_attachment(rel: str, documents: Container[str], published: Container[str], public_site: bool = False) -> bool:
    """True when this site must not publish the file `rel` from docs/: it belongs to a document
    the site does not publish, or (on the public site) it is neither under assets/ nor in the
    attachment folder of a published document."""
    if rel.endswith(".md"):
        return False
    owner = owner_document(rel, documents)
    if owner is not None:
        return owner not in published
    return public_site and not rel.startswith(ASSETS)


def staff_only_file(rel: str, documents: Container[str]) -> bool:
    """A non-Markdown file that only the staff site publishes although no internal document owns
    it: outside assets/ and outside every document's attachment folder."""
    return not rel.endswith(".md") and not rel.startswith(ASSETS) and owner_document(rel, documents) is None
