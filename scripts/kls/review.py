"""The review-date rule: when a document is next due for revision, and its state on a given day.

One place for the rule, used by validation, the revision report and the sites:
`revideras` if given, else `fastställd` + `revisionsintervall`, else `fastställd` + the
configured default interval for the document type. `today` is always passed in.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

OVERDUE = "overdue"
DUE = "due"
OK = "ok"
MISSING = "missing"

DEFAULT_WINDOW_DAYS = 60

_INTERVAL = re.compile(r"^\s*(\d{1,3})\s*(år|månad|månader|mån|veckor|vecka|v|dagar|dag|d)\.?\s*$", re.IGNORECASE)
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def parse_date(value: object) -> dt.date | None:
    """An ISO `YYYY-MM-DD` date from a string or date; None when absent or impossible."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    match = _DATE.match(value.strip())
    if not match:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def parse_interval(value: object) -> relativedelta | None:
    """An interval such as `12 månader`, `2 år`, `6 veckor` or `90 dagar`; None if unreadable."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return relativedelta(months=value) if 0 < value <= 240 else None
    if not isinstance(value, str):
        return None
    match = _INTERVAL.match(value)
    if not match:
        return None
    amount, unit = int(match[1]), match[2].lower()
    if amount <= 0:
        return None
    if unit == "år":
        return relativedelta(years=amount)
    if unit.startswith("mån"):
        return relativedelta(months=amount)
    if unit.startswith("v"):
        return relativedelta(weeks=amount)
    return relativedelta(days=amount)


@dataclass(frozen=True)
class Due:
    """A document's next review date and where it came from."""

    date: dt.date | None
    source: str  # "revideras", "revisionsintervall", "standard" or "saknas"


def due_date(meta: dict[str, object], default_interval: str | None) -> Due:
    """Apply the rule to a document's front matter."""
    explicit = parse_date(meta.get("revideras"))
    if explicit is not None:
        return Due(explicit, "revideras")
    approved = parse_date(meta.get("fastställd"))
    if approved is None:
        return Due(None, "saknas")
    interval = parse_interval(meta.get("revisionsintervall"))
    if interval is not None:
        return Due(approved + interval, "revisionsintervall")
    if meta.get("revisionsintervall") in (None, "") and default_interval:
        default = parse_interval(default_interval)
        if default is not None:
            return Due(approved + default, "standard")
    return Due(None, "saknas")


def state(due: dt.date | None, today: dt.date, window_days: int = DEFAULT_WINDOW_DAYS) -> str:
    """`overdue`, `due` (within the window), `ok` or `missing`."""
    if due is None:
        return MISSING
    if due < today:
        return OVERDUE
    if (due - today).days <= window_days:
        return DUE
    return OK


def days_between(due: dt.date | None, today: dt.date) -> int | None:
    """Days late (positive) when overdue, else days left; None without a date."""
    if due is None:
        return None
    return abs((today - due).days)
