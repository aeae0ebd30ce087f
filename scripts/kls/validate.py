"""`kls validera`: check every document against the contract and the corpus as a whole.

Each check is a function `(corpus, today) -> Iterable[Problem]`; `CHECKS` lists them so that
other modules (law references, personal data, HTML safety) plug in without touching the rest.
"""

from __future__ import annotations

import datetime as dt
import difflib
import pickle
import re
from collections.abc import Callable, Iterable

import jsonschema

from kls.corpus import Corpus
from kls.docs_files import check_staff_only_files, check_symlinks
from kls.errors import ERROR, WARNING, Problem
from kls.html_safety import check_html_safety
from kls.internal_links import check_internal_links, check_missing_targets
from kls.lagrum import parallel
from kls.lagrum.checker import check_lagrum
from kls.model import Document
from kls.personal_data import check_personal_data
from kls.review import parse_date, parse_interval
from kls.schema import DATE_KEYS, known_keys, schema_for, show_value, swedish_message

Check = Callable[[Corpus, dt.date], Iterable[Problem]]

DOK_MACRO = re.compile(r"""\{\{-?\s*dok\(\s*["']([^"']*)["']\s*\)\s*-?\}\}""")
_VERSION = re.compile(r"^\d+(\.\d+)?$")


def _p(doc: Document, line: int, message: str, severity: str = ERROR) -> Problem:
    return Problem(doc.display, line, severity, message)


def check_read(corpus: Corpus, today: dt.date) -> Iterable[Problem]:
    """Problems found while reading files (encoding, empty, YAML syntax)."""
    for doc in corpus.all:
        yield from doc.read_problems


# Not required by the schema (an imported Word document may lack them), but every document
# should say who approved it and which version it is (docs/om/skriva-dokument.md): a warning.
EXPECTED_KEYS = {"fastställd_av": "'fastställd_av: Enhetschef IFO'", "version": "'version: \"1.0\"'"}


def check_schema(corpus: Corpus, today: dt.date) -> Iterable[Problem]:
    """Required keys, types and allowed values, per the JSON Schema."""
    validator = jsonschema.Draft202012Validator(schema_for(corpus.config))
    keys = known_keys()
    for doc in corpus.documents:
        if not doc.readable:
            continue
        for error in sorted(validator.iter_errors(doc.meta), key=lambda e: list(map(str, e.absolute_path))):
            key = str(error.absolute_path[0]) if error.absolute_path else None
            if error.validator == "enum" and key == "område":
                continue  # reported with a suggestion by check_placement
            if error.validator == "enum" and key == "ägare":
                roles = corpus.config.owner_roles
                close = difflib.get_close_matches(str(error.instance), roles, n=1, cutoff=0.6)
                hint = f" Menade du '{close[0]}'?" if close else f" Tillåtna roller finns i kls.yml ({len(roles)} st)."
                yield _p(doc, doc.line_of("ägare"), f"ägaren {show_value(error.instance)} finns inte i kls.yml.{hint}")
                continue
            yield _p(doc, doc.line_of(key) if key else 1, swedish_message(error))
        for key in doc.meta:
            if key in keys:
                continue
            close = difflib.get_close_matches(key, keys, n=1, cutoff=0.7)
            hint = f" Menade du '{close[0]}'?" if close else ""
            yield _p(doc, doc.line_of(key), f"okänd nyckel '{key}'.{hint}", WARNING)
        for key in ("title", "id", "ägare", "område"):
            value = doc.meta.get(key)
            if isinstance(value, str) and not value.strip():
                yield _p(doc, doc.line_of(key), f"'{key}' får inte vara tom")
        for key, example in EXPECTED_KEYS.items():
            if key not in doc.meta:
                yield _p(doc, 1, f"'{key}' saknas; skriv till exempel {example}", WARNING)


def check_dates(corpus: Corpus, today: dt.date) -> Iterable[Problem]:
    """Real dates, approval not in the future, a usable review date."""
    for doc in corpus.documents:
        if not doc.readable:
            continue
        for key in DATE_KEYS:
            value = doc.meta.get(key)
            if value is None or not isinstance(value, str):
                continue
            if parse_date(value) is None:
                message = f"'{key}' har ett ogiltigt datum {show_value(value)}; skriv ÅÅÅÅ-MM-DD, t.ex. 2025-09-15"
                yield _p(doc, doc.line_of(key), message)
        approved = doc.approved
        if approved is not None and approved > today:
            yield _p(doc, doc.line_of("fastställd"), f"'fastställd' ({approved}) ligger i framtiden")
        interval = doc.meta.get("revisionsintervall")
        readable = isinstance(interval, str) or (isinstance(interval, int) and not isinstance(interval, bool))
        if readable and parse_interval(interval) is None:  # other types: the schema's type error
            yield _p(
                doc,
                doc.line_of("revisionsintervall"),
                f"'revisionsintervall' {show_value(interval)} går inte att läsa; skriv t.ex. '12 månader' eller '2 år'",
            )
        revideras = parse_date(doc.meta.get("revideras"))
        if revideras is not None and approved is not None and revideras < approved:
            yield _p(doc, doc.line_of("revideras"), f"'revideras' ({revideras}) ligger före 'fastställd' ({approved})")
        if doc.due.date is None and approved is not None and "revideras" not in doc.meta and interval is None:
            yield _p(doc, 1, "'revideras' eller 'revisionsintervall' saknas och ingen standard finns för dokumenttypen")
        for index, entry in enumerate(doc.changelog):
            if isinstance(entry.get("datum"), str) and parse_date(entry["datum"]) is None:
                yield _p(
                    doc,
                    doc.line_of("ändringslogg"),
                    f"ändringslogg post {index + 1}: ogiltigt datum {show_value(entry['datum'])}",
                )
        version = doc.meta.get("version")
        if isinstance(version, str | int | float) and not isinstance(version, bool) and not _VERSION.match(str(version)):
            message = f"'version' {show_value(version)} ska vara ett heltal eller X.Y, t.ex. 2 eller 2.1"
            yield _p(doc, doc.line_of("version"), message)


