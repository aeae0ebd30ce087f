"""The document model: one Markdown file with front matter, read into typed properties."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kls import frontmatter
from kls.config import DOC_TYPES, TYPE_BY_FOLDER, Config, DocType
from kls.errors import ERROR, Problem, os_error_sv
from kls.review import Due, due_date, parse_date

MAX_FILE_BYTES = 20 * 1024 * 1024


@dataclass
class Document:
    """A document (riktlinje, rutin, process, mall) or an ordinary page under docs/."""

    path: Path
    rel: str  # path under docs/, POSIX style
    display: str  # path as shown in messages
    meta: dict[str, Any] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1
    key_lines: dict[str, int] = field(default_factory=dict)
    read_problems: list[Problem] = field(default_factory=list)
    due: Due = field(default_factory=lambda: Due(None, "saknas"))

    # --- where the file sits -------------------------------------------------------------
    @property
    def folder_type(self) -> DocType | None:
        return TYPE_BY_FOLDER.get(self.rel.split("/", 1)[0])

    @property
    def folder_area(self) -> str | None:
        parts = self.rel.split("/")
        return parts[1] if len(parts) >= 3 else None

    @property
    def is_document(self) -> bool:
        """True for files under a type folder (riktlinjer/, rutiner/, processer/, mallar/)."""
        return self.folder_type is not None

    @property
    def readable(self) -> bool:
        return not any(p.is_error for p in self.read_problems)

    # --- front matter, typed ----------------------------------------------------------------
    def text(self, key: str) -> str | None:
        value = self.meta.get(key)
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            text = str(value).strip()
            return text or None
        return None

    def texts(self, key: str) -> list[str]:
        value = self.meta.get(key)
        if isinstance(value, list):
            return [str(v).strip() for v in value if isinstance(v, (str, int, float)) and str(v).strip()]
        return []

    @property
    def id(self) -> str | None:
        return self.text("id")

    @property
    def title(self) -> str:
        return self.text("title") or Path(self.rel).stem

    @property
    def doc_type(self) -> DocType | None:
        value = self.text("dokumenttyp")
        return DOC_TYPES.get(value) if value else None

    @property
    def area(self) -> str | None:
        return self.text("område")

    @property
    def owner(self) -> str | None:
        return self.text("ägare")

    @property
    def approved(self) -> dt.date | None:
        return parse_date(self.meta.get("fastställd"))

    @property
    def approved_by(self) -> str | None:
        return self.text("fastställd_av")

    @property
    def version(self) -> str | None:
        return self.text("version")

    @property
    def lagrum(self) -> list[str]:
        return self.texts("lagrum")

    @property
    def related(self) -> list[str]:
        return self.texts("relaterade")

    @property
    def public(self) -> bool:
        """Only an explicit `publicering: extern` publishes; anything else is internal."""
        return self.meta.get("publicering") == "extern"

    @property
    def withdrawn(self) -> dt.date | None:
        return parse_date(self.meta.get("upphävd"))

    @property
    def replaced_by(self) -> str | None:
        return self.text("ersatt_av")

    @property
    def changelog(self) -> list[dict[str, Any]]:
        value = self.meta.get("ändringslogg")
        return [e for e in value if isinstance(e, dict)] if isinstance(value, list) else []

    @property
    def url(self) -> str:
        """The page URL relative to the site root, as MkDocs writes it (directory URLs)."""
        stem = self.rel[:-3] if self.rel.endswith(".md") else self.rel
        if stem == "index":
            return ""
        if stem.endswith("/index"):
            return stem[: -len("index")]
        return stem + "/"

    def line_of(self, key: str) -> int:
        """The line of a top-level front matter key, or 1 (the opening `---`)."""
        return self.key_lines.get(key, 1)

    def body_lines(self) -> list[tuple[int, str]]:
        """(file line number, text) for each body line."""
        return [(self.body_line + i, line) for i, line in enumerate(self.body.split("\n"))]


def load_document(path: Path, docs_dir: Path, config: Config, display_root: Path | None = None) -> Document:
    """Read one file; problems that stop it from being read are kept in `read_problems`."""
    rel = path.relative_to(docs_dir).as_posix()
    root = display_root or config.root
    try:
        display = path.relative_to(root).as_posix()
    except ValueError:
        display = path.as_posix()
    doc = Document(path=path, rel=rel, display=display)

    def fail(line: int, message: str) -> Document:
        doc.read_problems.append(Problem(display, line, ERROR, message))
        return doc

    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return fail(1, f"filen är för stor ({size // (1024 * 1024)} MB; högst {MAX_FILE_BYTES // (1024 * 1024)} MB)")
        raw = path.read_bytes()
    except OSError as exc:
        return fail(1, f"filen kan inte läsas: {os_error_sv(exc)}")
    if not raw.strip():
        return fail(1, "filen är tom")
    if b"\x00" in raw:
        return fail(1, "filen innehåller binära data (NUL-tecken) och är ingen textfil")
    try:
        text = frontmatter.decode(raw)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return fail(line, "filen är inte sparad som UTF-8 (spara om den som UTF-8)")
    try:
        parsed = frontmatter.parse(text)
    except frontmatter.FrontMatterError as exc:
        return fail(exc.line, exc.message)
    doc.meta, doc.body, doc.body_line, doc.key_lines = (
        parsed.data,
        parsed.body,
        parsed.body_line,
        parsed.key_lines,
    )
    if doc.is_document and not parsed.has_front_matter:
        return fail(1, "front matter saknas (filen ska börja med '---')")
    if doc.is_document:
        doc_type = doc.doc_type or doc.folder_type
        default = config.default_intervals.get(doc_type.key) if doc_type else None
        doc.due = due_date(doc.meta, default)
    return doc
