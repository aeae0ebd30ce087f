"""The generated "Lagrum" page: per law and provision, the documents that cite it.

The unit's map of which routines implement which legal requirements. Built from the same
checked references as `kls lagrum` (front matter `lagrum` and the text); each site passes only
the documents it publishes, so the public page never lists an internal document.
"""

from __future__ import annotations

import functools
import html
import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from kls.build_cache import cached, code_version
from kls.lagrum.links import law_url
from kls.lagrum.registry import Registry
from kls.lagrum.report_cache import cached_report
from kls.model import Document

PAGE = "lagrum.md"
NAV_TITLE = "Lagrum"
TABLE_MARK = "<!-- kls-lagrum-tabell-{} -->"


@dataclass(frozen=True)
class Citation:
    law_key: str  # registry id, or the number for laws outside the registry
    law_title: str
    repealed: bool
    provision: str  # '14 kap. 3 §', '6 §', '' (the whole law)
    sort_key: tuple
    url: str | None
    doc: Document


@functools.lru_cache(maxsize=4096)
def _natural(value: str) -> tuple:
    """`'14a'` → `(14, 'a')`, for sorting chapters and sections (cached: a corpus cites a few
    hundred distinct ones, ~9,000 times at 750 documents)."""
    return tuple(int(p) if p.isdigit() else p for p in re.findall(r"\d+|[a-z]+", value))


def citations(
    docs: Iterable[Document],
    registry: Registry,
    base: str = "https://lagen.nu/",
    cache: Path | None = None,
    walk: Callable[[list[Document]], list[Document]] | None = None,
) -> list[Citation]:
    """Every statute/regulation/EU provision cited by the given documents (one per section).

    With `cache` each document's citations are kept in the build cache (`lagrumssida`) under the
    document's bytes; `walk` is the order to work in (the two sites' builds share the work by
    walking from opposite ends, see kls.page_cache.render_order). The result is in `docs` order."""
    docs = list(docs)
    found: dict[str, list[Citation]] = {}
    for doc in walk(docs) if walk is not None else docs:
        found[doc.rel] = _doc_citations(doc, registry, base, cache)
    return [cite for doc in docs for cite in found[doc.rel]]


def _doc_citations(doc: Document, registry: Registry, base: str, cache: Path | None) -> list[Citation]:
    def make() -> bytes:
        return json.dumps([_plain(c) for c in _check_citations(doc, registry, base, cache)], ensure_ascii=False).encode()

    try:
        source = doc.path.read_bytes()
    except OSError:
        return _check_citations(doc, registry, base, None)
    rows = json.loads(cached(cache, "lagrumssida", (code_version(), base, doc.rel, source), make))
    return [
        Citation(key, title, repealed, provision, tuple(tuple(part) for part in sort_key), url, doc)
        for key, title, repealed, provision, sort_key, url in rows
    ]


def _plain(cite: Citation) -> list[object]:
    return [cite.law_key, cite.law_title, cite.repealed, cite.provision, cite.sort_key, cite.url]


def _check_citations(doc: Document, registry: Registry, base: str, cache: Path | None) -> list[Citation]:
    """The document's citations from its law-check report: the one `kls bygg`'s validation just
    made and kept in the build cache (kls.lagrum.report_cache), so the build does not check again."""
    out: list[Citation] = []
    seen: set[tuple[str, str]] = set()
    for finding in cached_report(doc, registry, cache).findings:
        ref = finding.reference
        if ref is None or ref.kind not in ("statute", "regulation", "eu") or not ref.number:
            continue
        law = ref.law
        key = law.id if law else ref.number
        title = (law.title if law.kind != "regulation" else f"{law.number} {law.title}") if law else ref.number
        sections = ref.sections or [""]
        for section in sections:
            provision = ""
            if ref.chapter and section:
                provision = f"{ref.chapter} kap. {section} §"
            elif ref.chapter:
                provision = f"{ref.chapter_label} kap."  # '3–5 kap.' for a chapter range (its link: 3 kap.)
            elif section:
                provision = f"{section} §" if ref.kind != "eu" else f"artikel {section}"
            if (key, provision) in seen:
                continue
            seen.add((key, provision))
            single = type(ref)(**{**ref.__dict__, "sections": [section] if section else []})
            sort_key = (_natural(ref.chapter or ""), _natural(section))
            repealed = bool(law and law.repealed and not law.status_uncertain)
            out.append(Citation(key, title, repealed, provision, sort_key, law_url(single, base), doc))
    return out


