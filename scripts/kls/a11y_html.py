"""Accessibility fixes to a page's rendered HTML (independent of MkDocs).

- Every table is wrapped in a focusable, labelled region that scrolls on its own, so a wide table
  never makes the whole page scroll sideways on a phone (WCAG 1.4.10) and keyboard users can
  scroll it (axe: scrollable-region-focusable). The label names the section the table is in, or
  the page when no heading comes before it (the document tables of type and area pages).
- Task-list checkboxes (pymdownx.tasklist, used in templates) get the item's text as their name
  (WCAG 4.1.2, axe: label), without the blank lines drawn for filling in by hand (`Annat: ____`).
"""

from __future__ import annotations

import html
import re

_TOKENS = re.compile(
    r"<h(?P<level>[1-6])\b[^>]*>(?P<heading>.*?)</h(?P=level)>"
    r"|<table\b(?P<attrs>[^>]*)>(?P<table>.*?)</table>",
    re.DOTALL | re.IGNORECASE,
)
_HEADERLINK = re.compile(r'<a\b[^>]*class="headerlink"[^>]*>.*?</a>', re.DOTALL)
_CAPTION = re.compile(r"<caption\b[^>]*>(.*?)</caption>", re.DOTALL | re.IGNORECASE)
_TAGS = re.compile(r"<[^>]+>")
_FILL_IN = re.compile(r"\s*_{3,}\s*")  # a line to write on: `Annat: ________`
_TASK = re.compile(
    r'(?P<head><li class="task-list-item">\s*<label class="task-list-control">\s*)'
    r"(?P<input><input\b[^>]*?)(?P<close>\s*/?>)"
    r'(?P<mid>\s*<span class="task-list-indicator">\s*</span>\s*</label>)'
    r"(?P<text>.*?)(?=<ul\b|<ol\b|</li>|<li\b)",
    re.DOTALL,
)


def plain_text(fragment: str) -> str:
    """The visible text of an HTML fragment, whitespace collapsed (permalink signs removed)."""
    text = _TAGS.sub(" ", _HEADERLINK.sub("", fragment))
    return " ".join(html.unescape(text).split())


def table_label(heading: str | None, caption: str | None, number: int) -> str:
    """`Tabell: Ansvarsfördelning` from the caption or the nearest heading before the table."""
    if caption:
        return f"Tabell: {caption}"
    if heading:
        return f"Tabell: {heading}" if number == 1 else f"Tabell {number}: {heading}"
    return "Tabell" if number == 1 else f"Tabell {number}"


def wrap_tables(page_html: str, title: str | None = None) -> str:
    """Wrap each `<table>` in `<div class="kls-tabell" role="region" tabindex="0" aria-label=…>`
    (`title`: the page's title, the label of tables before the first heading)."""
    out: list[str] = []
    pos = 0
    heading: str | None = plain_text(title) if title else None
    per_heading = 0
    for match in _TOKENS.finditer(page_html):
        if match.group("level"):
            heading = plain_text(match.group("heading")) or None
            per_heading = 0
            continue
        per_heading += 1
        caption_match = _CAPTION.search(match.group("table"))
        caption = plain_text(caption_match.group(1)) if caption_match else None
        label = html.escape(table_label(heading, caption, per_heading), quote=True)
        out.append(page_html[pos : match.start()])
        out.append(f'<div class="kls-tabell" role="region" tabindex="0" aria-label="{label}">{match.group(0)}</div>')
        pos = match.end()
    out.append(page_html[pos:])
    return "".join(out)


def label_task_checkboxes(page_html: str) -> str:
    """Give each task-list checkbox an `aria-label` with its item's text."""

    def add_label(match: re.Match[str]) -> str:
        if "aria-label" in match.group("input"):
            return match.group(0)
        name = html.escape(_FILL_IN.sub(" ", plain_text(match.group("text"))).strip() or "Kryssruta", quote=True)
        return "".join(
            (match.group("head"), match.group("input"), f' aria-label="{name}"', match.group("close"), match.group("mid"))
        ) + match.group("text")

    return _TASK.sub(add_label, page_html)


def accessible_html(page_html: str, title: str | None = None) -> str:
    """All fixes above, in order (`title`: the page's title)."""
    return label_task_checkboxes(wrap_tables(page_html, title))
