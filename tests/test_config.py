"""kls.yml loading."""

import re
from pathlib import Path

import pytest

from kls.cli import main
from kls.config import load_config
from kls.errors import KlsError


def test_repo_config_loads(config):
    assert "barn-och-unga" in config.areas
    assert "Enhetschef IFO" in config.owner_roles
    assert config.default_intervals["rutin"] == "12 månader"
    assert config.unit["telefon_socialjour"]


def test_config_errors_are_swedish(tmp_path):
    (tmp_path / "kls.yml").write_text("enhet: {namn: X}\nomraden: [\n", encoding="utf-8")
    with pytest.raises(KlsError, match=r"kls.yml:\d+: fel: ogiltig YAML"):
        load_config(tmp_path)
    (tmp_path / "kls.yml").write_text("enhet: {namn: X}\n", encoding="utf-8")
    with pytest.raises(KlsError, match="'omraden' saknas"):
        load_config(tmp_path)


def test_no_config_found(tmp_path):
    with pytest.raises(KlsError, match="Hittar ingen kls.yml"):
        load_config(tmp_path)


REPO_YML = (Path(__file__).resolve().parent.parent / "kls.yml").read_text(encoding="utf-8")


def _edit(tmp_path: Path, pattern: str, replacement: str) -> tuple[Path, int]:
    """The repo's kls.yml with one block replaced; returns the folder and the edited line."""
    match = re.search(pattern, REPO_YML, flags=re.S | re.M)
    assert match, pattern
    text = REPO_YML[: match.start()] + replacement + REPO_YML[match.end() :]
    (tmp_path / "kls.yml").write_text(text, encoding="utf-8")
    return tmp_path, REPO_YML[: match.start()].count("\n") + 1


@pytest.mark.parametrize(
    ("pattern", "replacement", "message"),
    [
        (r"^omraden:.*?\n\n", "omraden: [a, b]\n\n", "'omraden' ska vara nycklar och värden"),
        (r"^revisionsintervall:.*?\n\n", "revisionsintervall: [1]\n\n", "'revisionsintervall' ska vara nycklar och värden"),
        (r"^enhet:.*?\n\n", "enhet: [a]\n\n", "'enhet' ska vara nycklar och värden"),
        (r"^agare:.*?\n\n", "agare: Socialchef\n\n", "'agare' ska vara en lista med roller"),
        (r"^lagrum_lank:.*", "lagrum_lank: 5", "'lagrum_lank' ska vara en webbadress"),
        (r"^  rutin: 12 månader", "  rutin: tolv", "revisionsintervallet för rutin ('tolv') går inte att läsa"),
        (r"^  familjeratt: Familjerätt", "  familjeratt: [Familjerätt]", "området 'familjeratt' ska ha ett namn"),
    ],
)
def test_wrong_types_are_reported_with_line(tmp_path, pattern, replacement, message):
    root, line = _edit(tmp_path, pattern, replacement)
    with pytest.raises(KlsError) as info:
        load_config(root)
    assert str(info.value).startswith(f"kls.yml:{line}: fel: {message}")
    assert getattr(info.value, "exit_code", 1) == 2


def test_more_config_mistakes(tmp_path):
    root, line = _edit(tmp_path, r"^lagrum_lank:.*", "lagrum_lenk: https://lagen.nu/")
    with pytest.raises(KlsError, match=rf"^kls.yml:{line}: fel: okänd nyckel 'lagrum_lenk'. Menade du 'lagrum_lank'\?"):
        load_config(root)
    root, line = _edit(tmp_path, r"^  - roll: Familjerättssekreterare", "  - roll: Socialchef")
    with pytest.raises(KlsError, match=rf"^kls.yml:{line}: fel: rollen 'Socialchef' står två gånger"):
        load_config(root)
    root, line = _edit(tmp_path, r"^  missbruk: ", "  Missbruk och beroende: ")
    with pytest.raises(KlsError, match=rf"^kls.yml:{line}: fel: områdets kortnamn 'Missbruk och beroende'"):
        load_config(root)


def test_every_mistake_is_listed(tmp_path):
    text = REPO_YML.replace("lagrum_lank: https://lagen.nu/", "lagrum_lank: 5").replace("  rutin: 12 månader", "  rutin: tolv")
    (tmp_path / "kls.yml").write_text(text, encoding="utf-8")
    with pytest.raises(KlsError) as info:
        load_config(tmp_path)
    lines = str(info.value).splitlines()
    assert len(lines) == 2 and all(re.match(r"kls\.yml:\d+: fel: ", line) for line in lines)


def test_bad_config_exits_2_without_traceback(tmp_path, capsys, monkeypatch):
    root, line = _edit(tmp_path, r"^omraden:.*?\n\n", "omraden: [a, b]\n\n")
    monkeypatch.chdir(root)
    assert main(["validera"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"kls.yml:{line}: fel: 'omraden' ska vara nycklar och värden")
    assert "internt fel" not in err and "Traceback" not in err


def test_integer_interval_means_months(tmp_path):
    root, _line = _edit(tmp_path, r"^  rutin: 12 månader", "  rutin: 12")
    assert load_config(root).default_intervals["rutin"] == "12 månader"


def test_personal_data_lists_must_be_lists(tmp_path):
    text = REPO_YML + "\npersonuppgifter:\n  tillatna_epostdomaner: ivo.se\n"
    (tmp_path / "kls.yml").write_text(text, encoding="utf-8")
    line = text.count("\n")
    with pytest.raises(KlsError, match=rf"^kls.yml:{line}: fel: 'personuppgifter.tillatna_epostdomaner' ska vara en lista"):
        load_config(tmp_path)


def test_a_key_written_twice_is_an_error_at_its_second_line(tmp_path):
    root, line = _edit(tmp_path, r"^  telefon_mottagning: ", '  telefon_vaxel: "0980-319 999"\n  telefon_mottagning: ')
    with pytest.raises(KlsError, match=rf"kls.yml:{line}: fel: nyckeln 'telefon_vaxel' finns två gånger \(rad \d+ och {line}\)"):
        load_config(root)


def test_template_code_in_kls_yml_is_an_error(tmp_path):
    """Area names and unit facts go into pages that mkdocs-macros renders."""
    root, line = _edit(tmp_path, r"^  familjeratt: Familjerätt", '  familjeratt: "Familjerätt {{ 7*191 }}"')
    with pytest.raises(KlsError, match=rf"kls.yml:{line}: fel: mallkod"):
        load_config(root)