def check_placement(corpus: Corpus, today: dt.date) -> Iterable[Problem]:
    """Type and area must match the folder the file sits in."""
    areas = corpus.config.areas
    for doc in corpus.documents:
        if not doc.readable:
            continue
        folder_type = doc.folder_type
        declared = doc.text("dokumenttyp")
        if folder_type and doc.doc_type and doc.doc_type.key != folder_type.key:
            yield _p(
                doc,
                doc.line_of("dokumenttyp"),
                f"dokumenttyp '{declared}' stämmer inte med mappen '{folder_type.folder}/' (väntat: {folder_type.key})",
            )
        area = doc.area
        if area is not None and area not in areas:
            close = difflib.get_close_matches(area, list(areas), n=1, cutoff=0.6)
            hint = f" Menade du '{close[0]}'?" if close else ""
            yield _p(doc, doc.line_of("område"), f"okänt område '{area}' (finns inte i kls.yml).{hint}")
        if doc.folder_area is None:
            yield _p(doc, 1, f"dokumentet ska ligga i en områdesmapp: {folder_type.folder if folder_type else 'typ'}/<område>/")
        elif area is not None and area in areas and doc.folder_area != area:
            yield _p(doc, doc.line_of("område"), f"område '{area}' stämmer inte med mappen '{doc.folder_area}/'")


def check_ids_and_links(corpus: Corpus, today: dt.date) -> Iterable[Problem]:
    """Unique ids; `relaterade`, `ersatt_av` and `dok()` links point at existing documents,
    and a public document never points at an internal one."""
    first: dict[str, Document] = {}
    for doc in corpus.documents:
        if not doc.readable or not doc.id:
            continue
        if doc.id in first:
            other = first[doc.id]
            yield _p(doc, doc.line_of("id"), f"id '{doc.id}' används redan av {other.display}:{other.line_of('id')}")
        else:
            first[doc.id] = doc

    def target_problem(doc: Document, target_id: str, what: str) -> str | None:
        target = corpus.by_id.get(target_id)
        if target is None:
            close = difflib.get_close_matches(target_id.upper().strip(), list(corpus.by_id), n=1, cutoff=0.95)
            hint = f" Menade du '{close[0]}'?" if close else ""
            return f"{what} pekar på '{target_id}' som inte finns.{hint}"
        if doc.public and not target.public:
            return f"{what} pekar på '{target_id}' som är internt; en publicerad sida får inte länka till interna dokument"
        return None

    for doc in corpus.all:
        if not doc.readable:
            continue
        for target_id in doc.related:
            message = target_problem(doc, target_id, "'relaterade'")
            if message:
                yield _p(doc, doc.line_of("relaterade"), message)
        if doc.replaced_by:
            message = target_problem(doc, doc.replaced_by, "'ersatt_av'")
            if message:
                yield _p(doc, doc.line_of("ersatt_av"), message)
        for line_no, line in doc.body_lines():
            for match in DOK_MACRO.finditer(line):
                message = target_problem(doc, match[1], f'länken dok("{match[1]}")')
                if message:
                    yield _p(doc, line_no, message)


def check_pages(corpus: Corpus, today: dt.date) -> Iterable[Problem]:
    """Ordinary pages (start page, Om …) need a title."""
    for page in corpus.pages:
        if page.readable and not page.meta.get("title") and not page.body.lstrip().startswith("# "):
            yield _p(page, 1, "sidan saknar titel ('title:' i front matter eller en rubrik '# …')", WARNING)


CHECKS: list[Check] = [
    check_read,
    check_schema,
    check_dates,
    check_placement,
    check_ids_and_links,
    check_pages,
    check_internal_links,
    check_missing_targets,
    check_symlinks,
    check_staff_only_files,
    check_personal_data,
    check_html_safety,
    check_lagrum,
]


def validate(corpus: Corpus, today: dt.date, checks: Iterable[Check] | None = None) -> list[Problem]:
    """Run all checks; problems sorted by file and line, without duplicates.

    The law check takes two thirds of the time on a large corpus, on one core: there (as in
    `kls lagrum`, kls.lagrum.parallel) forked processes check a share of the documents each
    while this process runs the other checks (issue 5). A share whose process fails is checked here."""
    chosen = list(CHECKS if checks is None else checks)
    found: set[Problem] = set()
    workers = parallel.default_workers(len(corpus.documents)) if check_lagrum in chosen else 1
    forked: list[tuple[Corpus, tuple[int, int] | None]] = []
    if workers > 1:
        chosen.remove(check_lagrum)
        for index in range(workers):
            share = Corpus(corpus.config, corpus.documents[index::workers])
            forked.append((share, parallel.fork_work(lambda share=share: pickle.dumps(check_lagrum(share, today)))))
    for check in chosen:
        found.update(check(corpus, today))
    for share, child in forked:
        data = parallel.collect_work(*child) if child is not None else None
        try:
            found.update(pickle.loads(data) if data else check_lagrum(share, today))  # noqa: S301 - our own child
        except Exception:  # noqa: BLE001 - a broken share is simply checked again here
            found.update(check_lagrum(share, today))
    return sorted(found, key=lambda p: (p.path, p.line, p.severity, p.message))
