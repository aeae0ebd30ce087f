"""Reading front matter facts from Word text: labels, dates, types, owners, legal references."""

from __future__ import annotations

import datetime as dt

import pytest

from kls.word.metadata import (
    find_lagrum,
    is_type_folder,
    label_key,
    match_owner,
    pairs_from_grid,
    pairs_from_text,
    read_date,
    slugify,
    title_from_filename,
    type_from_words,
)


@pytest.mark.parametrize(
    ("label", "key"),
    [
        ("Fastställd:", "fastställd"),
        ("Fastställd av", "fastställd_av"),
        ("Beslutad av:", "fastställd_av"),
        ("Revideras senast", "revideras"),
        ("Nästa revision", "revideras"),
        ("Ansvarig:", "ägare"),
        ("Dokumentansvarig", "ägare"),
        ("Gäller fr.o.m.", "fastställd"),
        ("Diarienummer", "_other"),
        ("Syfte", None),
    ],
)
def test_labels(label, key):
    assert label_key(label) == key


def test_pairs_from_text_needs_only_labels():
    assert pairs_from_text("Fastställd: 2021-03-01\tAnsvarig: Enhetschef IFO") == [
        ("fastställd", "2021-03-01"),
        ("ägare", "Enhetschef IFO"),
    ]
    assert pairs_from_text("Ansvarig: handläggaren ringer upp") == [("ägare", "handläggaren ringer upp")]
    assert pairs_from_text("Tid: 10.00 och plats: kontoret") == []


def test_pairs_from_grid_in_every_layout():
    rows_label_value = [["Fastställd av", "Socialnämnden"], ["Ansvarig", "Socialchef"]]
    assert pairs_from_grid(rows_label_value) == [("fastställd_av", "Socialnämnden"), ("ägare", "Socialchef")]
    four_columns = [["Fastställd", "2021-03-01", "Version", "2"]]
    assert pairs_from_grid(four_columns) == [("fastställd", "2021-03-01"), ("version", "2")]
    header_row = [["Beslutad av", "Datum", "Ansvarig"], ["Socialnämnden", "2021-03-01", "Socialchef"]]
    assert ("ägare", "Socialchef") in pairs_from_grid(header_row)
    label_over_value = [["Fastställd av\nSocialnämnden 2020-01-15 § 3", "Revideras senast\n2022-01-15"]]
    assert pairs_from_grid(label_over_value) == [("fastställd_av", "Socialnämnden 2020-01-15 § 3"), ("revideras", "2022-01-15")]
    assert pairs_from_grid([["Steg", "Ansvar"], ["1", "Ring"]]) == []


@pytest.mark.parametrize(
    ("text", "expected", "noted"),
    [
        ("2021-03-01", dt.date(2021, 3, 1), False),
        ("Fastställd 2021-3-1 av nämnden", dt.date(2021, 3, 1), False),
        ("20210301", dt.date(2021, 3, 1), False),
        ("den 1 mars 2023", dt.date(2023, 3, 1), False),
        ("15 sept. 2022", dt.date(2022, 9, 15), False),
        ("mars 2023", dt.date(2023, 3, 1), True),
        ("2024", dt.date(2024, 1, 1), True),
        ("2021-02-30", None, False),
        ("snarast", None, False),
    ],
)
def test_read_date(text, expected, noted):
    found = read_date(text)
    assert (found.value if found else None) == expected
    if found:
        assert bool(found.note) == noted


def test_slugify_and_titles():
    assert slugify("Ekonomiskt bistånd") == "ekonomiskt-bistand"
    assert slugify("Rutin – Våld i nära relationer (2021)") == "rutin-vald-i-nara-relationer-2021"
    assert title_from_filename("anteckningar_om_hembesok") == "Anteckningar om hembesok"


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Rutin för orosanmälan", "rutin"),
        ("Orosanmälan - rutin", "rutin"),
        ("Rutinbeskrivning hembesök", "rutin"),
        ("Riktlinjer för ekonomiskt bistånd", "riktlinje"),
        ("Mall samtycke", "mall"),
        ("Blankett ansökan", "mall"),
        ("Processbeskrivning utredning", "process"),
        ("Mallorca resa", None),
        ("Hembesök", None),
    ],
)
def test_type_from_words(name, key):
    found = type_from_words(name)
    assert (found.key if found else None) == key


def test_type_folders_are_not_areas():
    assert is_type_folder("Rutiner") and is_type_folder("Mallar") and not is_type_folder("Barn och unga")


def test_owner_is_never_guessed():
    roles = ["Enhetschef IFO", "Socialchef"]
    assert match_owner("enhetschef ifo", roles) == ("Enhetschef IFO", None)
    assert match_owner("Enhetschef", roles) == (None, "Enhetschef IFO")
    assert match_owner("Anna Andersson", roles)[0] is None


def test_find_lagrum_keeps_references_as_written():
    text = (
        "Anmälan görs enligt 19 kap. 1 § socialtjänstlagen (2025:400). Sekretess följer av "
        "26 kap. 1 § offentlighets- och sekretesslagen (2009:400) och SOSFS 2011:9. Ring 08-123 45 67 kl. 10."
    )
    found, _ = find_lagrum(text, dt.date(2025, 9, 1))
    assert found == [
        "19 kap. 1 § socialtjänstlagen (2025:400)",
        "26 kap. 1 § offentlighets- och sekretesslagen (2009:400)",
        "SOSFS 2011:9",
    ]
    assert find_lagrum("Inga lagrum här, bara 3 punkter och 2021-03-01.")[0] == []
