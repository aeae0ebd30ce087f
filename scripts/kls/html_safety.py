"""No script injection from content: raw HTML and URLs in Markdown that could run code.

Rejected (as errors, with file:line), outside code spans and fenced code:
- elements that run or embed code or restyle the page: <script>, <iframe>, <frame>,
  <frameset>, <object>, <embed>, <applet>, <style>, <base>, <meta>, <link>, <form>;
- event handler attributes (`onclick=`, `onerror=` …) in HTML tags and in attribute lists
  (`{ onclick="…" }`);
- `javascript:`, `vbscript:` and `data:` URLs in HTML attributes, Markdown links and images,
  reference definitions and attribute lists, also when hidden with entities or whitespace;
- template code (`{{ … }}`, `{% … %}`) other than the documented few (`TEMPLATE_NAMES`):
  `{{ enhet.nyckel }}` for a key in kls.yml, `{{ intern }}`, `{{ webbplats }}`, `{{ dok("ID") }}`,
  `{{ omradestabell() }}`, `{{ jourlankar() }}` and `{% if intern %}` / `{% if webbplats == "publik" %}`
  … `{% endif %}`, since Jinja expressions can assemble HTML that the source scan cannot see, and
  mkdocs-macros' own macros (`macros_info()`) print the server's paths and configuration;
- front matter keys with those names (and `render_macros`, `ignore_macros`): mkdocs-macros lets a page's front
  matter redefine template variables, so `enhet:` or `intern: true` there would change what the
  page prints (raw HTML, or staff-only text on the public site).
Front matter values are escaped by the templates; apart from the reserved keys this module only
looks at the body.
"""

from __future__ import annotations

import datetime as dt
import difflib
import html
import re
from collections.abc import Container, Iterable, Iterator

import yaml

from kls import frontmatter
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
# The template code a document may use (README, "Skriva dokument"); also the front matter keys
# that are reserved, since mkdocs-macros lets front matter redefine template variables.
TEMPLATE_NAMES = ("enhet", "intern", "webbplats", "dok", "omradestabell", "jourlankar")
RESERVED_KEYS = (*TEMPLATE_NAMES, "render_macros", "ignore_macros")  # the last two steer mkdocs-macros
_ALLOWED = (
    'använd bara {{ enhet.nyckel }}, {{ dok("IFO-RUT-001") }}, {{ omradestabell() }}, {{ jourlankar() }} '
    "och {% if intern %} … {% endif %}"
)
_JINJA_OPEN = re.compile(r"\{[{%#]")
_RAW_BEGIN = re.compile(r"\{%[-+]?\s*raw\s*-?%\}")  # Jinja's own raw-block patterns (lexer.py)
_RAW_END = re.compile(r"\{%[-+]?\s*endraw\s*[-+]?%\}")
_FILTERS = r"""(?:\s*\|\s*(?:upper|lower|capitalize|title|trim|e|escape))*"""
_SIMPLE_EXPR = re.compile(
    r"""^-?\s*(?:"""
    r"""enhet\s*\.\s*(?P<key>[A-Za-z_]\w*)"""  # {{ enhet.telefon_socialjour }}
    r"""|intern|webbplats"""
    r"""|dok\(\s*(?:"[A-Za-z0-9_.-]+"|'[A-Za-z0-9_.-]+')\s*\)"""  # {{ dok("IFO-RUT-001") }}
    r"""|(?:omradestabell|jourlankar)\(\s*\)"""
    rf""")\s*{_FILTERS}\s*-?$"""
)
_CONDITION = r"""(?:not\s+)?intern|webbplats\s*[!=]=\s*(?:"(?:publik|intern)"|'(?:publik|intern)')"""
_SIMPLE_STMT = re.compile(rf"^(?:(?P<open>if|elif)\s+(?:{_CONDITION})|(?P<word>else|endif))$")


def _url_is_dangerous(url: str) -> bool:
    """True for javascript:, vbscript: or data: URLs, however they are spelled."""
    cleaned = _CONTROL.sub("", html.unescape(html.unescape(url)))
    return bool(_BAD_SCHEME.match(cleaned))


def _jinja_blocks(text: str) -> Iterator[tuple[int, str, str]]:
    """(offset, "{" or "%", inner text) for each `{{ … }}` and `{% … %}` as Jinja's lexer sees
    them, in one linear pass: whichever of `{{`, `{%`, `{#` comes first opens; comments and
    `{% raw %}` blocks are skipped whole (a `{% raw %}` inside a comment or an expression is no
    raw block), so nothing Jinja runs can hide between markers only this scan would see.
    An opener that is never closed is reported as kind "!" (Jinja would stop the build there)."""
    pos = 0
    while True:
        match = _JINJA_OPEN.search(text, pos)
        if match is None:
            return
        kind = match.group(0)[1]
        if kind == "#":
            end = text.find("#}", match.end())
            if end < 0:
                yield match.start(), "!", "{#"
                return
            pos = end + 2
            continue
        raw = _RAW_BEGIN.match(text, match.start())
        if raw is not None:
            raw_end = _RAW_END.search(text, raw.end())
            if raw_end is None:
                yield match.start(), "!", "{% raw %}"
                return
            pos = raw_end.end()
            continue
        closer = "}}" if kind == "{" else "%}"
        end = text.find(closer, match.end())
        if end < 0:
            yield match.start(), "!", match.group(0)
            return
        yield match.start(), kind, text[match.end() : end]
        pos = end + 2


