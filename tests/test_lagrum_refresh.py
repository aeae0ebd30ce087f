"""`kls lagar uppdatera` on recorded responses (tests/fixtures/riksdagen/, built from the
documented formats): status, title and structure are read, changes reported, and a partial
download never touches the registry file."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml

from kls.errors import KlsError
from kls.lagrum.build_registry import DATA_FILE, build, dump
from kls.lagrum.refresh import parse_list, parse_text, refresh_registry
from kls.lagrum.registry import load_registry

FIXTURES = Path(__file__).parent / "fixtures" / "riksdagen"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "lagar"


def recorded(overrides: dict[str, str] | None = None):
    """A fetcher that answers from the fixture files, like data.riksdagen.se would."""
    overrides = overrides or {}

    def fetch(url: str, timeout: float) -> bytes:
        if "dokumentlista" in url:
            name = "dokumentlista-" + url.split("sok=")[1].split("&")[0] + ".json"
        else:
            name = url.rsplit("/", 1)[1]
        name = overrides.get(name, name)
        path = FIXTURES / name
        if not path.exists():
            raise KlsError(f"Kunde inte hämta {url}: inget svar")
        return path.read_bytes()

    return fetch


def test_parse_list_handles_single_object_and_list():
    assert parse_list((FIXTURES / "dokumentlista-sfs-2025-400.json").read_bytes(), "2025:400") == "Socialtjänstlag (2025:400)"
    title = parse_list((FIXTURES / "dokumentlista-sfs-1990-52.json").read_bytes(), "1990:52")
    assert title == "Lag (1990:52) med särskilda bestämmelser om vård av unga"


def test_parse_text_reads_status_and_structure():
    old = parse_text((FIXTURES / "sfs-2001-453.html").read_bytes(), "2001:453")
    assert (old.repealed_on, old.repealed_by) == ("2025-07-01", "2025:400")
    assert old.chapters["11"][:2] == ["1", "1 a"] and "2 a" in old.chapters
    new = parse_text((FIXTURES / "sfs-2025-400.html").read_bytes(), "2025:400")
    assert new.repealed_on is None and new.consolidated_through == "t.o.m. SFS 2025:1501"
    assert len(new.chapters) == 35 and new.chapters["12"][-1] == "7 b"
    assert new.chapters["1"] == ["1", "2", "3", "4", "5"]  # the transitional provisions are not 1 kap.
    lvu = parse_text((FIXTURES / "sfs-1990-52.html").read_bytes(), "1990:52")
    assert lvu.chapters is None and "15 q" in lvu.sections


def test_parse_text_rejects_a_partial_download():
    with pytest.raises(KlsError, match="ofullständig"):
        parse_text((FIXTURES / "sfs-2025-400-avbruten.html").read_bytes(), "2025:400")


@pytest.fixture
def registry_copy(tmp_path: Path) -> Path:
    path = tmp_path / "lagar.yaml"
    shutil.copy(DATA_FILE, path)
    return path


def test_refresh_reports_changes_and_writes_atomically(registry_copy: Path):
    report = refresh_registry(registry_copy, recorded(), dt.date(2026, 11, 23), ["2025:400", "2001:453", "1990:52"])
    assert report.checked == ["2025:400", "2001:453", "1990:52"]
    assert report.changes == ["Socialtjänstlag (2025:400): nya paragrafer i 12 kap.: 7 b §"]
    refreshed = load_registry(registry_copy)
    assert refreshed.law("2025:400").has_section("12", "7 b") is True
    assert refreshed.law("2001:453").repealed and refreshed.law("SOSFS 2011:9").status_uncertain  # marks kept
    assert refreshed.meta["refreshed"] == "2026-11-23"
    assert not list(registry_copy.parent.glob(".lagar.yaml.*"))  # no temporary file left


def test_partial_download_leaves_the_registry_untouched(registry_copy: Path):
    before = registry_copy.read_bytes()
    fetch = recorded({"sfs-2001-453.html": "sfs-2025-400-avbruten.html"})
    with pytest.raises(KlsError, match="lämnades orört"):
        refresh_registry(registry_copy, fetch, dt.date(2026, 11, 23), ["2025:400", "2001:453"])
    assert registry_copy.read_bytes() == before
    with pytest.raises(KlsError, match="lämnades orört"):
        refresh_registry(registry_copy, recorded(), dt.date(2026, 11, 23), ["2025:400", "2017:900"])  # no answer
    assert registry_copy.read_bytes() == before


def test_dry_run_does_not_write(registry_copy: Path):
    before = registry_copy.read_bytes()
    report = refresh_registry(registry_copy, recorded(), dt.date(2026, 11, 23), ["2025:400"], dry_run=True)
    assert report.changes and report.written is None and registry_copy.read_bytes() == before
    assert "Torrkörning" in report.lines()[-1]


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/lagar finns inte")
def test_registry_file_is_generated_from_the_shared_facts():
    data = build(SHARED)
    committed = yaml.load(DATA_FILE.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    assert yaml.safe_load(dump(data))["laws"] == committed["laws"], "kör 'kls lagar bygg' och checka in lagar.yaml"
    assert {law["number"] for law in data["laws"]} >= {"2025:400", "2001:453", "1990:52", "SOSFS 2011:9", "(EU) 2016/679"}
