"""Read front matter facts out of a Word document's text: labels such as "Fastställd:" or
"Revideras senast", Swedish dates, document type from names, owner roles and legal references.

Pure functions over strings; nothing here opens files.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from kls.config import DOC_TYPES, DocType

PLACEHOLDER = "ATT FYLLA I"
NO_AREA = "att-fylla-i"

# Normalised label (lower case, no punctuation) -> front matter key. Keys starting with "_" are
# recognised (so a table of them is a header table) but not copied into the front matter.
LABELS: dict[str, str] = {
    **dict.fromkeys(
        (
            "fastställd",
            "fastställt",
            "fastställd datum",
            "fastställd den",
            "datum för fastställelse",
            "datum för fastställande",
            "beslutad",
            "beslutat",
            "beslutad datum",
            "beslutsdatum",
            "datum för beslut",
            "antagen",
            "antaget",
            "gäller från",
            "gäller fr o m",
            "giltig från",
        ),
        "fastställd",
    ),
    **dict.fromkeys(
        (
            "fastställd av",
            "fastställt av",
            "beslutad av",
            "beslutat av",
            "antagen av",
            "antaget av",
            "beslutsfattare",
            "beslutsinstans",
        ),
        "fastställd_av",
    ),
    **dict.fromkeys(
        (
            "revideras",
            "revideras senast",
            "revideras senast den",
            "ska revideras",
            "ska revideras senast",
            "nästa revision",
            "nästa revidering",
            "revision senast",
            "giltig till",
            "gäller till",
            "gäller t o m",
        ),
        "revideras",
    ),
    **dict.fromkeys(
        (
            "ansvarig",
            "dokumentansvarig",
            "dokumentansvar",
            "ägare",
            "dokumentägare",
            "processägare",
            "ansvarig för dokumentet",
            "ansvarig för revidering",
            "ansvarig chef",
        ),
        "ägare",
    ),
    **dict.fromkeys(("version", "versionsnummer", "versionsnr"), "version"),
    **dict.fromkeys(("dokumenttyp", "typ av dokument", "typ"), "dokumenttyp"),
    **dict.fromkeys(
        (
            "diarienummer",
            "dnr",
            "upprättad av",
            "framtagen av",
            "författare",
            "handläggare",
            "gäller för",
            "målgrupp",
            "senast reviderad",
            "reviderad",
            "datum",
            "dokumentnamn",
            "rubrik",
            "sida",
        ),
        "_other",
    ),
}

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("januari", "jan"),
            ("februari", "feb"),
            ("mars", "mar"),
            ("april", "apr"),
            ("maj",),
            ("juni", "jun"),
            ("juli", "jul"),
            ("augusti", "aug"),
            ("september", "sep", "sept"),
            ("oktober", "okt"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_ISO = re.compile(r"(?<!\d)(\d{4})[-./](\d{1,2})[-./](\d{1,2})(?!\d)")
_COMPACT = re.compile(r"(?<!\d)(20\d{2}|19\d{2})(\d{2})(\d{2})(?!\d)")
_DAY_MONTH_YEAR = re.compile(rf"(?<!\d)(\d{{1,2}})(?:e|:e)?\s+({_MONTH_RE})\.?\s+(\d{{4}})(?!\d)", re.I)
_MONTH_YEAR = re.compile(rf"\b({_MONTH_RE})\.?\s+(\d{{4}})(?!\d)", re.I)
_YEAR = re.compile(r"(?<![\d:/-])((?:19|20)\d{2})(?![\d:/-])")

# Words in file and folder names that tell the document type.
_TYPE_WORDS: tuple[tuple[str, str], ...] = (
    ("riktlinj", "riktlinje"),
    ("rutin", "rutin"),
    ("process", "process"),
    ("flodesschema", "process"),
    ("blankett", "mall"),
    ("formular", "mall"),
)
_TYPE_EXACT = {"mall": "mall", "mallar": "mall"}

# Headings that name a section, not the document: never used as the title.
GENERIC_HEADINGS = {
    "syfte",
    "bakgrund",
    "inledning",
    "ansvar",
    "mål",
    "omfattning",
    "innehåll",
    "innehållsförteckning",
    "sammanfattning",
    "definitioner",
    "arbetsgång",
}


@dataclass
class ReadDate:
    """A date read from text, with a note when it had to be interpreted."""

    value: dt.date
    note: str | None = None


@dataclass
class Fields:
    """Front matter facts collected from a document: key -> list of (value, where)."""

    found: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    def add(self, key: str, value: str, where: str) -> None:
        value = clean(value)
        if value:
            self.found.setdefault(key, []).append((value, where))

    def first(self, key: str) -> tuple[str, str] | None:
        values = self.found.get(key)
        return values[0] if values else None


def clean(text: str) -> str:
    """Collapse whitespace (including non-breaking spaces) and trim."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip(" \t\n:;,")


