"""Shared fixtures."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from helpers import make_project  # noqa: E402
from kls.config import load_config  # noqa: E402

TODAY = dt.date(2026, 11, 23)
pytest_plugins = ["browser"]  # shared Chromium fixture (tests/browser.py)


@pytest.fixture
def today() -> dt.date:
    return TODAY


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "projekt")


@pytest.fixture
def config(project: Path):
    return load_config(project)
