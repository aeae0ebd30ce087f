"""mkdocs-macros glue: the unit's facts (`{{ enhet.telefon_socialjour }}`) and links by id
(`{{ dok("IFO-RUT-014") }}`), defined once in `kls.yml` and the documents' front matter."""

from __future__ import annotations

from pathlib import Path

from kls.site import build_date_from_env, esc, md_link, site_from_env, site_state


def define_env(env) -> None:  # noqa: ANN001 - mkdocs-macros passes its own env object
    root = Path(env.conf.config_file_path).parent

    current = site_state(root, site_from_env(), build_date_from_env())  # once per build, not per macro call

    def state():
        return current

    env.variables["enhet"] = state().config.unit
    env.variables["webbplats"] = site_from_env()
    env.variables["intern"] = not state().public

    @env.macro
    def dok(doc_id: str) -> str:
        """A Markdown link to a document by id, with its current title."""
        page = env.page
        target = state().doc_by_id(doc_id)
        if target is None:
            where = page.file.src_uri if page else "?"
            raise ValueError(f'docs/{where}: dok("{doc_id}"): dokumentet finns inte på den här webbplatsen')
        from_rel = page.file.src_uri if page else "index.md"
        title = esc(target.title).replace("[", "\\[").replace("]", "\\]")
        return f"[{title}]({md_link(from_rel, target.rel)})"

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


def on_pre_page_macros(env) -> None:  # noqa: ANN001 - mkdocs-macros passes its own env object
    """A page without any Jinja syntax is not rendered as a template: compiling each of 750
    pages cost ~2 ms a page for nothing (issue 5). The page's own `render_macros` wins."""
    meta = env.page.meta
    if _SKIPPED not in meta and not env.has_j2(env.markdown):
        meta[_SKIPPED] = False
        env.page.kls_macros_skipped = True


def on_post_page_macros(env) -> None:  # noqa: ANN001
    if getattr(env.page, "kls_macros_skipped", False):
        env.page.meta.pop(_SKIPPED, None)
