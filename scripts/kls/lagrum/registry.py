"""The law registry: statutes and regulations the checker knows, read from `kls/data/lagar.yaml`.

The registry is generated from `../shared/lagar/` (see `build_registry`) and refreshed with
`kls lagar uppdatera`; the product only ever reads this file. Uncertain facts keep their mark
(`status_uncertain`, `structure_complete`, `warnings`) so the checker can warn instead of fail.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from kls.errors import KlsError

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "lagar.yaml"
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def provision_key(chapter: str | None, section: str) -> str:
    """'11 kap. 1 a §' or '6 §' (the registry's and the successor map's key form)."""
    return f"{chapter} kap. {section} §" if chapter else f"{section} §"


def format_sections(sections: list[str]) -> str:
    """['1', '2'] → '1–2 §§'; ['1', '3'] → '1 och 3 §§'; ['7 a'] → '7 a §'."""
    if not sections:
        return ""
    if len(sections) == 1:
        return f"{sections[0]} §"
    numbers = [int(s) for s in sections if s.isdigit()]
    if len(numbers) == len(sections) and numbers == list(range(numbers[0], numbers[0] + len(numbers))):
        return f"{sections[0]}–{sections[-1]} §§"
    return f"{', '.join(sections[:-1])} och {sections[-1]} §§"


@dataclass(frozen=True)
class Law:
    """One statute, regulation or EU regulation in the registry."""

    id: str
    number: str  # '2025:400', 'SOSFS 2011:9', '(EU) 2016/679'
    series: str  # SFS, SOSFS, HSLF-FS, EU
    kind: str  # statute, regulation, eu
    title: str
    abbreviations: tuple[str, ...]
    names: tuple[str, ...]
    status: str  # in_force, repealed
    status_uncertain: bool
    in_force_from: dt.date | None
    repealed_on: dt.date | None
    repealed_by: str | None
    repealed_by_uncertain: bool
    chapters: dict[str, tuple[str, ...]] | None
    sections: tuple[str, ...] | None
    articles: tuple[str, ...] | None
    structure_complete: bool
    uncertain_chapters: dict[str, str] = field(default_factory=dict)
    repealed_sections: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    uncertain: tuple[str, ...] = ()

    @property
    def repealed(self) -> bool:
        return self.status == "repealed"

    @property
    def chaptered(self) -> bool:
        return self.chapters is not None

    @property
    def short_name(self) -> str:
        """The name used in messages: 'socialtjänstlag (2025:400)', 'LVU (1990:52)', 'SOSFS 2011:9'."""
        if self.kind == "regulation":
            return self.number
        return f"{self.title[0].lower()}{self.title[1:]}" if self.title else self.number

    def in_force_on(self, day: dt.date) -> bool:
        if self.in_force_from and day < self.in_force_from:
            return False
        return not (self.repealed_on and day >= self.repealed_on)

    def has_chapter(self, chapter: str) -> bool | None:
        """True/False when known; None when the registry's structure cannot say."""
        if self.chapters is None:
            return None if not self.structure_complete else False
        if chapter in self.chapters:
            return True
        return False if self.structure_complete else None

    def has_section(self, chapter: str | None, section: str) -> bool | None:
        """Whether `chapter kap. section §` (or `section §`) exists; None when unknown."""
        if self.kind == "eu":
            return section in (self.articles or ()) if self.articles else None
        if chapter is not None:
            if self.chapters is None:
                return None if not self.structure_complete else False
            if chapter in self.uncertain_chapters:
                return True if section in self.chapters.get(chapter, ()) else None
            if chapter not in self.chapters:
                return False if self.structure_complete else None
            if section in self.chapters[chapter]:
                return True
            return False if self.structure_complete else None
        if self.sections is not None:
            if section in self.sections:
                return True
            return False if self.structure_complete else None
        if self.chapters is not None:
            return None  # a chaptered law cited without chapter: the chapter is missing, not the section
        return None