def lagrum_page(docs: Iterable[Document], registry: Registry, staff: bool, base: str = "https://lagen.nu/") -> str:
    """Markdown for `lagrum.md` (tables as raw HTML)."""
    text, tables = lagrum_page_parts(docs, registry, staff, base)
    for index, table in enumerate(tables):
        text = text.replace(TABLE_MARK.format(index), table, 1)
    return text


def lagrum_page_parts(
    docs: Iterable[Document],
    registry: Registry,
    staff: bool,
    base: str = "https://lagen.nu/",
    cache: Path | None = None,
    walk: Callable[[list[Document]], list[Document]] | None = None,
) -> tuple[str, list[str]]:
    """Markdown for `lagrum.md` with a `TABLE_MARK` per law, and the tables as HTML (the same
    tables Python-Markdown made of the Markdown tables, ~1 s faster at 750 documents)."""
    from kls.site import href, html_table  # kls.site imports this module

    cites = citations(docs, registry, base, cache, walk)
    by_law: dict[str, list[Citation]] = defaultdict(list)
    for cite in cites:
        by_law[cite.law_key].append(cite)
    lines = [
        "---",
        f"title: {NAV_TITLE}",
        "---",
        "",
        "Här ser du vilka lagrum dokumenten hänvisar till och vilka dokument som hänvisar till varje lagrum – "
        "alltså vilka riktlinjer och rutiner som genomför vilka krav i lag och föreskrifter. Länkarna till "
        "lagtexten går till lagen.nu.",
        "",
    ]
    if not by_law:
        lines.append("Inga dokument hänvisar till lagrum ännu.")
        return "\n".join(lines) + "\n", []
    tables: list[str] = []
    links = _document_links(cites, href)
    order = sorted(by_law, key=lambda key: (by_law[key][0].repealed, by_law[key][0].law_title.casefold()))
    for key in order:
        group = by_law[key]
        first = group[0]
        heading = html.escape(first.law_title, quote=False)
        if first.repealed and staff:
            heading += " (upphävd)"
        lines += ["", f"## {heading}", "", TABLE_MARK.format(len(tables))]
        provisions: dict[str, list[Citation]] = defaultdict(list)
        for cite in group:
            provisions[cite.provision].append(cite)
        rows = []
        for provision in sorted(provisions, key=lambda p: provisions[p][0].sort_key):
            items = provisions[provision]
            label = html.escape(provision or "Hela författningen", quote=False)
            url = items[0].url
            cell = f'<a href="{html.escape(url, quote=True)}">{label}</a>' if url else label
            docs_cell = ", ".join(link for _, link in sorted((links[c.doc.rel] for c in items), key=lambda pair: pair[0]))
            rows.append([cell, docs_cell])
        tables.append(html_table([("Lagrum", ""), ("Dokument", "")], rows))
    return "\n".join(lines) + "\n", tables


def _document_links(cites: list[Citation], href: Callable[[str, str], str]) -> dict[str, tuple[tuple[str, str], str]]:
    """Per cited document (by path): its sort key in a table cell and its link there, made once
    per document rather than once per citation (a document cites a dozen provisions; making
    the links per citation was ~0.1 s per site at 750 documents)."""
    links: dict[str, tuple[tuple[str, str], str]] = {}
    for cite in cites:
        doc = cite.doc
        if doc.rel not in links:
            title, doc_id = doc.title, doc.id or ""
            link = f'<a href="{href(PAGE, doc.url)}">{_cell(title)}</a> ({_cell(doc_id)})'
            links[doc.rel] = ((title.casefold(), doc_id), link)
    return links


def _cell(text: str) -> str:
    return html.escape(text, quote=True).replace("|", "&#124;").replace("[", "&#91;").replace("]", "&#93;")
