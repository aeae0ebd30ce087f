"""The header search (Pagefind + kls-sok.js) in Debian's Chromium, on a real `kls bygg` build.

Swedish stemming, diacritics, compounds, law abbreviations, synonyms, facets, the Swedish
no-results message, keyboard use, and that the public site's index holds only public,
current documents. Also: a title's extra terms rank its document first, excerpts come from the
document's text (never the list of extra terms), Enter opens the first hit of what the field holds
now, id-shaped queries find that document or none, Pagefind's prefix fallback ("återkopplingen"
→ "åt") is no hit, and Escape closes the panel from a facet select.
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
JOUR = "Jourens arbete"  # says "orosanmälningar" itself, and "ekonomiskt" with "jourtid"


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
        "rutiner/barn-och-unga/jour.md",
        "## Syfte\n\nOrosanmälningar registreras av jouren. Stöd under jourtid ges efter bedömning.\n\n"
        "## Ansvar\n\nJouren gör uppdrag åt nämnden. Det ekonomiska ansvaret och ekonomiskt bistånd"
        " under jourtid beslutas av jourens chef.\n",
        title=JOUR,
        id="IFO-RUT-007",
        **ext,
    )
    write_doc(
        root,
        "rutiner/socialjour/hemlig.md",
        f"## Syfte\n\nIntern text om {SECRET}. Återkopplingen sker muntligt.\n",
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
        " facts: li.querySelector('.kls-sok-fakta').textContent, href: li.querySelector('a').href,"
        " excerpt: li.querySelector('.md-search-result__teaser').textContent,"
        " marked: Array.from(li.querySelectorAll('mark'), m => m.textContent)}))",
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


def test_title_terms_rank_first(public_page):
    """ "orosanmälningar" is an extra term of the title "Orosanmälan"; another document uses the
    word itself in its text. The document the title names comes first."""
    page, _ = public_page
    found = titles(search(page, "orosanmälningar"))
    assert found[0] == "Orosanmälan" and JOUR in found


def test_excerpts_are_the_documents_text_never_the_extra_terms(public_page):
    page, _ = public_page
    for query in ("orosanmälningar", "LVU", "försörjningsstöd", "placering", "anmälan"):
        for hit in search(page, query):
            assert "Sökord" not in hit["excerpt"] and hit["excerpt"].strip(), (query, hit)
            assert not hit["excerpt"].startswith(hit["title"]), (query, hit)  # the title shows already
    hits = {h["title"]: h for h in search(page, "orosanmälningar")}
    assert hits["Orosanmälan"]["excerpt"].startswith("Syfte. Så tas en orosanmälan emot")
    assert hits[JOUR]["marked"] == ["Orosanmälningar"]  # the word where the text has it
    lvu = search(page, "LVU")[0]  # found through the law's number only: the text's beginning
    assert lvu["title"] == "Vård utan samtycke" and lvu["excerpt"].startswith("Syfte. Beslut enligt lag (1990:52)")


@pytest.mark.parametrize("query", ["IFO-RUT-001", "ifo-rut-001", "IFORUT001", "ifo-rut-1"])
def test_id_query_finds_exactly_that_document(public_page, query):
    page, _ = public_page
    assert titles(search(page, query)) == ["Orosanmälan"]


def test_id_query_for_a_missing_id_finds_nothing(public_page):
    page, _ = public_page
    assert search(page, "IFO-RUT-099") == []
    assert page.inner_text("#kls-sok-status").startswith("Inga träffar för ”IFO-RUT-099”")
    assert search(page, "IFO-RUT-005") == []  # internal: not on the public site
    assert len(search(page, "ifo")) > 1  # a word, not an id


def test_prefix_fallback_is_no_hit(public_page):
    """Pagefind answers a word no indexed word begins with by the longest indexed word it begins
    with: "återkopplingen" would find the "åt" of "uppdrag åt nämnden"."""
    page, _ = public_page
    assert search(page, "återkopplingen") == []
    assert search(page, "aterkopplingen") == []
    assert "Hushållens behov" in titles(search(page, "återrapporteringen"))  # a longer form still finds the word


def test_prefix_fallback_of_one_index_is_dropped_on_the_staff_site(sites, chromium):
    """The staff site searches the public index and its own: "återkopplingen" is only in its own
    (an internal document), the public index would answer with the "åt" of a public one."""
    with serve(sites / "intern") as base:
        context, _ = new_context(chromium)
        page = context.new_page()
        page.goto(base)
        assert titles(search(page, "återkopplingen")) == [f"Intern jour {SECRET}"]
        assert titles(search(page, "orosanmälningar"))[0] == "Orosanmälan"  # both indexes, title first
        context.close()


def test_enter_before_any_result_opens_the_first_hit(sites, chromium):
    with serve(sites / "publik") as base:
        context, _ = new_context(chromium)
        page = context.new_page()
        page.goto(base + "rutiner/barn-och-unga/statistik/")
        page.keyboard.press("/")
        page.keyboard.type("orosanmälan")
        page.keyboard.press("Enter")  # at once: the search runs, then its first hit opens
        page.wait_for_url(base + "rutiner/barn-och-unga/orosanmalan/", timeout=15000)
        context.close()


def test_enter_opens_the_first_hit_of_the_query_in_the_field(sites, chromium):
    with serve(sites / "publik") as base:
        context, _ = new_context(chromium)
        page = context.new_page()
        page.goto(base + "rutiner/barn-och-unga/statistik/")
        first_jour = search(page, "ekonomiskt jourtid")[0]
        assert first_jour["title"] == JOUR
        assert search(page, "ekonomiskt")[0]["title"] != JOUR  # else the test could not tell them apart
        page.keyboard.type(" jourtid")
        page.keyboard.press("Enter")  # at once: the list still shows the hits for "ekonomiskt"
        page.wait_for_url(first_jour["href"], timeout=15000)
        context.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_escape_closes_the_panel_from_a_facet_select(sites, chromium, width):
    with serve(sites / "publik") as base:
        context, _ = new_context(chromium, viewport={"width": width, "height": 800})
        page = context.new_page()
        page.goto(base + "rutiner/barn-och-unga/statistik/")
        page.keyboard.press("/")
        page.wait_for_selector("#kls-sok-typ option:nth-child(2)", state="attached")  # facets loaded
        page.focus("#kls-sok-typ")
        page.keyboard.press("Escape")
        assert not page.evaluate("document.getElementById('__search').checked")
        assert not page.evaluate("document.getElementById('kls-sok').contains(document.activeElement)")
        if width < 960:  # the button is shown on narrow screens: focus returns to it
            assert page.evaluate("document.activeElement.matches('[data-kls-sok-oppna]')")
        context.close()
