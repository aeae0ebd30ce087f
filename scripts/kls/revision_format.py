"""The revision report in each output format: text, markdown, csv, xlsx, ics and json.

Every function takes a `kls.revision.Report` and returns `str` (text formats) or `bytes`
(xlsx, ics). Nothing here reads files or the clock: the report carries its date.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from kls.config import DOC_TYPES, Config
from kls.revision import CHANGED, DUE, MISSING, OVERDUE, SECTION_TITLES, STATUS_NAMES, Entry, Report

FORMATS = ("text", "markdown", "csv", "xlsx", "ics", "json")
BINARY_FORMATS = {"xlsx", "ics"}
SUFFIXES = {"txt": "text", "md": "markdown", "csv": "csv", "xlsx": "xlsx", "ics": "ics", "json": "json"}

PRODID = "-//KLS-webb//Revisionsrapport//SV"
REMINDER_DAYS = 7


@dataclass
class FormatOptions:
    """What a format needs beyond the report: names from kls.yml, links and calendar details."""

    owner_order: list[str] = field(default_factory=list)
    area_names: dict[str, str] = field(default_factory=dict)
    link: Callable[[Entry], str] | None = None  # Markdown link target for a document (site page)
    html_safe: bool = False  # escape HTML in Markdown cells (the site page), not for pasting
    base_url: str | None = None  # absolute site URL for calendar events, if known
    calendar_name: str = "Revision av styrdokument"
    uid_domain: str = "kls-webb"

    def area_name(self, slug: str) -> str:
        return self.area_names.get(slug, slug)


def uid_domain(config: Config) -> str:
    """The host of the unit's web address, for calendar UIDs (`ifo.exempelkommun.se`)."""
    site = str(config.unit.get("webbplats") or "")
    return site.split("://", 1)[-1].split("/", 1)[0] or "kls-webb"


def options_from_config(config: Config) -> FormatOptions:
    """Owner order, area names and the calendar UID domain from `kls.yml`."""
    return FormatOptions(owner_order=config.owner_roles, area_names=dict(config.areas), uid_domain=uid_domain(config))


def type_name(key: str) -> str:
    doc_type = DOC_TYPES.get(key)
    return doc_type.name if doc_type else key


def plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def days_text(entry: Entry) -> str:
    """`317 dagar sen`, `om 8 dagar`, `i dag`, `fastställd 2026-11-01` or `–`."""
    if entry.status == CHANGED:
        return f"fastställd {entry.approved.isoformat()}" if entry.approved else "–"
    if entry.days is None:
        return "–"
    if entry.status == OVERDUE:
        return f"{plural(entry.days, 'dag', 'dagar')} sen"
    return "i dag" if entry.days == 0 else f"om {plural(entry.days, 'dag', 'dagar')}"


def heading(report: Report) -> str:
    """`Revisionsläge per 2026-11-23 · förfaller inom 60 dagar · nya och ändrade sedan 2026-10-24`."""
    parts = [
        f"Revisionsläge per {report.today.isoformat()}",
        f"förfaller inom {plural(report.window_days, 'dag', 'dagar')}",
        f"nya och ändrade sedan {report.since.isoformat()}",
    ]
    f = report.filters
    if f.owner:
        parts.append(f"ägare: {f.owner}")
    if f.area:
        parts.append(f"område: {f.area}")
    if f.doc_type:
        parts.append(f"typ: {f.doc_type}")
    return " · ".join(parts)


def summary(report: Report) -> str:
    """`Summa: 2 försenade, 3 förfaller, 1 saknar datum, 2 nya eller ändrade (av 40 dokument).`"""
    c = report.counts()
    return (
        f"Summa: {plural(c[OVERDUE], 'försenad', 'försenade')}, {c[DUE]} förfaller, "
        f"{c[MISSING]} saknar datum, {plural(c[CHANGED], 'ny eller ändrad', 'nya eller ändrade')} "
        f"(av {plural(report.considered, 'dokument', 'dokument')})."
    )


# --- text -----------------------------------------------------------------------------------


def to_text(report: Report, options: FormatOptions | None = None) -> str:
    """A terminal table grouped by owner, sorted by due date, with a summary line."""
    options = options or FormatOptions()
    lines = [heading(report), ""]
    groups = report.by_owner(options.owner_order)
    header = ("Status", "Revideras", "Dagar", "Id", "Dokument")
    rows_by_owner = [
        (
            owner,
            [
                (
                    STATUS_NAMES[e.status],
                    e.due.isoformat() if e.due else "saknas",
                    days_text(e),
                    e.id or "–",
                    f"{e.title} ({e.path})",
                )
                for e in entries
            ],
        )
        for owner, entries in groups
    ]
    widths = [len(h) for h in header]
    for _, rows in rows_by_owner:
        for row in rows:
            widths = [max(w, len(cell)) for w, cell in zip(widths, row, strict=True)]

    def fmt(row: tuple[str, ...]) -> str:
        cells = [cell.ljust(width) for cell, width in zip(row[:-1], widths, strict=False)]
        return ("  " + "  ".join([*cells, row[-1]])).rstrip()

    for owner, rows in rows_by_owner:
        lines += [f"{owner} ({len(rows)})", fmt(header), "  " + "  ".join("-" * w for w in widths[:-1]) + "  --------"]
        lines += [fmt(row) for row in rows]
        lines.append("")
    if not groups:
        lines += ["Inga dokument att ta upp.", ""]
    lines.append(summary(report))
    return "\n".join(lines) + "\n"


