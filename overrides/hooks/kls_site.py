"""MkDocs glue: turn the kls package's site state into an MkDocs build.

Thin on purpose; all decisions live in `kls.site`. Which site is built comes from the
environment variable KLS_WEBBPLATS (`publik` or `intern`), set by `kls bygg` / `kls visa`.
"""

from __future__ import annotations

import contextlib
import functools
import html
import json
import logging
import os
import posixpath
from pathlib import Path
from typing import Any

import markdown as markdown_lib
from jinja2 import FileSystemBytecodeCache, pass_context
from jinja2.runtime import Context
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure import pages as mkdocs_pages
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, get_toc
from mkdocs.utils import clean_directory, get_relative_url

from kls import page_cache, preview, search_index
from kls.a11y_html import accessible_html
from kls.attachments import hidden_attachment
from kls.build_cache import NO_CACHE_ENV, active_cache_dir
from kls.html_compact import CompactLoader, compact_html, drop_blank_lines
from kls.panel_html import law_item_html
from kls.search_index import (
    SPLIT_ENV,
    STAFF_ONLY_OUTPUT,
    PendingIndex,
    SearchIndexError,
    finish_index,
    site_entries,
    start_index,
)
from kls.site import SiteState, build_date_from_env, site_from_env, site_state
from kls.toc_html import toc_item_html, toc_items_html
from kls.word.export import page_template, size_text

log = logging.getLogger("mkdocs.plugins.kls")
# mkdocs-macros reports its setup (modules, variables, macros) at INFO on every build: six lines
# on each save in `kls visa`. Its warnings and errors still show.
logging.getLogger("mkdocs.plugins.mkdocs_macros.util").setLevel(logging.WARNING)
_state: SiteState | None = None
_search: PendingIndex | None = None  # the Pagefind run, started once all page content exists
_render_settings = ""  # kls.page_cache: what besides the Markdown a page's rendering depends on
_files_lookup: Any = None  # the build's own Files.get_file_from_path
_lookups: list[page_cache.Lookup] | None = None  # file lookups of the page being rendered
_capture: page_cache.LogCapture | None = None  # log records of the page being rendered
_cache_counts = {"hit": 0, "miss": 0}
_fragments: dict[tuple[object, ...], Markup] = {}  # kls_memo: navigation fragments of this build
_serving = False  # `mkdocs serve` (`kls visa`): the site has the local address
# `kls visa --snabb` (`mkdocs serve --dirty`): MkDocs rebuilds only changed documents; the site is
# rebuilt whole when what other pages show of them changed (kls.preview). Kept between the rebuilds
# of one `mkdocs serve` (MkDocs loads this module once).
_fast_preview = False
_preview_inputs: str | None = None  # kls.preview.site_inputs of the last finished build
_pending_inputs: str | None = None  # … of the build running now
_partial = False  # this build reuses the pages of the last one


# Material's built-in search (lunr and its worker; search here is Pagefind, kls.search_index):
# 1.2 MB and 36 files a site that no page loads (issue 5).
UNUSED_THEME_FILES = ("assets/javascripts/lunr/", "assets/javascripts/workers/")


def current_state(config: MkDocsConfig) -> SiteState:
    """The state for this build (shared with the macros module)."""
    try:
        return site_state(Path(config.config_file_path).parent, site_from_env(), build_date_from_env())
    except ValueError as exc:
        raise PluginError(str(exc)) from None


def on_startup(command: str, dirty: bool) -> None:
    global _serving, _fast_preview
    _serving = command == "serve"
    _fast_preview = _serving and dirty
    if _fast_preview:
        # MkDocs warns on every dirty build, and `strict: true` turns the warning into an abort.
        logging.getLogger("mkdocs.commands.build").addFilter(not_dirty_warning)


def not_dirty_warning(record: logging.LogRecord) -> bool:
    return "'dirty' build" not in record.getMessage()


