"""What each site shows, independent of MkDocs: which files, navigation, index pages,
the metadata panel and `dokument.json`. The MkDocs glue only calls into this module.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import posixpath
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from kls import revision_site
from kls.build_cache import active_cache_dir, cached, code_version
from kls.config import DOC_TYPES, Config, DocType, load_config
from kls.corpus import Corpus, files_fingerprint, load_corpus
from kls.lagrum import page as lagrum_site
from kls.lagrum.links import LinkStyle, law_title, law_url, link_laws, link_laws_styles
from kls.lagrum.parser import parse_one
from kls.lagrum.registry import load_registry
from kls.model import Document
from kls.page_cache import render_order
from kls.review import DEFAULT_WINDOW_DAYS, OVERDUE, days_between, state

PUBLIC = "publik"
STAFF = "intern"
SITES = (PUBLIC, STAFF)
SITE_ENV = "KLS_WEBBPLATS"
DATE_ENV = "KLS_BYGGDATUM"

MONTHS = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)


def swedish_date(value: dt.date | None) -> str:
    """`2025-09-15` → `15 september 2025`."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}" if value else "–"


def site_from_env() -> str:
    """The site being built, from `KLS_WEBBPLATS` (default: the staff site)."""
    site = os.environ.get(SITE_ENV, STAFF)
    if site not in SITES:
        raise ValueError(f"{SITE_ENV} ska vara '{PUBLIC}' eller '{STAFF}', inte '{site}'")
    return site


def build_date_from_env() -> dt.date:
    """The build's reference date, from `KLS_BYGGDATUM` (default: today)."""
    value = os.environ.get(DATE_ENV)
    return dt.date.fromisoformat(value) if value else dt.date.today()


def md_link(from_rel: str, to_rel: str) -> str:
    """A relative Markdown link target from one docs/ file to another."""
    return posixpath.relpath(to_rel, posixpath.dirname(from_rel) or ".")


_PHONE = re.compile(r"\+?[\d\s()–-]{3,}")


def phone_href(number: str) -> str | None:
    """`tel:` address of a Swedish phone number as written in kls.yml (`0980-319 290` →
    `tel:+46980319290`, `112` → `tel:112`), or None when the text is not a phone number."""
    text = number.strip()
    digits = re.sub(r"\D", "", text)
    if not _PHONE.fullmatch(text) or len(digits) < 3:
        return None
    if text.startswith("+"):
        return f"tel:+{digits}"
    return f"tel:+46{digits[1:]}" if digits.startswith("0") and len(digits) > 5 else f"tel:{digits}"


def template_unit(unit: dict[str, Any]) -> dict[str, Any]:
    """`enhet` as documents' template code sees it: text HTML-escaped (a value in kls.yml is a
    fact, never markup), phone numbers (`telefon_…` keys) as Markdown links, so staff on a phone
    on a night shift can call the number with one tap."""
    out = dict(unit)
    for key, value in unit.items():
        if not isinstance(value, str):
            continue
        # HTML escaped, and Markdown link brackets too: `[klicka](javascript:…)` is text, not a link
        out[key] = html.escape(value, quote=False).replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
        if key.startswith("telefon_") and (href := phone_href(value)):
            out[key] = f"[{out[key].strip()}]({href})"
    return out


def esc(text: object) -> str:
    """HTML-escape any front matter value before it goes into a page."""
    return html.escape(str(text), quote=True)


def table_cell(text: object) -> str:
    """Text safe inside a Markdown table cell: escaped HTML, no pipes or line breaks."""
    return esc(text).replace("|", "&#124;").replace("\n", " ")


TABLE_SLOT = "<!-- kls-tabell-{} -->"  # where a generated page's table goes (fill_tables)


def page_url(rel: str) -> str:
    """The directory URL MkDocs gives a docs/ file (`rutiner/a/x.md` → `rutiner/a/x/`)."""
    stem = rel[:-3] if rel.endswith(".md") else rel
    if stem == "index":
        return ""
    return stem[: -len("index")] if stem.endswith("/index") else stem + "/"


def href(from_rel: str, to_url: str) -> str:
    """A link from the page of `from_rel` to a site URL, relative like MkDocs writes them."""
    base = page_url(from_rel) or "."
    return esc(relative_path(to_url or ".", base) + ("/" if to_url.endswith("/") or not to_url else ""))


