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
from kls.mdscan import TAG, Lines, link_targets, mask_code

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
_SCHEME_IN_ATTR = re.compile(r"""=\s*["']?\s*(?P<url>[^"'>\s]*)""")
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")
_SIMPLE_STMT = re.compile(r"^(?:(?:if|elif|for)\s[\w\s.,()=!\"'-]*|else|endif|endfor)$")  # {% if intern %}
VARIABLES = ("enhet", "intern", "webbplats")  # plain variables a document may print
_ALLOWED = 'använd bara variabler och makron som {{ enhet.telefon_vaxel }} och {{ dok("IFO-RUT-001") }}, och {% if %}'
_JINJA = re.compile(r"\{\{(?P<expr>.*?)\}\}|\{%-?(?P<stmt>.*?)-?%\}", re.S)
_SIMPLE_EXPR = re.compile(
    r"""^-?\s*[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*"""  # enhet.telefon_socialjour
    r"""(?:\(\s*(?:(?:"[^"<>&\\]*"|'[^'<>&\\]*'|\d+)\s*(?:,\s*(?:"[^"<>&\\]*"|'[^'<>&\\]*'|\d+)\s*)*)?\))?"""  # dok("X")
    r"""(?:\s*\|\s*(?:upper|lower|capitalize|title|trim|e|escape|length|striptags))*\s*-?$"""
)


def _url_is_dangerous(url: str) -> bool:
    """True for javascript:, vbscript: or data: URLs, however they are spelled."""
    cleaned = _CONTROL.sub("", html.unescape(html.unescape(url)))
    return bool(_BAD_SCHEME.match(cleaned))


def scan_body(text: str) -> Iterator[tuple[int, str]]:
    """(offset, Swedish message) for every unsafe construct in Markdown source `text`."""
    masked = mask_code(text)
    for match in TAG.finditer(masked):
        name = match["name"].lower()
        if name in FORBIDDEN_ELEMENTS and not match["close"]:
            yield match.start(), f"HTML-elementet <{name}> är inte tillåtet i dokument (det kan köra kod eller ändra sidan)"
        attrs = match["attrs"]
        for event in _EVENT_ATTR.finditer(attrs):
            yield match.start(), f"HTML-attributet {event[1]}= är inte tillåtet (det kör skript)"
        for value in _SCHEME_IN_ATTR.finditer(attrs):
            if _url_is_dangerous(value["url"]):
                yield match.start(), f"adressen '{value['url'][:40]}' i <{name}> är inte tillåten (javascript:/data:-adresser)"
    for match in _ATTR_LIST.finditer(masked):
        chunk = match.group(0)
        for event in _EVENT_ATTR.finditer(chunk):
            yield match.start(), f"attributet {event[1]}= är inte tillåtet (det kör skript)"
        for value in _SCHEME_IN_ATTR.finditer(chunk):
            if _url_is_dangerous(value["url"]):
                yield match.start(), f"adressen '{value['url'][:40]}' är inte tillåten (javascript:/data:-adresser)"
    for offset, target in link_targets(masked):
        if _url_is_dangerous(target):
            yield offset, f"länken '{target[:40]}' är inte tillåten; länka bara till webbsidor (https://…) eller andra dokument"
    in_raw = False
    for match in _JINJA.finditer(text):  # template code runs inside code blocks too
        stmt = match["stmt"]
        if stmt is not None:
            word = stmt.strip()
            if word == "raw":
                in_raw = True
            elif word == "endraw":
                in_raw = False
            elif not in_raw and not _SIMPLE_STMT.match(word):
                yield match.start(), f"mallkoden '{{%{stmt[:40]}%}}' är inte tillåten i dokument; {_ALLOWED}"
            continue
        if in_raw:
            continue
        expr = match["expr"]
        simple = _SIMPLE_EXPR.match(expr)
        root = re.match(r"^-?\s*([A-Za-z_]\w*)\s*(\()?", expr)
        if simple and root and not root[2] and root[1] not in VARIABLES:
            simple = None  # front matter values and other variables are raw text: not allowed
        if not simple:
            yield (
                match.start(),
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
