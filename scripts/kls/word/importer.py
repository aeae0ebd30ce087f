"""`kls importera`: plan and carry out the import of a folder tree of Word files into docs/.

`plan_import` reads everything and decides, without writing: which files convert, where each
document goes (type folder, area, subfolders), its id and front matter, and what a person must
check. `write_plan` writes the planned documents and images; `write_csv` the report.
Re-running is safe: a source file already imported (front matter key `källa`) is skipped.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from kls.config import DOC_TYPES, Config, DocType
from kls.corpus import markdown_files
from kls.errors import os_error_sv
from kls.frontmatter import FrontMatterError, decode, parse
from kls.word.docx_to_md import ConversionError, Converted, convert_docx
from kls.word.metadata import (
    NO_AREA,
    PLACEHOLDER,
    ReadDate,
    find_lagrum,
    is_type_folder,
    match_owner,
    read_date,
    slugify,
    title_from_filename,
    type_from_words,
)

SOURCE_KEY = "källa"
CONVERTED = "konverterad"
CHECK = "konverterad, kontrollera"
FAILED = "kan inte konverteras"
DUPLICATE = "redan importerad"
SKIPPED = "hoppas över"

NOT_CONVERTIBLE = {
    ".doc": "gammalt Word-format (.doc): öppna i Word och spara som .docx, importera sedan igen",
    ".dot": "Word-mall i gammalt format (.dot): spara som .docx och importera igen",
    ".dotx": "Word-mall (.dotx): spara som .docx och importera igen",
    ".docm": "Word-fil med makron (.docm): spara som .docx utan makron och importera igen",
    ".rtf": "RTF-fil: öppna i Word och spara som .docx",
    ".odt": "OpenDocument-fil (.odt): spara som .docx och importera igen",
    ".pdf": "PDF kan inte konverteras: leta upp Word-originalet eller skriv av dokumentet",
}
_IMAGE_FOLDER = "KLSBILDMAPPKLS"
IGNORED_NAMES = {"thumbs.db", ".ds_store", "desktop.ini"}


@dataclass
class Outcome:
    """What happens to one source file."""

    source: str  # path under the source folder, POSIX style
    status: str
    notes: list[str] = field(default_factory=list)
    target: str | None = None  # path under docs/, POSIX style
    doc_id: str | None = None
    doc_type: str | None = None
    area: str | None = None
    text: str | None = None  # the Markdown file to write
    images: dict[str, bytes] = field(default_factory=dict)  # path under docs/ -> bytes
    placeholders: list[str] = field(default_factory=list)

    @property
    def converted(self) -> bool:
        return self.status in (CONVERTED, CHECK)


@dataclass
class ImportPlan:
    """All outcomes of one run, plus the areas that kls.yml does not know yet."""

    source: Path
    docs_dir: Path
    outcomes: list[Outcome]
    unknown_areas: dict[str, str]  # slug -> folder name as written

    def count(self, *statuses: str) -> int:
        return sum(o.status in statuses for o in self.outcomes)


@dataclass
class Existing:
    """What docs/ already holds: the highest number per id prefix and imported sources."""

    highest: dict[str, int] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)  # källa -> docs/ path
    paths: set[str] = field(default_factory=set)

    def next_id(self, prefix: str) -> str:
        number = self.highest.get(prefix, 0) + 1
        self.highest[prefix] = number
        return f"{prefix}-{number:03d}"

    def imported_as(self, source_key: str) -> str | None:
        """The docs/ path of an earlier import of the same file, also when the earlier run
        started one folder higher or lower (its key is a path suffix of this one, or the reverse)."""
        if source_key in self.sources:
            return self.sources[source_key]
        parts = PurePosixPath(source_key).parts
        for key, path in self.sources.items():
            other = PurePosixPath(key).parts
            shorter, longer = sorted((parts, other), key=len)
            if len(shorter) >= 2 and longer[-len(shorter) :] == shorter:
                return path
        return None


_ID = re.compile(r"\b([A-ZÅÄÖ]{2,10}-[A-ZÅÄÖ]{2,10})-(\d{1,6})\b")


def scan_existing(docs_dir: Path) -> Existing:
    """Ids anywhere in docs/ (also in unreadable files and links) and earlier imports."""
    existing = Existing()
    if not docs_dir.is_dir():
        return existing
    for path in markdown_files(docs_dir):
        rel = path.relative_to(docs_dir).as_posix()
        existing.paths.add(rel)
        try:
            text = decode(path.read_bytes())
        except (OSError, UnicodeDecodeError):
            continue
        for prefix, number in _ID.findall(text):
            existing.highest[prefix] = max(existing.highest.get(prefix, 0), int(number))
        try:
            meta = parse(text).data
        except FrontMatterError:
            continue
        source = meta.get(SOURCE_KEY)
        if isinstance(source, str) and source.strip():
            existing.sources[source.strip()] = rel
    return existing


def area_slug(name: str, config: Config) -> str:
    """A folder name as an area slug: the configured slug whose slug or display name matches."""
    slug = slugify(name)
    for key, display in config.areas.items():
        if slug in (key, slugify(display)):
            return key
    return slug or NO_AREA


def guess_type(source_rel: PurePosixPath, converted: Converted | None, forced: DocType | None) -> tuple[DocType, str | None]:
    """(type, note): forced, else the header table's "Dokumenttyp", the file name, the folders,
    the title; `rutin` with a note when nothing tells."""
    if forced is not None:
        return forced, None
    candidates: list[str] = []
    if converted is not None:
        found = converted.fields.first("dokumenttyp")
        if found:
            candidates.append(found[0])
    candidates.append(source_rel.stem)
    candidates += reversed(source_rel.parent.parts)
    if converted is not None and converted.title:
        candidates.append(converted.title)
    for text in candidates:
        doc_type = type_from_words(text)
        if doc_type is not None:
            return doc_type, None
    return DOC_TYPES["rutin"], "dokumenttypen framgår inte av namn eller innehåll; satt till rutin (tvinga med --typ)"


def placement(source_rel: PurePosixPath, config: Config, forced_area: str | None) -> tuple[str, list[str], str | None]:
    """(area slug, subfolder slugs, area folder as written): the first folder is the area,
    deeper folders stay as subfolders; folders that name a type (`Rutiner`) are left out."""
    folders = [f for f in source_rel.parent.parts if not is_type_folder(f)]
    if forced_area:
        return forced_area, [slugify(f) for f in folders if slugify(f)], None
    if not folders:
        return NO_AREA, [], None
    return area_slug(folders[0], config), [slugify(f) for f in folders[1:] if slugify(f)], folders[0]


def front_matter(meta: dict[str, Any], comments: dict[str, str], header: list[str]) -> str:
    """YAML front matter in a fixed key order, with a comment after values a person must fill in."""
    lines = ["---", *(f"# {line}" for line in header)]
    for key, value in meta.items():
        dumped = yaml.safe_dump({key: value}, allow_unicode=True, sort_keys=False, width=1000).rstrip("\n")
        if key in comments and "\n" not in dumped:
            dumped += f"  # {comments[key]}"
        lines.append(dumped)
    lines.append("---")
    return "\n".join(lines) + "\n"


def approval(converted: Converted) -> tuple[ReadDate | None, tuple[str, str] | None, tuple[str, str] | None]:
    """(approval date, "Fastställd" as found, "Fastställd av" as found)."""
    fields = converted.fields
    approved_by = fields.first("fastställd_av")
    approved = fields.first("fastställd")
    approved_date = read_date(approved[0]) if approved else None
    if approved_date is None and approved_by:
        approved_date = read_date(approved_by[0])
    if approved_date is None:
        match = re.search(r"(?:fastställd|beslutad|antagen)[^.\n]{0,40}", converted.text, re.I)
        approved_date = read_date(match[0]) if match else None
    return approved_date, approved, approved_by


def build_meta(
    converted: Converted,
    lagrum_found: tuple[list[str], list[str]],
    source_key: str,
    title: str,
    doc_id: str,
    doc_type: DocType,
    area: str,
    config: Config,
) -> tuple[dict[str, Any], dict[str, str], list[str], list[str]]:
    """(front matter, comments, placeholders, notes) from what the document says."""
    fields = converted.fields
    meta: dict[str, Any] = {"title": title, "id": doc_id, "dokumenttyp": doc_type.key, "område": area}
    comments: dict[str, str] = {}
    placeholders: list[str] = []
    notes: list[str] = []

    owner_found = fields.first("ägare")
    role, hint = match_owner(owner_found[0], config.owner_roles) if owner_found else (None, None)
    meta["ägare"] = role or PLACEHOLDER
    if role is None:
        placeholders.append("ägare")
        if owner_found:
            comments["ägare"] = (
                f"Word: '{owner_found[0]}'" + (f"; menas '{hint}'?" if hint else "") + " Skriv en roll från kls.yml."
            )
            notes.append(
                f"ansvarig '{owner_found[0]}' ({owner_found[1]}) är ingen roll i kls.yml"
                + (f"; närmast: '{hint}'" if hint else "")
            )
        else:
            comments["ägare"] = "skriv en roll från kls.yml"

    approved_date, approved, approved_by = approval(converted)
    if approved_date is not None:
        meta["fastställd"] = approved_date.value.isoformat()
        if approved_date.note:
            notes.append(f"fastställd: {approved_date.note}")
    else:
        meta["fastställd"] = PLACEHOLDER
        placeholders.append("fastställd")
        comments["fastställd"] = "datum ÅÅÅÅ-MM-DD" + (f"; Word: '{approved[0]}'" if approved else "")
    if approved_by:
        meta["fastställd_av"] = approved_by[0][:200]

    due = fields.first("revideras")
    due_date = read_date(due[0]) if due else None
    if due_date is None:
        match = re.search(r"revideras(?: senast)?[^.\n]{0,30}", converted.text, re.I)
        due_date = read_date(match[0]) if match else None
    if due_date is not None:
        meta["revideras"] = due_date.value.isoformat()
        if due_date.note:
            notes.append(f"revideras: {due_date.note}")
    elif due:
        notes.append(f"'revideras' i Word ('{due[0]}') är inget datum; standardintervallet för {doc_type.key} gäller")

    version = fields.first("version")
    if version:
        number = re.search(r"\d+(?:[.,]\d+)?", version[0])
        if number:
            meta["version"] = number[0].replace(",", ".")
    lagrum, left_out = lagrum_found
    if lagrum:
        meta["lagrum"] = lagrum[:100]
    if left_out:
        shown = ", ".join(f"'{ref}'" for ref in left_out[:3])
        notes.append(f"{len(left_out)} lagrum utan lagnamn ({shown}) togs inte med i 'lagrum'; kontrollera texten")
    meta["publicering"] = "intern"
    meta[SOURCE_KEY] = source_key
    if area == NO_AREA:
        placeholders.append("område")
    return meta, comments, placeholders, notes


Read = tuple[Converted | None, str | None, tuple[list[str], list[str]]]


def read_source(path: str) -> Read:
    """(converted document or None, reason it failed, legal references): the slow part of an
    import, one file at a time, safe to run in a worker process."""
    try:
        converted = convert_docx(Path(path).read_bytes(), _IMAGE_FOLDER)
    except OSError as exc:
        return None, f"filen kan inte läsas: {os_error_sv(exc)}", ([], [])
    except ConversionError as exc:
        return None, str(exc), ([], [])
    except Exception as exc:  # noqa: BLE001 - one odd file must not stop an import of hundreds
        return None, f"oväntat fel vid konverteringen ({type(exc).__name__}): öppna och spara om filen i Word", ([], [])
    date = approval(converted)[0]
    return converted, None, find_lagrum(converted.text, date.value if date else None)


def read_all(paths: list[Path], workers: int | None = None) -> list[Read]:
    """`read_source` for every path, in order; in parallel processes when there are many."""
    workers = workers if workers is not None else min(os.cpu_count() or 1, 8)
    names = [str(p) for p in paths]
    if workers > 1 and len(names) >= 16:
        try:
            with ProcessPoolExecutor(max_workers=workers) as pool:
                return list(pool.map(read_source, names, chunksize=4))
        except (OSError, BrokenProcessPool, NotImplementedError):
            pass  # no process pool here (restricted environment): read one at a time
    return [read_source(name) for name in names]


def _unique_target(base: str, taken: set[str]) -> str:
    stem = base[: -len(".md")]
    candidate, number = base, 2
    while candidate in taken:
        candidate = f"{stem}-{number}.md"
        number += 1
    return candidate


def source_files(source: Path) -> list[Path]:
    """Every file under `source`, sorted, hidden folders left out."""
    if source.is_file():
        return [source]
    return sorted(
        (
            p
            for p in source.rglob("*")
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(source).parts[:-1])
        ),
        key=lambda p: p.relative_to(source).as_posix().casefold(),
    )


def plan_import(
    source: Path,
    config: Config,
    docs_dir: Path | None = None,
    forced_type: DocType | None = None,
    forced_area: str | None = None,
    today: dt.date | None = None,
    workers: int | None = None,
) -> ImportPlan:
    """Convert every file under `source` in memory and decide where it goes. Writes nothing."""
    docs_dir = docs_dir or config.docs_dir
    source = source.resolve()
    root_name = source.name if source.is_dir() else source.parent.name
    base = source if source.is_dir() else source.parent
    existing = scan_existing(docs_dir)
    taken = set(existing.paths)
    prefix_unit = str(config.unit.get("kortnamn") or "IFO").upper()
    outcomes: list[Outcome] = []
    unknown_areas: dict[str, str] = {}
    header = [f"Importerad från Word med 'kls importera'{f' {today.isoformat()}' if today else ''}."]

    pending: list[tuple[Path, PurePosixPath, str]] = []
    order: list[Outcome | int] = []  # an outcome, or the index of a file still to convert
    for path in source_files(source):
        rel = PurePosixPath(path.relative_to(base).as_posix())
        source_key = (PurePosixPath(root_name) / rel).as_posix() if root_name else rel.as_posix()
        suffix = path.suffix.lower()
        if path.name.lower() in IGNORED_NAMES:
            order.append(Outcome(rel.as_posix(), SKIPPED, ["systemfil"]))
        elif path.name.startswith("~$"):
            order.append(Outcome(rel.as_posix(), SKIPPED, ["låsfil som Word skapar medan filen är öppen"]))
        elif suffix in NOT_CONVERTIBLE:
            order.append(Outcome(rel.as_posix(), FAILED, [NOT_CONVERTIBLE[suffix]]))
        elif suffix != ".docx":
            order.append(Outcome(rel.as_posix(), SKIPPED, [f"inte ett Word-dokument ({suffix or 'utan filändelse'})"]))
        elif earlier := existing.imported_as(source_key):
            order.append(Outcome(rel.as_posix(), DUPLICATE, [f"finns redan som docs/{earlier}"], target=earlier))
        else:
            order.append(len(pending))
            pending.append((path, rel, source_key))
    reads = read_all([path for path, _, _ in pending], workers)

    for item in order:
        if isinstance(item, Outcome):
            outcomes.append(item)
            continue
        _, rel, source_key = pending[item]
        converted, failure, lagrum_found = reads[item]
        if converted is None:
            outcomes.append(Outcome(rel.as_posix(), FAILED, [failure or "kunde inte konverteras"]))
            continue
        area, subfolders, area_folder = placement(rel, config, forced_area)
        if area not in config.areas and area != NO_AREA:
            unknown_areas.setdefault(area, area_folder or area)
        slug = slugify(rel.stem) or "dokument"
        doc_type, type_note = guess_type(rel, converted, forced_type)
        folder = "/".join([doc_type.folder, area, *subfolders])
        target = _unique_target(f"{folder}/{slug}.md", taken)
        taken.add(target)
        # Images sit in a folder named like the document, next to it: <slug>.md, <slug>/bild-1.png
        converted.markdown = converted.markdown.replace(f"]({_IMAGE_FOLDER}/", f"]({PurePosixPath(target).stem}/")
        title = converted.title or title_from_filename(rel.stem)
        doc_id = existing.next_id(f"{prefix_unit}-{doc_type.prefix}")
        meta, comments, placeholders, notes = build_meta(
            converted, lagrum_found, source_key, title, doc_id, doc_type, area, config
        )
        if converted.title is None:
            notes.insert(
                0, "ingen rubrik som kan vara titel; titeln är filnamnet" if not converted.had_headings else "titeln är filnamnet"
            )
        if type_note:
            notes.insert(0, type_note)
        if area == NO_AREA:
            notes.insert(0, "filen ligger inte i någon områdesmapp; ange --område eller flytta dokumentet")
        elif area not in config.areas:
            notes.insert(0, f"området '{area}' finns inte i kls.yml")
        if placeholders:
            notes.append("fyll i: " + ", ".join(placeholders))
        all_notes = [*notes, *converted.notes]
        head = header + (["Fyll i värdena markerade ATT FYLLA I och kör 'kls validera'."] if placeholders else [])
        text = front_matter(meta, comments, head) + "\n" + converted.markdown
        image_dir = target[: -len(".md")]
        outcomes.append(
            Outcome(
                source=rel.as_posix(),
                status=CHECK if all_notes else CONVERTED,
                notes=all_notes,
                target=target,
                doc_id=doc_id,
                doc_type=doc_type.key,
                area=area,
                text=text,
                images={f"{image_dir}/{name}": blob for name, blob in converted.images.items()},
                placeholders=placeholders,
            )
        )
    return ImportPlan(source, docs_dir, outcomes, unknown_areas)


def write_plan(plan: ImportPlan) -> int:
    """Write the planned documents and images; never overwrites an existing file."""
    written = 0
    for outcome in plan.outcomes:
        if not outcome.converted or outcome.text is None or outcome.target is None:
            continue
        path = plan.docs_dir / outcome.target
        if path.exists():
            outcome.status = SKIPPED
            outcome.notes.append(f"docs/{outcome.target} finns redan och skrevs inte över")
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        for rel, blob in outcome.images.items():
            image = plan.docs_dir / rel
            image.parent.mkdir(parents=True, exist_ok=True)
            image.write_bytes(blob)
        path.write_text(outcome.text, encoding="utf-8", newline="\n")
        written += 1
    return written


CSV_HEADER = ["Källfil", "Status", "Dokument", "Id", "Dokumenttyp", "Område", "Att göra"]


def csv_rows(plan: ImportPlan) -> Iterable[list[str]]:
    yield CSV_HEADER
    for o in plan.outcomes:
        yield [
            o.source,
            o.status,
            f"docs/{o.target}" if o.target else "",
            o.doc_id or "",
            o.doc_type or "",
            o.area or "",
            "; ".join(o.notes),
        ]


def write_csv(plan: ImportPlan, path: Path) -> None:
    """The report as CSV that Excel opens directly (UTF-8 with BOM, semicolons)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows(csv_rows(plan))
