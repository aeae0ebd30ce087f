"""Scan Markdown source without rendering it: hide code, find raw HTML tags and links.

Used by the content checks (HTML safety, links to internal documents). Masking is
conservative: fenced code and code spans are hidden only where Python-Markdown would really
treat them as code, i.e. not inside an open raw HTML element (where a fence or backticks
are passed through as raw HTML). When in doubt the text stays visible to the checks.
Masked characters become spaces, so offsets and line numbers stay the same.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

_FENCE = re.compile(r"^[ \t]*(?P<fence>`{3,}|~{3,})")
# Python-Markdown's own code span pattern (markdown.inlinepatterns.BACKTICK_RE)
_BACKTICK = re.compile(r"(?:(?<!\\)((?:\\{2})+)(?=`+)|(?<!\\)(`+)(.+?)(?<!`)\2(?!`))")
_TAG_START = re.compile(r"<(/?)([A-Za-z][\w:-]*)")
_TAG_SPECIAL = re.compile(r"[>\"'=]")
_SPACES = re.compile(r"\s*")
_VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "param",
    "source",
    "track",
    "wbr",
}


def _blank(text: str) -> str:
    return "".join("\n" if c == "\n" else " " for c in text)


@dataclass(frozen=True)
class Tag:
    """A raw HTML tag in Markdown source: offset of `<`, lower-case name, and its attribute text."""

    start: int
    name: str
    close: bool
    attrs: str


def iter_tags(text: str) -> Iterator[Tag]:
    """Raw HTML tags in `text`, in one linear pass (no backtracking on hostile input).

    A tag runs to the first `>` outside a quoted attribute value; a quote opens only right
    after `=`. An unclosed tag runs to the end of the text, so nothing after it escapes the
    attribute checks (they see the whole rest as its attributes).
    """
    pos = 0
    size = len(text)
    while True:
        match = _TAG_START.search(text, pos)
        if match is None:
            return
        i = match.end()
        while True:
            special = _TAG_SPECIAL.search(text, i)
            if special is None:
                i = size
                break
            j = special.start()
            if special.group(0) == ">":
                i = j
                break
            if special.group(0) == "=":
                k = _SPACES.match(text, j + 1).end()  # type: ignore[union-attr]
                if k < size and text[k] in "\"'":
                    close = text.find(text[k], k + 1)
                    if close < 0:
                        i = size
                        break
                    i = close + 1
                    continue
                i = k
                continue
            i = j + 1  # a quote that does not follow '=' is an ordinary character
        yield Tag(match.start(), match[2].lower(), bool(match[1]), text[match.end() : i])
        pos = i + 1


def has_tag(text: str) -> bool:
    return _TAG_START.search(text) is not None


def _html_depth_change(line: str) -> int:
    change = 0
    for tag in iter_tags(line):
        if tag.name in _VOID or tag.attrs.rstrip().endswith("/"):
            continue
        change += -1 if tag.close else 1
    return change


def mask_code(text: str) -> str:
    """`text` with fenced code blocks and code spans replaced by spaces (same length)."""
    out: list[str] = []
    depth = 0  # unclosed raw HTML elements outside code
    fence: str | None = None
    for line in text.split("\n"):
        if fence is not None:
            stripped = line.strip()
            if stripped.startswith(fence[0] * len(fence)) and set(stripped) == {fence[0]}:
                fence = None
            out.append(_blank(line))
            continue
        opener = _FENCE.match(line)
        if opener and depth == 0:
            fence = opener["fence"]
            out.append(_blank(line))
            continue
        masked = _mask_spans(line) if depth == 0 and "`" in line else line
        if masked != line and has_tag(masked):
            masked = line  # a span next to raw HTML: keep it visible (could be inside the HTML)
        if "<" in masked:
            depth = max(0, depth + _html_depth_change(masked))
        out.append(masked)
    return "\n".join(out)


def _mask_spans(line: str) -> str:
    def repl(match: re.Match[str]) -> str:
        if match.group(2) is None:
            return match.group(0)
        return match.group(0)[: len(match.group(2))] + _blank(match.group(3)) + match.group(2)

    return _BACKTICK.sub(repl, line)


@dataclass(frozen=True)
class Lines:
    """Map offsets in a text to 1-based line numbers (plus a first-line offset)."""

    starts: list[int]
    first: int

    @classmethod
    def of(cls, text: str, first: int = 1) -> Lines:
        return cls([0, *(m.end() for m in re.finditer("\n", text))], first)

    def line(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset) - 1 + self.first


# [text](target "title"), ![alt](target), [ref]: target, <a href="target">, <img src="target">,
# https://host/path
_INLINE_LINK = re.compile(r"\]\(\s*(?P<target><[^<>\n]*>|(?:[^()\s]|\([^()\s]*\))+)")
_REF_DEF = re.compile(r"^[ ]{0,3}\[[^\]\n]+\]:\s*(?P<target><[^>\n]*>|\S+)", re.M)
_ATTR_URL = re.compile(r"""\b(?:href|src)\s*=\s*(?P<q>["']?)(?P<target>[^"'\s>]*)(?P=q)""", re.I)
# a web address anywhere in the text (autolinks `<https://…>`, bare addresses, addresses in text)
_BARE_URL = re.compile(r"""(?P<target>\bhttps?://[^\s<>"'`()\[\]]+)""", re.I)


def link_targets(masked: str) -> Iterator[tuple[int, str]]:
    """(offset, target) for every Markdown or HTML link/image target in masked source."""
    lower = masked.casefold()  # also folds what re.I matches: ſ (long s) for s, K (kelvin) for k
    for pattern in (_INLINE_LINK, _REF_DEF, _ATTR_URL, _BARE_URL):
        # The case-insensitive patterns try every position of the text; most documents contain
        # neither word they start with (a validation of 750 documents spent ~0.9 s here, issue 5).
        if pattern is _ATTR_URL and "href" not in lower and "src" not in lower:
            continue
        if pattern is _BARE_URL and "http" not in lower:
            continue
        for match in pattern.finditer(masked):
            target = match["target"].strip()
            if target.startswith("<") and target.endswith(">"):
                target = target[1:-1].strip()
            yield match.start("target"), target
