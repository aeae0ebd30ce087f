"""The metadata panel's law entries as HTML, made in Python instead of by a Jinja macro.

`overrides/partials/kls-metadata.html` called a macro with a filter chain for each entry of each
document page's `lagrum` list (about 0.2 s of a 750-document build per site, issue 5). `law_item_html`
writes what the macro wrote; `tests/test_panel_html.py` compares with it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from markupsafe import Markup, escape

REPEALED_NOTE = ' <span class="kls-upphavd-lag">(upphävd lag)</span>'


def title_adds(text: str, title: str) -> bool:
    """Whether some word of `title` is not already in `text` (lower case; brackets split words),
    as the macro tested it: then the title is worth a `title` attribute."""
    visible = text.lower()
    return any(word not in visible for word in title.lower().replace("(", " ").replace(")", " ").split())


def law_item_html(ref: str | Mapping[str, Any], staff: bool) -> Markup:
    """One `<li>` of the panel's law list: a plain entry, or a link (SiteState.lagrum_links: text,
    url, title, upphavd) marked repealed on the staff site."""
    if isinstance(ref, str):
        return Markup(f"<li>{escape(ref)}</li>")
    text = ref.get("text", "")
    if not ref.get("url"):
        return Markup(f"<li>{escape(text)}</li>")
    repealed = staff and bool(ref.get("upphavd"))
    classes = "kls-lagrum kls-lagrum--upphavd" if repealed else "kls-lagrum"
    title = ref.get("title")
    hover = f' title="{escape(title)}"' if title and title_adds(str(text), str(title)) else ""
    note = REPEALED_NOTE if repealed else ""
    return Markup(f'<li><a class="{classes}" href="{escape(ref["url"])}"{hover}>{escape(text)}</a>{note}</li>')
