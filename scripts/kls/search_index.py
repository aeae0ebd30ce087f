"""The site's search index: Pagefind, written after each site's build, before the swap.

Chosen over Material's built-in search by measurement (README, "Prestanda"): Pagefind splits the
index into small chunks, so a visitor downloads only the chunks for the words typed instead of the
whole index. Each listed document is indexed from a small HTML record built here: its rendered
content, its id, type and area as filters and metadata, and the extra Swedish terms from
`kls.search_terms`. Withdrawn documents and anything the site does not publish are never added.

The extra terms are searchable metadata, not content (Pagefind 1.5 searches metadata fields and
boosts a page by a field's `metaWeights` weight, set in kls-sok.js): a match in them adds to a
page's score without giving it word locations, so hits never show the list as their excerpt. The
terms of the title (`TITLE_TERMS`) are kept apart from the rest (`TERMS`) and weigh almost as much
as the title's own words, so "orosanmälningar" puts "Mottagande av orosanmälan …" first rather
than among every page that mentions an orosanmälan once.
"""

from __future__ import annotations

import gzip
import html
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

from kls.search_terms import Vocabulary, extra_terms

if TYPE_CHECKING:
    from kls.site import SiteState

OUTPUT = "pagefind"
# With both sites built together (`kls bygg`), the staff site's search is the public site's index
# (copied by kls.build) merged in the browser with this one of what only the staff site has, so
# the public documents are indexed once (issue 5). `kls visa` and one-site builds index everything.
STAFF_ONLY_OUTPUT = "pagefind-intern"
SPLIT_ENV = "KLS_DELAT_SOKINDEX"
LANGUAGE = "sv"
PAGE_TYPE = "Sida"  # type facet of ordinary pages (Om ledningssystemet …)
# Metadata fields of the extra terms; their ranking weights are set in kls-sok.js (metaWeights).
TITLE_TERMS = "titeltermer"  # the title's extra terms: weigh almost like the title's words
TERMS = "termer"  # the rest of the page's: below a word the page itself uses
# Files Pagefind writes that our own search UI (kls-sok.js) does not use.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css", "pagefind-highlight.js")
UNUSED_PREFIXES = ("pagefind-component-ui",)


class SearchIndexError(Exception):
    """The index could not be written; the build fails and the old site stays."""


@dataclass
class IndexEntry:
    """One search record: a published page and what its hit shows."""

    url: str  # site-relative, e.g. "rutiner/barn-och-unga/orosanmalan/"
    title: str
    content_html: str
    doc_id: str = ""
    type_name: str = PAGE_TYPE
    area_name: str = ""
    lagrum: tuple[str, ...] = ()
    extra: tuple[str, ...] = ()  # extra terms of the text (not the title's)
    title_extra: tuple[str, ...] = ()  # extra terms of the title
    summary: str = ""  # front matter `description` (the page shows it only in <meta name="description">)
    tags: tuple[str, ...] = ()  # front matter `tags`


HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.DOTALL)


