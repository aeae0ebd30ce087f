"""The page cache: the same HTML as rendering, shared by both sites, never wrong for a site."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import site_files, write, write_doc
from kls.build_cache import cache_dir, count
from kls.build_cache import write as cache_write
from kls.cli import main
from kls.page_cache import KIND, Rendered, load, render_key, render_order, settings_fingerprint, store


def rendered(**overrides) -> Rendered:
    values = {
        "content": "<h2 id='a'>Å</h2>",
        "toc": [{"level": 2, "id": "a", "name": "Å", "children": []}],
        "title": None,
        "anchors": ["a"],
        "links_to_anchors": {"rutiner/x.md": {"del": "../x.md#del"}},
        "lookups": [("rutiner/x.md", "rutiner/x/", False)],
        "logs": [("mkdocs.structure.pages", 30, "varning")],
    }
    values.update(overrides)
    return Rendered(**values)


def test_entry_round_trip_and_damaged_entries_miss(tmp_path):
    folder = cache_dir(tmp_path)
    store(folder, "k1", rendered())
    assert load(folder, "k1") == rendered()
    assert load(folder, "saknas") is None
    assert load(None, "k1") is None
    cache_write(folder, KIND, "k1", b'{"content": "halv')
    assert load(folder, "k1") is None


def test_key_depends_on_everything_rendering_depends_on():
    settings = settings_fingerprint({"extensions": ["toc"]})
    base = render_key(settings, "rutiner/a.md", "rutiner/a/", "# A")
    assert base == render_key(settings, "rutiner/a.md", "rutiner/a/", "# A")
    assert base != render_key(settings, "rutiner/b.md", "rutiner/a/", "# A")
    assert base != render_key(settings, "rutiner/a.md", "rutiner/a.html", "# A")
    assert base != render_key(settings, "rutiner/a.md", "rutiner/a/", "# A", "InclusionLevel.EXCLUDED")
    assert base != render_key(settings, "rutiner/a.md", "rutiner/a/", "# A ")
    assert base != render_key(settings_fingerprint({"extensions": ["toc", "tables"]}), "rutiner/a.md", "rutiner/a/", "# A")


def test_lookups_must_answer_the_same():
    entry = rendered()
    assert entry.lookups_hold(lambda path: ("rutiner/x/", False))
    assert not entry.lookups_hold(lambda path: (None, False))  # the target is not on this site
    assert not entry.lookups_hold(lambda path: ("rutiner/x.html", False))
    assert rendered(lookups=[]).lookups_hold(lambda path: (None, False))


def test_render_order_makes_the_two_sites_meet_in_the_middle():
    rels = ["a.md", "b.md", "c.md", "d.md"]
    assert render_order(rels, {"a.md", "c.md", "d.md"}, staff=True) == ["b.md", "a.md", "c.md", "d.md"]
    assert render_order(["a.md", "c.md", "d.md"], {"a.md", "c.md", "d.md"}, staff=False) == ["d.md", "c.md", "a.md"]


# --- real builds ----------------------------------------------------------------------------------


def add_documents(project: Path) -> None:
    write_doc(
        project,
        "rutiner/barn-och-unga/orosanmalan.md",
        body=(
            "## Syfte\n\nSe [flödet](../../processer/barn-och-unga/flode.md#steg-2) och "
            '{{ dok("IFO-PRO-001") }}.[^1]\n\n### Ansvar\n\nEnligt 14 kap. 1 § socialtjänstlag (2025:400).\n\n'
            "[^1]: En fotnot.\n\n*[LVU]: lag (1990:52) med särskilda bestämmelser om vård av unga\n"
        ),
        title="Orosanmälan",
        id="IFO-RUT-001",
        publicering="extern",
        relaterade=["IFO-PRO-001"],
    )
    write_doc(
        project,
        "processer/barn-och-unga/flode.md",
        body="## Steg 1\n\nText om LVU.[^1]\n\n## Steg 2\n\nText.\n\n[^1]: En annan fotnot.\n",
        title="Flöde",
        id="IFO-PRO-001",
        publicering="extern",
    )
    write_doc(project, "rutiner/socialjour/jour.md", title="Jour", id="IFO-RUT-002", område="socialjour")
    # a second page in the same folder shares the navigation fragments (kls_memo) with the first
    # Pages rendered one after another by one Markdown instance (kls_site.render_with_shared_markdown):
    # no footnote or abbreviation may carry over to the next page.
    write_doc(
        project,
        "rutiner/barn-och-unga/skydd.md",
        body="## Syfte\n\nSkyddsbedömning enligt LVU.\n\n## Ansvar\n\nEnhetschef.\n",
        title="Skyddsbedömning",
        id="IFO-RUT-003",
        publicering="extern",
    )


def test_cached_builds_equal_uncached_builds_byte_for_byte(project, monkeypatch):
    monkeypatch.chdir(project)
    add_documents(project)
    monkeypatch.setenv("KLS_UTAN_CACHE", "1")
    assert main(["bygg", "--per", "2026-11-23", "--utdata", "utan"]) == 0
    assert count(cache_dir(project), KIND) == 0
    monkeypatch.delenv("KLS_UTAN_CACHE")
    assert main(["bygg", "--per", "2026-11-23", "--utdata", "kall"]) == 0  # fills the cache
    assert count(cache_dir(project), KIND) > 0
    assert main(["bygg", "--per", "2026-11-23", "--utdata", "varm"]) == 0  # reads it
    for site in ("publik", "intern"):
        expected = site_files(project / "utan" / site)
        assert expected and site_files(project / "kall" / site) == expected
        assert site_files(project / "varm" / site) == expected


def mkdocs(project: Path, site: str, out: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, KLS_WEBBPLATS=site, KLS_BYGGDATUM="2026-11-23", NO_MKDOCS_2_WARNING="1")
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--site-dir", out],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )


def reused(result: subprocess.CompletedProcess[str]) -> int:
    match = re.search(r"Sidcachen: (\d+) sidor återanvända", result.stdout + result.stderr)
    assert match, result.stderr
    return int(match[1])


def test_the_other_site_reuses_the_shared_site_files(project):
    add_documents(project)
    staff = mkdocs(project, "intern", "ut-intern")
    assert staff.returncode == 0, staff.stderr
    public = mkdocs(project, "publik", "ut-publik")
    assert public.returncode == 0, public.stderr
    assert reused(public) >= 2  # both public documents came from the staff build


def test_a_cached_page_is_not_used_where_its_links_resolve_differently(project):
    """A page linking to an internal document renders a working link on the staff site; on the
    public site that target is missing, so the cached rendering must not be used: MkDocs warns
    (and the strict build fails) exactly as without the cache."""
    page = "---\ntitle: Ordlista\npublicering: extern\n---\n\nSe [jouren](../rutiner/socialjour/jour.md).\n"
    write(project / "docs", "om/ordlista.md", page)
    write_doc(project, "rutiner/socialjour/jour.md", title="Jour", id="IFO-RUT-002", område="socialjour")
    staff = mkdocs(project, "intern", "ut-intern")
    assert staff.returncode == 0, staff.stderr
    assert 'href="../../rutiner/socialjour/jour/"' in (project / "ut-intern/om/ordlista/index.html").read_text()
    public = mkdocs(project, "publik", "ut-publik")
    assert public.returncode != 0
    assert "om/ordlista.md" in public.stderr and "jour.md" in public.stderr


@pytest.mark.parametrize("warm", [False, True])
def test_warnings_from_rendering_are_replayed_from_the_cache(project, warm):
    write(project / "docs", "om/trasig.md", "---\ntitle: Trasig\npublicering: extern\n---\n\n[Saknas](finns-inte.md)\n")
    first = mkdocs(project, "intern", "ut-1")
    assert first.returncode != 0 and "finns-inte.md" in first.stderr
    if warm:
        second = mkdocs(project, "intern", "ut-2")
        assert second.returncode != 0 and "finns-inte.md" in second.stderr


@pytest.mark.parametrize("first", ["intern", "publik"])
def test_law_links_keep_each_sites_style_when_shared(project, first):
    """A public document citing repealed law: the staff site marks it, the public site does not,
    whichever site linked the page first (the law links are cached for both styles at once)."""
    write_doc(
        project,
        "rutiner/barn-och-unga/gammal.md",
        body="## Syfte\n\nEnligt 11 kap. 1 § socialtjänstlagen (2001:453) ska nämnden utreda.\n",
        title="Gammal rutin",
        id="IFO-RUT-009",
        publicering="extern",
        fastställd="2024-03-01",
    )
    second = "publik" if first == "intern" else "intern"
    for site in (first, second):
        result = mkdocs(project, site, f"ut-{site}")
        assert result.returncode == 0, result.stderr
    assert reused(result) >= 1
    staff = (project / "ut-intern/rutiner/barn-och-unga/gammal/index.html").read_text()
    public = (project / "ut-publik/rutiner/barn-och-unga/gammal/index.html").read_text()
    assert "kls-upphavd-lag" in staff and 'href="https://lagen.nu/2001:453#K11P1"' in staff
    assert "kls-upphavd-lag" not in public and 'href="https://lagen.nu/2001:453#K11P1"' in public
