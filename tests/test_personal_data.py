"""Personal data guard: personnummer, samordningsnummer and private e-mail addresses."""

from __future__ import annotations

import datetime as dt
import random
import re
from pathlib import Path

import pytest

from helpers import REPO, write_doc
from kls.cli import main
from kls.config import load_config
from kls.corpus import load_corpus
from kls.personal_data import check_personal_data, email_policy, find_personal_numbers, luhn_ok, scan_lines

TODAY = dt.date(2026, 11, 23)
REL = "rutiner/barn-och-unga/testrutin.md"


def check_digit(nine: str) -> str:
    for digit in "0123456789":
        if luhn_ok(nine + digit):
            return digit
    raise AssertionError(nine)


def make_number(rng: random.Random, samordning: bool = False) -> tuple[dt.date, str]:
    """A random valid 10-digit number (date part + serial + check digit) and its birth date."""
    born = dt.date(1930, 1, 1) + dt.timedelta(days=rng.randrange(0, 95 * 365))
    day = born.day + (60 if samordning else 0)
    nine = f"{born:%y%m}{day:02d}{rng.randrange(0, 1000):03d}"
    return born, nine + check_digit(nine)


def spellings(born: dt.date, ten: str) -> list[str]:
    century = str(born.year)[:2]
    return [f"{ten[:6]}-{ten[6:]}", ten, f"{century}{ten[:6]}-{ten[6:]}", century + ten]


def test_luhn_reference_number():
    assert luhn_ok("8112189876")  # Skatteverket's documented example 811218-9876
    assert not luhn_ok("8112189875")


@pytest.mark.parametrize("samordning", [False, True])
def test_generated_numbers_are_all_caught_in_every_spelling(samordning):
    rng = random.Random(7 + samordning)
    caught = total = 0
    for _ in range(500):
        born, ten = make_number(rng, samordning)
        for text in spellings(born, ten):
            total += 1
            line = f"Klienten ({text}) kontaktade socialjouren."
            found = list(find_personal_numbers(line, TODAY))
            caught += bool(found)
            assert found and found[0][0] == ("samordningsnummer" if samordning else "personnummer"), line
    assert caught == total == 2000


def test_plus_separator_for_centenarians():
    assert list(find_personal_numbers("121212+1212", TODAY)) == [("personnummer", "121212+1212")]


def test_wrong_check_digit_or_date_is_not_a_personal_number():
    rng = random.Random(3)
    for _ in range(300):
        _, ten = make_number(rng)
        wrong = ten[:9] + str((int(ten[9]) + 1 + rng.randrange(9)) % 10)
        assert not list(find_personal_numbers(f"{wrong[:6]}-{wrong[6:]}", TODAY))
    assert not list(find_personal_numbers("991332-1234 och 001301-0000", TODAY))


@pytest.mark.parametrize(
    "line",
    [
        "Ring socialjouren på 0980-319 290 eller växeln 0980-319 200.",
        "Mobil: 0701234567, tel. 0702345678",
        "Enligt 10 kap. 1 § socialtjänstlagen (2025:400) och SFS 2001:453.",
        "Diarienummer SN 2025/0123 och Dnr SN-2025-0042, ärende 2025-000123.",
        "Fastställd 2025-09-15, reviderad 20250915 och 2025-09-15--2026-09-15.",
        "Dokument IFO-RUT-001, IFO-MALL-009 version 2.1.",
        "Organisationsnummer 212000-2965 (Exempelkommun).",
        "Belopp 1 234 567 kr, postnummer 999 99, bankgiro 5050-1055.",
        "Riksnorm 2026: 3 390 kr; 1 190 310–1 234 567.",
        "Referensnummer i upphandlingen: 20250915-0042 <!-- kls: ej-personnummer -->",
    ],
)
def test_no_false_positives_on_ordinary_numbers(line):
    policy = email_policy(load_config(REPO))
    assert list(scan_lines([(1, line)], policy, TODAY)) == []


def test_marker_silences_line_and_documented_syntax_matches():
    policy = email_policy(load_config(REPO))
    line = "Exempel: 811218-9876"
    assert len(list(scan_lines([(1, line)], policy, TODAY))) == 1
    assert list(scan_lines([(1, line + " <!-- kls: ej-personnummer -->")], policy, TODAY)) == []
    assert list(scan_lines([(1, line + "  # kls: ej-personnummer")], policy, TODAY)) == []
    guide = (REPO / "docs" / "om" / "skriva-dokument.md").read_text(encoding="utf-8")
    assert "<!-- kls: ej-personnummer -->" in guide


