"""`kls lagar uppdatera`: refresh the law registry from Riksdagen's open data.

For each SFS statute in the registry it fetches
- the document list `https://data.riksdagen.se/dokumentlista/?sok=sfs-2025-400&doktyp=sfs&utformat=json`
  (title), and
- the consolidated text `https://data.riksdagen.se/dokument/sfs-2025-400.html` (header fields
  `Upphävd`, `Författningen har upphävts genom`, `Ändrad: t.o.m. SFS …`, and the chapter and
  section anchors `<h3 name="K8a">`, `<a class="paragraf" name="K1P1a">`),
compares status, title and structure with the registry, reports what changed, and writes the
registry atomically (temporary file + rename) only when every download and parse succeeded.
A partial or failed download never touches the file. Uncertainty marks are kept; a refreshed
law gets a `refreshed` note with the date and the consolidation (`t.o.m. SFS …`).

The parser functions are pure and tested on recorded responses in `tests/fixtures/riksdagen/`.
"""

from __future__ import annotations

import copy
import datetime as dt
import html
import json
import re
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kls.errors import KlsError
from kls.lagrum.build_registry import dump, write_atomic
from kls.lagrum.registry import DATA_FILE

LIST_URL = "https://data.riksdagen.se/dokumentlista/?sok={dok_id}&doktyp=sfs&utformat=json"
TEXT_URL = "https://data.riksdagen.se/dokument/{dok_id}.html"
Fetch = Callable[[str, float], bytes]

_HEADER = re.compile(r"<b>\s*(?P<key>[^<:]+?)\s*</b>\s*:?\s*(?P<value>.*?)(?=<br\s*/?>|<b>|<hr|\Z)", re.S | re.I)
_CHAPTER = re.compile(r"<h3[^>]*\bname=\"K(?P<ch>\d+[a-z]?)\"", re.I)
_SECTION = re.compile(r"<a[^>]*class=\"paragraf\"[^>]*name=\"(?:K(?P<ch>\d+[a-z]?))?P(?P<sec>\d+[a-z]?)\"", re.I)
_SECTION_ALT = re.compile(r"<a[^>]*name=\"(?:K(?P<ch>\d+[a-z]?))?P(?P<sec>\d+[a-z]?)\"[^>]*class=\"paragraf\"", re.I)
_TRANSITIONAL = re.compile(r"name=\"overgang\"", re.I)


class PartialResponse(KlsError):
    """A response that is not a complete, parseable document."""


@dataclass
class LawText:
    """What Riksdagen says about one statute."""

    number: str
    title: str | None = None
    repealed_on: str | None = None
    repealed_by: str | None = None
    consolidated_through: str | None = None
    chapters: dict[str, list[str]] | None = None
    sections: list[str] | None = None


@dataclass
class RefreshReport:
    checked: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    written: Path | None = None

    def lines(self) -> list[str]:
        out = [f"Kontrollerade {len(self.checked)} författningar mot Riksdagens öppna data."]
        out += [f"  ändrat: {c}" for c in self.changes] or ["  Inga ändringar."]
        if self.written:
            out.append(f"Skrev {self.written}.")
        elif self.changes:
            out.append("Torrkörning: registret skrevs inte.")
        return out


def _label(value: str) -> str:
    return re.sub(r"^(\d+)\s?([a-z])$", r"\1 \2", value.strip())


def dok_id(number: str) -> str:
    """'2025:400' → 'sfs-2025-400'."""
    year, num = number.split(":")
    return f"sfs-{year}-{num}"


