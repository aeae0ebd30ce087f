"""The revision report on the staff site: a real MkDocs build of both sites, the real HTML,
the calendar feeds, and the client-side overdue marker in Chromium. None of it may reach the
public build."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from icalendar import Calendar
from revision_fixture import TODAY, write_fixture

from browser import new_context, serve
from helpers import make_project
from kls.build import build_sites
from kls.config import load_config
from kls.revision_site import SCRIPT
from kls.search_index import read_index

FEEDS = {
    "alla.ics",
    "enhetschef-ifo.ics",
    "forste-socialsekreterare-barn-och-unga.ics",
    "forste-socialsekreterare-vuxen.ics",
}


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> Path:
    project = write_fixture(make_project(tmp_path_factory.mktemp("revision") / "projekt"))
    build_sites(load_config(project), project / "site", TODAY)
    return project / "site"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def section_ids(page: BeautifulSoup, heading: str) -> list[str]:
    h2 = next(h for h in page.select("article h2") if h.get_text(strip=True).startswith(heading))
    table = h2.find_next("table")
    return [tr.find_all("td")[1].get_text(strip=True) for tr in table.select("tbody tr")]


def test_revision_page_lists_the_report_for_the_build_date(sites):
    staff = sites / "intern"
    page = soup(staff / "revision" / "index.html")
    assert page.h1.get_text(strip=True).startswith("Revisionsläge")
    text = page.select_one("article").get_text(" ")
    assert "2026-11-23" in text and "Summa: 3 försenade, 3 förfaller, 2 saknar datum, 1 ny eller ändrad" in text
    assert section_ids(page, "Försenade (3)") == ["IFO-PRO-001", "IFO-RIK-001", "IFO-RUT-001"]
    assert section_ids(page, "Förfaller (3)") == ["IFO-RUT-003", "IFO-RUT-002", "IFO-RUT-004"]
    assert sorted(section_ids(page, "Saknar datum (2)")) == ["IFO-RUT-006", "IFO-RUT-007"]
    assert section_ids(page, "Nya och ändrade (1)") == ["IFO-RUT-008"]
    assert "IFO-RUT-005" not in text and "IFO-RUT-009" not in text
    # every document is linked, and every link resolves to a built page
    links = [a["href"] for a in page.select("article table a")]
    assert len(links) == 9
    for href in links:
        assert (staff / "revision" / href / "index.html").resolve().is_file(), href
    # the staff navigation leads to the page
    assert any(a.get_text(strip=True) == "Revisionsläge" for a in soup(staff / "index.html").select("nav a"))


def test_calendar_feeds_per_owner_and_for_all(sites):
    folder = sites / "intern" / "revision" / "kalender"
    assert {p.name for p in folder.iterdir()} == FEEDS
    page = soup(sites / "intern" / "revision" / "index.html")
    assert {a["href"] for a in page.select('article a[href$=".ics"]')} == {f"kalender/{name}" for name in FEEDS}

    def events(name):
        cal = Calendar.from_ical((folder / name).read_bytes())
        assert str(cal["PRODID"]).startswith("-//KLS-webb//") and str(cal["VERSION"]) == "2.0"
        return {str(e["UID"]).split("@")[0]: e.decoded("DTSTART") for e in cal.walk("VEVENT")}

    everything = events("alla.ics")
    assert len(everything) == 8  # all current documents with a review date, also beyond the window
    assert everything["revision-IFO-RUT-005-20270123"] == dt.date(2027, 1, 23)
    assert set(events("forste-socialsekreterare-vuxen.ics")) == {"revision-IFO-PRO-001-20261024"}
    chef = events("enhetschef-ifo.ics")
    assert {uid.split("-2")[0] for uid in chef} == {
        "revision-IFO-RIK-001",
        "revision-IFO-RUT-002",
        "revision-IFO-RUT-005",
        "revision-IFO-RUT-008",
    }
    barn = {uid.rsplit("-", 1)[0] for uid in events("forste-socialsekreterare-barn-och-unga.ics")}
    assert barn == {"revision-IFO-RUT-001", "revision-IFO-RUT-003", "revision-IFO-RUT-004"}


def test_document_pages_carry_due_date_marker_and_script(sites):
    staff = sites / "intern"
    overdue = soup(staff / "rutiner" / "barn-och-unga" / "forsenad" / "index.html")
    panel = overdue.select_one("section.kls-meta")
    assert panel["data-revideras"] == "2026-11-13"
    assert panel.select_one(".kls-forsenad").get_text(strip=True) == "Revision försenad (10 dagar)"
    scripts = [s.get("src", "") for s in overdue.find_all("script")]
    assert any(src.endswith(SCRIPT) for src in scripts), scripts
    due = soup(staff / "rutiner" / "barn-och-unga" / "snart" / "index.html").select_one("section.kls-meta")
    assert due["data-revideras"] == "2026-12-03" and due.select_one(".kls-forsenad") is None
    source = (staff / SCRIPT).read_bytes()
    assert len(source) < 1024 and b"<script" not in source


def test_nothing_of_it_reaches_the_public_site(sites):
    public = sites / "publik"
    assert (public / "rutiner" / "barn-och-unga" / "snart" / "index.html").is_file(), "the public build ran"
    assert not (public / "revision").exists()
    assert not (public / SCRIPT).exists()
    assert not list(public.rglob("*.ics"))
    for path in public.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for needle in (b"kls-revision.js", b".ics", b"revision/kalender", "Revision försenad".encode()):
                assert needle not in data, (path.relative_to(public), needle)
            if path.suffix == ".html":
                assert b"kls-forsenad" not in data, path.relative_to(public)
    assert not [d["url"] for d in read_index(public) if "/revision/" in d["url"]]
    assert "/revision/" not in (public / "sitemap.xml").read_text(encoding="utf-8")
    assert not soup(public / "index.html").select('a[href*="revision/"]')
    page = soup(public / "rutiner" / "barn-och-unga" / "snart" / "index.html")
    assert not any("kls-revision" in s.get("src", "") for s in page.find_all("script"))


# --- in the browser -------------------------------------------------------------------------


def marker_text(chromium, base: str, url: str, today: dt.date, csp: bool = False) -> str | None:
    context, guard = new_context(chromium)
    try:
        page = context.new_page()
        page.clock.set_fixed_time(dt.datetime.combine(today, dt.time(10, 0)))
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        if csp:  # a Content-Security-Policy without 'unsafe-inline': the marker must still work

            def with_csp(route):
                if route.request.resource_type != "document":
                    route.fallback()
                    return
                response = route.fetch()
                headers = {**response.headers, "content-security-policy": "script-src 'self'"}
                route.fulfill(response=response, headers=headers)

            page.route("**/*", with_csp)
        page.goto(base + url)
        page.wait_for_load_state("load")
        marker = page.locator("section.kls-meta .kls-forsenad")
        text = marker.first.inner_text() if marker.count() else None
        assert not [e for e in errors if "kls" in e], errors
        assert guard.foreign == []
        return text
    finally:
        context.close()


def test_client_side_marker_when_reader_is_later_than_the_build(sites, chromium):
    url = "rutiner/barn-och-unga/snart/"  # due 2026-12-03, built 2026-11-23: not overdue at build time
    with serve(sites / "intern") as base:
        assert marker_text(chromium, base, url, dt.date(2026, 11, 25)) is None
        assert marker_text(chromium, base, url, dt.date(2026, 12, 3)) is None
        assert marker_text(chromium, base, url, dt.date(2026, 12, 4)) == "Revision försenad (1 dag)"
        assert marker_text(chromium, base, url, dt.date(2026, 12, 10), csp=True) == "Revision försenad (7 dagar)"
        # a page already overdue at build time shows the reader's own count
        assert (
            marker_text(chromium, base, "rutiner/barn-och-unga/forsenad/", dt.date(2026, 11, 30))
            == "Revision försenad (17 dagar)"
        )
    with serve(sites / "publik") as base:
        assert marker_text(chromium, base, url, dt.date(2026, 12, 10)) is None