def record_html(entry: IndexEntry) -> str:
    """The HTML Pagefind indexes for one entry (never served to visitors)."""
    e = html.escape
    parts = [
        f'<!doctype html><html lang="{LANGUAGE}"><head><meta charset="utf-8"><title>{e(entry.title)}</title></head><body>',
        "<main data-pagefind-body>",
        f"<h1>{e(entry.title)}</h1>",
        f'<span data-pagefind-meta="title[data-v]" data-v="{e(entry.title)}"></span>',
        f'<span data-pagefind-filter="typ[data-v]" data-v="{e(entry.type_name)}"></span>',
        f'<span data-pagefind-meta="typ[data-v]" data-v="{e(entry.type_name)}"></span>',
    ]
    if entry.doc_id:
        parts.append(f'<span data-pagefind-meta="id[data-v]" data-v="{e(entry.doc_id)}"></span>')
        # The search box looks an id-shaped query up in this filter ("IFO-RUT-099": no hits).
        parts.append(f'<span data-pagefind-filter="id[data-v]" data-v="{e(entry.doc_id)}"></span>')
    for field, terms in ((TITLE_TERMS, entry.title_extra), (TERMS, entry.extra)):
        if terms:
            parts.append(f'<span data-pagefind-meta="{field}[data-v]" data-v="{e(" ".join(terms))}"></span>')
    if entry.area_name:
        parts.append(f'<span data-pagefind-filter="område[data-v]" data-v="{e(entry.area_name)}"></span>')
        parts.append(f'<span data-pagefind-meta="område[data-v]" data-v="{e(entry.area_name)}"></span>')
    if entry.summary:  # searchable too: a word only the description has still finds the page
        parts.append(f"<p>{e(entry.summary)}</p>")
    parts.append(HEADERLINK.sub("", entry.content_html))  # no "¶" in excerpts
    tail = [entry.doc_id, *entry.lagrum, *entry.tags]
    if any(tail):
        parts.append(f"<p>{e(' · '.join(t for t in tail if t))}</p>")
    parts.append("</main></body></html>")
    return "".join(parts)


def with_extra_terms(entries: list[IndexEntry], texts: dict[str, str]) -> list[IndexEntry]:
    """Entries with their extra terms, from a vocabulary of these entries' texts (url → text):
    the title's own (`title_extra`) and the rest of the page's (`extra`)."""
    vocab = Vocabulary.from_texts(texts.values())
    out = []
    for entry in entries:
        text = texts.get(entry.url, entry.title)
        title_terms = extra_terms(entry.title, vocab)
        terms = [t for t in extra_terms(f"{entry.title}\n{text}", vocab, entry.lagrum) if t not in title_terms]
        out.append(IndexEntry(**{**entry.__dict__, "extra": tuple(terms), "title_extra": tuple(title_terms)}))
    return out


def _pagefind_command(records: Path, output: Path) -> list[str]:
    from pagefind_bin import get_executable

    return [str(get_executable()), "--site", str(records), "--output-path", str(output), "--force-language", LANGUAGE, "--silent"]


RECORDS_PREFIX = "kls-sokindex-"


def scratch_dir() -> str | None:
    """A memory-backed folder for the records when the system has one (else the default temporary
    folder): creating a file and a folder for each of 750 records cost ~1 s of CPU on the build
    machine's disk and ~0.1 s in /dev/shm (issue 5). Records a killed build left are removed."""
    shm = Path("/dev/shm")
    if not (shm.is_dir() and os.access(shm, os.W_OK | os.X_OK)):
        return None
    for stale in shm.glob(RECORDS_PREFIX + "*"):
        try:
            if time.time() - stale.stat().st_mtime > 3600:
                shutil.rmtree(stale, ignore_errors=True)
        except OSError:
            continue
    return str(shm)


@dataclass
class PendingIndex:
    """A Pagefind run started by `start_index`; `finish_index` waits for it and checks it."""

    process: subprocess.Popen[bytes]
    records: tempfile.TemporaryDirectory[str]
    log: IO[bytes]
    output: Path

    def cancel(self) -> None:
        """Stop the run and remove its records (the build failed)."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.log.close()
        self.records.cleanup()


def start_index(site_dir: Path, entries: list[IndexEntry], output_name: str = OUTPUT) -> PendingIndex:
    """Write the records and start Pagefind in the background, so the index is built while
    MkDocs renders the pages' templates (the glue starts it once all page content exists)."""
    output = site_dir / output_name
    if output.exists():
        shutil.rmtree(output)
    # Pagefind's Python API waits 0.1 s per record; its binary over files takes ~1 s for 750.
    records = tempfile.TemporaryDirectory(prefix=RECORDS_PREFIX, dir=scratch_dir())
    log = tempfile.TemporaryFile()  # noqa: SIM115 - closed by finish_index / cancel
    try:
        for entry in entries:
            path = Path(records.name) / entry.url.strip("/") / "index.html"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(record_html(entry), encoding="utf-8")
        process = subprocess.Popen(_pagefind_command(Path(records.name), output), stdout=log, stderr=subprocess.STDOUT)
    except (OSError, subprocess.SubprocessError) as exc:
        log.close()
        records.cleanup()
        raise SearchIndexError(f"sökindexet kunde inte skapas: {exc}") from exc
    return PendingIndex(process, records, log, output)


