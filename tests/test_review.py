"""The review-date rule."""

import datetime as dt

import pytest

from kls.review import DUE, MISSING, OK, OVERDUE, days_between, due_date, parse_date, parse_interval, state


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2025-09-15", dt.date(2025, 9, 15)),
        (dt.date(2025, 9, 15), dt.date(2025, 9, 15)),
        ("2026-13-01", None),
        ("2025-02-30", None),
        ("15/9 2025", None),
        (20250915, None),
        (None, None),
    ],
)
def test_parse_date(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    "text, start, expected",
    [
        ("12 månader", dt.date(2025, 1, 31), dt.date(2026, 1, 31)),
        ("1 månad", dt.date(2025, 1, 31), dt.date(2025, 2, 28)),
        ("2 år", dt.date(2024, 2, 29), dt.date(2026, 2, 28)),
        ("6 mån", dt.date(2025, 3, 1), dt.date(2025, 9, 1)),
        ("90 dagar", dt.date(2025, 1, 1), dt.date(2025, 4, 1)),
        ("2 veckor", dt.date(2025, 1, 1), dt.date(2025, 1, 15)),
        (18, dt.date(2025, 1, 1), dt.date(2026, 7, 1)),
    ],
)
def test_parse_interval(text, start, expected):
    assert start + parse_interval(text) == expected


@pytest.mark.parametrize("text", ["ett år", "0 månader", "12", "-3 år", True, [], "12 months"])
def test_unreadable_interval(text):
    assert parse_interval(text) is None


def test_rule_order():
    assert due_date(
        {"revideras": "2027-01-01", "fastställd": "2025-01-01", "revisionsintervall": "6 månader"}, "24 månader"
    ).date == dt.date(2027, 1, 1)
    due = due_date({"fastställd": "2025-01-01", "revisionsintervall": "6 månader"}, "24 månader")
    assert (due.date, due.source) == (dt.date(2025, 7, 1), "revisionsintervall")
    due = due_date({"fastställd": "2025-01-01"}, "24 månader")
    assert (due.date, due.source) == (dt.date(2027, 1, 1), "standard")
    assert due_date({"fastställd": "2025-01-01"}, None).date is None
    # an unreadable explicit interval does not silently fall back to the default
    assert due_date({"fastställd": "2025-01-01", "revisionsintervall": "snart"}, "24 månader").date is None
    assert due_date({}, "12 månader").source == "saknas"


def test_state_and_days():
    today = dt.date(2026, 11, 23)
    assert state(dt.date(2026, 11, 22), today) == OVERDUE
    assert state(today, today) == DUE
    assert state(dt.date(2027, 1, 22), today) == DUE  # 60 days
    assert state(dt.date(2027, 1, 23), today) == OK  # 61 days
    assert state(None, today) == MISSING
    assert days_between(dt.date(2026, 11, 13), today) == 10
    assert days_between(dt.date(2026, 12, 3), today) == 10
