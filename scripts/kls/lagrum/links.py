"""Links from legal references to the law: lagen.nu deep links and the HTML transform.

`law_url` gives the deep link for one reference (`https://lagen.nu/2025:400#K10P1` with the
default base from `kls.yml` `lagrum_lank`). `link_laws` rewrites rendered page HTML: every
recognised reference in text becomes a link named by its text, with the law's full title as
`title` where the text does not already say it; references to repealed law are marked on the
staff site. It only touches text nodes, never the inside of existing links, code, pre, script,
style or headings, and leaves all other bytes of the HTML as they were.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kls.lagrum.parser import Parser, Reference
from kls.lagrum.registry import Law, Registry

EUR_LEX = "https://eur-lex.europa.eu/legal-content/SV/TXT/?uri=CELEX:3{year}R{number:04d}"
_TOKEN = re.compile(r"<!--.*?-->|<[^>]*>|[^<]+", re.S)
_TAG = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9]*)")
_WORD = re.compile(r"[\w:]+")
SKIP = {"a", "code", "pre", "script", "style", "kbd", "samp", "textarea", "button", "svg", "h1", "h2", "h3", "h4", "h5", "h6"}
BLOCK = {"p", "li", "td", "th", "dd", "dt", "blockquote", "div", "figcaption", "caption", "section", "details", "summary"}


def might_cite(parser: Parser, text: str) -> bool:
    """False when `text` certainly holds no legal reference for `parser` (a cheap pre-filter).

    Every match `Parser.scan` looks for needs a §, a colon, `kap`, a court, a law's name or
    abbreviation … (the parser's 'cite' patterns): blocks without any, most of a page, are not
    parsed. Two passes (on the text, on the lower-cased text) are faster in `re` than one mixed
    pattern."""
    pats = parser.patterns
    return pats["cite"].search(text) is not None or pats["cite_low"].search(text.lower()) is not None


def _anchor(value: str) -> str:
    return value.replace(" ", "")


def law_url(ref: Reference, base: str = "https://lagen.nu/") -> str | None:
    """The deep link for a reference, or None when there is nothing safe to link to."""
    base = base if base.endswith("/") else base + "/"
    number = ref.number
    if not number:
        return None
    if ref.kind == "statute" and re.fullmatch(r"\d{4}:\d+", number):
        fragment = ""
        if ref.chapter and ref.sections:
            fragment = f"#K{_anchor(ref.chapter)}P{_anchor(ref.sections[0])}"
        elif ref.chapter:  # a chapter range ('3–5 kap.') links to its first chapter (as written: '5–3 kap.' to 5 kap.)
            fragment = f"#K{_anchor(ref.chapter)}"
        elif ref.sections and not ref.chapter_missing:
            fragment = f"#P{_anchor(ref.sections[0])}"
        return f"{base}{number}{fragment}"
    if ref.kind == "regulation":
        match = re.fullmatch(r"(SOSFS|HSLF-FS) (\d{4}:\d+)", number)
        return f"{base}{match[1].lower()}/{match[2]}" if match else None
    if ref.kind == "eu":
        match = re.fullmatch(r"\(EU\) (\d{4})/(\d+)", number)
        return EUR_LEX.format(year=match[1], number=int(match[2])) if match else None
    if ref.kind == "case":
        match = re.fullmatch(r"(HFD|RÅ) (\d{4}) ref\. (\d+)", number)
        if match:
            return f"{base}dom/{'hfd' if match[1] == 'HFD' else 'ra'}/{match[2]}:{match[3]}"
        match = re.search(r"dnr (\d+-\d{4})$", number)
        return f"{base}avg/jo/{match[1]}" if match and number.startswith("JO") else None
    if ref.kind == "preparatory":
        match = re.fullmatch(r"(prop\.|SOU|Ds) (\S+)", number)
        if match:
            return f"{base}{match[1].rstrip('.').lower()}/{match[2]}"
    return None


def law_title(ref: Reference, registry: Registry | None = None) -> str:
    """Hover/focus text: the full title, and for repealed law when and by what."""
    law: Law | None = ref.law
    if law is None:
        return ref.number or ref.text
    title = law.title if law.kind != "regulation" else f"{law.number} {law.title}"
    if law.repealed and not law.status_uncertain:
        date = f" {law.repealed_on.isoformat()}" if law.repealed_on else ""
        successor = registry.law(law.repealed_by) if registry is not None and law.repealed_by else None
        by = successor.title if successor is not None else law.repealed_by
        title += f" – upphävd{date}" + (f", ersatt av {by}" if by else "")
    return title


@dataclass(frozen=True)
class LinkStyle:
    base: str = "https://lagen.nu/"
    staff: bool = False  # mark references to repealed law
    registry: Registry | None = None


def title_adds(text: str, title: str) -> bool:
    """False when every word of `title` is already in the visible `text` (case-insensitive).

    `11 kap. 1 § socialtjänstlagen (2025:400)` already says `Socialtjänstlag (2025:400)`; a hover
    text that repeats it adds nothing and costs bytes on every such link (issue 5, page weight).
    `SoL`, `LVU`, bare numbers and repealed law (`… – upphävd …`) keep their title.
    """
    visible = text.casefold()
    return any(word not in visible for word in _WORD.findall(title.casefold()))


def anchor_html(text: str, ref: Reference, style: LinkStyle) -> str | None:
    """`<a>` for a reference whose visible text is `text` (plain text, escaped here).

    The accessible name is the visible text (WCAG 2.5.3); the law's full title, when the text
    does not already say it, is the `title` (hover, keyboard focus via kls.css, and the
    accessible description).
    """
    url = law_url(ref, style.base)
    if url is None:
        return None
    title = law_title(ref, style.registry)
    visible = html.escape(text, quote=False)
    repealed = ref.law is not None and ref.law.repealed and not ref.law.status_uncertain
    classes = "kls-lagrum kls-lagrum--upphavd" if repealed and style.staff else "kls-lagrum"
    hover = f' title="{html.escape(title, quote=True)}"' if title_adds(text, title) else ""
    link = f'<a class="{classes}" href="{html.escape(url, quote=True)}"{hover}>{visible}</a>'
    if repealed and style.staff:
        link += ' <span class="kls-upphavd-lag">(upphävd lag)</span>'
    return link


class _Block:
    def __init__(self) -> None:
        self.nodes: list[tuple[int, int]] = []  # (token index, start offset in the block text)
        self.parts: list[str] = []
        self.length = 0

    def add(self, index: int, text: str) -> None:
        self.nodes.append((index, self.length))
        self.parts.append(text)
        self.length += len(text)


def link_laws(
    page_html: str,
    registry: Registry,
    style: LinkStyle,
    on: dt.date | None = None,
    context: Iterable[Law] = (),
    context_refs: Iterable[Reference] = (),
) -> str:
    """Page HTML with every recognised reference in text turned into a link."""
    return link_laws_styles(page_html, registry, (style,), on, context, context_refs)[0]


def link_laws_styles(
    page_html: str,
    registry: Registry,
    styles: Sequence[LinkStyle],
    on: dt.date | None = None,
    context: Iterable[Law] = (),
    context_refs: Iterable[Reference] = (),
) -> list[str]:
    """`link_laws` for several styles (the public and the staff site) with one parse of the page."""
    if not page_html:
        return [page_html for _ in styles]
    tokens = _TOKEN.findall(page_html)
    parser = Parser(registry, on, context, context_refs)
    links: dict[int, tuple[str, list[tuple[int, int, Reference]]]] = {}
    skip_depth = 0
    block = _Block()

    def flush() -> None:
        nonlocal block
        if not block.nodes:
            return  # nothing since the last flush: keep the empty block
        text = "".join(block.parts)
        if might_cite(parser, text):
            for ref in parser.paragraph(text, 0):
                _apply(ref, block, links)
        block = _Block()

    for index, token in enumerate(tokens):
        if token.startswith("<"):
            if token.startswith("<!--"):
                continue
            match = _TAG.match(token)
            if not match:
                continue
            closing, name = match[1] == "/", match[2].lower()
            if name in SKIP and not token.endswith("/>"):
                skip_depth += -1 if closing else 1
                skip_depth = max(skip_depth, 0)
                if name.startswith("h") and name[1:].isdigit():
                    flush()
            elif name in BLOCK or name == "br":
                flush()
            continue
        if skip_depth:
            continue
        block.add(index, html.unescape(token))
    flush()
    if not links:
        return [page_html for _ in styles]
    out = []
    for style in styles:
        linked = tokens.copy()  # only the text nodes with references change
        for index in links:
            linked[index] = _segments(tokens, index, links, style)
        out.append("".join(linked))
    return out


def _apply(ref: Reference, block: _Block, links: dict[int, tuple[str, list[tuple[int, int, Reference]]]]) -> None:
    """Note the reference if it lies within one text node."""
    for position, (index, start) in enumerate(block.nodes):
        node_text = block.parts[position]
        if start <= ref.start and ref.end <= start + len(node_text):
            links.setdefault(index, (node_text, []))[1].append((ref.start - start, ref.end - start, ref))
            return


def _segments(
    tokens: list[str], index: int, links: dict[int, tuple[str, list[tuple[int, int, Reference]]]], style: LinkStyle
) -> str:
    """Token `index` (one in `links`) with its references linked; unchanged when none can be linked."""
    node_text, spans = links[index]
    out, cursor = [], 0
    for a, b, ref in sorted(spans, key=lambda span: (span[0], span[1])):
        if a < cursor:
            continue
        anchor = anchor_html(node_text[a:b], ref, style)
        if anchor is None:
            continue
        out.append(html.escape(node_text[cursor:a], quote=False))
        out.append(anchor)
        cursor = b
    if not out:
        return tokens[index]
    out.append(html.escape(node_text[cursor:], quote=False))
    return "".join(out)