@dataclass(frozen=True)
class Successor:
    """Where an old SoL (2001:453) provision went in SoL (2025:400)."""

    targets: tuple[tuple[str, str, str | None], ...]  # (chapter, section, note)
    curated: bool
    confidence: str  # 'curated', 'high', 'medium', 'low'
    note: str | None = None

    def text(self) -> str:
        """'20 kap. 1–2 §§' or '13 kap. 1 § och 18 kap. 7 §'."""
        by_chapter: dict[str, list[str]] = {}
        for chapter, section, _note in self.targets:
            by_chapter.setdefault(chapter, []).append(section)
        parts = [f"{ch} kap. {format_sections(secs)}" for ch, secs in by_chapter.items()]
        return " och ".join(parts) if len(parts) <= 2 else ", ".join(parts[:-1]) + " och " + parts[-1]


class Registry:
    """All laws, with lookups by number, abbreviation and name."""

    def __init__(self, data: dict[str, Any], path: Path | None = None) -> None:
        self.path = path
        self.meta: dict[str, Any] = dict(data.get("meta") or {})
        self.laws: list[Law] = [self._law(raw) for raw in data.get("laws") or []]
        self.by_id = {law.id: law for law in self.laws}
        self.by_number = {law.number: law for law in self.laws}
        self.by_abbreviation: dict[str, list[Law]] = {}
        self.by_name: dict[str, list[Law]] = {}
        for raw, law in zip(data.get("laws") or [], self.laws, strict=True):
            for abbr in [*raw.get("abbreviations", []), *raw.get("abbreviations_unverified", [])]:
                self.by_abbreviation.setdefault(str(abbr), []).append(law)
            for name in raw.get("names", []):
                self.by_name.setdefault(str(name).lower(), []).append(law)
        self.amending_acts: dict[str, str] = {str(k): str(v) for k, v in (data.get("amending_acts") or {}).items()}
        self.successor_map: dict[str, Any] = dict(data.get("successor_map") or {})
        self.raw = data
        self.date_boundaries = sorted({d for law in self.laws for d in (law.in_force_from, law.repealed_on) if d})

    @staticmethod
    def _law(raw: dict[str, Any]) -> Law:
        chapters = raw.get("chapters")
        return Law(
            id=str(raw["id"]),
            number=str(raw["number"]),
            series=str(raw.get("series") or "SFS"),
            kind=str(raw.get("kind") or "statute"),
            title=str(raw.get("title") or raw["number"]),
            abbreviations=tuple(str(a) for a in raw.get("abbreviations") or []),
            names=tuple(str(n) for n in raw.get("names") or []),
            status=str(raw.get("status") or "in_force"),
            status_uncertain=bool(raw.get("status_uncertain")),
            in_force_from=_date(raw.get("in_force_from")),
            repealed_on=_date(raw.get("repealed_on")),
            repealed_by=raw.get("repealed_by"),
            repealed_by_uncertain=bool(raw.get("repealed_by_uncertain")),
            chapters={str(k): tuple(str(s) for s in v or []) for k, v in chapters.items()}
            if isinstance(chapters, dict)
            else None,
            sections=tuple(str(s) for s in raw["sections"]) if isinstance(raw.get("sections"), list) else None,
            articles=tuple(str(s) for s in raw["articles"]) if isinstance(raw.get("articles"), list) else None,
            structure_complete=bool(raw.get("structure_complete")),
            uncertain_chapters={str(k): str(v) for k, v in (raw.get("uncertain_chapters") or {}).items()},
            repealed_sections=tuple(str(s) for s in raw.get("repealed_sections") or []),
            warnings=tuple(str(w) for w in raw.get("warnings") or []),
            uncertain=tuple(str(u) for u in raw.get("uncertain") or []),
        )

    # --- lookups ---------------------------------------------------------------------------
    def law(self, number: str | None) -> Law | None:
        return self.by_number.get(number or "")

    def sfs(self, number: str) -> Law | None:
        return self.by_number.get(number)

    def candidates(self, alias: str) -> list[Law]:
        """Laws an abbreviation (case-sensitive) or a name (any case) may mean."""
        found = self.by_abbreviation.get(alias) or self.by_abbreviation.get(_abbr_case(alias, self.by_abbreviation))
        return list(found or self.by_name.get(alias.lower(), []))

    @staticmethod
    def resolve(candidates: list[Law], on: dt.date | None, qualifier: str | None = None) -> tuple[Law | None, str]:
        """Pick the law an ambiguous name means. Returns (law, how): how is 'unique',
        'qualifier', 'date', 'no-date' (undecidable without a date) or 'none'."""
        if not candidates:
            return None, "none"
        if len(candidates) == 1:
            return candidates[0], "unique"
        if qualifier:
            q = qualifier.lower()
            year = re.match(r"(\d{4}) års", q)
            if year:
                chosen = [c for c in candidates if c.number.startswith(year.group(1) + ":")]
                return (chosen[0], "qualifier") if chosen else (None, "none")
            if q in ("nya", "den nya", "nuvarande nya"):
                return max(candidates, key=lambda c: c.in_force_from or dt.date.min), "qualifier"
        if on is None:
            return None, "no-date"
        valid = [c for c in candidates if c.in_force_on(on)]
        if len(valid) == 1:
            return valid[0], "date"
        return None, "no-date" if not valid else "none"

    def period_start(self, on: dt.date | None) -> dt.date | None:
        """The first day of the period containing `on` in which no law of the registry comes into
        force or is repealed. Every day of a period resolves names alike (see `resolve`)."""
        if on is None:
            return None
        index = bisect.bisect_right(self.date_boundaries, on)
        return self.date_boundaries[index - 1] if index else dt.date.min

    def successor(self, chapter: str | None, section: str) -> Successor | None:
        """Curated mapping of an old SoL provision, else the derived best match (a hint)."""
        key = provision_key(chapter, section)
        row = (self.successor_map.get("curated") or {}).get(key)
        if row and row.get("targets"):
            targets = tuple((t["chapter"], t["section"], t.get("note")) for t in row["targets"])
            return Successor(targets, True, "curated")
        if row and row.get("chapter_level"):
            hint = (self.successor_map.get("derived") or {}).get(key)
            targets = ((hint["chapter"], hint["section"], None),) if hint else ()
            return Successor(targets, False, str(hint["confidence"]) if hint else "low", note="29 kap.")
        hint = (self.successor_map.get("derived") or {}).get(key)
        if hint:
            return Successor(((hint["chapter"], hint["section"], None),), False, str(hint["confidence"]))
        if row and row.get("notes"):
            return Successor((), False, "low", note="; ".join(row["notes"]))
        return None

    def moved(self, chapter: str | None, section: str) -> Successor | None:
        """Where an old SoL provision went, when a curated (certain) row says it went to other
        provisions than the same designation in the new law; None otherwise."""
        row = (self.successor_map.get("curated") or {}).get(provision_key(chapter, section))
        if not row or not row.get("targets") or row.get("uncertain"):
            return None
        targets = tuple((t["chapter"], t["section"], t.get("note")) for t in row["targets"])
        if any((target[0], target[1]) == (chapter, section) for target in targets):
            return None
        return Successor(targets, True, "curated")

    def topic(self, chapter: str | None, section: str) -> str | None:
        """What an old SoL provision was about ('utredning'), where the facts say so."""
        return (self.successor_map.get("topics") or {}).get(provision_key(chapter, section))

    def repealed_before_successor(self, chapter: str | None, section: str) -> bool:
        return provision_key(chapter, section) in set(self.successor_map.get("no_successor") or [])


def _abbr_case(alias: str, table: dict[str, list[Law]]) -> str:
    """An all-caps spelling ('SOL', 'LVU') of a known mixed-case abbreviation ('SoL')."""
    if alias.isupper() and len(alias) >= 3:
        for key in table:
            if key.upper() == alias:
                return key
    return alias


@lru_cache(maxsize=4)
def _load(path: str, mtime: float) -> Registry:
    try:
        data = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506 - safe loader
    except (OSError, yaml.YAMLError) as exc:
        raise KlsError(f"Lagregistret {path} kan inte läsas: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("laws"), list):
        raise KlsError(f"Lagregistret {path} saknar listan 'laws'. Kör 'kls lagar bygg'.")
    return Registry(data, Path(path))


def load_registry(path: Path | None = None) -> Registry:
    """The registry (cached until the file changes)."""
    path = path or DATA_FILE
    try:
        mtime = path.stat().st_mtime
    except OSError:
        raise KlsError(f"Lagregistret saknas: {path}. Kör 'kls lagar bygg'.") from None
    return _load(str(path), mtime)
