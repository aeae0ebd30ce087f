"""A document's attachments follow the document: internal images never reach the public site."""

from __future__ import annotations

from pathlib import Path

from helpers import REPO, write, write_doc
from kls.attachments import hidden_attachment, owner_document, staff_only_file
from kls.config import load_config
from kls.corpus import load_corpus
from kls.docs_files import check_staff_only_files, check_symlinks
from kls.errors import ERROR, WARNING, Problem

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


# --- the public site publishes no file outside assets/ and public documents' folders -----------


def test_public_site_hides_files_outside_assets_and_public_documents_folders():
    csv = "rutiner/a/intern-klientlista.csv"
    assert hidden_attachment(csv, DOCS, PUBLISHED, public_site=True)
    assert not hidden_attachment(csv, DOCS, PUBLISHED | {"rutiner/a/intern.md"}, public_site=False)  # staff site
    assert hidden_attachment("bild.png", DOCS, PUBLISHED, public_site=True)  # not even next to index.md
    assert hidden_attachment("rutiner/a/intern/bild-1.png", DOCS, PUBLISHED, public_site=True)
    assert not hidden_attachment("rutiner/a/publik/bild-1.png", DOCS, PUBLISHED, public_site=True)
    assert not hidden_attachment("assets/kls.css", DOCS, PUBLISHED, public_site=True)
    assert not hidden_attachment("assets/bilder/logga.svg", DOCS, PUBLISHED, public_site=True)
    assert hidden_attachment("assetsx/logga.svg", DOCS, PUBLISHED, public_site=True)


def test_staff_only_file():
    assert staff_only_file("rutiner/a/intern-klientlista.csv", DOCS)
    assert staff_only_file("bild.png", DOCS)
    assert not staff_only_file("rutiner/a/intern/bild-1.png", DOCS)  # an internal document's: expected
    assert not staff_only_file("rutiner/a/publik/bild-1.png", DOCS)
    assert not staff_only_file("assets/kls.css", DOCS)
    assert not staff_only_file("rutiner/a/ny.md", DOCS)


# --- kls.docs_files: symbolic links and staff-only files in `kls validera` ----------------------


def file_problems(project: Path, today, check) -> list[Problem]:
    return list(check(load_corpus(load_config(project)), today))


def test_symlinks_under_docs_are_errors_naming_the_path(project, today, tmp_path):
    secret = write(tmp_path, "hemligt/secret.txt", "HEMLIG")
    (project / "docs/assets/info.txt").symlink_to(secret)
    (project / "docs/assets/etc").symlink_to(secret.parent, target_is_directory=True)
    (project / "docs/assets/bild.png").symlink_to("/finns/inte")
    write_doc(project, "rutiner/barn-och-unga/publik.md", publicering="extern")
    (project / "docs/rutiner/barn-och-unga/publik").symlink_to("../../om", target_is_directory=True)
    found = file_problems(project, today, check_symlinks)
    assert [(p.path, p.line, p.severity) for p in found] == [
        ("docs/assets/bild.png", 1, ERROR),
        ("docs/assets/etc", 1, ERROR),
        ("docs/assets/info.txt", 1, ERROR),
        ("docs/rutiner/barn-och-unga/publik", 1, ERROR),
    ]
    assert "trasig symbolisk länk (till /finns/inte" in found[0].message
    assert "symbolisk länk till en mapp" in found[1].message
    assert f"symbolisk länk (till {secret})" in found[2].message
    assert all("inte tillåtna" in p.message for p in found)


def test_no_symlinks_no_problems_and_the_repo_has_none(project, today):
    write(project / "docs", "rutiner/barn-och-unga/publik/bild.png", b"\x89PNG")
    assert file_problems(project, today, check_symlinks) == []
    assert file_problems(REPO, today, check_symlinks) == []


def test_staff_only_files_are_warnings_with_how_to_publish(project, today):
    write_doc(project, "rutiner/barn-och-unga/intern.md")
    write_doc(project, "rutiner/barn-och-unga/publik.md", publicering="extern")
    write(project / "docs", "rutiner/barn-och-unga/intern-klientlista.csv", "namn\n")
    write(project / "docs", "rutiner/barn-och-unga/intern/bild.png", b"\x89PNG")  # internal document's: fine
    write(project / "docs", "rutiner/barn-och-unga/publik/bild.png", b"\x89PNG")
    write(project / "docs", "assets/ny.css", "a{}")
    write(project / "docs", ".dold/fil.txt", "x")  # MkDocs skips hidden files
    write(project / "docs", "om/anteckning.markdown", "# Anteckning\n")
    found = file_problems(project, today, check_staff_only_files)
    assert [(p.path, p.line, p.severity) for p in found] == [
        ("docs/om/anteckning.markdown", 1, WARNING),
        ("docs/rutiner/barn-och-unga/intern-klientlista.csv", 1, WARNING),
    ]
    assert "byt filändelse till .md" in found[0].message.lower()
    message = found[1].message
    assert "bara på personalens webbplats" in message
    assert "rutiner/barn-och-unga/dokumentet/intern-klientlista.csv för rutiner/barn-och-unga/dokumentet.md" in message


def test_the_repo_has_no_staff_only_files(today):
    assert file_problems(REPO, today, check_staff_only_files) == []