def scan_body(text: str, unit_keys: Container[str] | None = None) -> Iterator[tuple[int, str]]:
    """(offset, Swedish message) for every unsafe construct in Markdown source `text`
    (`unit_keys`: the keys of `enhet` in kls.yml, when known). When the template code is allowed,
    the text is also checked as each site renders it: a comment or an empty `{% if %}` must not
    join `<scr` and `ipt>` into a tag (offset 0 for what only the rendered text shows)."""
    found = list(_scan_markup(text))
    yield from found
    code = list(_scan_template_code(text, unit_keys))
    yield from code
    if code or not _JINJA_OPEN.search(text):
        return
    seen = {message for _, message in found}
    for rendered in _renderings(text):
        for _, message in _scan_markup(rendered):
            if message not in seen:
                seen.add(message)
                yield 0, f"{message} – när mallkoden körs"


# `{{ dok("ID") }}` and `{{ enhet.key }}`: all the template code most documents have (as
# hooks/kls_macros.py's _SIMPLE_CALL, which fills them in without Jinja)
_PLAIN_CALL = re.compile(r'(?<!\{)\{\{\s*(?:dok\(\s*"[^"\\{}\n]+"\s*\)|enhet\.[A-Za-z_][A-Za-z0-9_]*)\s*\}\}')


def _renderings(text: str) -> Iterator[str]:
    """`text` as the public and the staff site render its (allowed) template code, with every
    value and document link empty. When its only template code is `{{ dok("ID") }}` and
    `{{ enhet.key }}`, both sites render it alike: the text without them, made here without
    compiling it (~1 s of a 750-document validation); tests compare with Jinja's rendering."""
    if "\r" not in text:  # Jinja turns \r\n into \n
        plain = _PLAIN_CALL.sub("", text)
        if not _JINJA_OPEN.search(plain):
            yield plain
            return
    yield from _jinja_renderings(text)


def _jinja_renderings(text: str) -> Iterator[str]:
    """`_renderings` by Jinja's sandbox, for any template code."""
    from jinja2 import Undefined  # noqa: PLC0415
    from jinja2.sandbox import SandboxedEnvironment  # noqa: PLC0415

    env = SandboxedEnvironment(undefined=Undefined, keep_trailing_newline=True)
    try:
        template = env.from_string(text)
    except Exception:  # noqa: BLE001 - a syntax error is reported by the template check
        return
    unit = _AnyKey()
    for site, staff in (("publik", False), ("intern", True)):
        values = {"intern": staff, "webbplats": site, "enhet": unit}
        values.update(dok=_nothing, omradestabell=_nothing, jourlankar=_nothing)
        try:
            yield template.render(values)
        except Exception:  # noqa: BLE001, S112 - nothing to scan
            continue


def _nothing(*_args: object) -> str:
    return ""


class _AnyKey(dict):
    """`enhet` for a trial rendering: every key is an empty text."""

    def __getattr__(self, name: str) -> str:
        return ""

    def __missing__(self, key: str) -> str:
        return ""


def _scan_markup(text: str) -> Iterator[tuple[int, str]]:
    """Raw HTML elements, event attributes and dangerous URLs in `text`."""
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


def _scan_template_code(text: str, unit_keys: Container[str] | None) -> Iterator[tuple[int, str]]:
    """Template code other than the documented few, unknown `enhet` keys and unbalanced `if`s."""
    open_ifs: list[int] = []
    for start, kind, inner in _jinja_blocks(text):  # template code runs inside code blocks too
        if kind == "!":
            yield start, f"'{inner}' avslutas aldrig; skriv mallkoden hel eller ta bort den"
            continue
        if kind == "%":
            word = inner.strip().strip("-+").strip()
            stmt = _SIMPLE_STMT.match(word)
            if stmt is None:
                yield start, f"mallkoden '{{%{inner[:40]}%}}' är inte tillåten i dokument; {_ALLOWED}"
                if re.match(r"if\b", word):
                    open_ifs.append(start)  # its `endif` is then no second error
            elif stmt["open"] == "if":
                open_ifs.append(start)
            elif not open_ifs:
                yield start, f"'{{% {word} %}}' utan '{{% if … %}}' före"
            elif stmt["word"] == "endif":
                open_ifs.pop()
            continue
        simple = _SIMPLE_EXPR.match(inner)
        if not simple:
            yield start, f"malluttrycket '{{{{{inner[:40]}}}}}' är inte tillåtet i dokument; {_ALLOWED}"
        elif simple["key"] and unit_keys is not None and simple["key"] not in unit_keys:
            close = difflib.get_close_matches(simple["key"], list(unit_keys), n=1, cutoff=0.7)
            hint = f" Menade du 'enhet.{close[0]}'?" if close else ""
            yield start, f"'enhet.{simple['key']}' finns inte i kls.yml (under 'enhet').{hint}"
    for start in open_ifs:
        yield start, "'{% if … %}' utan '{% endif %}' efter"