# --- markdown -------------------------------------------------------------------------------


def _cell(text: object, html_safe: bool) -> str:
    value = str(text).replace("\n", " ")
    if html_safe:
        return html.escape(value, quote=True).replace("|", "&#124;")
    return value.replace("|", "\\|")


def to_markdown(report: Report, options: FormatOptions | None = None, level: int = 2, title: bool = True) -> str:
    """Markdown for the APT agenda (and, with links and `html_safe`, the staff site page)."""
    options = options or FormatOptions()
    safe = options.html_safe

    def doc_cell(entry: Entry) -> str:
        text = _cell(entry.title, safe).replace("[", "\\[").replace("]", "\\]")
        return f"[{text}]({options.link(entry)})" if options.link else text

    out: list[str] = []
    if title:
        out += [f"{'#' * level} Revision av styrdokument per {report.today.isoformat()}", ""]
    sub = "#" * (level + 1 if title else level)
    out += [_cell(heading(report), safe) + ".", "", f"**{_cell(summary(report), safe)}**", ""]
    for status, entries in report.sections():
        out += [f"{sub} {SECTION_TITLES[status]} ({len(entries)})", ""]
        if not entries:
            out += ["Inga.", ""]
            continue
        if status == CHANGED:
            cols = ["Dokument", "Id", "Ägare", "Fastställd", "Nästa revision"]
        elif status == MISSING:
            cols = ["Dokument", "Id", "Ägare", "Fastställd"]
        else:
            cols = ["Dokument", "Id", "Ägare", "Revideras", "Försenad" if status == OVERDUE else "Dagar kvar"]
        out += [
            "| " + " | ".join(cols) + " |",
            "|" + "---|" * (len(cols) - 1) + ("---:|" if status in (OVERDUE, DUE) else "---|"),
        ]
        for e in entries:
            row = [doc_cell(e), _cell(e.id or "–", safe), _cell(e.owner, safe)]
            approved = e.approved.isoformat() if e.approved else "–"
            if status == CHANGED:
                row += [approved, e.due.isoformat() if e.due else "saknas"]
            elif status == MISSING:
                row += [approved]
            else:
                row += [e.due.isoformat() if e.due else "", plural(e.days or 0, "dag", "dagar")]
            out.append("| " + " | ".join(row) + " |")
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


# --- csv and xlsx ---------------------------------------------------------------------------

COLUMNS = ("Status", "Id", "Titel", "Ägare", "Typ", "Område", "Revideras", "Dagar", "Fastställd", "Datumkälla", "Fil")
DATE_COLUMNS = {"Revideras", "Fastställd"}
SOURCE_NAMES = {
    "revideras": "revideras",
    "revisionsintervall": "fastställd + revisionsintervall",
    "standard": "fastställd + standardintervall",
    "saknas": "saknas",
}


def rows(report: Report, options: FormatOptions) -> list[tuple[object, ...]]:
    """One row per reported entry, typed (dates as dates, days as ints or None)."""
    return [
        (
            STATUS_NAMES[e.status],
            e.id,
            e.title,
            e.doc.owner or "",
            type_name(e.type_key),
            options.area_name(e.area),
            e.due,
            e.days,
            e.approved,
            SOURCE_NAMES.get(e.due_source, e.due_source),
            e.path,
        )
        for e in report.entries()
    ]


def to_csv(report: Report, options: FormatOptions | None = None) -> str:
    """Semicolon-separated with a BOM, the way Swedish Excel opens CSV files correctly."""
    options = options or FormatOptions()
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows(report, options):
        writer.writerow(["" if v is None else v.isoformat() if isinstance(v, dt.date) else v for v in row])
    return "\ufeff" + buffer.getvalue()