def on_pre_build(config: MkDocsConfig) -> None:
    """In the fast preview: empty the site folder, so that MkDocs builds every page, unless only
    documents' own text changed since the last build (kls.preview)."""
    global _pending_inputs, _partial
    _partial = False
    if not _fast_preview:
        return
    assert _state is not None
    extra = f"{_state.site}|{_state.build_date.isoformat()}"
    _pending_inputs = preview.site_inputs(_state.corpus, _state.config.root, Path(config.docs_dir), extra)
    if _pending_inputs == _preview_inputs:
        _partial = True
    else:
        clean_directory(config.site_dir)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _state
    _state = state = current_state(config)
    cancel_search()
    _cache_counts.update(hit=0, miss=0)
    config.nav = state.nav()
    config.extra["webbplats"] = state.site
    config.extra["intern"] = not state.public
    config.extra["enhet"] = state.config.unit
    config.extra["byggdatum"] = state.build_date.isoformat()
    global _render_settings
    links = config.validation.links
    _render_settings = page_cache.settings_fingerprint(
        {
            "extensions": [e if isinstance(e, str) else type(e).__qualname__ for e in config.markdown_extensions],
            "options": config.mdx_configs,
            "directory_urls": config.use_directory_urls,
            "links": [links.not_found, links.absolute_links, links.unrecognized_links, links.anchors],
        }
    )
    if not state.public:
        config.site_name = f"{config.site_name} (personal)"
        # The staff site's own address (kls.yml `enhet.webbplats_personal`) for its canonical
        # links, sitemap and dokument.json; without it they would name the public host, where
        # an internal document does not exist.
        # (`kls visa` keeps its local address.)
        staff_url = state.config.unit.get("webbplats_personal")
        if not _serving and isinstance(staff_url, str) and staff_url.startswith(("https://", "http://")):
            config.site_url = staff_url.rstrip("/") + "/"
    for script in state.extra_javascript():
        if script not in config.extra_javascript:
            config.extra_javascript.append(script)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    assert _state is not None
    allowed = _state.included_rels()
    docs_dir = os.path.realpath(config.docs_dir)
    for file in list(files):
        from_docs = file.src_dir is not None and os.path.realpath(file.src_dir) == docs_dir
        if from_docs and (
            file.abs_src_path is None
            or os.path.islink(file.abs_src_path)
            or os.path.realpath(file.abs_src_path) != os.path.join(docs_dir, *file.src_uri.split("/"))
        ):
            # a symbolic link, or a file in a linked folder: MkDocs follows links, so it could be
            # anything on the computer (kls.docs_files.check_symlinks makes it a validation error)
            log.info("Publiceras inte (symbolisk länk under docs/): %s", file.src_uri)
            files.remove(file)
        elif file.is_documentation_page() and file.src_uri not in allowed:
            files.remove(file)  # internal (or unreadable) content never enters the build; also .markdown …
        elif file.src_uri in _state.excluded_assets():
            files.remove(file)  # staff-only assets (the overdue-marker script)
        elif from_docs and hidden_attachment(file.src_uri, _state.corpus.by_rel, allowed, public_site=_state.public):
            # images of a document this site does not publish; on the public site every file
            # outside assets/ and public documents' folders (kls.attachments)
            files.remove(file)
        elif file.src_uri.startswith(UNUSED_THEME_FILES) or file.src_uri.endswith(".map"):
            files.remove(file)  # Material's built-in search and source maps: never loaded here
    for rel, content in _state.generated_pages().items():
        existing = files.get_file_from_path(rel)
        if existing is not None:
            files.remove(existing)
        files.append(File.generated(config, rel, content=content))
    for rel, data in _state.generated_files().items():
        files.append(File.generated(config, rel, content=data))
    return recording_lookups(in_render_order(files))