def normalize_label(text: str) -> str:
    """`Fastställd av:` → `fastställd av`; `Gäller fr.o.m.` → `gäller fr o m`."""
    text = clean(text).casefold().rstrip(":")
    text = re.sub(r"[.:()\-–/]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def label_key(text: str) -> str | None:
    """The front matter key a label stands for, or None when it is not a known label."""
    if len(text) > 60:
        return None
    return LABELS.get(normalize_label(text))


def pairs_from_text(text: str) -> list[tuple[str, str]]:
    """`Fastställd: 2021-03-01  Ansvarig: Enhetschef` → [(fastställd, …), (ägare, …)].

    Only text that consists of known labels with values counts; anything else gives []."""
    segments = [s for s in re.split(r"\t|\n|\s{3,}|\s\|\s", text) if s.strip()]
    pairs: list[tuple[str, str]] = []
    for segment in segments:
        label, sep, value = segment.partition(":")
        key = label_key(label) if sep else None
        if key is None:
            return []
        if value.strip():
            pairs.append((key, value.strip()))
    return pairs


def pairs_from_grid(rows: Sequence[Sequence[str]]) -> list[tuple[str, str]]:
    """Label/value pairs from a header table, whatever its layout:
    label | value rows (also label | value | label | value), a row of labels over a row of
    values, or cells holding `Label: value` or `Label` and the value on the next line."""
    pairs: list[tuple[str, str]] = []
    used: set[tuple[int, int]] = set()
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            if (r, c) in used:
                continue
            text = cell.strip()
            inline = pairs_from_text(text)
            if inline:
                pairs += inline
                used.add((r, c))
                continue
            first, _, rest = text.partition("\n")
            key = label_key(first)
            if key is None:
                continue
            used.add((r, c))
            if rest.strip():
                pairs.append((key, rest))
            elif c + 1 < len(row) and row[c + 1].strip() and label_key(row[c + 1].split("\n")[0]) is None:
                pairs.append((key, row[c + 1]))
                used.add((r, c + 1))
            elif r + 1 < len(rows) and c < len(rows[r + 1]) and label_key(rows[r + 1][c].split("\n")[0]) is None:
                if rows[r + 1][c].strip():
                    pairs.append((key, rows[r + 1][c]))
                used.add((r + 1, c))
    return [(k, clean(v)) for k, v in pairs if clean(v)]


def read_date(text: str) -> ReadDate | None:
    """The first date in `text`: 2021-03-01, 2021-3-1, 20210301, 1 mars 2021, mars 2021, 2021."""
    candidates: list[tuple[int, ReadDate]] = []
    for pattern, build in (
        (_ISO, lambda m: (int(m[1]), int(m[2]), int(m[3]), None)),
        (_COMPACT, lambda m: (int(m[1]), int(m[2]), int(m[3]), None)),
        (_DAY_MONTH_YEAR, lambda m: (int(m[3]), MONTHS[m[2].casefold()], int(m[1]), None)),
    ):
        for match in pattern.finditer(text):
            year, month, day, note = build(match)
            try:
                candidates.append((match.start(), ReadDate(dt.date(year, month, day), note)))
            except ValueError:
                continue
    if candidates:
        return min(candidates, key=lambda c: c[0])[1]
    match = _MONTH_YEAR.search(text)
    if match:
        value = dt.date(int(match[2]), MONTHS[match[1].casefold()], 1)
        return ReadDate(value, f"'{clean(match[0])}' tolkades som {value.isoformat()}")
    match = _YEAR.search(text)
    if match:
        value = dt.date(int(match[1]), 1, 1)
        return ReadDate(value, f"'{match[1]}' tolkades som {value.isoformat()}")
    return None


def slugify(text: str, max_length: int = 80) -> str:
    """`Barn och unga` → `barn-och-unga`; `Ekonomiskt bistånd` → `ekonomiskt-bistand`."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return text[:max_length].rstrip("-")


def type_from_words(text: str) -> DocType | None:
    """The document type a name points at: `Rutin för …`, `… – riktlinje`, `Mallar`, `Blankett …`."""
    for token in slugify(text, 200).split("-"):
        if token in _TYPE_EXACT:
            return DOC_TYPES[_TYPE_EXACT[token]]
        for prefix, key in _TYPE_WORDS:
            if token.startswith(prefix):
                return DOC_TYPES[key]
    return None


def is_type_folder(name: str) -> bool:
    """Folders such as `Rutiner` or `Mallar` that name a type, not an area."""
    slug = slugify(name)
    return slug in {"rutiner", "rutin", "riktlinjer", "riktlinje", "mallar", "mall", "blanketter", "processer"} or slug in {
        "processbeskrivningar",
        "styrdokument",
    }


def title_from_filename(stem: str) -> str:
    """`anteckningar_om_hembesok` → `Anteckningar om hembesok`."""
    text = clean(re.sub(r"[_]+", " ", stem))
    return text[:1].upper() + text[1:] if text else "Namnlöst dokument"


def match_owner(value: str, roles: Iterable[str]) -> tuple[str | None, str | None]:
    """(role, hint): the configured role `value` names exactly (case-insensitively), else
    (None, closest role) so a person decides; a role is never guessed."""
    roles = list(roles)
    wanted = clean(value).casefold()
    for role in roles:
        if role.casefold() == wanted:
            return role, None
    close = difflib.get_close_matches(clean(value), roles, n=1, cutoff=0.6)
    return None, close[0] if close else None


# --- legal references -------------------------------------------------------------------------

_LAW_NAMES = (
    r"socialtjänstlag(?:en)?|SoL|lag(?:en)? med särskilda bestämmelser om vård av unga|LVU|"
    r"lag(?:en)? om vård av missbrukare i vissa fall|LVM|lag(?:en)? om stöd och service till vissa funktionshindrade|LSS|"
    r"offentlighets- och sekretesslag(?:en)?|OSL|förvaltningslag(?:en)?|FL|föräldrabalken|FB|brottsbalken|BrB|"
    r"socialtjänstförordning(?:en)?|SoF|hälso- och sjukvårdslag(?:en)?|HSL|patientdatalag(?:en)?|PDL|"
    r"lag(?:en)? om behandling av personuppgifter inom socialtjänsten|kommunallag(?:en)?|KL|"
    r"lag(?:en)? om mottagande av asylsökande m\.fl\.|LMA|dataskyddsförordningen|GDPR"
)
_SFS = r"\(\s*\d{4}\s*:\s*\d+\s*\)"
_PROVISION = (
    r"(?:\d+\s?[a-z]?\s*kap\.?\s*)?\d+\s?[a-z]?(?:\s*(?:–|-|och|,)\s*\d+\s?[a-z]?)*\s*§§?"
    r"(?:\s+(?:första|andra|tredje|fjärde|femte|sjätte)\s+stycket)?"
)
_LAGRUM_PATTERNS = (
    re.compile(rf"{_PROVISION}\s+(?:{_LAW_NAMES})(?:\s*{_SFS})?"),
    re.compile(rf"(?:{_LAW_NAMES})\s*{_SFS}"),
    re.compile(r"\b(?:SOSFS|HSLF-FS)\s+\d{4}:\d+"),
)


def find_lagrum(text: str, on: dt.date | None = None) -> tuple[list[str], list[str]]:
    """(references, left out): legal references in `text` as written, in order, without
    duplicates, and the provisions left out because the text names no law right at them.

    Uses the law reference parser `kls.lagrum.parser` (with the law registry) when present, so
    `SoL` is read by the approval date `on`; otherwise simple patterns for the common forms."""
    found = _parser_lagrum(text, on)
    if found is not None:
        return found
    # TODO: remove this fallback when kls.lagrum is always installed with kls.word.
    spans: list[tuple[int, int]] = []
    for pattern in _LAGRUM_PATTERNS:
        for match in pattern.finditer(text):
            if not any(start <= match.start() < end for start, end in spans):
                spans.append((match.start(), match.end()))
    return _unique(clean(text[start:end]) for start, end in sorted(spans)), []


def _parser_lagrum(text: str, on: dt.date | None) -> tuple[list[str], list[str]] | None:
    try:
        from kls.lagrum.parser import parse_text
        from kls.lagrum.registry import load_registry
    except ImportError:
        return None
    try:
        references = parse_text(text, load_registry(), on)
    except Exception:  # noqa: BLE001 - a missing or broken registry: fall back to the patterns
        return None
    kept: list[str] = []
    left_out: list[str] = []
    for ref in references:
        if ref.kind not in ("statute", "regulation", "eu"):
            continue  # case law and preparatory works are not lagrum
        (kept if ref.source in ("attached", "chain") else left_out).append(clean(ref.text))
    return _unique(kept), _unique(left_out)


def _unique(items: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        if item and item not in seen:
            seen[item] = None
    return list(seen)
