"""End to end: `kls lagrum --json` on a fixture corpus with deliberate mistakes, and a real site
build checking the law links, the repeal mark on the staff site and the Lagrum page."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from helpers import make_project, write_doc
from kls.build import build_sites
from kls.cli import main
from kls.config import load_config

MARKER = "INTERNLAGRUM"
FIELDS = ["file", "line", "text", "kind", "sfs", "chapter", "chapters", "sections", "status", "message", "suggestion"]


def corpus(root: Path) -> Path:
    make_project(root)
    write_doc(
        root,
        "rutiner/barn-och-unga/skydd.md",
        body=(
            "## Syfte\n\nNär en anmälan kommer in görs en skyddsbedömning enligt 11 kap. 1 a § socialtjänstlagen (2025:400).\n\n"
            "Anmälan tas emot enligt 19 kap. 1 § SoL. Beslut fattas med stöd av 6 § LVU (se HFD 2017 ref. 51).\n\n"
            "```\n11 kap. 1 § SoL i ett kodblock räknas inte\n```\n\n"
            "Utredningen följer 3–5 kap. socialtjänstlagen (2025:400).\n"
        ),
        title="Skyddsbedömning",
        id="IFO-RUT-801",
        fastställd="2025-09-01",
        publicering="extern",
        lagrum=["19 kap. 1 § socialtjänstlagen (2025:400)", "20 kap. 1 § socialtjänstlagen (2025:400)"],
    )
    write_doc(
        root,
        "rutiner/missbruk/gammal.md",
        body=f"## Syfte\n\n{MARKER}. Anmälan om missförhållanden görs enligt 14 kap. 3 § SoL och 99 § LVM.\n",
        title=f"Gammal rutin {MARKER}",
        id="IFO-RUT-802",
        område="missbruk",
        ägare="Förste socialsekreterare vuxen",
        fastställd="2024-03-01",
        lagrum=["14 kap. 3 § socialtjänstlagen (2001:453)"],
    )
    write_doc(
        root,
        "rutiner/ekonomiskt-bistand/odaterad.md",
        body="## Syfte\n\nBistånd prövas enligt 4 kap. 1 § SoL.\n",
        title="Odaterad rutin",
        id="IFO-RUT-803",
        område="ekonomiskt-bistand",
        fastställd=None,
        lagrum=None,
    )
    return root


@pytest.fixture(scope="module")
def fixture_project(tmp_path_factory) -> Path:
    return corpus(tmp_path_factory.mktemp("lagrum") / "projekt")


def run(project: Path, capsys, *args: str) -> tuple[int, str, str]:
    code = main(["--rot", str(project), "lagrum", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_json_report(fixture_project, capsys, monkeypatch):
    monkeypatch.chdir(fixture_project)
    code, out, _ = run(fixture_project, capsys, "--json")
    assert code == 1
    items = json.loads(out)
    assert all(list(item) == FIELDS for item in items)
    by_text = {(Path(i["file"]).name, i["text"]): i for i in items}

    wrong = by_text[("skydd.md", "11 kap. 1 a § socialtjänstlagen (2025:400)")]
    assert (wrong["status"], wrong["kind"], wrong["sfs"], wrong["chapter"], wrong["sections"]) == (
        "unknown_provision", "statute", "2025:400", "11", ["1 a"],
    )  # fmt: skip
    assert wrong["line"] == 19 and wrong["suggestion"] == "20 kap. 1–2 §§ socialtjänstlag (2025:400)"
    assert wrong["chapters"] == ["11"]
    chapter_range = by_text[("skydd.md", "3–5 kap. socialtjänstlagen (2025:400)")]
    assert (chapter_range["status"], chapter_range["chapter"], chapter_range["chapters"]) == ("ok", "3", ["3", "4", "5"])
    assert by_text[("skydd.md", "HFD 2017 ref. 51")]["chapters"] == []
    assert by_text[("skydd.md", "19 kap. 1 § SoL")]["status"] == "ok"
    assert by_text[("skydd.md", "19 kap. 1 § SoL")]["sfs"] == "2025:400"
    assert by_text[("skydd.md", "HFD 2017 ref. 51")]["kind"] == "case"
    assert not any("kodblock" in i["text"] for i in items)
    unused = by_text[("skydd.md", "20 kap. 1 § socialtjänstlagen (2025:400)")]
    assert "nämns inte i texten" in unused["message"]

    old = by_text[("gammal.md", "14 kap. 3 § SoL")]
    assert (old["status"], old["sfs"]) == ("repealed", "2001:453")
    assert old["suggestion"] == "27 kap. 2 § socialtjänstlag (2025:400)"
    assert by_text[("gammal.md", "14 kap. 3 § socialtjänstlagen (2001:453)")]["status"] == "repealed"
    assert by_text[("gammal.md", "99 § LVM")]["status"] == "unknown_provision"

    undated = by_text[("odaterad.md", "4 kap. 1 § SoL")]
    assert (undated["status"], undated["sfs"]) == ("ambiguous", None)


def test_text_report_groups_by_owner_and_warn_flag(fixture_project, capsys, monkeypatch):
    monkeypatch.chdir(fixture_project)
    code, out, err = run(fixture_project, capsys)
    assert code == 1
    assert "Ägare: Förste socialsekreterare vuxen" in out
    assert "rutiner/missbruk/gammal.md:" in out and "upphävd lag" in out and "Förslag: 27 kap. 2 §" in out
    assert "fel" in err
    code, _, _ = run(fixture_project, capsys, "--varna", "docs/rutiner/missbruk")
    assert code == 0


def test_validate_includes_law_checks(fixture_project, capsys, monkeypatch):
    monkeypatch.chdir(fixture_project)
    assert main(["--rot", str(fixture_project), "validera", "--per", "2026-11-23"]) == 1
    out = capsys.readouterr().out
    assert "gammal.md:17: fel: lagrum '14 kap. 3 § SoL'" in out


@pytest.fixture(scope="module")
def sites(fixture_project) -> Path:
    out = fixture_project / "site"
    build_sites(load_config(fixture_project), out, dt.date(2026, 11, 23))  # builds despite the errors above
    return out


def page(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_references_become_links(sites):
    soup = page(sites / "publik", "rutiner/barn-och-unga/skydd")
    links = {a.get_text(): a for a in soup.select("article a.kls-lagrum")}
    ok = links["19 kap. 1 § SoL"]
    assert ok["href"] == "https://lagen.nu/2025:400#K19P1"
    assert ok["title"] == "Socialtjänstlag (2025:400)"
    # Named by the visible text (WCAG 2.5.3); the full title is the description, shown on hover and focus.
    assert not any(a.has_attr("aria-label") for a in links.values())
    assert links["6 § LVU"]["href"] == "https://lagen.nu/1990:52#P6"
    assert links["6 § LVU"]["title"].startswith("Lag (1990:52) med särskilda bestämmelser om vård av unga")
    assert links["HFD 2017 ref. 51"]["href"] == "https://lagen.nu/dom/hfd/2017:51"
    assert not soup.select("pre a.kls-lagrum, code a.kls-lagrum")
    panel = soup.select(".kls-meta__lagrum a.kls-lagrum")
    assert [a["href"] for a in panel] == ["https://lagen.nu/2025:400#K19P1", "https://lagen.nu/2025:400#K20P1"]
    # "19 kap. 1 § socialtjänstlagen (2025:400)" already says "Socialtjänstlag (2025:400)": no hover text
    assert [a.get("title") for a in panel] == [None, None] and not any(a.has_attr("aria-label") for a in panel)


def test_repealed_law_is_marked_on_the_staff_site_only(sites):
    staff = page(sites / "intern", "rutiner/missbruk/gammal")
    marked = staff.select("article a.kls-lagrum--upphavd")
    assert marked and marked[0]["href"] == "https://lagen.nu/2001:453#K14P3"
    assert "upphävd 2025-07-01" in marked[0]["title"]
    assert staff.select_one(".kls-upphavd-lag").get_text() == "(upphävd lag)"
    public = page(sites / "publik", "rutiner/barn-och-unga/skydd")
    assert not public.select(".kls-lagrum--upphavd, .kls-upphavd-lag")


def test_lagrum_page_on_each_site(sites):
    staff = page(sites / "intern", "lagrum")
    text = staff.select_one("article").get_text(" ")
    assert "Socialtjänstlag (2025:400)" in text and "Socialtjänstlag (2001:453) (upphävd)" in text
    assert MARKER in text
    row = next(tr for tr in staff.select("tr") if tr.select_one("td a[href$='#K19P1']"))
    assert "Skyddsbedömning" in row.get_text()
    public = page(sites / "publik", "lagrum")
    assert MARKER not in str(public) and "2001:453" not in public.select_one("article").get_text()
    assert "Skyddsbedömning" in public.get_text()
    nav = [a.get_text(strip=True) for a in public.select("nav a")]
    assert "Lagrum" in nav


def test_a_repealed_law_in_the_text_is_not_also_asked_for_in_lagrum(tmp_path, capsys):
    """The repeal is the finding, with the successor to write instead; a note that 'lagrum'
    lacks the repealed law would read as advice to add it."""
    root = make_project(tmp_path / "projekt")
    write_doc(
        root,
        "rutiner/barn-och-unga/ny.md",
        body="## Syfte\n\nText enligt 19 kap. 1 § socialtjänstlagen (2025:400) och 11 kap. 1 § socialtjänstlagen (2001:453).\n",
        title="Ny rutin",
        id="IFO-RUT-810",
        fastställd="2025-09-01",
    )
    code, out, _ = run(root, capsys)
    assert code == 1
    line = next(x for x in out.splitlines() if "11 kap. 1 § socialtjänstlagen (2001:453)" in x and ": fel: " in x)
    assert "upphävd" in line and "socialtjänstlag (2025:400)" in line
    assert "saknar den" not in out
