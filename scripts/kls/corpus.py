"""All documents and pages under docs/, loaded once and indexed by id."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kls.config import TYPE_BY_FOLDER, Config
from kls.errors import UsageError, display_path
from kls.model import Document, load_document

SKIP_DIRS = {".git", "__pycache__", "node_modules"}


@dataclass
class Corpus:
    """The loaded documents (under type folders) and the other pages."""

    config: Config
    documents: list[Document] = field(default_factory=list)
    pages: list[Document] = field(default_factory=list)
    # files_fingerprint as it was before the files were read (None: not every file was loaded)
    fingerprint: tuple[tuple[str, float, int], ...] | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        self.by_id: dict[str, Document] = {}
        self.by_rel: dict[str, Document] = {}
        for doc in self.documents:
            self.by_rel[doc.rel] = doc
            if doc.id and doc.id not in self.by_id:
                self.by_id[doc.id] = doc
        for page in self.pages:
            self.by_rel[page.rel] = page

    @property
    def all(self) -> list[Document]:
        return [*self.documents, *self.pages]

    def published(self, public_site: bool) -> list[Document]:
        """The documents a site lists: readable, on the public site only `extern` ones."""
        return [d for d in self.documents if d.readable and (d.public or not public_site)]

    def current(self, public_site: bool) -> list[Document]:
        """Published documents that are not withdrawn (listings, search, reports)."""
        return [d for d in self.published(public_site) if d.withdrawn is None]


def markdown_files(docs_dir: Path) -> Iterable[Path]:
    """Markdown files under docs/, sorted, skipping hidden and tool folders.

    A missing folder is a UsageError: an empty result would read as "no problems found"."""
    if not docs_dir.is_dir():
        raise UsageError(f"Mappen {display_path(docs_dir)}/ finns inte; dokumenten ska ligga i docs/ bredvid kls.yml")
    for path in sorted(docs_dir.rglob("*.md")):
        rel_parts = path.relative_to(docs_dir).parts
        if any(part.startswith(".") or part in SKIP_DIRS for part in rel_parts):
            continue
        if path.is_file():
            yield path


def docs_files(config: Config, given: Iterable[str | Path]) -> list[Path]:
    """The Markdown files named by `given` (files, or folders searched recursively), resolved.

    Every path must exist and lie under docs/; otherwise a Swedish UsageError (exit status 2).
    """
    docs_dir = config.docs_dir.resolve()
    files: list[Path] = []
    for raw in given:
        path = Path(raw)
        resolved = path.resolve()
        if not path.exists():
            raise UsageError(f"Filen eller mappen finns inte: {raw}")
        if resolved != docs_dir and docs_dir not in resolved.parents:
            raise UsageError(f"'{raw}' ligger inte under dokumentmappen {display_path(docs_dir)}/; ange filer eller mappar där")
        if path.is_dir():
            files += markdown_files(resolved)
        elif resolved.suffix.lower() != ".md":
            raise UsageError(f"'{raw}' är ingen Markdown-fil (.md)")
        else:
            files.append(resolved)
    return list(dict.fromkeys(files))


def files_fingerprint(config: Config, paths: Iterable[Path] | None = None) -> tuple[tuple[str, float, int], ...]:
    """Path, modification time and size of `kls.yml` and every Markdown file under docs/ (or of
    `paths`): it changes when any of them does."""
    files = [config.root / "kls.yml", *(paths if paths is not None else markdown_files(config.docs_dir.resolve()))]
    items = []
    for path in files:
        try:
            stat = path.stat()
        except OSError:
            continue
        items.append((str(path), stat.st_mtime, stat.st_size))
    return tuple(items)


def load_corpus(
    config: Config,
    docs_dir: Path | None = None,
    only: Iterable[Path] | None = None,
    extra: Iterable[Path] | None = None,
) -> Corpus:
    """Load every Markdown file under `docs_dir` (default: the configured docs folder), or just
    the files in `only`; files in `extra` are loaded too even if the folder walk skips them."""
    docs_dir = (docs_dir or config.docs_dir).resolve()
    if only is None and not docs_dir.is_dir():
        raise UsageError(f"Dokumentmappen {display_path(docs_dir)}/ finns inte; dokumenten ska ligga i docs/ bredvid kls.yml")
    paths = [p.resolve() for p in only] if only is not None else list(markdown_files(docs_dir))
    whole = only is None and extra is None and docs_dir == config.docs_dir.resolve()
    fingerprint = files_fingerprint(config, paths) if whole else None  # taken before reading
    if extra is not None:
        paths = list(dict.fromkeys([*paths, *(p.resolve() for p in extra)]))
    prefix = str(docs_dir / "_")[:-1]  # "…/docs/" with the platform's separator
    outside = next((p for p in paths if not str(p).startswith(prefix)), None)
    if outside is not None:
        raise UsageError(f"'{display_path(outside)}' ligger inte under dokumentmappen {display_path(docs_dir)}/")
    documents: list[Document] = []
    pages: list[Document] = []
    for path in paths:
        doc = load_document(path, docs_dir, config)
        (documents if doc.rel.split("/", 1)[0] in TYPE_BY_FOLDER else pages).append(doc)
    return Corpus(config, documents, pages, fingerprint)
