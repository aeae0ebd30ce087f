"""Find Swedish legal references in text, as people really write them.

Recognised, among others: `11 kap. 1 § SoL`, `11 kap 1§ socialtjänstlagen`, `14 kap. 1 § första
stycket SoL`, `2 a kap. 3 §`, `7 a § lagen (2001:454) om …`, `6 § LVU`, `4–6 §§ LVM`, `1 och 2 §§
LSS`, `26 kap. 1 § OSL`, `OSL 26:1`, `11:1 § SoL`, `§ 13 LVU`, `kap 11 § 1 Socialtjänstlagen`,
`Socialtjänstlag (2025:400)`, `SFS 2001:453`, `SOSFS 2011:9`, `6 kap. 1 § SOSFS 2011:9`,
`HSLF-FS 2023:27`, case law (`HFD 2011 ref. 49`, `RÅ 2007:86`, `JO 1998-12-18, dnr 3500-1998`),
preparatory works (`prop. 2024/25:89`, `SOU 2020:47`) and EU law (`artikel 6.1 e
dataskyddsförordningen`).

A provision written without a law takes the law named nearest before it in the same paragraph
("enligt 5 kap. 1 § samma lag", "… SoL. Av 2 § framgår …"); failing that, the nearest law earlier in
the document where that provision exists (marked `inferred`). Names shared by several laws (SoL,
socialtjänstlagen, FL, HSL …) are resolved by the date the document was approved; without a date
the reference stays ambiguous. Plain numbers, times, dates and diarienummer are never references:
a section needs a § sign, a chapter word or a law directly after it.

Pure functions over text; positions are offsets into the text given.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache

from kls.lagrum.registry import Law, Registry

ORDINALS = "första|andra|tredje|fjärde|femte|sjätte|sjunde|åttonde|nionde|tionde"
_NOT_LETTER = r"(?![a-zåäöA-ZÅÄÖ])"
# `\d\d{0,2}` is `\d{1,3}` (same matches, same backtracking order), but a pattern starting with it
# lets `re` skip to the next digit instead of trying the whole pattern at every position.
SEC = rf"\d\d{{0,2}}(?!\d)(?:\s?[a-z]{_NOT_LETTER})?"
SEP = r"\s*(?:,\s*(?:och\s+|samt\s+)?|[–—-]|\s(?:och|samt|eller)\s)\s*"
SECLIST = rf"{SEC}(?:{SEP}{SEC})*"
CH = rf"\d\d{{0,2}}(?!\d)(?:\s?[a-z]{_NOT_LETTER})?"
KAP = r"[kK][aA][pP](?:itlet|ITLET|\.|\b)"
_BEFORE = r"(?<![\w:/.,§-])"

# Patterns start with a digit, a literal or §, never with a look-behind (much faster in `re`);
# what may precede a match is checked in code (see _BEFORE_OK).
PROV = re.compile(rf"(?:(?P<ch>{CH})\s*{KAP}\s*)?(?P<secs>{SECLIST})\s*(?P<sign>§§?)")
INVERTED_CH = re.compile(rf"[Kk][Aa][Pp](?:itel|\.)?\s*(?P<ch>{CH})\s*§§?\s*(?P<secs>{SECLIST})(?![\d§])")
INVERTED = re.compile(rf"§§?\s*(?P<secs>{SECLIST})(?![\d§])")
STRIPPED_CH = re.compile(rf"(?P<ch>{CH})\s*{KAP}\s*(?P<secs>{SECLIST})(?!\s*§)(?![\d:])")
STRIPPED = re.compile(rf"(?:enligt|av|i|jfr|se)\s+(?P<secs>{SEC}(?:\s(?:och)\s{SEC})*)\s+(?=\S)")
STRIPPED_BEFORE = re.compile(rf"(?:enligt|av|i|jfr|se)\s+(?P<secs>{SEC}(?:\s(?:och)\s{SEC})*)(?:\s+\d{{1,2}})?\s+\Z")
# A chapter range ('3–5 kap.', '3 - 5 kap.': `ch` the first chapter, `last` the last) is read by the same
# pattern, only where no section follows: '3–5 kap. 2 §' is not meaningful and is read by PROV as
# before ('5 kap. 2 §'). The pattern still starts with a digit (see SEC), so `re` skips to digits.
CHAPTER_ONLY = re.compile(rf"(?P<ch>{CH})(?:\s*[–—-]\s*(?P<last>{CH}))?\s*{KAP}(?!\s*[\d§])")
_CHAPTER_LIST = re.compile(rf"(?:{CH}\s*,\s*)*{CH}\s(?:och|eller|samt)\s\Z")  # '3, 4 eller ' before '6 kap.'
COLON = re.compile(rf"(?P<ch>\d\d?(?:\s?[a-z]{_NOT_LETTER})?):(?P<secs>{SEC}(?:\s*[-–]\s*{SEC})?)(?![\d:])(?P<sign>\s*§§?)?")
TAIL = re.compile(
    rf"(?:\s*,?\s+(?i:{ORDINALS})\s+(?i:stycket|meningen))*(?:\s*(?:,\s*)?(?:punkt(?:en)?|p\.)\s*\d+)?(?:\s*(?i:{ORDINALS})\s+(?i:stycket))?"
)
PUNKT_NUMBERS = re.compile(r"\s+\d{1,2}(?:\s*(?:,|och)\s*\d{1,2})*(?=\s)")
CONNECTOR = re.compile(r"^\s*(?:,|;)?\s*(?:och|samt|eller|samt i|och i)?\s*(?:,)?\s*$")
ARTICLE = re.compile(
    r"(?:[Aa]rt(?:ikel|iklarna|ikla|\.)|ARTIKEL)\s*(?P<art>\d{1,2})(?:\.(?P<para>\d{1,2}))?(?:\s*(?P<letter>[a-z])(?![a-zåäö]))?"
    r"(?P<more>(?:\s*(?:,|och)\s*\d{1,2}(?:\.\d{1,2})?(?:\s*[a-z](?![a-zåäö]))?)*)"
)
CASE = re.compile(
    r"(?P<court>HFD|RÅ|NJA|MÖD|AD)\s*(?P<year>(?:19|20)\d{2})\s*(?:ref\.?\s*(?P<ref>\d{1,3})(?:\s+(?P<roman>IV|V|I{1,3})\b)?"
    r"|:(?P<colon>\d{1,3})(?![\d:])|s\.\s*(?P<page>\d{1,4}))"
)
JO = re.compile(
    r"JO(?::s)?\s*(?:(?P<date>\d{4}-\d{2}-\d{2})\s*,?\s*)?(?:(?i:dnr|diarienr\.?|diarienummer)\s*:?\s*)(?P<dnr>\d{1,5}\s*-\s*\d{4})"
)
PREP = re.compile(
    r"(?:[Pp]rop(?:\.|ositionen|osition)\s*(?P<prop>\d{4}/\d{2}\s*:\s*\d{1,4})|SOU\s*(?P<sou>\d{4}:\d{1,4})"
    r"|Ds\s*(?P<ds>\d{4}:\d{1,4})|[Dd]ir\.\s*(?P<dir>\d{4}:\d{1,4})|bet\.\s*(?P<bet>\d{4}/\d{2}:[A-ZÅÄÖa-zåäö]{1,4}\d{1,3})"
    r"|rskr\.\s*(?P<rskr>\d{4}/\d{2}:\d{1,4}))(?!\d)"
)
_LAW_GAP = re.compile(r"\s*(?:i\s+(?:den\s+)?)?")
_LAW_GAP_SHORT = re.compile(r"\s*(?:i\s+)?")
_PARAGRAPH_START = re.compile(r"^\s*(?:[-*+]\s|\d+[.)]\s|\||#|!!!|\?\?\?|>)")
_START_CHARS = frozenset("-*+|#!?>")  # first characters _PARAGRAPH_START can match (besides digits)
_LAW_WORD = r"(?i:[a-zåäö][\wåäö-]*?)?(?i:lagens|lagen|lag|balkens|balken|balk|förordningens|förordningen|förordning)"


@dataclass
class Mention:
    """A law named in the text: by number, name, abbreviation or 'samma lag'."""

    start: int
    end: int
    text: str
    kind: str  # statute, regulation, eu
    number: str | None  # explicit number as written, normalised ('2025:400', 'SOSFS 2011:9')
    law: Law | None
    how: str  # explicit, unique, date, qualifier, no-date, none, anaphora
    candidates: tuple[Law, ...] = ()
    alias: str | None = None
    anaphoric: bool = False
    compound: bool = False  # 'SoL-utredning', 'LVM-hem'
    short: bool = False  # two-letter abbreviations (FL, FB, KL) are never a reference on their own
    used: bool = False


@dataclass
class Reference:
    """One recognised legal reference."""

    start: int
    end: int
    text: str
    kind: str  # statute, regulation, case, preparatory, eu
    number: str | None  # '2001:453', 'SOSFS 2011:9', '(EU) 2016/679', 'HFD 2011 ref. 49', 'prop. 2024/25:89'
    law: Law | None = None
    chapter: str | None = None
    sections: list[str] = field(default_factory=list)
    how: str = "explicit"  # how the law was determined (see Mention.how), or 'context' / 'document'
    candidates: tuple[Law, ...] = ()
    law_text: str | None = None  # the law as named in the text (or the earlier mention it came from)
    source: str = "attached"  # attached, chain, paragraph (named earlier in it), document (earlier paragraph), none
    chapter_missing: bool = False  # section of a chaptered law cited without any chapter
    # ranges written backwards ('9–1 §§'): (as written, first, last); `sections` then holds both ends
    reversed_ranges: tuple[tuple[str, str, str], ...] = ()
    # A chapter range ('3–5 kap. SoL', only without sections): every chapter it covers, in order
    # (('3', '4', '5'); lettered chapters between the ends, '2 a kap.', are covered but not listed);
    # `chapter` is the first, so code that knows one chapter (links, the lagrum page) uses that.
    # Empty for a single chapter, also for equal ends ('4–4 kap.').
    chapters: tuple[str, ...] = ()
    # a chapter range written backwards ('5–3 kap.'): (as written, first, last); `chapters` then
    # holds both ends and `chapter` the first as written
    reversed_chapters: tuple[str, str, str] | None = None

    @property
    def whole_law(self) -> bool:
        return self.chapter is None and not self.sections

    @property
    def chapter_label(self) -> str | None:
        """The chapter as cited: '3–5' for a range ('5–3' for a reversed one), else `chapter`."""
        if self.reversed_chapters is not None:
            return self.reversed_chapters[1] + "–" + self.reversed_chapters[2]
        if self.chapters:
            return f"{self.chapters[0]}–{self.chapters[-1]}"
        return self.chapter

    @property
    def inferred(self) -> bool:
        """The law was taken from an earlier paragraph, not from this one."""
        return self.source == "document"

    @property
    def ambiguous(self) -> bool:
        return self.law is None and self.how == "no-date"


# --- the mention (law name) pattern, built once per registry ----------------------------------


def _trie(words: Iterable[str]) -> str:
    """A regex alternation factorised as a trie (much faster than a flat alternation)."""
    tree: dict = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict) -> str:
        if "" in node and len(node) == 1:
            return ""
        branches = []
        optional = False
        for char, child in sorted(node.items()):
            if char == "":
                optional = True
                continue
            piece = r"\s+" if char == " " else re.escape(char)
            branches.append(piece + emit(child))
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if optional:
            body = "(?:" + body + ")?"
        return body

    return emit(tree)


_QUAL_BEFORE = re.compile(r"(?:den\s+nya|nya|gamla|nuvarande|tidigare|\d{4}\s+års)\s+$")
_NUMBER_AFTER = re.compile(r"\s*\(\s*(\d{4}:\d{1,4})\s*\)")
_LAW_SUFFIX = ("lagens", "lagen", "lag", "balkens", "balken", "balk", "förordningens", "förordningen", "förordning")
_WORDCHAR = re.compile(r"[\wÅÄÖåäöéÉ]")


# Every kind of match `Parser.scan` looks for needs one of these literals in the text (see its
# patterns and _TRIGGERS): a §, a colon (SFS numbers, `26:1`), `kap`, a court, JO, a preparatory
# work, an article, `(EU)`; or a law's abbreviation. On the lower-cased text: a law's name or an
# anaphor (the 'ana' pattern's words). `kls.lagrum.links.might_cite` skips text without any.
_CITE_LITERALS = (
    *(k + a + p for k in "Kk" for a in "Aa" for p in "Pp"),
    *("§", ":", "HFD", "RÅ", "NJA", "MÖD", "AD", "JO", "rop", "SOU", "Ds", "ir.", "bet.", "rskr."),
    *("rtik", "rt.", "RTIKEL", "(EU)"),
)
_ANAPHORA = ("samma lag", "samma förordning", "den lagen", "den förordningen", "förordningens", "lagens", "samma föreskrifter")


def _any_of(words: Iterable[str]) -> re.Pattern[str]:
    """A pattern that finds any of `words` (spaces match any whitespace). Only for `search`: a word
    with another one as its prefix is left out, and the trie's branches all start with a literal,
    so `re` skips through the text with a first-character set instead of trying every position."""
    kept: list[str] = []
    for word in sorted(set(words)):
        if not word.startswith(tuple(kept)):
            kept.append(word)
    return re.compile(_trie(kept))


@lru_cache(maxsize=4)
def _mention_patterns(registry_id: int, abbreviations: tuple[str, ...], names: tuple[str, ...]) -> dict[str, re.Pattern[str]]:
    abbr = _trie(abbreviations)
    return {
        "desig": re.compile(r"(?P<dser>SOSFS|SOFS|HSLF-FS)\s*(?P<dnum>\d{4}:\d{1,4})(?!\d)(?:\s*\((?:M och S|S|M)\))?"),
        "sfs": re.compile(r"SFS\s*(?P<snum>\d{4}:\d{1,4})(?!\d)"),
        "paren": re.compile(
            rf"\(\s*(?:(?P<pabbr>{abbr})\s*,\s*(?P<pnum>\d{{4}}:\d{{1,4}})|(?P<pnum2>\d{{4}}:\d{{1,4}})\s*,\s*(?P<pabbr2>{abbr}))\s*\)"
        ),
        "number": re.compile(r"\(\s*(?P<wnum>\d{4}:\d{1,4})\s*\)"),
        "eu": re.compile(r"\(EU\)\s*(?:nr\s*)?(?P<eun>\d{4}/\d{1,4})"),
        "name": re.compile(_trie(sorted({n.lower() for n in names}))),  # run on lower-cased text
        # 'samma\s+lag|samma\s+förordning|…' as a trie: no two words match at the same place, so the
        # matches are the same, found faster
        "ana": re.compile(_trie(_ANAPHORA)),
        "abbr": re.compile(rf"(?P<abbr>{abbr})(?P<comp>-[\wÅÄÖåäö]+)?"),
        # the pre-filter (see _CITE_LITERALS): on the text, and on the lower-cased text
        "cite": _any_of((*_CITE_LITERALS, *abbreviations)),
        "cite_low": _any_of((*(n.lower() for n in names), *_ANAPHORA)),
    }


def _patterns(registry: Registry) -> dict[str, re.Pattern[str]]:
    return _mention_patterns(id(registry), tuple(registry.by_abbreviation), tuple(registry.by_name))


def _lower(text: str) -> str:
    low = text.lower()
    return low if len(low) == len(text) else "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


_WORD_RUN = re.compile(r"[\w-]*")
_WORD_LETTER = re.compile(r"[a-zåäöé]")  # a word starts with one of these


def _word_before(low: str, start: int, pos: int) -> tuple[int, int] | None:
    """(start, end) of the word ending `low[start:pos]` before trailing spaces: the same match
    as `re.compile(r"([a-zåäöé][\\wåäöé-]*)\\s*$").search(low, start, pos)`, without its
    quadratic backtracking. (`[\\w-]` is what `str.isalnum()` or '_-' accepts; the run of such
    characters at the end is matched on the reversed text, in C rather than a Python loop.)"""
    segment = low[start:pos].rstrip()
    run = _WORD_RUN.match(segment[::-1]).end()  # type: ignore[union-attr]  # always matches
    letter = _WORD_LETTER.search(segment, len(segment) - run) if run else None
    return (start + letter.start(), start + len(segment)) if letter else None


def _free_before(text: str, pos: int) -> bool:
    return pos == 0 or not _WORDCHAR.match(text, pos - 1)


def _free_after(text: str, pos: int) -> bool:
    return pos >= len(text) or not _WORDCHAR.match(text, pos)


_LETTER_SUFFIX = re.compile(r"^(\d+)\s?([a-z])$")
_SECTION_SPLIT = re.compile(r"\s*(,\s*(?:och\s+|samt\s+)?|\s(?:och|samt|eller)\s|[–—-])\s*")
_SECTION_JOINER = re.compile(r",\s*(?:och\s+|samt\s+)?|\s?(?:och|samt|eller)\s?")


@lru_cache(maxsize=2048)
def _label(value: str) -> str:
    return _LETTER_SUFFIX.sub(r"\1 \2", " ".join(value.split()))


def expand_sections(text: str) -> list[str]:
    """'4–6' → ['4','5','6']; '1 och 2' → ['1','2']; '24 a–24 g' → ['24 a', …, '24 g']; '7 a' → ['7 a']."""
    return list(_expand_sections(text)[0])


def reversed_ranges(text: str) -> list[tuple[str, str, str]]:
    """Ranges in a section list whose first end is after the last: '9–1' → [('9–1', '9', '1')]
    (as written, first, last). Equal ends ('9–9') are one section, not reversed."""
    return list(_expand_sections(text)[1])


@lru_cache(maxsize=4096)
def _expand_sections(text: str) -> tuple[tuple[str, ...], tuple[tuple[str, str, str], ...]]:
    """(sections, reversed ranges) of a section list; a reversed range keeps its two ends as written."""
    text = text.strip()
    parts = _SECTION_SPLIT.split(text)
    out: list[str] = []
    backwards: list[tuple[str, str, str]] = []
    pending_range = False
    previous = dash = ""
    for part in parts:
        if part is None or not part.strip():
            continue
        if part.strip() in ("–", "—", "-"):
            pending_range, dash = True, part.strip()
            continue
        if _SECTION_JOINER.fullmatch(part):
            continue
        value = _label(part)
        if pending_range and out:
            first = out.pop()
            expanded = _range(first, value)
            if expanded is None:
                backwards.append((_as_written(text, previous, dash, part), first, value))
                expanded = [first, value]
            out.extend(expanded)
        else:
            out.append(value)
        pending_range, previous = False, part
    return tuple(dict.fromkeys(out)), tuple(backwards)


def _as_written(text: str, first: str, dash: str, last: str) -> str:
    """'9 - 1' as it stands in `text` (spaces around the dash kept), for a message (rare: only
    for reversed ranges)."""
    pattern = rf"(?<!\w){re.escape(first)}\s*{re.escape(dash)}\s*{re.escape(last)}(?!\w)"
    match = re.search(pattern, text)
    return " ".join((match.group(0) if match else f"{first}{dash}{last}").split())


def _range(first: str, last: str) -> list[str] | None:
    """The sections from `first` to `last`, or None when `first` comes after `last` ('9–1')."""
    a, b = re.match(r"(\d+)\s?([a-z]?)", first), re.match(r"(\d+)\s?([a-z]?)", last)
    if not a or not b:
        return [first, last]
    if (int(a[1]), a[2]) > (int(b[1]), b[2]):
        return None
    if not a[2] and not b[2] and int(a[1]) < int(b[1]) <= int(a[1]) + 60:
        return [str(n) for n in range(int(a[1]), int(b[1]) + 1)]
    if a[1] == b[1] and a[2] and b[2] and a[2] < b[2]:
        return [f"{a[1]} {chr(c)}" for c in range(ord(a[2]), ord(b[2]) + 1)]
    return [first, last]


def _chapter_range(text: str, first: str, last: str) -> tuple[tuple[str, ...], tuple[str, str, str] | None]:
    """(chapters, reversed) of a chapter range ('3–5 kap.' → (('3', '4', '5'), None)), by the rules
    of section ranges (_range); reversed ('5–3') → (('5', '3'), ('5–3', '5', '3')), as written in
    `text` (the match, which starts with it); equal ends ('4–4') → ((), None): one chapter."""
    first, last = _label(first), _label(last)
    expanded = _range(first, last)
    if expanded is None:
        dash = next((c for c in text if c in "–—-"), "–")  # the range's dash: the match starts with the range
        return (first, last), (_as_written(text, first, dash, last), first, last)
    chapters = tuple(dict.fromkeys(expanded))
    return (chapters if len(chapters) > 1 else ()), None


_MERGE_GAP = re.compile(r"\s*(?:,|\()?\s*(?:förkortad\s+|nedan\s+|nedan\s+kallad\s+)?")
_CLOSE_PAREN = re.compile(r"\s*\)")


@lru_cache(maxsize=512)
def _title_tail(title: str) -> re.Pattern[str] | None:
    """A pattern for the words of a title after its number ('om behandling av …'), or None."""
    tail = re.sub(r"^.*?\(\d{4}:\d+\)\s*", "", title)
    if not tail or tail == title:
        return None
    words = ["(?:-\\s*)?".join(re.escape(c) for c in w) for w in tail.split()]
    return re.compile(r"\s+" + r"\s+".join(words), re.I)


# --- paragraphs -------------------------------------------------------------------------------------


_CELL = re.compile(r"[^|\n]+")


def _lead(line: str) -> str:
    """The first character of `line` that is not a space, or '' (without copying most lines)."""
    first = line[:1]
    return line.lstrip()[:1] if first.isspace() else first


def paragraphs(text: str) -> list[tuple[int, str]]:
    """(offset, text) of each paragraph: blank lines, list items, table rows and headings split."""
    blocks: list[tuple[int, str]] = []
    start: int | None = None
    pos = 0
    for line in text.splitlines(keepends=True):
        lead = _lead(line)
        blank = not lead
        if blank or ((lead in _START_CHARS or lead.isdecimal()) and _PARAGRAPH_START.match(line)):
            if start is not None:
                blocks.append((start, text[start:pos]))
            start = None if blank else pos
        elif start is None:
            start = pos
        pos += len(line)
    if start is not None:
        blocks.append((start, text[start:pos]))
    out: list[tuple[int, str]] = []
    for offset, block in blocks:
        if _lead(block) == "|":  # a table row: each cell is its own paragraph
            for cell in _CELL.finditer(block):
                if cell.group(0).strip():
                    out.append((offset + cell.start(), cell.group(0)))
        else:
            out.append((offset, block))
    return out


# --- the parser -------------------------------------------------------------------------------------


_SORTED_KEYS = ("stripped",)


class _Shifted:
    """A regex match found in the whole text, seen from inside one paragraph."""

    __slots__ = ("_m", "_d")

    def __init__(self, match: re.Match[str], delta: int) -> None:
        self._m, self._d = match, delta

    def start(self, group: int | str = 0) -> int:
        return self._m.start(group) - self._d

    def end(self, group: int | str = 0) -> int:
        return self._m.end(group) - self._d

    def group(self, group: int | str = 0) -> str:
        return self._m.group(group)

    def __getitem__(self, group: int | str) -> str | None:
        return self._m[group]

    def groupdict(self) -> dict[str, str | None]:
        return self._m.groupdict()


_SCANS = {
    "case": CASE,
    "jo": JO,
    "prep": PREP,
    "inverted_ch": INVERTED_CH,
    "inverted": INVERTED,
    "prov": PROV,
    "colon": COLON,
    "stripped_ch": STRIPPED_CH,
    "stripped": STRIPPED,
    "chapter_only": CHAPTER_ONLY,
    "article": ARTICLE,
}


_FORBIDDEN_NUMBER = re.compile(r"[\w:/.,§-]")
_BEFORE_FORBIDDEN = {
    "prov": _FORBIDDEN_NUMBER,
    "stripped_ch": _FORBIDDEN_NUMBER,
    "chapter_only": _FORBIDDEN_NUMBER,
    "colon": _FORBIDDEN_NUMBER,
    "stripped": _WORDCHAR,
    "article": _WORDCHAR,
    "case": _WORDCHAR,
    "jo": _WORDCHAR,
    "prep": _WORDCHAR,
    "inverted_ch": _WORDCHAR,
}
_CHAPTER_BEFORE = re.compile(r"\d\s?\Z|\d\s[a-z]\s\Z")


def _chapter_before(text: str, pos: int) -> bool:
    """A chapter number ends right before `pos` ('11 kap 1 §' is not an inverted 'kap 1 §')."""
    return _CHAPTER_BEFORE.search(text, max(0, pos - 4), pos) is not None


_TRIGGERS = {
    "case": ("HFD", "RÅ", "NJA", "MÖD", "AD"),
    "jo": ("JO",),
    "prep": ("rop", "SOU", "Ds", "ir.", "bet.", "rskr."),
    "article": ("rtik", "rt.", "RTIKEL"),
    "inverted": ("§",),
}


_RARE_TRIGGERS = _any_of(t for key in ("case", "jo", "prep", "article") for t in _TRIGGERS[key])


def _contains_any(text: str, literals: tuple[str, ...]) -> bool:
    return any(map(text.__contains__, literals))


def _find_all(text: str, literal: str) -> list[int]:
    """Start of every occurrence of `literal` in `text` (overlapping ones too)."""
    out: list[int] = []
    pos = text.find(literal)
    while pos != -1:
        out.append(pos)
        pos = text.find(literal, pos + 1)
    return out


def _matches(key: str, text: str, windows: Iterable[tuple[int, int]]) -> list[re.Match[str]]:
    """Matches of the pattern for `key` in each (start, end) window of `text`, except those right
    after a character _BEFORE_FORBIDDEN says may not come before it."""
    pattern, forbidden = _SCANS[key], _BEFORE_FORBIDDEN.get(key)
    found = [m for start, end in windows for m in pattern.finditer(text, start, end)]
    if forbidden is None or not found:
        return found
    return [m for m in found if not (m.start() and forbidden.match(text, m.start() - 1))]


def _windows(text: str, positions: list[int], before: int, after: int) -> list[tuple[int, int]]:
    """Merged (start, end) windows around `positions`, widened to whole words at the start."""
    out: list[tuple[int, int]] = []
    for pos in positions:
        start = max(0, pos - before)
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        end = min(len(text), pos + after)
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


class Parser:
    """Parses one document paragraph by paragraph, remembering laws named earlier."""

    def __init__(
        self, registry: Registry, on: dt.date | None = None, context: Iterable[Law] = (), context_refs: Iterable[Reference] = ()
    ) -> None:
        self.registry = registry
        self.on = on
        self.patterns = _patterns(registry)
        self.history: list[Mention] = []  # laws named in earlier paragraphs, in order
        self.context = list(context)  # laws from outside the text (front matter), a last resort
        self.context_refs = [r for r in context_refs if r.law is not None and r.sections]
        self._aliases: dict[tuple[str, str | None], tuple[str, Law | None, str, tuple[Law, ...]] | None] = {}

    def scan(self, text: str) -> dict[str, list]:
        """Every regex match in `text`, by kind (one pass per pattern over the whole text).

        A pattern only runs where it can match: those starting at 'kap' in windows around each
        'kap', COLON around each colon, PROV before each § (see _scan_prov), the others only when
        one of their trigger literals is in the text."""
        low = _lower(text)
        whole = ((0, len(text)),)
        kap = _windows(text, _find_all(low, "kap"), 12, 90)
        colon = _windows(text, _find_all(text, ":"), 6, 24)
        rare = _RARE_TRIGGERS.search(text) is not None  # case, jo, prep and article need one of these
        found: dict[str, list] = {
            "prov": self._scan_prov(text),
            "case": _matches("case", text, whole) if rare and _contains_any(text, _TRIGGERS["case"]) else [],
            "jo": _matches("jo", text, whole) if rare and "JO" in text else [],
            "prep": _matches("prep", text, whole) if rare and _contains_any(text, _TRIGGERS["prep"]) else [],
            "inverted_ch": [m for m in _matches("inverted_ch", text, kap) if not _chapter_before(text, m.start())],
            "inverted": _matches("inverted", text, whole) if "§" in text else [],
            "colon": _matches("colon", text, colon),
            "stripped_ch": _matches("stripped_ch", text, kap),
            "stripped": [],  # found from the mentions below: '6 LVU', '3 lagen (1990:52)'
            "chapter_only": _matches("chapter_only", text, kap),
            "article": _matches("article", text, whole) if rare and _contains_any(text, _TRIGGERS["article"]) else [],
        }
        found["mentions"] = self.raw_mentions(text, low)
        for mention in found["mentions"]:
            start = mention.start
            if not (start and text[start - 1].isspace()):
                continue  # STRIPPED_BEFORE ends in `\s+\Z`
            m = STRIPPED_BEFORE.search(text, max(0, start - 40), start)
            if m and (m.start() == 0 or not _WORDCHAR.match(text, m.start() - 1)):
                found["stripped"].append(m)
        return found

    @staticmethod
    def _scan_prov(text: str) -> list[re.Match[str]]:
        """PROV matches, searched only in a short window before each § (the pattern is costly)."""
        out: list[re.Match[str]] = []
        done = 0
        pos = text.find("§")
        while pos != -1:
            start = max(done, pos - 80)
            while start > done and not text[start - 1].isspace():
                start -= 1
            for m in PROV.finditer(text, start, min(len(text), pos + 2)):
                if m.end() > done and (m.start() == 0 or not _FORBIDDEN_NUMBER.match(text[m.start() - 1])):
                    out.append(m)
                    done = m.end()
            done = max(done, pos + 1)
            pos = text.find("§", done)
        return out

    def raw_mentions(self, text: str, low: str | None = None) -> list[Mention]:
        """Law mentions in `text` (positions relative to it), the longest where they overlap.
        `low` is `_lower(text)` when the caller has it already."""
        pats = self.patterns
        reg = self.registry
        if low is None:
            low = _lower(text)
        out: list[Mention] = []
        # The `in` tests skip patterns whose literals are not in the text (cheaper than a `re` pass).
        for m in pats["desig"].finditer(text) if "FS" in text else ():  # SOSFS, SOFS, HSLF-FS
            if _free_before(text, m.start()):
                number = f"{'SOSFS' if m['dser'] == 'SOFS' else m['dser']} {m['dnum']}"
                out.append(Mention(m.start(), m.end(), m.group(0), "regulation", number, reg.law(number), "explicit"))
        for m in pats["sfs"].finditer(text) if "SFS" in text else ():
            if _free_before(text, m.start()):
                out.append(Mention(m.start(), m.end(), m.group(0), "statute", m["snum"], reg.law(m["snum"]), "explicit"))
        paren = "(" in text  # 'paren', 'number' and 'eu' all start with one
        for m in pats["paren"].finditer(text) if paren else ():
            number = m["pnum"] or m["pnum2"]
            alias = m["pabbr"] or m["pabbr2"]
            out.append(Mention(m.start(), m.end(), m.group(0), "statute", number, reg.law(number), "explicit", alias=alias))
        for m in pats["number"].finditer(text) if paren else ():
            word = _word_before(low, max(0, m.start() - 60), m.start())
            if word and low[word[0] : word[1]].endswith(_LAW_SUFFIX):
                start = word[0]
                law = reg.law(m["wnum"])
                kind = law.kind if law else "statute"
                alias = text[start : word[1]]
                out.append(Mention(start, m.end(), text[start : m.end()], kind, m["wnum"], law, "explicit", alias=alias))
        for m in pats["eu"].finditer(text) if paren else ():
            start = m.start()
            before = re.search(r"förordning\s*$", low[max(0, start - 14) : start])
            if before:
                start -= len(before.group(0))
            number = f"(EU) {m['eun']}"
            out.append(Mention(start, m.end(), text[start : m.end()], "eu", number, reg.law(number), "explicit"))
        for m in pats["name"].finditer(low):
            if not (_free_before(low, m.start()) and _free_after(low, m.end())):
                continue
            start, end = m.start(), m.end()
            qual = _QUAL_BEFORE.search(low[max(0, start - 25) : start])
            qstart = start - len(qual.group(0)) if qual else start
            number = _NUMBER_AFTER.match(text, end)
            if number:
                law = reg.law(number.group(1))
                kind = law.kind if law else "statute"
                end = number.end()
                alias = text[start : m.end()]
                out.append(Mention(qstart, end, text[qstart:end], kind, number.group(1), law, "explicit", alias=alias))
                continue
            mention = self._by_alias(qstart, end, text[qstart:end], text[start:end], qual.group(0) if qual else None)
            if mention is not None:
                word = low[start:end]
                if " " not in word and word.endswith(("lag", "balk", "förordning")) and not (qual and "års" in qual.group(0)):
                    mention.short = True  # 'en ny socialtjänstlag': a kind of law, not a reference by itself
                out.append(mention)
        for m in pats["ana"].finditer(low):
            if _free_before(low, m.start()) and _free_after(low, m.end()):
                out.append(
                    Mention(m.start(), m.end(), text[m.start() : m.end()], "statute", None, None, "anaphora", anaphoric=True)
                )
        for m in pats["abbr"].finditer(text):
            if not (_free_before(text, m.start()) and text[m.start() - 1 : m.start()] != "-" and _free_after(text, m.end())):
                continue
            qual = _QUAL_BEFORE.search(low[max(0, m.start() - 25) : m.start()])
            qstart = m.start() - len(qual.group(0)) if qual else m.start()
            mention = self._by_alias(
                qstart, m.end("abbr"), text[qstart : m.end("abbr")], m["abbr"], qual.group(0) if qual else None
            )
            if mention is None:
                continue
            mention.compound = bool(m["comp"])
            mention.short = len(m["abbr"]) <= 2
            out.append(mention)
        out.sort(key=lambda mn: (mn.start, -mn.end))
        kept: list[Mention] = []
        last_end = -1
        for mention in out:
            if mention.start >= last_end:
                kept.append(mention)
                last_end = mention.end
        return kept

    # -- mentions --
    def mentions(self, text: str, offset: int, raw: list[Mention] | None = None) -> list[Mention]:
        """Mentions in one paragraph with positions in the whole text, names joined to numbers."""
        if raw is None:
            raw = self.raw_mentions(text)
            for mention in raw:
                mention.start += offset
                mention.end += offset
        return self._merge(raw, text, offset)

    def _by_alias(self, start: int, end: int, raw: str, alias: str, qualifier: str | None) -> Mention | None:
        key = (alias, qualifier)
        if key not in self._aliases:  # a page names the same few laws again and again
            candidates = self.registry.candidates(alias)
            if candidates:
                qual = re.sub(r"\s+", " ", qualifier.strip()) if qualifier else None
                law, how = self.registry.resolve(candidates, self.on, qual)
                self._aliases[key] = (candidates[0].kind, law, how, tuple(candidates))
            else:
                self._aliases[key] = None
        resolved = self._aliases[key]
        if resolved is None:
            return None
        kind, law, how, candidates = resolved
        return Mention(start, end, raw, kind, law.number if law else None, law, how, candidates, alias=alias)

    def _merge(self, found: list[Mention], text: str, offset: int) -> list[Mention]:
        """Join a name and its number or abbreviation: 'socialtjänstlagen (2001:453), SoL',
        'lagen (1990:52) med särskilda bestämmelser om vård av unga (LVU)'."""
        merged: list[Mention] = []
        for mention in found:
            if mention.law is not None and mention.how == "explicit":
                self._extend_title(mention, text, offset)
            prev = merged[-1] if merged else None
            if prev is not None and not prev.anaphoric and not mention.anaphoric:
                gap = text[prev.end - offset : mention.start - offset]
                if _MERGE_GAP.fullmatch(gap) and _compatible(prev, mention):
                    keep = prev if prev.how == "explicit" or mention.how != "explicit" else mention
                    end = mention.end
                    close = _CLOSE_PAREN.match(text, end - offset)
                    if "(" in gap and close:
                        end = close.end() + offset
                    merged[-1] = replace(
                        keep,
                        start=prev.start,
                        end=end,
                        text=text[prev.start - offset : end - offset],
                        compound=False,
                        short=False,
                    )
                    continue
            merged.append(mention)
        return merged

    @staticmethod
    def _extend_title(mention: Mention, text: str, offset: int) -> None:
        """Extend 'lagen (2001:454)' over ' om behandling av personuppgifter inom socialtjänsten'."""
        assert mention.law is not None
        pattern = _title_tail(mention.law.title)
        if pattern is None:
            return
        match = pattern.match(text, mention.end - offset)
        if match:
            mention.end = match.end() + offset
            mention.text = text[mention.start - offset : mention.end - offset]

    # -- paragraphs --
    def paragraph(self, text: str, offset: int = 0, found: dict[str, list] | None = None) -> list[Reference]:
        """References in one paragraph (`offset` = its position in the whole text)."""
        if found is None:
            found = self.scan(text)
            for mention in found["mentions"]:
                mention.start += offset
                mention.end += offset
        self._found = found
        mentions = self.mentions(text, offset, found["mentions"])
        refs: list[Reference] = []
        taken: list[tuple[int, int]] = []

        def free(a: int, b: int) -> bool:
            return all(b <= s or a >= e for s, e in taken)

        for m in self._found["case"]:
            number = _case_designation(m)
            refs.append(Reference(m.start() + offset, m.end() + offset, m.group(0), "case", number))
            taken.append((m.start() + offset, m.end() + offset))
        for m in self._found["jo"]:
            if free(m.start() + offset, m.end() + offset):
                dnr = re.sub(r"\s+", "", m["dnr"])
                number = f"JO {m['date']}, dnr {dnr}" if m["date"] else f"JO dnr {dnr}"
                refs.append(Reference(m.start() + offset, m.end() + offset, m.group(0), "case", number))
                taken.append((m.start() + offset, m.end() + offset))
        for m in self._found["prep"]:
            if free(m.start() + offset, m.end() + offset):
                refs.append(Reference(m.start() + offset, m.end() + offset, m.group(0), "preparatory", _prep_designation(m)))
                taken.append((m.start() + offset, m.end() + offset))
        if taken:
            mentions = [mn for mn in mentions if free(mn.start, mn.end)]
        else:  # no case law or preparatory work (the common case): every span is free
            free = _free_anywhere
        groups = self._groups(text, offset, mentions, free)
        refs += self._resolve_groups(groups, mentions, text, offset)
        refs += self._articles(text, offset, mentions, free, groups)
        for mention in mentions:
            if mention.used or mention.anaphoric or mention.compound or mention.short:
                continue
            if not free(mention.start, mention.end):
                continue
            refs.append(self._whole_law(mention))
        self.history.extend(m for m in mentions if not m.anaphoric)
        refs.sort(key=lambda r: r.start)
        return refs

    def parse(self, text: str) -> list[Reference]:
        """All references in a text, paragraph by paragraph."""
        import bisect

        blocks = paragraphs(text)
        starts = [offset for offset, _block in blocks]
        buckets: dict[int, dict[str, list]] = {}
        for key, matches in self.scan(text).items():
            for m in matches:
                start, end = (m.start, m.end) if key == "mentions" else (m.start(), m.end())
                index = bisect.bisect_right(starts, start) - 1
                if index < 0:
                    continue
                offset, block = blocks[index]
                if end <= offset + len(block):
                    bucket = buckets.get(index)
                    if bucket is None:
                        bucket = buckets[index] = {k: [] for k in (*_SCANS, "mentions")}
                    bucket[key].append(m if key == "mentions" else _Shifted(m, offset))
        refs: list[Reference] = []
        for index in sorted(buckets):  # paragraphs without any match have no references
            offset, block = blocks[index]
            found = buckets[index]
            for key in _SORTED_KEYS:
                found[key].sort(key=lambda m: m.start())
            refs += self.paragraph(block, offset, found)
        return refs

    # -- provisions --
    def _groups(self, text: str, offset: int, mentions: list[Mention], free) -> list[dict]:  # noqa: ANN001
        """Provision groups ('11 kap. 1 och 2 §§ SoL') with the law written right after or before."""
        starts = {mn.start - offset: mn for mn in mentions}
        groups: list[dict] = []
        occupied: list[tuple[int, int]] = []

        def add(start: int, end: int, chapter: str | None, secs: str | None, require: str, first: str | None = None) -> None:
            """`first`: the first chapter of a chapter range ending at `chapter` ('3' of '3–5 kap.')."""
            if not free(start + offset, end + offset) or (occupied and any(not (end <= s or start >= e) for s, e in occupied)):
                return
            tail = TAIL.match(text, end)
            cursor = tail.end() if tail else end
            after = self._law_at(text, cursor, starts)
            if after is None:
                punkt = PUNKT_NUMBERS.match(text, cursor)
                if punkt:
                    after = self._law_at(text, punkt.end(), starts)
            before = None if after is not None else self._law_before(text, start, offset, mentions)
            if require == "after" and after is None:
                return
            if require == "after_or_before" and after is None and before is None:
                return
            group_end = (after.end - offset) if after is not None else cursor
            group_start = (before.start - offset) if before is not None else start
            if occupied and any(not (group_end <= s or group_start >= e) for s, e in occupied):
                return
            sections, backwards = _expand_sections(secs) if secs else ((), ())
            chapters, backwards_chapters = _chapter_range(text[start:end], first, chapter) if first else ((), None)
            if chapters:
                chapter = chapters[0]
            groups.append(
                {
                    "start": start,
                    "end": group_end,
                    "text_start": group_start,
                    "chapter": _label(chapter) if chapter else None,
                    "sections": list(sections),
                    "reversed": backwards,
                    "chapters": chapters,
                    "reversed_chapters": backwards_chapters,
                    "law": after,
                    "before": before,
                }
            )
            occupied.append((group_start, group_end))

        for m in self._found["inverted_ch"]:
            add(m.start(), m.end(), m["ch"], m["secs"], "after")
        for m in self._found["prov"]:
            add(m.start(), m.end(), m["ch"], m["secs"], "none")
        for m in self._found["inverted"]:
            add(m.start(), m.end(), None, m["secs"], "after")
        for m in self._found["colon"]:
            add(m.start(), m.end(), m["ch"], m["secs"], "none" if m["sign"] else "after_or_before")
        for m in self._found["stripped_ch"]:
            add(m.start(), m.end(), m["ch"], m["secs"], "after_or_before")
        for m in self._found["stripped"]:
            add(m.start("secs"), m.end("secs"), None, m["secs"], "after")
        for m in self._found["chapter_only"]:
            count = len(groups)
            if m["last"] is None:
                add(m.start(), m.end(), m["ch"], None, "after")
            else:  # a chapter range: the group's chapter is its first ('3' of '3–5 kap.')
                add(m.start(), m.end(), m["last"], None, "after", m["ch"])
            listed = _CHAPTER_LIST.search(text, max(0, m.start() - 40), m.start()) if len(groups) > count else None
            if listed and (listed.start() == 0 or not _FORBIDDEN_NUMBER.match(text[listed.start() - 1])):
                # '3, 4 eller 6 kap. brottsbalken': the earlier chapters take the law by the chain rule
                for number in re.finditer(CH, listed.group(0)):
                    add(listed.start() + number.start(), listed.start() + number.end(), number.group(0), None, "none")
        groups.sort(key=lambda g: g["start"])
        return groups

    def _law_at(self, text: str, pos: int, starts: dict[int, Mention]) -> Mention | None:
        """A law named right at `pos` (after optional spaces and 'i'), e.g. ' SoL', ' i lagen (…)'."""
        match = _LAW_GAP.match(text, pos)
        mention = starts.get(match.end() if match else pos)
        if mention is None:  # 'i den nya socialtjänstlagen': the qualifier ('den nya') is part of the mention
            match = _LAW_GAP_SHORT.match(text, pos)
            mention = starts.get(match.end() if match else pos)
        if mention is not None and not mention.compound:
            return mention
        return None

    @staticmethod
    def _law_before(text: str, pos: int, offset: int, mentions: list[Mention]) -> Mention | None:
        """A law named directly before `pos` ('SoL 4 kap. 1 §', 'förordningens 6, 7 och 8 §§')."""
        for mention in reversed(mentions):
            if mention.end - offset <= pos:
                if not mention.compound and not text[mention.end - offset : pos].strip():
                    return mention
                return None
        return None

    def _resolve_groups(self, groups: list[dict], mentions: list[Mention], text: str, offset: int) -> list[Reference]:
        # Chains ('14 kap. 2–7 §§ och 7 kap. 6 § SoL'): a group without a law takes the chain's law.
        for i in range(len(groups) - 2, -1, -1):
            group, nxt = groups[i], groups[i + 1]
            if group["law"] is None and group["before"] is None and CONNECTOR.match(text[group["end"] : nxt["text_start"]]):
                chain = nxt["law"] or nxt.get("chain")
                law = chain.law if chain is not None else None
                if law is not None and law.kind != "eu" and group["chapter"] is not None and not law.chaptered:
                    continue  # '22 kap. 14 § och 13 c § LVU': LVU has no chapters, so not LVU's
                group["chain"] = chain
                group["chained_next"] = True
        refs: list[Reference] = []
        last_chapter: dict[str, str] = {}
        previous: dict | None = None
        for group in groups:
            source = "attached"
            mention = group["law"] or group.get("chain") or group["before"]
            if group["law"] is None and group.get("chain") is not None:
                source = "chain"
            if mention is None:
                mention, source = self._nearest(group["start"] + offset, mentions), "paragraph"
            if mention is not None and mention.anaphoric:
                mention, source = self._antecedent(mention, mentions), "paragraph"
            for used in (group["law"], group.get("chain"), group["before"]):
                if used is not None:
                    used.used = True
            if mention is None:
                mention, source = self._from_document(group), "document"
            law = mention.law if mention is not None else None
            how = mention.how if mention is not None else "none"
            if law is None and mention is not None and how == "no-date" and mention.candidates:
                law, how = _by_structure(mention.candidates, group["chapter"], how)
            chapter = group["chapter"]
            if chapter is None and group["sections"] and law is not None and law.chaptered:
                chained = previous is not None and previous.get("chained_next") and previous.get("law_id") == law.id
                if chained and previous.get("chapter_out"):
                    chapter = previous["chapter_out"]
                elif law.id in last_chapter:
                    chapter = last_chapter[law.id]
            if law is not None and chapter is not None:
                if group["chapters"]:  # a later section's chapter cannot be known from a range ('3–5 kap.')
                    last_chapter.pop(law.id, None)
                else:
                    last_chapter[law.id] = chapter
            group["law_id"], group["chapter_out"] = (law.id if law else None), (None if group["chapters"] else chapter)
            previous = group
            refs.append(
                Reference(
                    start=group["text_start"] + offset,
                    end=group["end"] + offset,
                    text=text[group["text_start"] : group["end"]],
                    kind=mention.kind if mention is not None else "statute",
                    number=law.number if law else (mention.number if mention is not None else None),
                    law=law,
                    chapter=chapter,
                    sections=group["sections"],
                    how=how,
                    candidates=mention.candidates if mention is not None else (),
                    law_text=mention.text if mention is not None else None,
                    source=source if mention is not None else "none",
                    chapter_missing=bool(chapter is None and group["sections"] and law is not None and law.chaptered),
                    reversed_ranges=group["reversed"],
                    chapters=group["chapters"],
                    reversed_chapters=group["reversed_chapters"],
                )
            )
        return refs

    def _nearest(self, pos: int, mentions: list[Mention]) -> Mention | None:
        before = [m for m in mentions if m.end <= pos and m.kind != "eu"]
        return before[-1] if before else None

    def _antecedent(self, anaphor: Mention, mentions: list[Mention]) -> Mention | None:
        before = [m for m in mentions if m.end <= anaphor.start and not m.anaphoric and m.kind != "eu"]
        if before:
            return before[-1]
        earlier = [m for m in self.history if m.kind != "eu"]
        return earlier[-1] if earlier else None

    def _from_document(self, group: dict) -> Mention | None:
        """The law meant by a provision with no law in its paragraph: a `lagrum` entry naming
        exactly this provision, else the law cited most often earlier in the document (or in
        `lagrum`) that has the provision, else the most cited law at all. Marked as inferred."""
        chapter, sections = group["chapter"], group["sections"]
        for ref in self.context_refs:
            if ref.law is not None and ref.chapter == chapter and set(sections) & set(ref.sections):
                return Mention(0, 0, ref.text, ref.law.kind, ref.law.number, ref.law, "explicit")
        counts: dict[str, int] = {}
        laws: dict[str, Law] = {}
        for mention in self.history:
            if mention.kind != "eu" and mention.law is not None:
                counts[mention.law.id] = counts.get(mention.law.id, 0) + 1
                laws[mention.law.id] = mention.law
        for law in self.context:
            counts[law.id] = counts.get(law.id, 0) + 1
            laws[law.id] = law
        if not counts:
            return None
        ranked = sorted(counts, key=lambda key: -counts[key])

        def fits(law: Law) -> bool:
            if sections:
                if chapter is None and law.chaptered:
                    return False
                return all(law.has_section(chapter, s) for s in sections)
            return chapter is not None and bool(law.has_chapter(chapter))

        chosen = next((laws[key] for key in ranked if fits(laws[key])), laws[ranked[0]])
        return Mention(0, 0, chosen.number, chosen.kind, chosen.number, chosen, "explicit")

    def _articles(self, text: str, offset: int, mentions: list[Mention], free, groups: list[dict]) -> list[Reference]:  # noqa: ANN001
        refs: list[Reference] = []
        if not self._found["article"]:
            return refs
        starts = {mn.start - offset: mn for mn in mentions}
        for m in self._found["article"]:
            if not free(m.start() + offset, m.end() + offset):
                continue
            mention = self._law_at(text, m.end(), starts)
            if mention is None:
                before = [mn for mn in mentions if mn.end - offset <= m.start() and mn.kind == "eu"]
                mention = before[-1] if before else None
                end = m.end()
            else:
                mention.used = True
                end = mention.end - offset
            if mention is None:
                continue
            arts = [m["art"], *re.findall(r"(?:,|och)\s*(\d{1,2})", m["more"] or "")]
            law = mention.law
            kind = "eu" if mention.kind == "eu" else "statute"
            sections = list(dict.fromkeys(arts)) if kind == "eu" else []
            refs.append(
                Reference(
                    m.start() + offset,
                    end + offset,
                    text[m.start() : end],
                    kind,
                    law.number if law else mention.number,
                    law,
                    None,
                    sections,
                    mention.how,
                    mention.candidates,
                    mention.text,
                )
            )
        return refs

    @staticmethod
    def _whole_law(mention: Mention) -> Reference:
        law = mention.law
        return Reference(
            mention.start,
            mention.end,
            mention.text,
            mention.kind,
            law.number if law else mention.number,
            law,
            None,
            [],
            mention.how,
            mention.candidates,
            mention.text,
        )


def _free_anywhere(_start: int, _end: int) -> bool:
    return True


def _by_structure(candidates: tuple[Law, ...], chapter: str | None, how: str) -> tuple[Law | None, str]:
    """An undated 'HSL' with a chapter can only mean the chaptered law (2017:30, not 1982:763)."""
    fitting = [c for c in candidates if c.chaptered == (chapter is not None) and (c.chapters or c.sections)]
    if len(fitting) == 1 and len({c.chaptered for c in candidates}) > 1:
        return fitting[0], "structure"
    return None, how


def _case_designation(m: re.Match[str]) -> str:
    court, year = m["court"], m["year"]
    if m["page"]:
        return f"{court} {year} s. {m['page']}"
    number = m["ref"] or m["colon"]
    roman = f" {m['roman']}" if m["roman"] else ""
    return f"{court} {year} ref. {number}{roman}"


def _prep_designation(m: re.Match[str]) -> str:
    for key, prefix in (("prop", "prop."), ("sou", "SOU"), ("ds", "Ds"), ("dir", "dir."), ("bet", "bet."), ("rskr", "rskr.")):
        if m[key]:
            return prefix + " " + re.sub(r"\s+", "", m[key])
    return m.group(0)


def _compatible(first: Mention, second: Mention) -> bool:
    """Whether two adjacent mentions name the same law (name + number, name + abbreviation)."""
    if first.how == "explicit" and second.how == "explicit":
        return first.number == second.number
    if first.how == "explicit":
        return first.law is not None and first.law.id in {c.id for c in second.candidates}
    if second.how == "explicit":
        if second.law is None:
            return not first.candidates
        return second.law.id in {c.id for c in first.candidates}
    return bool({c.id for c in first.candidates} & {c.id for c in second.candidates})


def parse_text(
    text: str, registry: Registry, on: dt.date | None = None, context: Iterable[Law] = (), context_refs: Iterable[Reference] = ()
) -> list[Reference]:
    """All references in `text` (a document body or any text)."""
    return Parser(registry, on, context, context_refs).parse(text)


def parse_one(text: str, registry: Registry, on: dt.date | None = None) -> list[Reference]:
    """References in a single self-contained citation (a front matter `lagrum` entry)."""
    return list(_parse_one(text, registry, registry.period_start(on)))  # one parse per period, not per date


@lru_cache(maxsize=4096)
def _parse_one(text: str, registry: Registry, on: dt.date | None) -> tuple[Reference, ...]:
    return tuple(Parser(registry, on).paragraph(text, 0))