def relative_path(path: str, start: str) -> str:
    """`posixpath.relpath(path, start)` for two relative paths, without its two `os.getcwd()`
    calls (the generated pages link ~3,000 times at 750 documents: ~0.1 s per site)."""
    path_parts = _path_parts(path)
    start_parts = _path_parts(start)
    if path_parts is None or start_parts is None:  # absolute, empty or above the folder
        return posixpath.relpath(path, start)
    common = 0
    for mine, theirs in zip(start_parts, path_parts, strict=False):
        if mine != theirs:
            break
        common += 1
    parts = [".."] * (len(start_parts) - common) + path_parts[common:]
    return "/".join(parts) if parts else "."


def _path_parts(path: str) -> list[str] | None:
    """A relative path's normalised parts (`[]` for `.`); None when `relative_path` has to ask
    posixpath (an absolute or empty path, or one that leaves its folder)."""
    if not path or path.startswith("/"):
        return None
    if "." not in path and "//" not in path:  # already normal (site URLs are)
        return path.rstrip("/").split("/")
    parts = [part for part in posixpath.normpath(path).split("/") if part != "."]
    return None if ".." in parts else parts


def html_table(header: list[tuple[str, str]], rows: list[list[str]]) -> str:
    """A table exactly as Python-Markdown's tables extension writes it. `header` is (label,
    align); cells are HTML. Large generated tables skip Markdown: on 750 documents the index
    pages and the Lagrum page took ~2 s to parse (issue 5)."""

    def cell(tag: str, align: str, content: str) -> str:
        style = f' style="text-align: {align};"' if align else ""
        return f"<{tag}{style}>{content}</{tag}>"

    out = ["<table>", "<thead>", "<tr>", *(cell("th", a, label) for label, a in header), "</tr>", "</thead>", "<tbody>"]
    for row in rows:
        out += ["<tr>", *(cell("td", header[i][1], content) for i, content in enumerate(row)), "</tr>"]
    out += ["</tbody>", "</table>"]
    return "\n".join(out)


def count_phrase(doc_type: DocType, count: int) -> str:
    """`1 rutin`, `3 rutiner`."""
    return f"{count} {(doc_type.name if count == 1 else doc_type.plural).lower()}"


