"""The revision report model (`kls.revision`) and the `kls revision` command."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import revision_fixture as fx
from revision_fixture import BARN, CHEF, LATER, TODAY, write_fixture

from kls.cli import main
from kls.corpus import load_corpus
from kls.revision import CHANGED, DUE, MISSING, OVERDUE, Filters, build_report, owner_slugs, slug


@pytest.fixture
def corpus(project, config):
    write_fixture(project)
    return load_corpus(config)


def ids_days(entries):
    return {e.id: e.days for e in entries}


def test_sections_exact_sets_and_days(corpus):
    report = build_report(corpus.documents, TODAY)
    assert ids_days(report.overdue) == fx.OVERDUE
    assert ids_days(report.due) == fx.DUE
    assert {e.id for e in report.missing} == fx.MISSING
    assert ids_days(report.changed) == fx.CHANGED
    assert ids_days(report.later) == LATER
    assert report.counts() == {OVERDUE: 3, DUE: 3, MISSING: 2, CHANGED: 1}
    assert report.considered == 10  # the withdrawn document is left out
    # sorted by due date
    assert [e.id for e in report.overdue] == ["IFO-PRO-001", "IFO-RIK-001", "IFO-RUT-001"]
    assert [e.id for e in report.due] == ["IFO-RUT-003", "IFO-RUT-002", "IFO-RUT-004"]
    sources = {e.id: e.due_source for e in [*report.overdue, *report.due]}
    assert sources["IFO-RIK-001"] == "standard" and sources["IFO-RUT-003"] == "revisionsintervall"
    assert report.since == dt.date(2026, 10, 24) and report.has_overdue


def test_window_and_since(corpus):
    assert ids_days(build_report(corpus.documents, TODAY, window_days=7).due) == {"IFO-RUT-003": 7}
    assert ids_days(build_report(corpus.documents, TODAY, window_days=61).due) == {**fx.DUE, "IFO-RUT-005": 61}
    assert build_report(corpus.documents, TODAY, window_days=0).due == []
    assert ids_days(build_report(corpus.documents, TODAY, since=dt.date(2026, 11, 1)).changed) == {"IFO-RUT-008": 22}
    assert build_report(corpus.documents, TODAY, since=dt.date(2026, 11, 2)).changed == []
    # a day later the edge document is still due and the first overdue one is one day later
    later = build_report(corpus.documents, TODAY + dt.timedelta(days=1))
    assert ids_days(later.overdue)["IFO-RUT-001"] == 11 and "IFO-RUT-005" in ids_days(later.due)


def test_filters(corpus):
    def ids(**kw):
        return {e.id for e in build_report(corpus.documents, TODAY, filters=Filters(**kw)).entries()}

    assert ids(owner="BARN OCH UNGA") == {"IFO-RUT-001", "IFO-RUT-003", "IFO-RUT-004", "IFO-RUT-007"}
    assert ids(area="missbruk") == {"IFO-PRO-001"}
    assert ids(doc_type="riktlinje") == {"IFO-RIK-001"}
    assert ids(owner="enhetschef", doc_type="rutin") == {"IFO-RUT-002", "IFO-RUT-006", "IFO-RUT-008"}
    assert ids(doc_type="mall") == set()


def test_grouped_by_owner_in_configured_order(corpus, config):
    groups = build_report(corpus.documents, TODAY).by_owner(config.owner_roles)
    assert [owner for owner, _ in groups] == [CHEF, BARN, "Förste socialsekreterare vuxen"]


def test_slugs():
    assert slug("Förste socialsekreterare barn och unga") == "forste-socialsekreterare-barn-och-unga"
    assert slug("Samordnare ekonomiskt bistånd") == "samordnare-ekonomiskt-bistand"
    assert owner_slugs(["Chef A", "chef-a", "Alla", "!!!"]) == {
        "Chef A": "chef-a",
        "chef-a": "chef-a-2",
        "Alla": "alla-2",
        "!!!": "agare",
    }


# --- the command ------------------------------------------------------------------------------


@pytest.fixture
def cli(project, monkeypatch):
    write_fixture(project)
    monkeypatch.chdir(project)
    return project


def run(capsys, *args):
    code = main(["revision", "--per", TODAY.isoformat(), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_text_default(cli, capsys):
    code, out, err = run(capsys)
    assert code == 0, "overdue documents do not fail the command without --strikt"
    lines = out.splitlines()
    assert lines[0].startswith("Revisionsläge per 2026-11-23 · förfaller inom 60 dagar · nya och ändrade sedan 2026-10-24")
    owners = [line for line in lines if line and not line.startswith(" ") and "(" in line and "·" not in line]
    assert owners[:3] == [f"{CHEF} (4)", f"{BARN} (4)", "Förste socialsekreterare vuxen (1)"]
    row = next(line for line in lines if "IFO-RUT-001" in line)
    assert "Försenad" in row and "2026-11-13" in row and "10 dagar sen" in row
    assert "om 60 dagar" in next(line for line in lines if "IFO-RUT-004" in line)
    assert "IFO-RUT-005" not in out and "IFO-RUT-009" not in out
    assert lines[-1] == "Summa: 3 försenade, 3 förfaller, 2 saknar datum, 1 ny eller ändrad (av 10 dokument)."
    # within an owner, sorted by section then due date
    barn = out.split(f"{BARN} (4)")[1].split("\n\n")[0]
    assert barn.index("IFO-RUT-001") < barn.index("IFO-RUT-003") < barn.index("IFO-RUT-004") < barn.index("IFO-RUT-007")


def test_cli_strict(cli, capsys):
    assert run(capsys, "--strikt")[0] == 1
    assert run(capsys, "--strikt", "--typ", "mall")[0] == 0
    assert run(capsys, "--strikt", "--per", "2026-01-01")[0] == 0  # last --per wins: nothing overdue yet


def test_cli_json_and_filters(cli, capsys):
    code, out, _ = run(capsys, "--format", "json", "--ägare", "vuxen")
    assert code == 0
    assert json.loads(out) == [
        {
            "id": "IFO-PRO-001",
            "title": "Process inom missbruk",
            "path": "docs/processer/missbruk/process.md",
            "url": "processer/missbruk/process/",
            "owner": "Förste socialsekreterare vuxen",
            "type": "process",
            "area": "missbruk",
            "due": "2026-10-24",
            "due_source": "revideras",
            "approved": "2025-10-24",
            "status": "overdue",
            "days": 30,
        }
    ]
    _, out, _ = run(capsys, "--format", "json", "--område", "barn-och-unga", "--inom", "7", "--sedan", "2026-11-02")
    assert {(o["id"], o["status"], o["days"]) for o in json.loads(out)} == {
        ("IFO-RUT-001", "overdue", 10),
        ("IFO-RIK-001", "overdue", 22),
        ("IFO-RUT-003", "due", 7),
        ("IFO-RUT-006", "missing", None),
        ("IFO-RUT-007", "missing", None),
    }


def test_cli_writes_file_with_format_from_suffix(cli, capsys):
    code, out, err = run(capsys, "--utdata", "revision.xlsx")
    assert code == 0 and out == ""
    assert (cli / "revision.xlsx").read_bytes()[:2] == b"PK"
    assert "Skrev revision.xlsx (xlsx)" in err
    run(capsys, "--utdata", "revision.ics")
    assert (cli / "revision.ics").read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR")


@pytest.mark.parametrize(
    "args, message",
    [
        (["--per", "2026-02-30"], "ogiltigt datum '2026-02-30'"),
        (["--sedan", "igår"], "ogiltigt datum 'igår'"),
        (["--inom", "sextio"], "ogiltigt antal dagar 'sextio'"),
        (["--inom", "-1"], "mellan 0 och 3650"),
        (["--format", "pdf"], "ogiltigt val"),
        (["--typ", "policy"], "ogiltigt val"),
        (["--område", "okänt"], "okänt område 'okänt'"),
        (["--ägare", "ingen sådan"], "ingen ägare matchar 'ingen sådan'"),
        (["--sedan", "2027-01-01"], "ligger efter rapportdatumet"),
        (["--utdata", "saknas/r.csv"], "mappen 'saknas' för --utdata finns inte"),
        (["--utdata", "r.pdf"], "kan inte avgöra formatet"),
        (["--okänd"], "okända argument"),
    ],
)
def test_cli_bad_options(cli, capsys, args, message):
    with pytest.raises(SystemExit) as exit_info:
        code = main(["revision", "--per", TODAY.isoformat(), *args])
        raise SystemExit(code)
    err = capsys.readouterr().err
    assert exit_info.value.code == 2
    assert message in err and "Traceback" not in err
