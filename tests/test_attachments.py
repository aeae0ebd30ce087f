"""A document's attachments follow the document: internal images never reach the public site."""

from __future__ import annotations

from kls.attachments import hidden_attachment, owner_document

DOCS = {"rutiner/a/intern.md", "rutiner/a/publik.md", "index.md"}
PUBLISHED = {"rutiner/a/publik.md", "index.md"}


def test_owner_is_the_document_named_like_the_folder():
    assert owner_document("rutiner/a/intern/bild-1.png", DOCS) == "rutiner/a/intern.md"
    assert owner_document("rutiner/a/intern/undermapp/bild.png", DOCS) == "rutiner/a/intern.md"
    assert owner_document("assets/kls.css", DOCS) is None


def test_attachments_of_unpublished_documents_are_hidden():
    assert hidden_attachment("rutiner/a/intern/bild-1.png", DOCS, PUBLISHED)
    assert not hidden_attachment("rutiner/a/publik/bild-1.png", DOCS, PUBLISHED)
    assert not hidden_attachment("assets/logo.png", DOCS, PUBLISHED)
    assert not hidden_attachment("rutiner/a/intern.md", DOCS, PUBLISHED)  # pages are filtered elsewhere
