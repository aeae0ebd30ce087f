"""The page's table of contents as HTML, made in Python instead of by a template per heading.

Material renders `partials/toc-item.html` once per heading, recursively; at ~7 headings on each of
~1,450 pages that was ~0.5 s of a 750-document build's CPU (issue 5). `toc_item_html` writes the
HTML our `overrides/partials/toc-item.html` wrote, after `kls.html_compact`: the pages of a
750-document build stayed byte for byte the same, and `tests/test_toc_html.py` compares with
the old template.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from markupsafe import Markup, escape


class TocItem(Protocol):
    """What MkDocs' `AnchorLink` offers: the heading's anchor URL, HTML title and subheadings."""

    url: str
    title: str
    children: Sequence[TocItem]


def toc_item_html(item: TocItem) -> str:
    """One heading's `<li>` with its subheadings (their link text is HTML from the Markdown)."""
    parts = [f'<li><a href="{item.url}" class="md-nav__link">\n{item.title}\n</a>\n']
    if item.children:
        label = escape(Markup(item.title).striptags())
        parts.append(f'<nav class="md-nav" aria-label="{label}"><ul class="md-nav__list">')
        parts.extend(f"{toc_item_html(child)}\n" for child in item.children)
        parts.append("</ul></nav>")
    parts.append("</li>")
    return "".join(parts)


def toc_items_html(items: Sequence[TocItem]) -> str:
    """The headings of the table of contents for our `overrides/partials/toc.html`, with the line
    breaks Material's loop (toc-item.html included once per heading) left after `kls.html_compact`:
    one before the first heading and one after each."""
    return "\n" + "".join(f"{toc_item_html(item)}\n" for item in items)