def parse_list(raw: bytes, number: str) -> str | None:
    """The title of `number` from a `dokumentlista` JSON response."""
    try:
        data = json.loads(raw.decode("utf-8"))
        docs = data["dokumentlista"].get("dokument") or []
    except (UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise PartialResponse(f"dokumentlistan för {number} är ofullständig eller inte JSON ({exc})") from None
    if isinstance(docs, dict):  # Riksdagen returns an object, not a list, for a single hit
        docs = [docs]
    for doc in docs:
        if str(doc.get("beteckning")) == number or str(doc.get("dok_id")) == dok_id(number):
            title = str(doc.get("titel") or "").strip()
            return re.sub(r"\s+", " ", title) or None
    return None


def parse_text(raw: bytes, number: str) -> LawText:
    """Status, consolidation and structure from a `dokument/sfs-….html` response."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise PartialResponse(f"texten för {number} är inte UTF-8") from None
    if "</html>" not in text.lower() and "</body>" not in text.lower() and "<!-- slut -->" not in text.lower():
        raise PartialResponse(f"texten för {number} slutar mitt i (ofullständig nedladdning)")
    result = LawText(number)
    head = text.split("<hr", 1)[0]
    for match in _HEADER.finditer(head):
        key = html.unescape(match["key"]).strip().lower()
        value = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", match["value"]))).strip()
        if key == "upphävd":
            date = re.search(r"\d{4}-\d{2}-\d{2}", value)
            result.repealed_on = date.group(0) if date else None
        elif key == "författningen har upphävts genom":
            found = re.search(r"\d{4}:\d+", value)
            result.repealed_by = found.group(0) if found else None
        elif key in ("ändrad", "ändring införd"):
            found = re.search(r"\d{4}:\d+", value)
            result.consolidated_through = f"t.o.m. SFS {found.group(0)}" if found else value
    body = _TRANSITIONAL.split(text, 1)[0]
    chapters: dict[str, list[str]] = {}
    sections: list[str] = []
    for match in _CHAPTER.finditer(body):
        chapters.setdefault(_label(match["ch"]), [])
    anchors = sorted([*_SECTION.finditer(body), *_SECTION_ALT.finditer(body)], key=lambda m: m.start())
    for match in anchors:
        section = _label(match["sec"])
        if match["ch"]:
            secs = chapters.setdefault(_label(match["ch"]), [])
            if section not in secs:
                secs.append(section)
        elif section not in sections:
            sections.append(section)
    if chapters:
        result.chapters = chapters
    elif sections:
        result.sections = sections
    return result


def fetch_url(url: str, timeout: float) -> bytes:
    """GET `url`; network problems become a Swedish KlsError."""
    request = urllib.request.Request(url, headers={"User-Agent": "kls-webb (lagregister)"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - fixed https host
            data = response.read()
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) != len(data):
                raise PartialResponse(f"ofullständig nedladdning från {url}")
            return data
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise KlsError(f"Kunde inte hämta {url}: {getattr(exc, 'reason', exc)}") from None


def _diff(law: dict[str, Any], fresh: LawText) -> list[str]:
    name = law.get("title") or law["number"]
    out: list[str] = []
    if fresh.title and fresh.title != law.get("title"):
        out.append(f"{law['number']}: titel '{law.get('title')}' → '{fresh.title}'")
    if fresh.repealed_on and law.get("status") != "repealed":
        by = f" genom {fresh.repealed_by}" if fresh.repealed_by else ""
        out.append(f"{name}: upphävd {fresh.repealed_on}{by}")
    if fresh.chapters is not None:
        old = law.get("chapters") or {}
        for chapter in sorted(set(old) | set(fresh.chapters), key=lambda c: [int(x) if x.isdigit() else x for x in c.split()]):
            before, after = list(old.get(chapter) or []), list(fresh.chapters.get(chapter) or [])
            added = [s for s in after if s not in before]
            removed = [s for s in before if s not in after]
            if chapter not in old:
                out.append(f"{name}: nytt {chapter} kap. ({len(after)} §§)")
            elif chapter not in fresh.chapters:
                out.append(f"{name}: {chapter} kap. finns inte längre")
            else:
                if added:
                    out.append(f"{name}: nya paragrafer i {chapter} kap.: {', '.join(added)} §")
                if removed:
                    out.append(f"{name}: borttagna paragrafer i {chapter} kap.: {', '.join(removed)} §")
    elif fresh.sections is not None:
        before = list(law.get("sections") or [])
        added = [s for s in fresh.sections if s not in before]
        removed = [s for s in before if s not in fresh.sections]
        if added:
            out.append(f"{name}: nya paragrafer: {', '.join(added)} §")
        if removed:
            out.append(f"{name}: borttagna paragrafer: {', '.join(removed)} §")
    return out


def apply(law: dict[str, Any], fresh: LawText, today: dt.date) -> None:
    """Update one registry entry in place with what Riksdagen says."""
    if fresh.title:
        law["title"] = fresh.title
    if fresh.repealed_on:
        law["status"] = "repealed"
        law["repealed_on"] = fresh.repealed_on
        law["repealed_by"] = fresh.repealed_by or law.get("repealed_by")
        law["status_uncertain"] = False
    if fresh.chapters is not None and "chapters" in law:
        law["chapters"] = fresh.chapters
    elif fresh.sections is not None and "sections" in law:
        law["sections"] = fresh.sections
    if fresh.consolidated_through:
        law["consolidated_through"] = fresh.consolidated_through
    law["refreshed"] = {
        "date": today.isoformat(),
        "source": "data.riksdagen.se",
        "consolidated_through": fresh.consolidated_through,
    }


def refresh_registry(
    path: Path | None = None,
    fetch: Fetch = fetch_url,
    today: dt.date | None = None,
    numbers: list[str] | None = None,
    dry_run: bool = False,
    timeout: float = 20.0,
) -> RefreshReport:
    """Fetch, compare and (unless `dry_run`) write the registry. All or nothing."""
    path = path or DATA_FILE
    today = today or dt.date.today()
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
    except (OSError, yaml.YAMLError) as exc:
        raise KlsError(f"Lagregistret {path} kan inte läsas: {exc}") from None
    updated = copy.deepcopy(data)
    report = RefreshReport()
    for law in updated["laws"]:
        if law.get("series") != "SFS" or (numbers and law["number"] not in numbers):
            continue
        number = law["number"]
        try:
            title = parse_list(fetch(LIST_URL.format(dok_id=dok_id(number)), timeout), number)
            fresh = parse_text(fetch(TEXT_URL.format(dok_id=dok_id(number)), timeout), number)
        except KlsError as exc:
            raise KlsError(f"{exc}. Lagregistret lämnades orört.") from None
        fresh.title = title
        had_structure = bool(law.get("chapters") or law.get("sections"))
        if had_structure and fresh.chapters is None and fresh.sections is None:
            raise KlsError(f"Svaret för {number} saknar paragrafer (ofullständigt?). Lagregistret lämnades orört.")
        report.checked.append(number)
        report.changes += _diff(law, fresh)
        apply(law, fresh, today)
    updated.setdefault("meta", {})["refreshed"] = today.isoformat()
    if not dry_run:
        write_atomic(path, dump(updated))
        report.written = path
    return report
