"""Checks on the files under docs/ themselves (not their content): symbolic links, and files
that only the staff site publishes (`kls.attachments`)."""

from __future__ import annotations

import datetime as dt
import os
import posixpath
from collections.abc import Iterable, Iterator
from pathlib import Path

from kls.attachments import ASSETS, staff_only_file
from kls.corpus import SKIP_DIRS, Corpus
from kls.errors import ERROR, WARNING, Problem, display_path

# Markdown files MkDocs renders as pages; only `.md` files are documents here (kls.corpus)
OTHER_MARKDOWN = (".markdown", ".mdown", ".mkdn", ".mkd")


def _walk(docs_dir: Path) -> Iterator[tuple[str, Path, bool]]:
    """(docs/-relative path, path, is a folder) for everything under `docs_dir`, sorted,
    without entering linked folders."""
    for folder, dirnames, filenames in os.walk(docs_dir, followlinks=False):
        dirnames.sort()
        base = Path(folder)
        for name in sorted([*dirnames, *filenames]):
            path = base / name
            yield path.relative_to(docs_dir).as_posix(), path, name in dirnames


def _docs_prefix(corpus: Corpus) -> str:
    return display_path(corpus.config.docs_dir, corpus.config.root)


def check_symlinks(corpus: Corpus, today: dt.date) -> Iterable[Problem]:
    """A symbolic link under docs/ is an error: MkDocs follows it and would publish what it
    points at (a file or folder anywhere on the computer), and a broken one stops the build."""
    docs_dir = corpus.config.docs_dir
    if not docs_dir.is_dir():
        return
    prefix = _docs_prefix(corpus)
    for rel, path, _ in _walk(docs_dir):
        if not path.is_symlink():
            continue
        try:
            target = os.readlink(path)
        except OSError:
            target = "?"
        if not path.exists():
            what = f"en trasig symbolisk länk (till {target}, som inte finns)"
        elif path.is_dir():
            what = f"en symbolisk länk till en mapp ({target})"
        else:
            what = f"en symbolisk länk (till {target})"
        yield Problem(
            f"{prefix}/{rel}",
            1,
            ERROR,
            f"'{prefix}/{rel}' är {what}; symboliska länkar är inte tillåtna under {prefix}/ eftersom "
            "det de pekar på kan publiceras. Lägg en vanlig fil eller mapp där i stället, eller ta bort länken.",
        )


def check_staff_only_files(corpus: Corpus, today: dt.date) -> Iterable[Problem]:
    """Warn about a file outside assets/ and outside every document's attachment folder: the
    public site leaves it out (kls.attachments), which may not be what the writer expects."""
    docs_dir = corpus.config.docs_dir
    if not docs_dir.is_dir():
        return
    prefix = _docs_prefix(corpus)
    for rel, path, is_dir in _walk(docs_dir):
        if is_dir or path.is_symlink() or any(p.startswith(".") or p in SKIP_DIRS for p in rel.split("/")):
            continue  # symbolic links are check_symlinks' errors; hidden files MkDocs skips
        if rel.endswith(OTHER_MARKDOWN):
            yield Problem(
                f"{prefix}/{rel}",
                1,
                WARNING,
                f"'{rel}' publiceras inte på någon webbplats: bara filer som slutar på .md läses som "
                "dokument och sidor. Byt filändelse till .md om filen ska publiceras.",
            )
        elif staff_only_file(rel, corpus.by_rel):
            folder, name = posixpath.split(rel)
            stem = f"{folder}/dokumentet" if folder else "dokumentet"
            yield Problem(
                f"{prefix}/{rel}",
                1,
                WARNING,
                f"'{rel}' hör inte till något dokument och publiceras därför bara på personalens webbplats. "
                "Ska filen publiceras med ett publikt dokument, lägg den i mappen som heter som dokumentet "
                f"(t.ex. {stem}/{name} för {stem}.md); den publika webbplatsen tar bara med filer under "
                f"{ASSETS} och i publika dokuments mappar.",
            )
