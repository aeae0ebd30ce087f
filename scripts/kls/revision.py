"""The revision report: which documents are overdue, fall due soon, lack a review date, or
were approved since a given date. Pure: documents and `today` in, a `Report` out.

The review date itself comes from `kls.review` (one rule for the report, the sites and
validation); this module only classifies and filters. Formats live in `kls.revision_format`.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from kls.model import Document
from kls.review import DEFAULT_WINDOW_DAYS, DUE, MISSING, OK, OVERDUE, days_between, state

CHANGED = "changed"
LATER = OK  # has a review date beyond the window: not reported, but in calendar feeds

DEFAULT_SINCE_DAYS = 30  # "nya och ändrade" without --sedan: the last 30 days
MAX_WINDOW_DAYS = 3650

STATUS_NAMES = {
    OVERDUE: "Försenad",
    DUE: "Förfaller",
    MISSING: "Saknar datum",
    CHANGED: "Ny eller ändrad",
    LATER: "Senare",
}
SECTION_TITLES = {
    OVERDUE: "Försenade",
    DUE: "Förfaller",
    MISSING: "Saknar datum",
    CHANGED: "Nya och ändrade",
}
NO_OWNER = "(ägare saknas)"


@dataclass(frozen=True)
class Filters:
    """Narrow the report: owner (case-insensitive part of the role), area slug, document type."""

    owner: str | None = None
    area: str | None = None
    doc_type: str | None = None

    def accepts(self, doc: Document) -> bool:
        if self.owner and self.owner.casefold() not in (doc.owner or "").casefold():
            return False
        if self.area and (doc.area or doc.folder_area) != self.area:
            return False
        doc_type = doc.doc_type or doc.folder_type
        return not (self.doc_type and (doc_type.key if doc_type else None) != self.doc_type)


@dataclass(frozen=True)
class Entry:
    """One line of the report: a document in one status on the report's date."""

    doc: Document
    status: str
    due: dt.date | None
    days: int | None  # overdue: days late; due/later: days left; changed: days since approval

    @property
    def id(self) -> str:
        return self.doc.id or ""

    @property
    def title(self) -> str:
        return self.doc.title

    @property
    def owner(self) -> str:
        return self.doc.owner or NO_OWNER

    @property
    def type_key(self) -> str:
        doc_type = self.doc.doc_type or self.doc.folder_type
        return doc_type.key if doc_type else ""

    @property
    def area(self) -> str:
        return self.doc.area or self.doc.folder_area or ""

    @property
    def approved(self) -> dt.date | None:
        return self.doc.approved

    @property
    def due_source(self) -> str:
        return self.doc.due.source

    @property
    def path(self) -> str:
        """The file as shown to users, e.g. `docs/rutiner/barn-och-unga/orosanmalan.md`."""
        return self.doc.display


@dataclass
class Report:
    """The classified documents on `today`, each list sorted by due date (then id)."""

    today: dt.date
    window_days: int
    since: dt.date
    filters: Filters = field(default_factory=Filters)
    overdue: list[Entry] = field(default_factory=list)
    due: list[Entry] = field(default_factory=list)
    missing: list[Entry] = field(default_factory=list)
    changed: list[Entry] = field(default_factory=list)
    later: list[Entry] = field(default_factory=list)
    considered: int = 0

    def sections(self) -> list[tuple[str, list[Entry]]]:
        """The four reported sections in order: overdue, due, missing, changed."""
        return [(OVERDUE, self.overdue), (DUE, self.due), (MISSING, self.missing), (CHANGED, self.changed)]

    def entries(self) -> list[Entry]:
        """Every reported entry; a document may appear both as changed and in another section."""
        return [entry for _, entries in self.sections() for entry in entries]

    def scheduled(self) -> list[Entry]:
        """Every document with a review date (overdue, due and later), by date: the calendar."""
        return sorted([*self.overdue, *self.due, *self.later], key=_by_due)

    def counts(self) -> dict[str, int]:
        return {status: len(entries) for status, entries in self.sections()}

    def by_owner(self, owner_order: Iterable[str] = ()) -> list[tuple[str, list[Entry]]]:
        """Reported entries grouped by owner (configured order first, then alphabetical),
        each group sorted by section then due date."""
        groups: dict[str, list[Entry]] = {}
        for entry in self.entries():
            groups.setdefault(entry.owner, []).append(entry)
        order = {role: index for index, role in enumerate(owner_order)}
        keys = sorted(groups, key=lambda o: (o == NO_OWNER, order.get(o, len(order)), o.casefold()))
        return [(owner, groups[owner]) for owner in keys]

    @property
    def has_overdue(self) -> bool:
        return bool(self.overdue)


def _by_due(entry: Entry) -> tuple:
    return (entry.due or dt.date.max, entry.id, entry.doc.rel)


def build_report(
    documents: Iterable[Document],
    today: dt.date,
    window_days: int = DEFAULT_WINDOW_DAYS,
    since: dt.date | None = None,
    filters: Filters | None = None,
) -> Report:
    """Classify readable, current (not withdrawn) documents on `today`.

    `since` defaults to `DEFAULT_SINCE_DAYS` before `today`; a document approved on or after
    `since` (and not after `today`) is also listed as changed.
    """
    filters = filters or Filters()
    since = since if since is not None else today - dt.timedelta(days=DEFAULT_SINCE_DAYS)
    report = Report(today=today, window_days=window_days, since=since, filters=filters)
    buckets = {OVERDUE: report.overdue, DUE: report.due, MISSING: report.missing, LATER: report.later}
    for doc in documents:
        if not doc.is_document or not doc.readable or doc.withdrawn is not None or not filters.accepts(doc):
            continue
        report.considered += 1
        due = doc.due.date
        status = state(due, today, window_days)
        buckets[status].append(Entry(doc, status, due, days_between(due, today)))
        approved = doc.approved
        if approved is not None and since <= approved <= today:
            report.changed.append(Entry(doc, CHANGED, due, (today - approved).days))
    for entries in buckets.values():
        entries.sort(key=_by_due)
    report.changed.sort(key=lambda e: (e.approved or dt.date.min, e.id), reverse=True)
    return report


def slug(text: str) -> str:
    """A file-name-safe slug: `Förste socialsekreterare barn och unga` → `forste-socialsekreterare-barn-och-unga`."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "agare"


def owner_slugs(owners: Iterable[str]) -> dict[str, str]:
    """Owner → unique slug, in the given order (`-2`, `-3` on collisions)."""
    result: dict[str, str] = {}
    taken: set[str] = set()
    for owner in owners:
        if owner in result:
            continue
        base = candidate = slug(owner)
        number = 2
        while candidate in taken or candidate == "alla":
            candidate = f"{base}-{number}"
            number += 1
        taken.add(candidate)
        result[owner] = candidate
    return result