def in_render_order(files: Files) -> Files:
    """Pages in the order this site renders them (kls.page_cache.render_order), other files as they were."""
    assert _state is not None
    pages = [f for f in files if f.is_documentation_page()]
    order = page_cache.render_order([f.src_uri for f in pages], _state.shared_rels(), staff=not _state.public)
    rank = {rel: index for index, rel in enumerate(order)}
    return Files([f for f in files if not f.is_documentation_page()] + sorted(pages, key=lambda f: rank[f.src_uri]))


def recording_lookups(files: Files) -> Files:
    """Record the file lookups of a page's rendering: a cached rendering is only valid for a
    build whose lookups answer the same (kls.page_cache)."""
    global _files_lookup
    _files_lookup = original = files.get_file_from_path

    def get_file_from_path(path: str) -> File | None:
        found = original(path)
        if _lookups is not None:
            _lookups.append((path, *lookup_answer(found)))
        return found

    files.get_file_from_path = get_file_from_path  # type: ignore[method-assign]
    return files


def lookup_answer(found: File | None) -> tuple[str | None, bool]:
    return (found.url, found.inclusion.is_excluded()) if found is not None else (None, False)


def page_cache_dir() -> Path | None:
    assert _state is not None
    return active_cache_dir(_state.config.root)


def escape_meta(value: object, depth: int = 0) -> object:
    """Front matter value with every string HTML-escaped as Markup (lists and mappings too)."""
    if isinstance(value, Markup) or depth > 30:
        return value
    if isinstance(value, str):
        return Markup(html.escape(value, quote=True))
    if isinstance(value, list):
        return [escape_meta(v, depth + 1) for v in value]
    if isinstance(value, dict):
        return {k: escape_meta(v, depth + 1) for k, v in value.items()}
    return value


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    # Front matter is text, never markup: escape every value once, as Markup, so templates that
    # print it raw (title, description, author, subtitle …) show it as text and templates that
    # escape it do not escape it twice. A document never picks its own template.
    escaped = {key: escape_meta(value) for key, value in page.meta.items() if key != "template"}
    page.meta.clear()
    page.meta.update(escaped)
    assert _state is not None
    doc = _state.corpus.by_rel.get(page.file.src_uri)
    if doc is not None and doc.withdrawn is not None:
        page.meta["search"] = {"exclude": True}  # obsolete documents leave search (ISO 9001 7.5.3)
    return cached_rendering(markdown, page)


def cached_rendering(markdown: str, page: Page) -> str:
    """When the page's rendering is in the cache (kls.page_cache), MkDocs' `render` for this one
    page is replaced by putting the cached result in place; otherwise the rendering's file
    lookups and log records are recorded for `on_page_content` to store."""
    global _lookups, _capture
    stop_recording()
    key = page_cache.render_key(_render_settings, page.file.src_uri, page.file.url, markdown, str(page.file.inclusion))
    hit = page_cache.load(page_cache_dir(), key)
    if hit is not None and hit.lookups_hold(lambda path: lookup_answer(_files_lookup(path))):
        _cache_counts["hit"] += 1

        def render_from_cache(config: MkDocsConfig, files: Files) -> None:
            del page.render  # back to Page.render
            restore(page, hit)

        page.render = render_from_cache  # type: ignore[method-assign]
        return markdown
    _cache_counts["miss"] += 1
    page.kls_render_key = key  # type: ignore[attr-defined]
    if page_cache_dir() is not None:  # with KLS_UTAN_CACHE=1 MkDocs' own render, to compare with

        def render_reusing(config: MkDocsConfig, files: Files) -> None:
            del page.render  # back to Page.render
            render_with_shared_markdown(page, config, files)

        page.render = render_reusing  # type: ignore[method-assign]
    _lookups, _capture = [], page_cache.LogCapture()
    logging.getLogger("mkdocs").addHandler(_capture)
    return markdown


_markdown: markdown_lib.Markdown | None = None  # render_with_shared_markdown's, made on first use


