"""mkdocs-macros glue: the unit's facts (`{{ enhet.telefon_socialjour }}`) and links by id
(`{{ dok("IFO-RUT-014") }}`), defined once in `kls.yml` and the documents' front matter."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kls.html_safety import reserved_keys
from kls.site import build_date_from_env, esc, md_link, site_from_env, site_state, template_unit


def define_env(env) -> None:  # noqa: ANN001 - mkdocs-macros passes its own env object
    root = Path(env.conf.config_file_path).parent

    current = site_state(root, site_from_env(), build_date_from_env())  # once per build, not per macro call

    def state():
        return current

    unit = template_unit(state().config.unit)  # phone numbers as tel: links
    env.variables["enhet"] = unit
    env.variables["webbplats"] = site_from_env()
    env.variables["intern"] = not state().public

    def dok_link(doc_id: str) -> str:
        page = env.page
        target = state().doc_by_id(doc_id)
        if target is None:
            where = page.file.src_uri if page else "?"
            raise ValueError(f'docs/{where}: dok("{doc_id}"): dokumentet finns inte på den här webbplatsen')
        from_rel = page.file.src_uri if page else "index.md"
        title = esc(target.title).replace("[", "\\[").replace("]", "\\]")
        return f"[{title}]({md_link(from_rel, target.rel)})"

    @env.macro
    def dok(doc_id: str) -> str:
        """A Markdown link to a document by id, with its current title."""
        return dok_link(doc_id)

    _simple["dok"] = dok_link
    _simple["enhet"] = unit

    @env.macro
    def omradestabell() -> str:
        """Areas × document types with linked counts."""
        page = env.page
        return state().area_overview(page.file.src_uri if page else "index.md")

    @env.macro
    def jourlankar() -> str:
        """Buttons to the on-call (socialjour) documents, for one tap at night."""
        page = env.page
        return state().oncall_links(page.file.src_uri if page else "index.md")


_SKIPPED = "render_macros"


_simple: dict[str, Any] = {}  # `dok` and `enhet`, for pages that use nothing else (define_env)
_SIMPLE_CALL = re.compile(r'(?<!\{)\{\{\s*(?:dok\(\s*"([^"\\{}\n]+)"\s*\)|enhet\.([A-Za-z_][A-Za-z0-9_]*))\s*\}\}')


class _NotSimple(Exception):
    """The page needs the real template engine."""


def expand_simple(markdown: str, dok: Callable[[str], str], unit: dict[str, Any], has_j2: Callable[[str], bool]) -> str | None:
    """The page with its `{{ dok("ID") }}` and `{{ enhet.key }}` filled in exactly as Jinja
    would, or None when it has any other template code (or anything unusual) for Jinja to do.

    Compiling a page as a template costs ~2 ms; most documents only link others by id (issue 5).
    Like Jinja with mkdocs-macros' settings, one trailing newline is dropped.
    """
    if "\r" in markdown or has_j2(_SIMPLE_CALL.sub("", markdown)):
        return None

    def fill(match: re.Match[str]) -> str:
        doc_id, key = match[1], match[2]
        if doc_id is not None:
            try:
                return dok(doc_id)
            except Exception:  # noqa: BLE001 - let the template engine report it its own way
                raise _NotSimple from None
        if key not in unit or hasattr(unit, key):  # Jinja would look up a dict attribute first
            raise _NotSimple
        return str(unit[key])

    try:
        out = _SIMPLE_CALL.sub(fill, markdown)
    except _NotSimple:
        return None
    return out[:-1] if out.endswith("\n") else out


def on_pre_page_macros(env) -> None:  # noqa: ANN001 - mkdocs-macros passes its own env object
    """A page without any Jinja syntax is not rendered as a template: compiling each of 750
    pages cost ~2 ms a page for nothing (issue 5); a page whose only template code is
    `dok(...)`/`enhet.…` gets it filled in directly (`expand_simple`).

    Front matter may not redefine the template code's names (`enhet:`, `intern: true`,
    `render_macros: false` …; kls.html_safety.RESERVED_KEYS): mkdocs-macros would let it change
    what the page prints. `kls validera` reports such keys as errors; here they are dropped, so a
    build without validation (`mkdocs build`) cannot be fooled either."""
    meta = env.page.meta
    for key in [*reserved_keys(meta), *(k for k in meta if not isinstance(k, str))]:
        del meta[key]  # a key YAML reads as a number or true (`1:`) would stop Jinja (keywords must be text)
    if not env.config.get("render_by_default", True):
        return
    if not meta and env.markdown.startswith("---"):
        # MkDocs could not split off the front matter (kls.html_safety.mkdocs_front_matter_problem,
        # an error in `kls validera`): the page text still holds it, YAML comments included, so no
        # template code in it is run.
        meta[_SKIPPED] = False
        env.page.kls_macros_skipped = True
        return
    if not env.has_j2(env.markdown):
        meta[_SKIPPED] = False
        env.page.kls_macros_skipped = True
        return
    if not _simple:
        return
    expanded = expand_simple(env.markdown, _simple["dok"], _simple["enhet"], env.has_j2)
    if expanded is not None:
        env.markdown = expanded
        meta[_SKIPPED] = False
        env.page.kls_macros_skipped = True


def on_post_page_macros(env) -> None:  # noqa: ANN001
    if getattr(env.page, "kls_macros_skipped", False):
        env.page.meta.pop(_SKIPPED, None)