def test_emails_allowed_at_own_domains_and_allow_list(project):
    config = load_config(project)
    policy = email_policy(config)
    assert policy.allowed("ifo@exempelkommun.se") and policy.allowed("Kvalitet@Exempelkommun.se")
    assert policy.allowed("registrator@socialtjanst.exempelkommun.se")  # subdomain of the unit's
    assert policy.allowed("namn@example.com")
    assert not policy.allowed("anna.svensson@gmail.com")
    assert not policy.allowed("ifo@exempelkommun.se.evil.com")
    kls_yml = project / "kls.yml"
    kls_yml.write_text(
        kls_yml.read_text(encoding="utf-8")
        + "\npersonuppgifter:\n  tillatna_epostdomaner: [ivo.se]\n  tillatna_epostadresser: [registrator@polisen.se]\n",
        encoding="utf-8",
    )
    policy = email_policy(load_config(project))
    assert policy.allowed("registrator@ivo.se") and policy.allowed("registrator@polisen.se")
    assert not policy.allowed("annan@polisen.se")


def test_public_error_internal_warning_with_file_and_line(project, monkeypatch, capsys):
    monkeypatch.chdir(project)
    body = "## Syfte\n\nText.\n\nKlient 811218-9876 hör av sig.\nSkriv till anna.svensson@gmail.com.\n"
    write_doc(project, REL, body=body, title="Publik", id="IFO-RUT-901", publicering="extern")
    write_doc(project, "rutiner/barn-och-unga/intern.md", body=body, title="Intern", id="IFO-RUT-902")
    assert main(["validera", "--per", TODAY.isoformat()]) == 1
    out = capsys.readouterr().out
    lines = [line for line in out.splitlines() if "811218-9876" in line or "gmail" in line]
    public_path = f"docs/{REL}"
    assert any(re.match(rf"{public_path}:\d+: fel: '811218-9876' ser ut som ett personnummer", x) for x in lines), out
    assert any(re.match(rf"{public_path}:\d+: fel: e-postadressen 'anna.svensson@gmail.com'", x) for x in lines), out
    assert any(x.startswith("docs/rutiner/barn-och-unga/intern.md:") and ": varning: " in x for x in lines), out
    number_line = int(next(x for x in lines if x.startswith(public_path) and "811218" in x).split(":")[1])
    text = (project / "docs" / REL).read_text(encoding="utf-8").split("\n")
    assert "811218-9876" in text[number_line - 1]


def test_front_matter_values_are_checked(project, today):
    write_doc(project, REL, title="Ärende 811218-9876", id="IFO-RUT-901", publicering="extern")
    found = [p for p in check_personal_data(load_corpus(load_config(project)), today)]
    assert len(found) == 1 and found[0].line == 2 and found[0].is_error


def test_no_false_positives_in_repo_content():
    """The real documents under docs/ and kls.yml contain no personal data by construction."""
    config = load_config(REPO)
    found = [p.format() for p in check_personal_data(load_corpus(config), TODAY)]
    assert found == []


def test_no_false_positives_in_generated_corpus(tmp_path):
    """The benchmark corpus generator's realistic Swedish text (dates, ids, SFS, phone numbers)."""
    corpus_gen = pytest.importorskip("kls.corpus_gen")
    root = corpus_gen.generate(tmp_path / "korpus", count=120, seed=11)
    config = load_config(root)
    found = [p.format() for p in check_personal_data(load_corpus(config), TODAY)]
    assert found == []


def test_no_false_positives_in_law_sources():
    """Real Swedish legal text with SFS numbers, dates and paragraph references."""
    files = sorted(Path("/work/shared/lagar").glob("*.y*ml"))
    if not files:
        pytest.skip("law sources not available")
    policy = email_policy(load_config(REPO))
    findings = []
    for path in files:
        lines = enumerate(path.read_text(encoding="utf-8").split("\n"), start=1)
        findings += [f for f in scan_lines(lines, policy, TODAY) if f.kind != "e-post"]
    assert findings == []