def template_code_in_values(meta: dict[object, object]) -> list[str]:
    """Front matter keys whose text (or list of texts) holds template code: never run there."""

    def has_code(value: object, depth: int = 0) -> bool:
        if isinstance(value, str):
            return "{{" in value or "{%" in value or "{#" in value
        if depth > 20:
            return False
        if isinstance(value, dict):
            value = list(value.values())
        return isinstance(value, list) and any(has_code(item, depth + 1) for item in value)

    return [str(key) for key, value in meta.items() if has_code(value)]


def reserved_keys(meta: dict[object, object]) -> list[str]:
    """Front matter keys that would redefine the template code's names (`RESERVED_KEYS`)."""
    return [key for key in meta if isinstance(key, str) and key in RESERVED_KEYS]


# MkDocs' own front matter split (mkdocs.utils.meta.get_data): when it fails, MkDocs hands the
# whole file, front matter and YAML comments included, to mkdocs-macros as page text.
_MKDOCS_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)


_MKDOCS_META_LINE = re.compile(r"^[ ]{0,3}[A-Za-z0-9_-]+:")  # MultiMarkdown meta-data (get_data)


def mkdocs_front_matter_problem(text: str) -> str | None:
    """Why MkDocs would not read the front matter of `text` (decoded, LF line ends) as kls does,
    or None when it would (or when there is none)."""
    if not text.startswith("---\n"):
        # kls sees no front matter here; MkDocs must not see any either
        if _MKDOCS_FRONT_MATTER.match(text):
            return "första raden ska vara '---' ensamt, utan tecken efter"
        if _MKDOCS_META_LINE.match(text):
            return (
                "första raden ser ut som 'nyckel: värde', som MkDocs läser som sidans metadata; börja med "
                "front matter mellan två '---'-rader eller med en annan rad"
            )
        if not text.startswith("---"):
            return None
    match = _MKDOCS_FRONT_MATTER.match(text)
    if match is None:
        return "raden '---' som avslutar den ska stå ensam på sin rad (bara mellanslag efter) och följas av en radbrytning"
    try:
        data = yaml.load(match.group(1), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - a safe loader
    except Exception:  # noqa: BLE001 - as mkdocs.utils.meta.get_data: any failure means no front matter
        return (
            "den innehåller något som vanlig YAML inte kan läsa, till exempel ett datum som inte finns "
            "(2025-02-30) eller en tagg som !!timestamp"
        )
    return None if isinstance(data, dict) else "den är inte nycklar och värden"


def check_html_safety(corpus: Corpus, today: dt.date) -> Iterable[Problem]:
    """Raw HTML, URLs and template code that could run script on the sites, and front matter
    that would redefine the template code's names: errors with file:line."""
    unit_keys = set(corpus.config.unit)
    for doc in corpus.all:
        if not doc.readable:
            continue
        if doc.meta or doc.path.suffix == ".md":
            try:
                reason = mkdocs_front_matter_problem(frontmatter.decode(doc.path.read_bytes()))
            except (OSError, UnicodeDecodeError):
                reason = None  # reported by kls.validate.check_read
            if reason is not None:
                yield Problem(
                    doc.display,
                    1,
                    ERROR,
                    f"front matter kan inte läsas av MkDocs, som då skulle visa hela filen som text och köra "
                    f"mallkod i den: {reason}",
                )
                continue
        for key in template_code_in_values(doc.meta):
            yield Problem(
                doc.display,
                doc.line_of(key),
                ERROR,
                f"'{key}' innehåller mallkod ({{{{ }}}}, {{% %}} eller {{# #}}), som inte körs i front matter utan visas som den "
                "står, även på den publika webbplatsen; skriv texten utan mallkod",
            )
        for key in reserved_keys(doc.meta):
            yield Problem(
                doc.display,
                doc.line_of(key),
                ERROR,
                f"nyckeln '{key}' är reserverad för mallkoden och får inte stå i front matter",
            )
        if not doc.body or ("<" not in doc.body and ":" not in doc.body and "{" not in doc.body):
            continue
        lines = Lines.of(doc.body, doc.body_line)
        for offset, message in scan_body(doc.body, unit_keys):
            yield Problem(doc.display, lines.line(offset), ERROR, message)