@dataclass
class SiteState:
    """One site's view of the corpus on a build date."""

    config: Config
    corpus: Corpus
    site: str
    build_date: dt.date
    _memo: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def public(self) -> bool:
        return self.site == PUBLIC

    # --- what is published -----------------------------------------------------------------
    def documents(self) -> list[Document]:
        """Every document page this site renders (withdrawn ones keep their URL)."""
        if "documents" not in self._memo:  # computed once per build: hooks ask for it per page
            self._memo["documents"] = self.corpus.published(self.public)
        return list(self._memo["documents"])

    def listed(self) -> list[Document]:
        """Documents shown in listings and search: published and not withdrawn."""
        if "listed" not in self._memo:
            self._memo["listed"] = self.corpus.current(self.public)
        return list(self._memo["listed"])

    def pages(self) -> list[Document]:
        """Ordinary pages this site renders (the public site only `publicering: extern`)."""
        return [p for p in self.corpus.pages if p.readable and (p.public or not self.public)]

    def included_rels(self) -> set[str]:
        """docs/-relative paths of every Markdown file this site may render."""
        return {d.rel for d in self.documents()} | {p.rel for p in self.pages()}

    def shared_rels(self) -> set[str]:
        """docs/-relative paths of the Markdown files both sites render (the public site's)."""
        if "shared" not in self._memo:
            docs = {d.rel for d in self.corpus.published(True)}
            self._memo["shared"] = docs | {p.rel for p in self.corpus.pages if p.readable and p.public}
        return set(self._memo["shared"])

    def walk(self, docs: list[Document]) -> list[Document]:
        """`docs` in the order this site works through them, so that the two sites' builds at
        the same time share per-document work through the build cache (kls.page_cache)."""
        by_rel = {d.rel: d for d in docs}
        return [by_rel[rel] for rel in render_order(list(by_rel), self.shared_rels(), staff=not self.public)]

    def doc_by_id(self, doc_id: str) -> Document | None:
        doc = self.corpus.by_id.get(doc_id)
        if doc is None or (self.public and not doc.public):
            return None
        return doc

    def by_type_and_area(self) -> dict[DocType, dict[str, list[Document]]]:
        """Listed documents grouped by type then area (configured area order), sorted by title."""
        if "by_type_and_area" in self._memo:
            return self._memo["by_type_and_area"]
        buckets: dict[tuple[str, str], list[Document]] = {}
        for doc in self.listed():
            if doc.folder_type is not None and doc.folder_area is not None:
                buckets.setdefault((doc.folder_type.key, doc.folder_area), []).append(doc)
        grouped: dict[DocType, dict[str, list[Document]]] = {}
        for doc_type in DOC_TYPES.values():
            areas: dict[str, list[Document]] = {}
            for area in self.config.areas:
                docs = buckets.get((doc_type.key, area))
                if docs:
                    areas[area] = sorted(docs, key=lambda d: (d.title.casefold(), d.id or ""))
            grouped[doc_type] = areas
        self._memo["by_type_and_area"] = grouped
        return grouped

    # --- navigation and generated pages ---------------------------------------------------------
    def nav(self) -> list[Any]:
        """MkDocs `nav`: start, each type, then the site's own pages.

        Areas are reached from each type's index page, not from the navigation: Material repeats
        the whole navigation in every page, so 4 types x 40 areas would add ~40 KB to each page
        and dominate the build time (issue 5)."""
        nav: list[Any] = [{"Start": "index.md"}]
        for doc_type in self.by_type_and_area():
            nav.append({doc_type.plural: f"{doc_type.folder}/index.md"})
        if not self.public:
            nav.append({revision_site.NAV_TITLE: revision_site.PAGE})
        nav.append({lagrum_site.NAV_TITLE: lagrum_site.PAGE})
        extra = [p for p in self.pages() if p.rel != "index.md"]
        if extra:
            nav.append({"Om": [p.rel for p in sorted(extra, key=lambda p: p.rel)]})
        return nav

    def generated_pages(self) -> dict[str, str]:
        """docs/-relative path → Markdown for the type and area index pages and the Lagrum page.

        Their tables are slots (`TABLE_SLOT`), filled with ready HTML by `fill_tables`."""
        pages: dict[str, str] = {}
        tables: dict[str, list[str]] = {}

        def slot(rel: str, table: str) -> str:
            tables.setdefault(rel, []).append(table)
            return TABLE_SLOT.format(len(tables[rel]) - 1)

        for doc_type, areas in self.by_type_and_area().items():
            index_rel = f"{doc_type.folder}/index.md"
            count = sum(len(d) for d in areas.values())
            lines = [
                "---",
                f"title: {doc_type.plural}",
                "---",
                "",
                f"{count_phrase(doc_type, count)} i {len(areas)} områden.",
                "",
            ]
            if areas:
                overview = [
                    [
                        f'<a href="{href(index_rel, f"{doc_type.folder}/{area}/")}">{table_cell(self.config.areas[area])}</a>',
                        str(len(docs)),
                    ]
                    for area, docs in areas.items()
                ]
                lines.append(slot(index_rel, html_table([("Område", ""), ("Antal", "right")], overview)))
                for area, docs in areas.items():
                    table = self.document_table_html(index_rel, docs)
                    lines += ["", f"## {esc(self.config.areas[area])}", "", slot(index_rel, table)]
            else:
                lines.append("Det finns inga publicerade dokument av den här typen ännu.")
            pages[index_rel] = "\n".join(lines) + "\n"
            for area, docs in areas.items():
                rel = f"{doc_type.folder}/{area}/index.md"
                body = [
                    "---",
                    f"title: {doc_type.plural} – {self.config.areas[area]}",
                    "---",
                    "",
                    f"{count_phrase(doc_type, len(docs))} inom {esc(self.config.areas[area]).lower()}.",
                    "",
                    slot(rel, self.document_table_html(rel, docs)),
                ]
                pages[rel] = "\n".join(body) + "\n"
        if not self.public:
            pages[revision_site.PAGE] = revision_site.revision_page(self.config, self.listed(), self.build_date)
        staff = not self.public
        text, lagrum_tables = lagrum_site.lagrum_page_parts(
            self.listed(),
            load_registry(),
            staff,
            self.config.law_link_base,
            active_cache_dir(self.config.root),
            self.walk,
        )
        for index, table in enumerate(lagrum_tables):
            text = text.replace(lagrum_site.TABLE_MARK.format(index), slot(lagrum_site.PAGE, table), 1)
        pages[lagrum_site.PAGE] = text
        self._memo["tables"] = tables
        return pages

    def generated_tables(self, rel: str) -> list[str]:
        """The HTML tables of a generated page, in slot order (after `generated_pages`)."""
        return list(self._memo.get("tables", {}).get(rel, []))

    def fill_tables(self, page_html: str, rel: str) -> str:
        """Rendered page HTML with its table slots replaced by the tables."""
        for index, table in enumerate(self._memo.get("tables", {}).get(rel, [])):
            page_html = page_html.replace(TABLE_SLOT.format(index), table, 1)
        return page_html

    # --- law references (issue 4) ----------------------------------------------------------------
    def link_laws(self, page_html: str, rel: str) -> str:
        """Rendered page HTML with legal references linked (see kls.lagrum.links).

        A document both sites publish is linked for both at once and kept in the build cache
        (`lagrumslankar`), so the other site's build and later builds reuse it (issue 5)."""
        doc = self.corpus.by_rel.get(rel)
        registry = load_registry()
        style = LinkStyle(self.config.law_link_base, staff=not self.public, registry=registry)
        if doc is None or not doc.is_document:
            return link_laws(page_html, registry, style)
        entries = [ref for entry in doc.lagrum for ref in parse_one(entry, registry, doc.approved)]
        laws = [ref.law for ref in entries if ref.law is not None]
        styles = [style]
        if doc.public:  # the public style first, then the staff style
            styles = [LinkStyle(style.base, staff=False, registry=registry), LinkStyle(style.base, staff=True, registry=registry)]
        parts = (code_version(), style.base, page_html, repr(doc.approved), "\n".join(doc.lagrum))
        made = cached(
            active_cache_dir(self.config.root),
            "lagrumslankar",
            (*parts, str(len(styles))),
            lambda: json.dumps(link_laws_styles(page_html, registry, styles, doc.approved, laws, entries)).encode(),
        )
        outputs = json.loads(made)
        return outputs[0 if self.public or len(outputs) == 1 else 1]

    def lagrum_links(self, doc: Document) -> list[dict[str, Any]]:
        """The metadata panel's `lagrum` entries with link, full title and repeal mark."""
        registry = load_registry()
        out = []
        for entry in doc.lagrum:
            refs = parse_one(entry, registry, doc.approved)
            ref = refs[0] if len(refs) == 1 else None
            law = ref.law if ref is not None else None
            out.append(
                {
                    "text": entry,
                    "url": law_url(ref, self.config.law_link_base) if ref is not None else None,
                    "title": law_title(ref, registry) if ref is not None else None,
                    "upphavd": bool(law and law.repealed and not law.status_uncertain),
                }
            )
        return out

    def generated_files(self) -> dict[str, bytes]:
        """docs/-relative path → content of generated non-page files (staff: calendar feeds)."""
        if self.public:
            return {}
        return revision_site.calendar_feeds(self.config, self.listed(), self.build_date, active_cache_dir(self.config.root))

    def extra_javascript(self) -> list[str]:
        """Scripts only this site loads (staff: the client-side overdue marker)."""
        return [] if self.public else [revision_site.SCRIPT]

    def excluded_assets(self) -> set[str]:
        """docs/-relative static files this site must not publish."""
        return {revision_site.SCRIPT} if self.public else set()

    def area_overview(self, from_rel: str) -> str:
        """A Markdown table of areas × types with linked document counts (the start page's way in)."""
        grouped = self.by_type_and_area()
        types = list(grouped)
        rows = ["| Område | " + " | ".join(t.plural for t in types) + " |", "|---|" + "---:|" * len(types)]
        for area, name in self.config.areas.items():
            cells = []
            for doc_type in types:
                docs = grouped[doc_type].get(area, [])
                link = md_link(from_rel, f"{doc_type.folder}/{area}/index.md")
                cells.append(f"[{len(docs)}]({link})" if docs else "–")
            if any(c != "–" for c in cells):
                rows.append(f"| {table_cell(name)} | " + " | ".join(cells) + " |")
        return "\n".join(rows)

    def oncall_links(self, from_rel: str, area: str = "socialjour") -> str:
        """Markdown buttons to each type's on-call area page that has documents."""
        links = [
            f"[{doc_type.plural} för socialjouren]({md_link(from_rel, f'{doc_type.folder}/{area}/index.md')})"
            "{ .md-button .md-button--primary }"
            for doc_type, areas in self.by_type_and_area().items()
            if area in areas
        ]
        return " ".join(links) or "Det finns inga dokument för socialjouren ännu."

    def document_table(self, from_rel: str, docs: list[Document]) -> list[str]:
        """A Markdown table: title (link), id, owner, next review (and status on the staff site)."""
        header = "| Dokument | Id | Ägare | Nästa revision |"
        rule = "|---|---|---|---|"
        rows = [header, rule]
        for doc in docs:
            due = doc.due.date
            due_text = due.isoformat() if due else "saknas"
            if not self.public and state(due, self.build_date) == OVERDUE:
                due_text += " **(försenad)**"
            if not self.public and not doc.public:
                title = f"[{table_cell(doc.title)}]({md_link(from_rel, doc.rel)}) <small>(intern)</small>"
            else:
                title = f"[{table_cell(doc.title)}]({md_link(from_rel, doc.rel)})"
            rows.append(f"| {title} | {table_cell(doc.id or '')} | {table_cell(doc.owner or '')} | {due_text} |")
        return rows

    def document_table_html(self, from_rel: str, docs: list[Document]) -> str:
        """`document_table` as HTML (the same table Python-Markdown made of it)."""
        rows = []
        for doc in docs:
            due = doc.due.date
            due_text = due.isoformat() if due else "saknas"
            if not self.public and state(due, self.build_date) == OVERDUE:
                due_text += " <strong>(försenad)</strong>"
            title = f'<a href="{href(from_rel, doc.url)}">{table_cell(doc.title)}</a>'
            if not self.public and not doc.public:
                title += " <small>(intern)</small>"
            rows.append([title, table_cell(doc.id or ""), table_cell(doc.owner or ""), due_text])
        header = [("Dokument", ""), ("Id", ""), ("Ägare", ""), ("Nästa revision", "")]
        return html_table(header, rows)

    # --- per page ------------------------------------------------------------------------
    def panel(self, doc: Document) -> dict[str, Any]:
        """The metadata panel's values for a document page (raw values; templates escape)."""
        due = doc.due.date
        status = state(due, self.build_date, DEFAULT_WINDOW_DAYS)
        replaced = self.doc_by_id(doc.replaced_by) if doc.replaced_by else None
        return {
            "id": doc.id,
            "typ": doc.doc_type.name if doc.doc_type else "",
            "omrade": self.config.areas.get(doc.area or "", doc.area or ""),
            "agare": doc.owner,
            "faststalld": doc.approved.isoformat() if doc.approved else None,
            "faststalld_text": swedish_date(doc.approved),
            "faststalld_av": doc.approved_by,
            "revideras": due.isoformat() if due else None,
            "revideras_text": swedish_date(due),
            "revisionsstatus": status,
            "dagar": days_between(due, self.build_date),
            "version": doc.version,
            "lagrum": doc.lagrum,
            "lagrum_lankar": self.lagrum_links(doc),
            "intern": not doc.public,
            "upphavd": doc.withdrawn.isoformat() if doc.withdrawn else None,
            "ersatt_av": ({"id": replaced.id, "title": replaced.title, "url": replaced.url} if replaced else None),
            "andringslogg": doc.changelog,
        }

    def document_list(self, base_url: str = "") -> list[dict[str, Any]]:
        """`dokument.json`: one object per published document."""
        return [
            {
                "id": d.id,
                "title": d.title,
                "url": base_url + d.url,
                "type": d.doc_type.key if d.doc_type else None,
                "area": d.area,
                "owner": d.owner,
                "approved": d.approved.isoformat() if d.approved else None,
                "next_review": d.due.date.isoformat() if d.due.date else None,
                "legal_references": d.lagrum,
                "public": d.public,
                "withdrawn": d.withdrawn.isoformat() if d.withdrawn else None,
            }
            for d in sorted(self.documents(), key=lambda d: d.id or "")
        ]


_handed_over: Corpus | None = None  # see hand_over_corpus


def hand_over_corpus(corpus: Corpus) -> None:
    """Let `site_state` use a corpus this process has already loaded (and validated), as long
    as no file under docs/ nor `kls.yml` has changed since it was read: `kls bygg` forks its site
    builds after the check (kls.build), so they need not read and parse every document again."""
    global _handed_over
    _handed_over = corpus if corpus.fingerprint is not None else None


@lru_cache(maxsize=4)
def _cached(root: str, site: str, build_date: dt.date, fingerprint: tuple) -> SiteState:
    config = load_config(Path(root))
    handed = _handed_over
    if handed is not None and str(handed.config.root) == root and handed.fingerprint == fingerprint:
        return SiteState(config, handed, site, build_date)
    return SiteState(config, load_corpus(config), site, build_date)


def site_state(root: Path, site: str, build_date: dt.date) -> SiteState:
    """The site state, cached until a file under docs/ or `kls.yml` changes (for `mkdocs serve`)."""
    config = load_config(root)
    return _cached(str(config.root), site, build_date, files_fingerprint(config))
