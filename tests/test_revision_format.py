"""Each output format of the revision report, read back with a real parser."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from icalendar import Calendar
from openpyxl import load_workbook
from revision_fixture import CHANGED, DUE, MISSING, OVERDUE, TODAY, write_fixture

from kls.corpus import load_corpus
from kls.revision import build_report
from kls.revision_format import FORMATS, FormatOptions, options_from_config, render, to_ics, to_markdown

REPORTED = {
    *(("Försenad", i, d) for i, d in OVERDUE.items()),
    *(("Förfaller", i, d) for i, d in DUE.items()),
    *(("Saknar datum", i, None) for i in MISSING),
    *(("Ny eller ändrad", i, d) for i, d in CHANGED.items()),
}


@pytest.fixture
def report(project, config):
    write_fixture(project)
    return build_report(load_corpus(config).documents, TODAY)


@pytest.fixture
def options(config):
    return options_from_config(config)


def test_every_format_renders(report, options):
    for fmt in FORMATS:
        assert render(report, fmt, options)


def test_csv(report, options):
    text = render(report, "csv", options)
    assert text.startswith("\ufeffStatus;Id;Titel;Ägare;Typ;Område;Revideras;Dagar;Fastställd;Datumkälla;Fil\r\n")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert {(r["Status"], r["Id"], int(r["Dagar"]) if r["Dagar"] else None) for r in rows} == REPORTED
    rik = next(r for r in rows if r["Id"] == "IFO-RIK-001")
    assert (rik["Revideras"], rik["Fastställd"], rik["Typ"], rik["Område"]) == (
        "2026-11-01",
        "2024-11-01",
        "Riktlinje",
        "Barn och unga",
    )
    assert rik["Datumkälla"] == "fastställd + standardintervall"


def test_xlsx_has_swedish_headers_and_real_dates(report, options):
    book = load_workbook(io.BytesIO(render(report, "xlsx", options)))
    assert book.sheetnames == ["Revisionsläge", "Sammanfattning"]
    sheet = book["Revisionsläge"]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert header == ("Status", "Id", "Titel", "Ägare", "Typ", "Område", "Revideras", "Dagar", "Fastställd", "Datumkälla", "Fil")
    assert {(r[0], r[1], r[7]) for r in rows[1:]} == REPORTED
    col = header.index("Revideras") + 1
    cell = next(c for (c,) in sheet.iter_rows(min_row=2, min_col=col, max_col=col) if c.value is not None)
    assert isinstance(cell.value, dt.datetime) and cell.number_format == "yyyy-mm-dd" and cell.is_date
    by_id = {r[1]: r for r in rows[1:] if r[0] == "Försenad"}
    assert by_id["IFO-RUT-001"][6] == dt.datetime(2026, 11, 13)
    assert isinstance(by_id["IFO-RUT-001"][7], int)
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == f"A1:K{len(rows)}"
    summary = {r[0]: r[1] for r in book["Sammanfattning"].iter_rows(values_only=True)}
    assert summary["Per"] == dt.datetime(2026, 11, 23) and summary["Försenade"] == 3 and summary["Saknar datum"] == 2


def test_ics_one_all_day_event_per_due_review(report, options):
    data = render(report, "ics", options)
    assert b"\r\n" in data
    cal = Calendar.from_ical(data)
    assert str(cal["PRODID"]) == "-//KLS-webb//Revisionsrapport//SV" and str(cal["VERSION"]) == "2.0"
    assert str(cal["METHOD"]) == "PUBLISH"
    events = list(cal.walk("VEVENT"))
    starts = {str(e["UID"]): e.decoded("DTSTART") for e in events}
    assert starts == {
        "revision-IFO-PRO-001-20261024@ifo.exempelkommun.se": dt.date(2026, 10, 24),
        "revision-IFO-RIK-001-20261101@ifo.exempelkommun.se": dt.date(2026, 11, 1),
        "revision-IFO-RUT-001-20261113@ifo.exempelkommun.se": dt.date(2026, 11, 13),
        "revision-IFO-RUT-003-20261130@ifo.exempelkommun.se": dt.date(2026, 11, 30),
        "revision-IFO-RUT-002-20261203@ifo.exempelkommun.se": dt.date(2026, 12, 3),
        "revision-IFO-RUT-004-20270122@ifo.exempelkommun.se": dt.date(2027, 1, 22),
    }
    for event in events:
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert type(start) is dt.date and end - start == dt.timedelta(days=1), "all-day events"
        assert event.decoded("DTSTAMP") == dt.datetime(2026, 11, 23, tzinfo=dt.UTC)
        alarm = next(iter(event.walk("VALARM")))
        assert str(alarm["ACTION"]) == "DISPLAY" and alarm.decoded("TRIGGER") == dt.timedelta(days=-7)
    rut = next(e for e in events if "IFO-RUT-001" in str(e["UID"]))
    assert str(rut["SUMMARY"]) == "Revidera IFO-RUT-001: Försenad rutin"
    assert "Ägare: Förste socialsekreterare barn och unga" in str(rut["DESCRIPTION"])
    assert render(report, "ics", options) == data, "stable output and UIDs"


def test_ics_with_chosen_entries_and_url(report, options):
    options.base_url = "https://intranat.example/kls/"
    cal = Calendar.from_ical(to_ics(report, options, report.scheduled()))
    events = {str(e["UID"]).split("-20")[0]: e for e in cal.walk("VEVENT")}
    assert len(events) == 8  # overdue, due and the two later ones
    assert str(events["revision-IFO-RUT-005"]["URL"]) == "https://intranat.example/kls/rutiner/barn-och-unga/utanfor/"


def test_json(report, options):
    items = json.loads(render(report, "json", options))
    assert {(o["status"], o["id"], o["days"]) for o in items} == {
        *(("overdue", i, d) for i, d in OVERDUE.items()),
        *(("due", i, d) for i, d in DUE.items()),
        *(("missing", i, None) for i in MISSING),
        *(("changed", i, d) for i, d in CHANGED.items()),
    }
    required = {"id", "title", "path", "owner", "type", "area", "due", "status", "days"}
    assert all(required <= set(o) for o in items)
    edge = next(o for o in items if o["id"] == "IFO-RUT-004")
    assert edge["due"] == "2027-01-22" and edge["path"] == "docs/rutiner/barn-och-unga/kant.md"
    assert next(o for o in items if o["id"] == "IFO-RUT-006")["due"] is None


def test_markdown(report, options):
    text = render(report, "markdown", options)
    assert text.startswith("## Revision av styrdokument per 2026-11-23\n")
    assert "**Summa: 3 försenade, 3 förfaller, 2 saknar datum, 1 ny eller ändrad (av 10 dokument).**" in text
    for title in ("### Försenade (3)", "### Förfaller (3)", "### Saknar datum (2)", "### Nya och ändrade (1)"):
        assert title in text
    assert "| Försenad rutin | IFO-RUT-001 | Förste socialsekreterare barn och unga | 2026-11-13 | 10 dagar |" in text
    assert "| Rutin på fönstrets kant | IFO-RUT-004 | Förste socialsekreterare barn och unga | 2027-01-22 | 60 dagar |" in text
    assert "| Ny rutin | IFO-RUT-008 | Enhetschef IFO | 2026-11-01 | 2027-11-01 |" in text
    assert "IFO-RUT-005" not in text and "IFO-RUT-009" not in text


def test_markdown_escapes_for_the_site(report):
    entry = report.overdue[0]
    entry.doc.meta["title"] = "A | <b>fet</b> [x]"
    site = to_markdown(report, FormatOptions(link=lambda e: "x.md", html_safe=True))
    assert "[A &#124; &lt;b&gt;fet&lt;/b&gt; \\[x\\]](x.md)" in site
    paste = to_markdown(report, FormatOptions())
    assert "A \\| <b>fet</b> \\[x\\]" in paste


def test_empty_report(project, config, options):
    report = build_report(load_corpus(config).documents, TODAY)
    assert "Inga dokument att ta upp." in render(report, "text", options)
    assert json.loads(render(report, "json", options)) == []
    assert list(Calendar.from_ical(render(report, "ics", options)).walk("VEVENT")) == []
    assert load_workbook(io.BytesIO(render(report, "xlsx", options)))["Revisionsläge"].max_row == 1
