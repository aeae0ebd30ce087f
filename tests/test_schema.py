"""Swedish schema messages: values and keys as the writer wrote them, at their own lines."""

from __future__ import annotations

import re

import pytest

from helpers import doc_text, write
from kls.corpus import load_corpus
from kls.validate import validate

REL = "rutiner/barn-och-unga/testrutin.md"
PATH = f"docs/{REL}"
# Python spellings that must never reach a writer: None, True, ['rutin'], bytes, set, inf, nan
PYTHON_ISMS = re.compile(r"\bNone\b|\bTrue\b|\bFalse\b|\['|inte bytes\b|inte set\b|(?<!\.)\binf\b|(?<!\.)\bnan\b")


def problems_for(project, config, today, edit) -> list[str]:
    """Problems in the test document after `edit` (a function on its text lines)."""
    lines = doc_text().split("\n")
    edit(lines)
    write(project / "docs", REL, "\n".join(lines))
    return [p.format() for p in validate(load_corpus(config), today)]


def replace(old: str, new: str):
    def edit(lines: list[str]) -> None:
        lines[lines.index(old)] = new

    return edit


def add(*new: str):
    def edit(lines: list[str]) -> None:
        lines[2:2] = new  # after title (line 2): the added lines start at line 3

    return edit


@pytest.mark.parametrize(
    "edit, expected",
    [
        (replace("dokumenttyp: rutin", "dokumenttyp:"), ":4: fel: 'dokumenttyp' saknar värde (tillåtna: riktlinje, rutin"),
        (replace("dokumenttyp: rutin", "dokumenttyp: true"), ":4: fel: 'dokumenttyp' har värdet true som inte är tillåtet"),
        (replace("dokumenttyp: rutin", "dokumenttyp: [rutin]"), ":4: fel: 'dokumenttyp' har värdet [rutin] som inte"),
        (replace("ägare: Enhetschef IFO", "ägare:"), ":6: fel: 'ägare' saknar värde (ska vara text)"),
        (replace("ägare: Enhetschef IFO", "ägare: yes"), ":6: fel: 'ägare' ska vara text, inte sant/falskt (true)"),
        (replace("title: Testrutin", "title: !!binary aGVq"), ":2: fel: 'title' ska vara text, inte binärdata"),
        (add("tags: !!set {a, b}"), ":3: fel: 'tags' ska vara lista, inte mängd"),
        (replace("version: '1.0'", "version: .inf"), ":9: fel: 'version' '.inf' ska vara ett heltal eller X.Y"),
        (replace("version: '1.0'", "version: {a: 1}"), ":9: fel: 'version' ska vara text eller tal, inte nycklar och värden"),
        (add("relaterade: [IFO-RUT-900, 7]"), ":3: fel: 'relaterade' post 2 ska vara text, inte heltal"),
        (add("ändringslogg:", "  - datum: '2025-09-01'", "    12: x"), ":3: fel: okänd nyckel '12' i 'ändringslogg' post 1"),
        (add("ändringslogg:", "  - datum: '2025-09-01'"), "obligatorisk nyckel 'ändring' saknas i 'ändringslogg' post 1"),
    ],
)
def test_values_are_shown_as_written(project, config, today, edit, expected):
    found = problems_for(project, config, today, edit)
    assert any(p.startswith(PATH) and expected in p for p in found), found
    assert not [p for p in found if PYTHON_ISMS.search(p.split(": ", 2)[-1])], found


def test_empty_owner_is_one_type_error_not_an_unknown_role(project, config, today):
    found = problems_for(project, config, today, replace("ägare: Enhetschef IFO", "ägare:"))
    assert found == [f"{PATH}:6: fel: 'ägare' saknar värde (ska vara text)"]


def test_keys_read_as_bool_number_or_null_are_shown_as_written_at_their_lines(project, config, today):
    found = problems_for(project, config, today, add("yes: 1", "12: 2", "~: 3"))
    assert f"{PATH}:3: varning: okänd nyckel 'yes'." in found
    assert f"{PATH}:4: varning: okänd nyckel '12'." in found
    assert f"{PATH}:5: varning: okänd nyckel '~'." in found


def test_duplicate_key_is_an_error_at_the_duplicate(project, config, today):
    found = problems_for(project, config, today, lambda lines: lines.insert(12, "ägare: Anna Svensson"))
    assert found == [f"{PATH}:13: fel: ogiltig YAML i front matter: nyckeln 'ägare' finns två gånger (rad 6 och 13)"]


def test_later_publicering_does_not_silently_win(project, config, today):
    found = problems_for(project, config, today, add("publicering: extern", "publicering: intern"))
    assert found == [f"{PATH}:4: fel: ogiltig YAML i front matter: nyckeln 'publicering' finns två gånger (rad 3 och 4)"]


def test_show_value():
    from kls.schema import show_value

    assert [show_value(v) for v in (None, True, False, 2, 2.5, "rutin", ["rutin", 1], {"a": None})] == [
        "tomt",
        "true",
        "false",
        "2",
        "2.5",
        "'rutin'",
        "[rutin, 1]",
        "{a: tomt}",
    ]
    assert show_value("a\nb") == "'a\\nb'" and show_value("x" * 200).endswith("…'")


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        ("version: '1.0'", "version: [2]", "version"),
        ("revisionsintervall: 12 månader", "revisionsintervall: true", "revisionsintervall"),
        ("version: '1.0'", "ändringslogg: [{datum: null, version: '1.0', ändring: Ny}]", "ändringslogg"),
    ],
)
def test_a_wrong_type_is_one_message_without_python_values(project, config, today, old, new, key):
    """The schema reports the type; the date, interval and version checks do not repeat it in
    Python's spelling ('version' [2], True går inte att läsa, ogiltigt datum None)."""
    line = doc_text().split("\n").index(old) + 1
    found = problems_for(project, config, today, replace(old, new))
    assert not [p for p in found if PYTHON_ISMS.search(p)], found
    assert len([p for p in found if p.startswith(f"{PATH}:{line}:")]) == 1, found