def render_with_shared_markdown(page: Page, config: MkDocsConfig, files: Files) -> None:
    """MkDocs' `Page.render` (mkdocs 1.6) with one Markdown instance for the whole build, `reset()`
    between pages, instead of a new one per page: building the extensions and their patterns cost
    about 0.5 ms a page (issue 5). The page's own processors replace the previous page's by name."""
    global _markdown
    if _markdown is None:
        _markdown = markdown_lib.Markdown(extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"] or {})
    md = _markdown
    md.reset()
    raw_html_ext = mkdocs_pages._RawHTMLPreprocessor()
    raw_html_ext._register(md)
    extract_anchors_ext = mkdocs_pages._ExtractAnchorsTreeprocessor(page.file, files, config)
    extract_anchors_ext._register(md)
    relative_path_ext = mkdocs_pages._RelativePathTreeprocessor(page.file, files, config)
    relative_path_ext._register(md)
    extract_title_ext = mkdocs_pages._ExtractTitleTreeprocessor()
    extract_title_ext._register(md)
    page.content = md.convert(page.markdown or "")
    page.toc = get_toc(getattr(md, "toc_tokens", []))
    page._title_from_render = extract_title_ext.title
    page.present_anchor_ids = extract_anchors_ext.present_anchor_ids | raw_html_ext.present_anchor_ids
    if mkdocs_pages.log.getEffectiveLevel() > logging.DEBUG:
        page.links_to_anchors = relative_path_ext.links_to_anchors


def restore(page: Page, hit: page_cache.Rendered) -> None:
    """Set what MkDocs' Page.render sets, from a cached rendering, and replay its log records."""
    page.content = hit.content
    page.toc = get_toc(hit.toc)  # type: ignore[arg-type]
    page._title_from_render = hit.title
    page.present_anchor_ids = set(hit.anchors)
    if logging.getLogger("mkdocs.structure.pages").getEffectiveLevel() > logging.DEBUG:  # as Page.render
        page.links_to_anchors = {
            target: dict(links) for uri, links in hit.links_to_anchors.items() if (target := _files_lookup(uri)) is not None
        }
    for name, level, message in hit.logs:
        logging.getLogger(name).log(level, message)


def stop_recording() -> tuple[list[page_cache.Lookup], list[tuple[str, int, str]]]:
    global _lookups, _capture
    lookups, records = _lookups or [], (_capture.records if _capture is not None else [])
    if _capture is not None:
        logging.getLogger("mkdocs").removeHandler(_capture)
    _lookups, _capture = None, None
    return lookups, records


def toc_tokens(items: list[AnchorLink]) -> list[dict[str, Any]]:
    return [{"level": a.level, "id": a.id, "name": a.title, "children": toc_tokens(a.children)} for a in items]


def store_rendering(output: str, page: Page) -> None:
    """Keep what MkDocs rendered for this page (after a cache miss) in the page cache."""
    key = getattr(page, "kls_render_key", None)
    lookups, records = stop_recording()
    if key is None:
        return
    rendered = page_cache.Rendered(
        content=output,
        toc=toc_tokens(list(page.toc)),
        title=page._title_from_render,
        anchors=sorted(page.present_anchor_ids or ()),
        links_to_anchors={f.src_uri: dict(links) for f, links in (page.links_to_anchors or {}).items()},
        lookups=lookups,
        logs=records,
    )
    page_cache.store(page_cache_dir(), key, rendered)


def on_page_content(output: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    assert _state is not None
    store_rendering(output, page)
    output = _state.fill_tables(output, page.file.src_uri)  # generated pages' tables, ready HTML
    output = _state.link_laws(output, page.file.src_uri)  # legal references → lagen.nu (issue 4)
    output = accessible_html(output, page.title)  # labelled scrolling tables, named checkboxes (WCAG 1.4.10, 4.1.2)
    doc = _state.corpus.by_rel.get(page.file.src_uri)
    if doc is not None and doc.is_document:
        # Made here, not with the page's template: pages are rendered in kls.page_cache's order,
        # in which the two sites' builds meet in the middle, so a file both sites publish with
        # the same content is made once and taken from the build cache by the other (issue 5).
        page.kls_word = write_word_template(doc, page, config, output)  # type: ignore[attr-defined]
    return output


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav: object) -> dict:
    assert _state is not None
    # Material's indentation is ~5 KB a page (issue 5): the templates are compacted once
    # (kls.html_compact.CompactLoader, on_env), each page's content here, after Pagefind got it
    # in on_env (Pagefind runs the text of adjacent table cells together with no white space between).
    if page.content:
        page.content = compact_html(page.content)
    doc = _state.corpus.by_rel.get(page.file.src_uri)
    if doc is not None and doc.is_document:
        context["kls_dok"] = _state.panel(doc)
        context["kls_word"] = getattr(page, "kls_word", None)
    return context


def write_word_template(doc: object, page: Page, config: MkDocsConfig, content: str) -> dict | None:
    """A template's Word file, built by kls.word.export from the page's final content and
    written next to the page."""
    assert _state is not None
    made = page_template(
        _state.public,
        doc,
        content,
        _state.config.unit,
        config.site_url or "",
        page.url,
        _state.build_date,
        active_cache_dir(_state.config.root),  # kls.build_cache: rebuilds and the other site reuse the file
    )
    if made is None:
        return None
    name, data = made
    folder = posixpath.dirname(page.file.dest_uri)
    out = Path(config.site_dir) / folder / name
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    return {"url": posixpath.join(folder, name), "storlek": size_text(len(data)), "filnamn": name}


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return drop_blank_lines(output)  # the templates' and the content's whitespace went earlier (issue 5)


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    return drop_blank_lines(output_content) if template_name.endswith(".html") else output_content  # 404.html


def on_env(env: object, config: MkDocsConfig, files: Files) -> None:
    # Every page's content is final here: start Pagefind now, so it indexes while the templates
    # render (issue 5). Only what this site lists goes in (kls.search_index).
    global _search
    assert _state is not None
    # Jinja checks every included template file for changes on each use (~44 stat calls a
    # page); MkDocs makes a new environment for each build, so nothing can change during one.
    env.auto_reload = False  # type: ignore[attr-defined]
    env.loader = CompactLoader(env.loader)  # type: ignore[attr-defined]
    cache = active_cache_dir(_state.config.root)
    if cache is not None:  # compiled templates, kept by Jinja under a checksum of their source
        with contextlib.suppress(OSError):
            (cache / "jinja").mkdir(parents=True, exist_ok=True)
            env.bytecode_cache = FileSystemBytecodeCache(str(cache / "jinja"))  # type: ignore[attr-defined]
    _fragments.clear()
    env.globals["kls_memo"] = kls_memo  # type: ignore[attr-defined]
    env.globals["kls_toc_item"] = toc_item_html  # type: ignore[attr-defined]
    env.globals["kls_toc_items"] = toc_items_html  # type: ignore[attr-defined]
    env.globals["kls_law_item"] = law_item_html  # type: ignore[attr-defined]
    env.globals["kls_t"] = translations(env, config.theme["language"])  # type: ignore[attr-defined]
    contents = {f.src_uri: f.page.content for f in files.documentation_pages() if f.page is not None and f.page.content}
    cancel_search()
    split = not _state.public and os.environ.get(SPLIT_ENV) == "1"  # kls.search_index.STAFF_ONLY_OUTPUT
    config.extra["kls_sok_extra"] = None
    if _partial and not split and (Path(config.site_dir) / search_index.OUTPUT / "pagefind.js").is_file():
        return  # the fast preview keeps the last full build's index (only changed pages have content)
    try:
        if not split:
            _search = start_index(Path(config.site_dir), site_entries(_state, contents))
        elif entries := site_entries(_state, contents, skip=_state.shared_rels()):
            _search = start_index(Path(config.site_dir), entries, STAFF_ONLY_OUTPUT)
            config.extra["kls_sok_extra"] = f"{STAFF_ONLY_OUTPUT}/"  # merged by kls-sok.js
    except SearchIndexError as exc:
        raise PluginError(str(exc)) from None


def translations(env: Any, language: str) -> Any:
    """`kls_t(key)` for overrides/partials/language.html: Material's text for `key` in the site's
    language, else in English, else the key itself, looked up once per key."""
    own = env.get_template(f"partials/languages/{language}.html").module
    english = env.get_template("partials/languages/en.html").module
    return functools.cache(lambda key: own.t(key) or english.t(key) or key)


def nav_items(items: list[Any]) -> Any:
    for item in items:
        yield item
        yield from nav_items(getattr(item, "children", None) or [])


# Parts of the page frame (main.html, partials/header.html) that depend on nothing but the
# build's configuration and the page's base URL: their links go to assets and the home page, so
# relative URLs differ only by the page's depth. (The footer links to a page, so it is not here:
# on that page itself the link is "./".)
FRAME_FRAGMENTS = frozenset({"styles", "head-scripts", "scripts", "header-start", "header-end"})


def fragment_key(name: str, context: Context) -> tuple[object, ...] | None:
    """What a memoised fragment depends on for this page. Navigation (partials/nav.html,
    tabs.html): the relative URL and active state of every item and the page's base URL; None
    (render it) for a page that is itself in the navigation, whose item looks different. Frame
    fragments (`FRAME_FRAGMENTS`): the base URL. Always None with KLS_UTAN_CACHE=1."""
    page, nav = context.get("page"), context.get("nav")
    if page is None or nav is None or os.environ.get(NO_CACHE_ENV) == "1":
        return None
    if name in FRAME_FRAGMENTS:
        return (name, context.get("base_url"))
    items = list(nav_items(nav.items))
    if any(item is page for item in items):
        return None
    links = []
    for item in items:
        url = getattr(item, "url", None)
        links.append((get_relative_url(url, page.url) if url is not None else None, bool(getattr(item, "active", False))))
    return (name, context.get("base_url"), tuple(links))


@pass_context
def kls_memo(context: Context, name: str, caller: Any) -> Markup:
    """`{% call kls_memo("nav") %}…{% endcall %}`: the inside rendered once per `fragment_key`."""
    key = fragment_key(name, context)
    if key is None:
        return Markup(caller())
    if key not in _fragments:
        _fragments[key] = Markup(caller())
    return _fragments[key]


def cancel_search() -> None:
    global _search
    if _search is not None:
        _search.cancel()
        _search = None


def on_build_error(error: Exception) -> None:
    global _preview_inputs
    cancel_search()
    _preview_inputs = None  # the fast preview builds every page next time


def on_post_build(config: MkDocsConfig) -> None:
    global _search, _preview_inputs
    assert _state is not None
    pending, _search = _search, None
    try:  # a failed index fails the build
        if pending is not None:  # None: a staff-only index with nothing only the staff site has
            finish_index(pending)
    except SearchIndexError as exc:
        raise PluginError(str(exc)) from None
    log.info(f"Sidcachen: {_cache_counts['hit']} sidor återanvända, {_cache_counts['miss']} renderade")
    if _fast_preview:
        _preview_inputs = _pending_inputs
        if _partial:
            log.info("Snabb förhandsvisning: bara ändrade dokument byggdes om; sökningen är som vid senaste hela bygget")
    site_url = config.site_url or ""
    out = Path(config.site_dir) / "dokument.json"
    out.write_text(json.dumps(_state.document_list(site_url), ensure_ascii=False, indent=1), encoding="utf-8")
