"""No script injection from content: raw HTML and URLs in Markdown that could run code.

Rejected (as errors, with file:line), outside code spans and fenced code:
- elements that run or embed code or restyle the page: <script>, <iframe>, <frame>,
  <frameset>, <object>, <embed>, <applet>, <style>, <base>, <meta>, <link>, <form>;
- event handler attributes (`onclick=`, `onerror=` …) in HTML tags and in attribute lists
  (`{ onclick="…" }`);
- `javascript:`, `vbscript:` and `data:` URLs in HTML attributes, Markdown links and images,
  reference definitions and attribute lists, also when hidden with entities or whitespace;
- template code (`{{ … }}`, `{% … %}`) other than plain variables and macro calls, since
  Jinja expressions can assemble HTML that the source scan cannot see.
Front matter values are escaped by the templates; this module only looks at the body.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterable, Iterator

from kls.corpus import Corpus
from kls.errors import ERROR, Problem
from kls.mdscan import Lines, iter_tags, link_targets, mask_code

FORBIDDEN_ELEMENTS = (
    "script",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "style",
    "base",
    "meta",
    "link",
    "form",
)
_EVENT_ATTR = re.compile(r"(?:^|[\s/\"'{])(on[a-z]{3,})\s*=", re.I)
_ATTR_LIST = re.compile(r"\{:?[^{}\n]*\}")
_BAD_SCHEME = re.compile(r"^(javascript|vbscript|data):", re.I)
_SCHEME_IN_ATTR = re.compile(r"""=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^"'>\s]*))""")
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")
_SIMPLE_STMT = re.compile(r"^(?:(?:if|elif|for)\s[\w\s.,()=!\"'-]*|else|endif|endfor)$")  # {% if intern %}
VARIABLES = ("enhet", "intern", "webbplats")  # plain variables a document may print
_ALLOWED = 'använd bara variabler och makron som {{ enhet.telefon_vaxel }} och {{ dok("IFO-RUT-001") }}, och {% if %}'
_JINJA_OPEN = re.compile(r"\{[{%]")
_SIMPLE_EXPR = re.compile(
    r"""^-?\s*[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*"""  # enhet.telefon_socialjour
    r"""(?:\(\s*(?:(?:"[^"<>&\\]*"|'[^'<>&\\]*'|\d+)\s*(?:,\s*(?:"[^"<>&\\]*"|'[^'<>&\\]*'|\d+)\s*)*)?\))?"""  # dok("X")
    r"""(?:\s*\|\s*(?:upper|lower|capitalize|title|trim|e|escape|length|striptags))*\s*-?$"""
)


def _url_is_dangerous(url: str) -> bool:
    """True for javascript:, vbscript: or data: URLs, however they are spelled."""
    cleaned = _CONTROL.sub("", html.unescape(html.unescape(url)))
    return bool(_BAD_SCHEME.match(cleaned))


def _jinja_blocks(text: str) -> Iterator[tuple[int, str, str]]:
    """(offset, "{" or "%", inner text) for each `{{ … }}` and `{% … %}`, in linear time."""
    pos = 0
    openers = {"}}": r"\{\{", "%}": r"\{%"}  # closer -> opener; a closer that never occurs again is dropped
    pattern = _JINJA_OPEN
    while True:
        match = pattern.search(text, pos)
        if match is None:
            return
        kind = match.group(0)[1]
        closer = "}}" if kind == "{" else "%}"
        end = text.find(closer, match.end())
        if end < 0:
            del openers[closer]  # no later opener of this kind can close either
            if not openers:
                return
            pattern = re.compile("|".join(openers.values()))
            pos = match.start()
            continue
        yield match.start(), kind, text[match.end() : end]
        pos = end + 2


def scan_body(text: str) -> Iterator[tuple[int, str]]:
    """(offset, Swedish message) for every unsafe construct in Markdown source `text`."""
    masked = mask_code(text)
    for tag in iter_tags(masked):
        if tag.name in FORBIDDEN_ELEMENTS and not tag.close:
            yield tag.start, f"HTML-elementet <{tag.name}> är inte tillåtet i dokument (det kan köra kod eller ändra sidan)"
        for event in _EVENT_ATTR.finditer(tag.attrs):
            yield tag.start, f"HTML-attributet {event[1]}= är inte tillåtet (det kör skript)"
        for value in _SCHEME_IN_ATTR.finditer(tag.attrs):
            url = value["dq"] if value["dq"] is not None else value["sq"] if value["sq"] is not None else value["bare"]
            if _url_is_dangerous(url):
                yield tag.start, f"adressen '{url[:40]}' i <{tag.name}> är inte tillåten (javascript:/data:-adresser)"
    for match in _ATTR_LIST.finditer(masked):
        chunk = match.group(0)
        for event in _EVENT_ATTR.finditer(chunk):
            yield match.start(), f"attributet {event[1]}= är inte tillåtet (det kör skript)"
        for value in _SCHEME_IN_ATTR.finditer(chunk):
            url = value["dq"] if value["dq"] is not None else value["sq"] if value["sq"] is not None else value["bare"]
            if _url_is_dangerous(url):
                yield match.start(), f"adressen '{url[:40]}' är inte tillåten (javascript:/data:-adresser)"
    for offset, target in link_targets(masked):
        if _url_is_dangerous(target):
            yield offset, f"länken '{target[:40]}' är inte tillåten; länka bara till webbsidor (https://…) eller andra dokument"
    in_raw = False
    for start, kind, inner in _jinja_blocks(text):  # template code runs inside code blocks too
        if kind == "%":
            stmt = inner
            word = stmt.strip().strip("-").strip()
            if word == "raw":
                in_raw = True
            elif word == "endraw":
                in_raw = False
            elif not in_raw and not _SIMPLE_STMT.match(word):
                yield start, f"mallkoden '{{%{stmt[:40]}%}}' är inte tillåten i dokument; {_ALLOWED}"
            continue
        if in_raw:
            continue
        expr = inner
        simple = _SIMPLE_EXPR.match(expr)
        root = re.match(r"^-?\s*([A-Za-z_]\w*)\s*(\()?", expr)
        if simple and root and not root[2] and root[1] not in VARIABLES:
            simple = None  # front matter values and other variables are raw text: not allowed
        if not simple:
            yield (
                start,
                f"malluttrycket '{{{{{expr[:40]}}}}}' är inte tillåtet i dokument; {_ALLOWED}",
            )


def check_html_safety(corpus: Corpus, today: dt.date) -> Iterable[Problem]:
    """Raw HTML, URLs and template code that could run script on the sites: errors with file:line."""
    for doc in corpus.all:
        if not doc.readable or not doc.body:
            continue
        if "<" not in doc.body and ":" not in doc.body and "{" not in doc.body:
            continue
        lines = Lines.of(doc.body, doc.body_line)
        for offset, message in scan_body(doc.body):
            yield Problem(doc.display, lines.line(offset), ERROR, message)
