"""The header search (Pagefind + kls-sok.js) in Debian's Chromium, on a real `kls bygg` build.

Swedish stemming, diacritics, compounds, law abbreviations, synonyms, facets, the Swedish
no-results message, keyboard use, and that the public site's index holds only public,
current documents.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from browser import new_context, serve
from helpers import make_project, write_doc
from kls.cli import main
from kls.search_index import read_index

SECRET = "Hemligtermxq"


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> Path:
    root = make_project(tmp_path_factory.mktemp("sok") / "projekt")
    ext = {"publicering": "extern"}
    write_doc(
        root,
        "rutiner/barn-och-unga/orosanmalan.md",
        "## Syfte\n\nSå tas en orosanmälan emot och skyddsbedöms.\n",
        title="Orosanmälan",
        id="IFO-RUT-001",
        **ext,
    )
    write_doc(
        root,
        "rutiner/barn-och-unga/statistik.md",
        "## Syfte\n\nAntalet anmälningar följs varje månad. En anmälan registreras samma dag.\n",
        title="Statistik över inkomna ärenden",
        id="IFO-RUT-002",
        **ext,
    )
    write_doc(
        root,
        "rutiner/barn-och-unga/familjehem.md",
        "## Syfte\n\nFamiljehemsplaceringen planeras med barnet. Placering i familjehem följs upp.\n",
        title="Placering i familjehem",
        id="IFO-RUT-003",
        **ext,
    )
    write_doc(
        root,
        "processer/barn-och-unga/matchning.md",
        "## Syfte\n\nVid varje familjehemsplacering görs en matchning.\n",
        title="Matchning",
        id="IFO-PRO-001",
        **ext,
    )
    write_doc(
        root,
        "rutiner/barn-och-unga/tvang.md",
        "## Syfte\n\nBeslut enligt lag (1990:52) med särskilda bestämmelser om vård av unga.\n",
        title="Vård utan samtycke",
        id="IFO-RUT-004",
        lagrum=["2 § lagen (1990:52) med särskilda bestämmelser om vård av unga"],
        **ext,
    )
    write_doc(
        root,
        "riktlinjer/ekonomiskt-bistand/bistand.md",
        "## Syfte\n\nRiktlinjen gäller ekonomiskt bistånd till hushåll. Återrapportering sker varje år.\n",
        title="Hushållens behov",
        id="IFO-RIK-001",
        ägare="Samordnare ekonomiskt bistånd",
        **ext,
    )
    write_doc(
        root,
        "rutiner/socialjour/hemlig.md",
        f"## Syfte\n\nIntern text om {SECRET}.\n",
        title=f"Intern jour {SECRET}",
        id="IFO-RUT-005",
        ägare="Samordnare socialjour",
        publicering="intern",
    )
    write_doc(
        root,
        "rutiner/barn-och-unga/gammal.md",
        "## Syfte\n\nGammal text om skrotningsrutinen.\n",
        title="Skrotningsrutinen",
        id="IFO-RUT-006",
        upphävd="2026-01-01",
        ersatt_av="IFO-RUT-001",
        **ext,
    )
    assert main(["--rot", str(root), "bygg", "--per", "2026-11-23"]) == 0
    return root / "site"


@pytest.fixture(scope="module")
def public_page(sites, chromium):
    with serve(sites / "publik") as base:
        context, guard = new_context(chromium)
        page = context.new_page()
        page.goto(base + "rutiner/barn-och-unga/statistik/")
        yield page, base
        assert guard.foreign == [], "the search fetched from another host"
        context.close()


def search(page, query: str, **filters: str) -> list[dict[str, str]]:
    """Type `query` in the header search (after choosing facets); return the hits shown."""
    if not page.evaluate("document.getElementById('__search').checked"):
        page.keyboard.press("/")
    for name, value in filters.items():
        page.select_option(f"select[data-filter='{name}']", value)
    page.fill("#kls-sok-falt", query)
    page.wait_for_selector(f"[data-kls-sok-klar={json.dumps(query, ensure_ascii=False)}]", state="attached", timeout=15000)
    hits = page.eval_on_selector_all(
        "#kls-sok-resultat li",
        "els => els.map(li => ({title: li.querySelector('.kls-sok-titel').textContent,"
        " facts: li.querySelector('.kls-sok-fakta').textContent, href: li.querySelector('a').href}))",
    )
    for name in filters:
        page.select_option(f"select[data-filter='{name}']", "")
    return hits


def titles(hits: list[dict[str, str]]) -> list[str]:
    return [h["title"] for h in hits]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("orosanmälningar", "Orosanmälan"),  # stemming + the -an/-ningar paradigm
        ("placeringen", "Placering i familjehem"),  # stemming
        ("aterrapportering", "Hushållens behov"),  # diacritics
        ("anmälan", "Orosanmälan"),  # compound head
        ("placering", "Matchning"),  # compound head: familjehemsplacering
        ("LVU", "Vård utan samtycke"),  # law abbreviation from the law registry
        ("försörjningsstöd", "Hushållens behov"),  # synonym list
    ],
)
def test_swedish_search_finds(public_page, query, expected):
    page, _ = public_page
    assert expected in titles(search(page, query))


def test_vocabulary_does_not_flood(public_page):
    page, _ = public_page
    assert titles(search(page, "LVU")) == ["Vård utan samtycke"]
    assert "Hushållens behov" not in titles(search(page, "anmälan"))


def test_hit_shows_type_id_and_area(public_page):
    page, base = public_page
    hits = search(page, "orosanmälan")
    first = next(h for h in hits if h["title"] == "Orosanmälan")
    assert first["facts"] == "Rutin · IFO-RUT-001 · Barn och unga"
    assert first["href"] == base + "rutiner/barn-och-unga/orosanmalan/"


def test_facets_narrow_by_type_and_area(public_page):
    page, _ = public_page
    assert set(titles(search(page, "familjehemsplacering"))) == {"Placering i familjehem", "Matchning"}
    assert titles(search(page, "familjehemsplacering", typ="Process")) == ["Matchning"]
    options = page.eval_on_selector_all("select[data-filter='område'] option", "os => os.map(o => o.value)")
    assert "Ekonomiskt bistånd" in options and "Socialjour" not in options
    assert titles(search(page, "syfte", **{"område": "Ekonomiskt bistånd"})) == ["Hushållens behov"]


def test_no_results_message_in_swedish(public_page):
    page, _ = public_page
    assert search(page, "zebrakorsning") == []
    status = page.inner_text("#kls-sok-status")
    assert status.startswith("Inga träffar för ”zebrakorsning”") and "stavningen" in status
    assert page.get_attribute("#kls-sok-status", "role") == "status"


def test_keyboard_open_arrows_and_enter(sites, chromium):
    with serve(sites / "publik") as base:
        context, _ = new_context(chromium)
        page = context.new_page()
        page.goto(base + "rutiner/barn-och-unga/statistik/")
        page.keyboard.press("s")
        assert page.evaluate("document.activeElement.id") == "kls-sok-falt"
        page.keyboard.type("familjehemsplacering")
        page.wait_for_selector('[data-kls-sok-klar="familjehemsplacering"]', state="attached")
        page.keyboard.press("ArrowDown")
        first = page.evaluate("document.activeElement.href")
        page.keyboard.press("ArrowDown")
        second = page.evaluate("document.activeElement.href")
        assert first != second and second.startswith(base)
        page.keyboard.press("ArrowUp")
        assert page.evaluate("document.activeElement.href") == first
        page.keyboard.press("Enter")
        page.wait_for_url(first)
        page.keyboard.press("/")
        assert page.evaluate("document.activeElement.id") == "kls-sok-falt"
        page.keyboard.press("Escape")
        assert not page.evaluate("document.getElementById('__search').checked")
        context.close()


def test_internal_and_withdrawn_never_in_public_search(public_page, sites):
    page, _ = public_page
    assert search(page, SECRET.lower()) == []
    assert search(page, "skrotningsrutinen") == []
    public = json.dumps(read_index(sites / "publik"), ensure_ascii=False)
    assert SECRET not in public and "IFO-RUT-005" not in public and "Skrotningsrutinen" not in public
    staff = json.dumps(read_index(sites / "intern"), ensure_ascii=False)
    assert SECRET in staff and "Skrotningsrutinen" not in staff


def test_staff_site_finds_internal_term(sites, chromium):
    with serve(sites / "intern") as base:
        context, _ = new_context(chromium)
        page = context.new_page()
        page.goto(base)
        assert titles(search(page, SECRET.lower())) == [f"Intern jour {SECRET}"]
        context.close()


def test_staff_search_is_the_public_index_merged_with_a_staff_only_one(sites, chromium):
    """`kls bygg` indexes the public documents once: the staff site gets the public site's index
    and one of what only it has, merged in the browser (issue 5)."""
    staff, public = sites / "intern", sites / "publik"
    copied = {p.relative_to(staff / "pagefind"): p.read_bytes() for p in (staff / "pagefind").rglob("*") if p.is_file()}
    assert copied == {p.relative_to(public / "pagefind"): p.read_bytes() for p in (public / "pagefind").rglob("*") if p.is_file()}
    public_urls = {r["url"] for r in read_index(public)}
    staff_only = {r["url"] for r in read_index(staff)} - public_urls
    assert any("hemlig" in url for url in staff_only) and not any("orosanmalan" in url for url in staff_only)
    with serve(staff) as base:
        context, guard = new_context(chromium)
        page = context.new_page()
        page.goto(base + "rutiner/barn-och-unga/statistik/")
        found = titles(search(page, "syfte"))
        assert "Orosanmälan" in found and f"Intern jour {SECRET}" in found  # both indexes answer
        options = page.eval_on_selector_all("select[data-filter='område'] option", "os => os.map(o => o.value)")
        assert {"Socialjour", "Barn och unga"} <= set(options)  # facets from both indexes
        assert titles(search(page, "syfte", **{"område": "Socialjour"})) == [f"Intern jour {SECRET}"]
        assert guard.foreign == []
        context.close()


def test_search_panel_is_written_by_the_script_and_works_on_the_404_page(sites, chromium):
    with serve(sites / "publik") as base:
        context, _ = new_context(chromium)
        page = context.new_page()
        page.goto(base + "finns/inte/")  # the site's 404.html, at any depth
        assert "Orosanmälan" in titles(search(page, "orosanmälan"))
        context.close()
    page_html = (sites / "publik" / "rutiner" / "barn-och-unga" / "statistik" / "index.html").read_text(encoding="utf-8")
    assert 'id="kls-sok"' in page_html and 'id="kls-sok-falt"' not in page_html  # issue 5: not on every page


@pytest.mark.parametrize("width", [390, 1280])
def test_without_javascript_no_dead_search_controls(sites, chromium, width):
    with serve(sites / "publik") as base:
        context, _ = new_context(chromium, java_script_enabled=False, viewport={"width": width, "height": 800})
        page = context.new_page()
        page.goto(base + "rutiner/barn-och-unga/statistik/")
        assert not page.locator("button.kls-sok-knapp").is_visible()
        assert not page.locator("#kls-sok").is_visible()
        browse = "a.md-tabs__link:visible, label.md-header__button[for='__drawer']:visible"
        assert page.locator(browse).count() > 0  # the tabs or the menu still lead to every document
        context.close()