def finish_index(pending: PendingIndex, timeout: float = 600) -> Path:
    """Wait for Pagefind, check its result and remove the parts we do not use."""
    try:
        try:
            code = pending.process.wait(timeout)
        except subprocess.TimeoutExpired as exc:
            raise SearchIndexError(f"sökindexet kunde inte skapas: {exc}") from exc
        if code != 0:
            pending.log.seek(0)
            text = pending.log.read().decode("utf-8", errors="replace").strip()[-2000:]
            raise SearchIndexError(f"sökindexet kunde inte skapas: {text}")
    finally:
        pending.cancel()
    output = pending.output
    if not (output / "pagefind.js").is_file():
        raise SearchIndexError("sökindexet kunde inte skapas: pagefind.js saknas")
    for name in UNUSED:
        (output / name).unlink(missing_ok=True)
    for path in output.iterdir():
        if path.name.startswith(UNUSED_PREFIXES):
            path.unlink()
    return output


def write_index(site_dir: Path, entries: list[IndexEntry]) -> Path:
    """Write the Pagefind bundle to `site_dir/pagefind/` and remove the parts we do not use."""
    return finish_index(start_index(site_dir, entries))


def read_index(site_dir: Path) -> list[dict]:
    """Every record in a written index (decoded fragments): url, content, meta, filters. For tests."""
    records = []
    fragments = [*(site_dir / OUTPUT / "fragment").glob("*.pf_fragment")]
    fragments += (site_dir / STAFF_ONLY_OUTPUT / "fragment").glob("*.pf_fragment")
    for path in sorted(fragments):
        data = gzip.decompress(path.read_bytes())
        if data.startswith(b"pagefind_dcd"):
            data = data[len(b"pagefind_dcd") :]
        records.append(json.loads(data))
    return records


def site_entries(state: SiteState, contents: dict[str, str], skip: frozenset[str] | set[str] = frozenset()) -> list[IndexEntry]:
    """Index entries for what one site lists: current documents and ordinary pages.

    `contents` maps a docs/-relative path to the page's rendered content HTML; anything not
    listed by the site (internal on the public site, withdrawn, generated index pages) is left
    out, and so is every docs/-relative path in `skip` (the staff-only index leaves out the
    public ones). The extra terms' vocabulary is always every listed page's text.
    """
    entries: list[IndexEntry] = []
    texts: dict[str, str] = {}
    for doc in state.listed():
        if doc.rel not in contents:
            continue
        texts[doc.url] = " ".join([doc.body, doc.text("description") or "", *doc.texts("tags")])
        if doc.rel in skip:
            continue
        entries.append(
            IndexEntry(
                url=doc.url,
                title=doc.title,
                content_html=contents[doc.rel],
                doc_id=doc.id or "",
                type_name=doc.doc_type.name if doc.doc_type else PAGE_TYPE,
                area_name=state.config.areas.get(doc.area or "", doc.area or ""),
                lagrum=tuple(doc.lagrum),
                summary=doc.text("description") or "",
                tags=tuple(doc.texts("tags")),
            )
        )
    for page in state.pages():
        if page.rel in contents and page.rel != "index.md":
            texts[page.url] = page.body
            if page.rel not in skip:
                entries.append(IndexEntry(url=page.url, title=page.title, content_html=contents[page.rel]))
    return with_extra_terms(entries, texts)
