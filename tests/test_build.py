"""`kls bygg`: real MkDocs builds of both sites, asserted on the real HTML."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from helpers import site_files, write_doc
from kls.cli import main
from kls.search_index import read_index

MARKER = "HEMLIGMARKOR"


@pytest.fixture
def built(project: Path, monkeypatch, tmp_path_factory):
    monkeypatch.chdir(project)
    write_doc(
        project,
        "rutiner/barn-och-unga/orosanmalan.md",
        body=(
            '## Syfte\n\nRing {{ enhet.telefon_socialjour }}. Se även {{ dok("IFO-PRO-001") }}.\n\n'
            "| a | b |\n|---|---|\n| 1 | 2 |\n"
        ),
        title="Orosanmälan",
        id="IFO-RUT-001",
        ägare="Förste socialsekreterare barn och unga",
        fastställd="2025-09-15",
        fastställd_av="Enhetschef IFO",
        version="2.0",
        publicering="extern",
        relaterade=["IFO-PRO-001"],
    )
    write_doc(
        project,
        "processer/barn-och-unga/flode.md",
        title="Från orosanmälan till utredning",
        id="IFO-PRO-001",
        revideras="2026-01-10",
        publicering="extern",
    )
    write_doc(
        project,
        f"rutiner/socialjour/{MARKER.lower()}-jour.md",
        body=f"## {MARKER} rubrik\n\nText {MARKER}.\n",
        title=f"Jourrutin {MARKER}",
        id="IFO-RUT-002",
        område="socialjour",
        ägare="Samordnare socialjour",
        fastställd="2025-08-01",
        tags=[MARKER.lower()],
        lagrum=[f"{MARKER} 1 §"],
    )
    write_doc(
        project,
        "rutiner/barn-och-unga/upphavd.md",
        title="Gammal orosanmälningsrutin",
        id="IFO-RUT-003",
        publicering="extern",
        upphävd="2026-01-01",
        ersatt_av="IFO-RUT-001",
    )
    assert main(["bygg", "--per", "2026-11-23"]) == 0
    return project / "site"


def html(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_public_site_has_no_internal_content_in_any_file(built):
    public = built / "publik"
    leaked = []
    for path in public.rglob("*"):
        if path.is_file() and MARKER.lower().encode() in path.read_bytes().lower():
            leaked.append(str(path.relative_to(public)))
    assert leaked == []
    assert not (public / "rutiner" / "socialjour").exists()
    assert "IFO-RUT-002" not in (public / "sitemap.xml").read_text(encoding="utf-8")
    ids = {d["id"] for d in json.loads((public / "dokument.json").read_text(encoding="utf-8"))}
    assert ids == {"IFO-RUT-001", "IFO-PRO-001", "IFO-RUT-003"}


def test_staff_site_has_everything_and_marks_internal(built):
    staff = built / "intern"
    page = html(staff, "rutiner/socialjour/hemligmarkor-jour")
    assert "Internt dokument" in page.select_one(".kls-meta").get_text()
    assert "Revision försenad" in page.select_one(".kls-meta").get_text()
    index = html(staff, "rutiner/socialjour").get_text()
    assert "Jourrutin" in index and "(intern)" in index
    assert MARKER in json.dumps(read_index(staff), ensure_ascii=False)
    ids = {d["id"] for d in json.loads((staff / "dokument.json").read_text(encoding="utf-8"))}
    assert ids == {"IFO-RUT-001", "IFO-PRO-001", "IFO-RUT-002", "IFO-RUT-003"}
    start = html(staff, "")
    assert start.find("a", href="rutiner/socialjour/"), "staff start page gives one-tap access to socialjour"
    public_start = html(built / "publik", "")
    assert not public_start.find("a", href="rutiner/socialjour/")


def test_each_site_names_its_own_address(built):
    """Canonical links, sitemap and dokument.json name the site's own host: the staff site's is
    `enhet.webbplats_personal` in kls.yml (an internal document does not exist on the public host)."""
    staff_url, public_url = "https://personal.ifo.exempelkommun.se/", "https://ifo.exempelkommun.se/"
    internal = html(built / "intern", "rutiner/socialjour/hemligmarkor-jour")
    assert internal.find("link", rel="canonical")["href"] == f"{staff_url}rutiner/socialjour/hemligmarkor-jour/"
    for site, url, other in (("intern", staff_url, public_url), ("publik", public_url, staff_url)):
        shared = html(built / site, "rutiner/barn-och-unga/orosanmalan")
        assert shared.find("link", rel="canonical")["href"] == f"{url}rutiner/barn-och-unga/orosanmalan/"
        sitemap = (built / site / "sitemap.xml").read_text(encoding="utf-8")
        listing = (built / site / "dokument.json").read_text(encoding="utf-8")
        assert url in sitemap and other not in sitemap
        assert url in listing and other not in listing


def test_metadata_panel_values(built):
    page = html(built / "publik", "rutiner/barn-och-unga/orosanmalan")
    panel = page.select_one("section.kls-meta")
    values = {div.dt.get_text(strip=True): div.dd.get_text(" ", strip=True) for div in panel.select("dl > div")}
    assert values["Dokumenttyp"] == "Rutin"
    assert values["Id"] == "IFO-RUT-001"
    assert values["Ägare"] == "Förste socialsekreterare barn och unga"
    assert values["Fastställd"] == "15 september 2025 av Enhetschef IFO"
    assert values["Nästa revision"].startswith("15 september 2026")
    assert values["Version"] == "2.0"
    assert "19 kap. 1 § socialtjänstlagen (2025:400)" in values["Lagrum"]
    assert panel["data-revideras"] == "2026-09-15"
    # the public site shows no overdue marker even though the process below is overdue
    overdue = html(built / "publik", "processer/barn-och-unga/flode").select_one("section.kls-meta").get_text()
    assert "försenad" not in overdue
    assert page.html["lang"] == "sv"
    assert len(page.find_all("h1")) == 1 and page.h1.get_text(strip=True).startswith("Orosanmälan")


def test_macros_render_unit_facts_and_links(built):
    page = html(built / "publik", "rutiner/barn-och-unga/orosanmalan")
    text = page.select_one("article").get_text()
    assert "0980-319 290" in text
    phone = page.select_one("article").find("a", string="0980-319 290")
    assert phone and phone["href"] == "tel:+46980319290"  # one tap on a phone (kls.site.template_unit)
    link = page.select_one("article").find("a", string="Från orosanmälan till utredning")
    assert link and link["href"] == "../../../processer/barn-och-unga/flode/"


def test_index_pages_list_documents(built):
    index = html(built / "publik", "rutiner/barn-och-unga")
    rows = [[c.get_text(strip=True) for c in tr.find_all("td")] for tr in index.select("article table tbody tr")]
    assert ["Orosanmälan", "IFO-RUT-001", "Förste socialsekreterare barn och unga", "2026-09-15"] in rows
    assert all("Gammal" not in r[0] for r in rows), "withdrawn documents leave listings"
    types = html(built / "publik", "rutiner").get_text()
    assert "Barn och unga" in types and "Socialjour" not in types


def test_withdrawn_document_keeps_url_with_banner(built):
    page = html(built / "publik", "rutiner/barn-och-unga/upphavd")
    banner = page.select_one(".kls-upphavd")
    assert banner and "Upphävt" in banner.get_text() and "Orosanmälan" in banner.get_text()
    index = read_index(built / "publik")
    assert index and not any("Gammal orosanmälningsrutin" in d["meta"]["title"] for d in index)


def test_footer_links_accessibility_statement(built):
    page = html(built / "publik", "rutiner/barn-och-unga/orosanmalan")
    assert page.find("a", string="Tillgänglighetsredogörelse")["href"].endswith("om/tillganglighet/")


def test_no_third_party_requests_in_html(built):
    for path in (built / "publik").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text, path


def test_escaped_title(project, monkeypatch):
    monkeypatch.chdir(project)
    write_doc(project, "rutiner/barn-och-unga/x.md", title="<img src=x onerror=alert(1)>", id="IFO-RUT-001", publicering="extern")
    assert main(["bygg", "--per", "2026-11-23", "--webbplats", "publik"]) == 0
    for path in (project / "site" / "publik").rglob("*.html"):
        assert "<img src=x" not in path.read_text(encoding="utf-8"), path


def test_failed_build_keeps_last_good_site(built, capsys):
    project = built.parent
    good = (built / "publik" / "index.html").read_text(encoding="utf-8")
    (project / "docs" / "rutiner" / "barn-och-unga" / "orosanmalan.md").write_text("---\ntitle: [trasig\n---\n", encoding="utf-8")
    assert main(["bygg", "--per", "2026-11-23"]) == 1
    assert (built / "publik" / "index.html").read_text(encoding="utf-8") == good
    err = capsys.readouterr().err
    assert "Bygget avbröts" in err and "Traceback" not in err


def test_mkdocs_failure_keeps_last_good_site(built, capsys):
    project = built.parent
    good = sorted(p.relative_to(built) for p in built.rglob("*"))
    # passes kls validera, but links to an anchor that does not exist: mkdocs --strict fails
    (project / "docs" / "rutiner" / "barn-och-unga" / "orosanmalan.md").write_text(
        (project / "docs" / "rutiner" / "barn-och-unga" / "orosanmalan.md").read_text(encoding="utf-8")
        + "\n[trasig](../../processer/barn-och-unga/flode.md#finns-inte)\n",
        encoding="utf-8",
    )
    assert main(["bygg", "--per", "2026-11-23"]) == 1
    assert sorted(p.relative_to(built) for p in built.rglob("*")) == good
    assert "kunde inte byggas" in capsys.readouterr().err
    assert not list(built.glob(".*bygg-*"))


def test_pages_carry_no_indentation_or_blank_lines(built):
    # Material indents every line (~5 KB a page, issue 5); the templates are compacted once
    # (kls.html_compact.CompactLoader) and each page's content on its own.
    kept = re.compile(r"<(pre|textarea|code|kbd|script|style)[\s>].*?</\1>", re.DOTALL)
    for site in ("publik", "intern"):
        pages = list((built / site).rglob("*.html"))
        assert len(pages) > 10
        for path in pages:
            text = kept.sub("K", path.read_text(encoding="utf-8"))
            assert not re.search(r"\n[ \t\n]", text), (path, re.search(r".{0,60}\n[ \t\n].{0,60}", text, re.DOTALL))


def test_unused_theme_files_are_not_published(built):
    for site in ("publik", "intern"):
        assets = built / site / "assets"
        assert (assets / "javascripts").is_dir()
        assert not (assets / "javascripts" / "lunr").exists() and not (assets / "javascripts" / "workers").exists()
        assert not list(assets.rglob("*.map"))


def test_search_text_keeps_table_cells_apart(built):
    # Pagefind joins the text of cells with no white space between them ("ab"), so it gets the
    # page content before whitespace is compacted away.
    (record,) = [r for r in read_index(built / "publik") if r["url"].endswith("/orosanmalan/")]
    assert re.search(r"\ba\W+b\b", record["content"]) and re.search(r"\b1\W+2\b", record["content"])


def test_forked_builds_equal_builds_in_new_processes(built, monkeypatch):
    """On Linux `kls bygg` forks the site builds (kls.build.can_fork) with the checked documents
    handed over; the sites must be those of `python -m mkdocs` in new processes, file for file."""
    from kls.build import can_fork

    assert can_fork()  # `built` was built by forking
    project = built.parent
    monkeypatch.setenv("KLS_BYGG_STARTA_NY", "1")
    assert not can_fork()
    assert main(["bygg", "--per", "2026-11-23", "--utdata", "ny-process"]) == 0
    for site in ("publik", "intern"):
        expected = site_files(project / "ny-process" / site)
        assert expected and site_files(built / site) == expected


def test_a_forked_build_rereads_documents_changed_after_the_check(project, monkeypatch):
    """The handed-over corpus is used only while no document has changed since it was read."""
    from kls.build import build_sites, check_before_build
    from kls.config import load_config
    from kls.corpus import load_corpus

    monkeypatch.chdir(project)
    path = write_doc(project, "rutiner/barn-och-unga/a.md", title="Före ändringen", id="IFO-RUT-001", publicering="extern")
    config = load_config(project)
    corpus = load_corpus(config)
    check_before_build(config, dt.date(2026, 11, 23), corpus)
    write_doc(project, "rutiner/barn-och-unga/a.md", title="Efter ändringen", id="IFO-RUT-001", publicering="extern")
    # Same size; a later time even where the file clock is coarser than the check took (the fingerprint
    # is path, time and size, kls.corpus.files_fingerprint).
    os.utime(path, ns=(path.stat().st_mtime_ns + 10**9,) * 2)
    build_sites(config, project / "site", dt.date(2026, 11, 23), corpus=corpus)
    for url in ("rutiner/barn-och-unga/a", "rutiner/barn-och-unga"):  # the area page's table: from the corpus
        page = (project / "site/publik" / url / "index.html").read_text(encoding="utf-8")
        assert "Efter ändringen" in page and "Före ändringen" not in page, url


def test_builds_are_not_forked_while_another_thread_runs():
    import threading

    from kls.build import can_fork

    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not can_fork()  # new processes instead
    finally:
        stop.set()
        thread.join()
    assert can_fork()


def test_description_and_tags_are_searchable(project, monkeypatch):
    """A word only the front matter's `description` or `tags` has still finds the document (the
    page shows the description only in <meta name="description">); an internal one's never does."""
    monkeypatch.chdir(project)
    write_doc(
        project,
        "rutiner/barn-och-unga/placering.md",
        title="Placering i familjehem",
        id="IFO-RUT-010",
        publicering="extern",
        description="Hur nämnden matchar barnet med ett kontrakterat familjehem.",
        tags=["nattjour"],
    )
    write_doc(project, "rutiner/barn-och-unga/intern.md", title="Intern", id="IFO-RUT-011", description="Hemligbeskrivning.")
    assert main(["bygg", "--per", "2026-11-23"]) == 0
    public = json.dumps(read_index(project / "site" / "publik"), ensure_ascii=False)
    (record,) = [r for r in read_index(project / "site" / "publik") if r["url"].endswith("/placering/")]
    assert "kontrakterat" in record["content"] and "nattjour" in record["content"]
    assert "Hemligbeskrivning" not in public
    assert "Hemligbeskrivning" in json.dumps(read_index(project / "site" / "intern"), ensure_ascii=False)
