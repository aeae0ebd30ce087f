"""A document's attachments (images, files) sit in a folder named like the document, next to it:
`rutiner/barn-och-unga/orosanmalan.md` owns `rutiner/barn-och-unga/orosanmalan/bild-1.png`.
An attachment is published only where its document is, so an internal document's images never
reach the public site."""

from __future__ import annotations

import posixpath
from collections.abc import Container


def owner_document(rel: str, documents: Container[str]) -> str | None:
    """The docs/-relative Markdown file that owns the attachment `rel`, or None."""
    folder = posixpath.dirname(rel)
    while folder:
        if f"{folder}.md" in documents:
            return f"{folder}.md"
        folder = posixpath.dirname(folder)
    return None


def hidden_attachment(rel: str, documents: Container[str], published: Container[str]) -> bool:
    """True when `rel` belongs to a document that this site does not publish."""
    if rel.endswith(".md"):
        return False
    owner = owner_document(rel, documents)
    return owner is not None and owner not in published