def to_xlsx(report: Report, options: FormatOptions | None = None) -> bytes:
    """An Excel workbook: one sheet of entries (real dates, filter, frozen header), one summary sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    options = options or FormatOptions()
    book = Workbook()
    sheet = book.active
    sheet.title = "Revisionsläge"
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows(report, options):
        sheet.append(list(row))
    widths = [14, 13, 45, 34, 10, 26, 12, 7, 12, 30, 55]
    for index, name in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = widths[index - 1]
        if name in DATE_COLUMNS:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    info = book.create_sheet("Sammanfattning")
    counts = report.counts()
    for label, value in (
        ("Per", report.today),
        ("Förfaller inom (dagar)", report.window_days),
        ("Nya och ändrade sedan", report.since),
        ("Försenade", counts[OVERDUE]),
        ("Förfaller", counts[DUE]),
        ("Saknar datum", counts[MISSING]),
        ("Nya och ändrade", counts[CHANGED]),
        ("Dokument i urvalet", report.considered),
        ("Urval", heading(report)),
    ):
        info.append([label, value])
        if isinstance(value, dt.date):
            info.cell(info.max_row, 2).number_format = "yyyy-mm-dd"
    info.column_dimensions["A"].width = 24
    info.column_dimensions["B"].width = 60
    for cell in info["A"]:
        cell.font = Font(bold=True)
    book.properties.creator = "KLS-webb"
    book.properties.title = f"Revisionsläge per {report.today.isoformat()}"
    stamp = dt.datetime.combine(report.today, dt.time())
    book.properties.created = book.properties.modified = stamp
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- ics ------------------------------------------------------------------------------------


def event_uid(entry: Entry, domain: str) -> str:
    """Stable per document and review date, so re-imports update rather than duplicate."""
    key = entry.id or entry.doc.rel.removesuffix(".md").replace("/", "-")
    return f"revision-{key}-{entry.due:%Y%m%d}@{domain}" if entry.due else f"revision-{key}@{domain}"


def ics_event(entry: Entry, options: FormatOptions, today: dt.date) -> bytes:
    """One all-day VEVENT (with a reminder a week before), serialised."""
    from icalendar import Alarm, Event

    assert entry.due is not None
    event = Event()
    event.add("uid", event_uid(entry, options.uid_domain))
    event.add("dtstamp", dt.datetime.combine(today, dt.time(), tzinfo=dt.UTC))
    event.add("dtstart", entry.due)
    event.add("dtend", entry.due + dt.timedelta(days=1))
    event.add("summary", f"Revidera {entry.id}: {entry.title}" if entry.id else f"Revidera {entry.title}")
    lines = [
        f"Ägare: {entry.doc.owner or '–'}",
        f"Dokumenttyp: {type_name(entry.type_key)}",
        f"Område: {options.area_name(entry.area)}",
        f"Fastställd: {entry.approved.isoformat() if entry.approved else '–'}",
        f"Fil: {entry.path}",
    ]
    if options.base_url:
        url = options.base_url.rstrip("/") + "/" + entry.doc.url
        event.add("url", url)
        lines.append(url)
    event.add("description", "\n".join(lines))
    event.add("categories", ["Revision"])
    event.add("transp", "TRANSPARENT")
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"Revision om en vecka: {entry.title}")
    alarm.add("trigger", dt.timedelta(days=-REMINDER_DAYS))
    event.add_component(alarm)
    return event.to_ical()


def ics_calendar(events: Iterable[bytes], options: FormatOptions) -> bytes:
    """A VCALENDAR around already serialised events (so several feeds can share them)."""
    from icalendar import Calendar

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", options.calendar_name)
    cal.add("x-wr-caldesc", "Datum då styrdokument ska revideras, från KLS-webb.")
    cal.add("x-published-ttl", "P1D")
    head, end = cal.to_ical().rsplit(b"END:VCALENDAR", 1)
    return head + b"".join(events) + b"END:VCALENDAR" + end


def to_ics(report: Report, options: FormatOptions | None = None, entries: Iterable[Entry] | None = None) -> bytes:
    """An iCalendar file: one all-day event per review (default: overdue and due ones)."""
    options = options or FormatOptions()
    chosen = [e for e in (entries if entries is not None else [*report.overdue, *report.due]) if e.due]
    return ics_calendar((ics_event(e, options, report.today) for e in chosen), options)


# --- json -----------------------------------------------------------------------------------


def to_json(report: Report, options: FormatOptions | None = None) -> str:
    """A list of objects: id, title, path, url, owner, type, area, due, due_source, approved, status, days."""
    items = [
        {
            "id": e.doc.id,
            "title": e.title,
            "path": e.path,
            "url": e.doc.url,
            "owner": e.doc.owner,
            "type": e.type_key or None,
            "area": e.area or None,
            "due": e.due.isoformat() if e.due else None,
            "due_source": e.due_source,
            "approved": e.approved.isoformat() if e.approved else None,
            "status": e.status,
            "days": e.days,
        }
        for e in report.entries()
    ]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


RENDERERS: dict[str, Callable[[Report, FormatOptions], str | bytes]] = {
    "text": to_text,
    "markdown": to_markdown,
    "csv": to_csv,
    "xlsx": to_xlsx,
    "ics": to_ics,
    "json": to_json,
}


def render(report: Report, fmt: str, options: FormatOptions | None = None) -> str | bytes:
    """The report in format `fmt` (one of `FORMATS`)."""
    return RENDERERS[fmt](report, options or FormatOptions())
