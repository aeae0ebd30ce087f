"""The Lagrum page's citations: the same with and without the build cache, in document order."""

from __future__ import annotations

import datetime as dt
import html

from helpers import write_doc
from kls.build_cache import cache_dir
from kls.corpus import load_corpus
from kls.lagrum import page, report_cache
from kls.lagrum.checker import check_lagrum
from kls.lagrum.registry import load_registry


def test_cached_citations_equal_fresh_ones_whatever_the_walk(project, config, monkeypatch):
    body = "Enligt 14 kap. 1 § socialtjänstlag (2025:400) och 6 § LVU.\n"
    write_doc(project, "rutiner/barn-och-unga/a.md", body=body, title="A", id="IFO-RUT-001", lagrum=["26 kap. 1 § OSL"])
    body = "Se 3 kap. 1 § socialtjänstlag (2025:400).\n"
    write_doc(project, "rutiner/barn-och-unga/b.md", body=body, title="B", id="IFO-RUT-002")
    docs = load_corpus(config).documents
    registry = load_registry()
    fresh = page.citations(docs, registry)
    assert {(c.law_title, c.provision) for c in fresh} >= {
        ("Socialtjänstlag (2025:400)", "14 kap. 1 §"),
        ("Socialtjänstlag (2025:400)", "3 kap. 1 §"),
    }
    folder = cache_dir(project)
    first = page.citations(docs, registry, cache=folder, walk=lambda ds: ds[::-1])
    assert first == fresh  # same citations, same (document) order, though worked through backwards

    def no_checking(*args, **kwargs):
        raise AssertionError("should come from the cache")

    monkeypatch.setattr(report_cache, "check_document", no_checking)
    assert page.citations(docs, registry, cache=folder) == fresh


def test_citations_reuse_the_reports_validation_made(project, config, monkeypatch):
    """`kls bygg` validates first; the build's Lagrum page then checks no document again."""
    body = "Enligt 14 kap. 1 § socialtjänstlag (2025:400) och 6 § LVU.\n"
    write_doc(project, "rutiner/barn-och-unga/a.md", body=body, title="A", id="IFO-RUT-001")
    corpus = load_corpus(config)
    fresh = page.citations(corpus.documents, load_registry())
    check_lagrum(corpus, dt.date(2026, 11, 23))  # as `kls bygg`'s validation: fills the report cache
    calls = []
    real = report_cache.check_document
    monkeypatch.setattr(report_cache, "check_document", lambda *a, **k: calls.append(a) or real(*a, **k))
    docs = load_corpus(config).documents  # as the build process loads them
    assert page.citations(docs, load_registry(), cache=cache_dir(project)) == fresh
    assert calls == []


def reference_tables(cites: list[page.Citation]) -> list[str]:
    """The page's tables made the way they were before the links were made once per document:
    a link per citation, each cell's documents sorted by title then id."""
    from kls.site import href, html_table

    by_law: dict[str, list[page.Citation]] = {}
    for cite in cites:
        by_law.setdefault(cite.law_key, []).append(cite)
    tables = []
    for key in sorted(by_law, key=lambda key: (by_law[key][0].repealed, by_law[key][0].law_title.casefold())):
        provisions: dict[str, list[page.Citation]] = {}
        for cite in by_law[key]:
            provisions.setdefault(cite.provision, []).append(cite)
        rows = []
        for provision in sorted(provisions, key=lambda p: provisions[p][0].sort_key):
            items = provisions[provision]
            label = html.escape(provision or "Hela författningen", quote=False)
            cell = f'<a href="{html.escape(items[0].url, quote=True)}">{label}</a>' if items[0].url else label
            docs_cell = ", ".join(
                f'<a href="{href(page.PAGE, c.doc.url)}">{page._cell(c.doc.title)}</a> ({page._cell(c.doc.id or "")})'
                for c in sorted(items, key=lambda c: (c.doc.title.casefold(), c.doc.id or ""))
            )
            rows.append([cell, docs_cell])
        tables.append(html_table([("Lagrum", ""), ("Dokument", "")], rows))
    return tables


def test_lagrum_tables_list_each_citing_document_once_per_provision(project, config):
    """Documents of the same title, titles differing in case only, natural order of sections."""
    cited = "Enligt 14 kap. 1 § och 14 kap. 10 § och 14 kap. 2 a § socialtjänstlag (2025:400) samt 6 § LVU.\n"
    for name, title, doc_id in (
        ("a", "Samma [titel]", "IFO-RUT-002"),
        ("b", "Samma [titel]", "IFO-RUT-001"),
        ("c", "samma [titel]", "IFO-RUT-003"),
        ("d", "annan & <titel>", None),
    ):
        meta = {"id": doc_id} if doc_id else {}
        write_doc(project, f"rutiner/barn-och-unga/{name}.md", body=cited, title=title, **meta)
    write_doc(project, "rutiner/missbruk/e.md", body="Se 3 kap. 1 § socialtjänstlag (2025:400).\n", title="E")
    docs = load_corpus(config).documents
    registry = load_registry()
    text, tables = page.lagrum_page_parts(docs, registry, staff=True)
    assert tables == reference_tables(page.citations(docs, registry))
    assert text.index("## Lag (1990:52)") < text.index("## Socialtjänstlag (2025:400)")
    social = tables[1]
    row = next(row for row in social.split("<tr>") if ">14 kap. 1 §<" in row)
    assert row.count("Samma &#91;titel&#93;") == 2 and row.count("samma &#91;titel&#93;") == 1
    assert row.index("annan &amp; &lt;titel&gt;") < row.index("IFO-RUT-001") < row.index("IFO-RUT-002") < row.index("IFO-RUT-003")
    assert social.index(">3 kap. 1 §<") < social.index(">14 kap. 2 a §<") < social.index(">14 kap. 10 §<")


def test_chapter_range_is_listed_as_the_range_and_links_to_its_first_chapter(project, config):
    body = "Enligt 3–5 kap. socialtjänstlag (2025:400) och 4 kap. socialtjänstlag (2025:400).\n"
    write_doc(project, "rutiner/barn-och-unga/a.md", body=body, title="A", id="IFO-RUT-001")
    found = {(c.provision, c.url) for c in page.citations(load_corpus(config).documents, load_registry())}
    chapters = {(provision, url) for provision, url in found if "§" not in provision}  # not the default lagrum entry
    assert chapters == {("3–5 kap.", "https://lagen.nu/2025:400#K3"), ("4 kap.", "https://lagen.nu/2025:400#K4")}
