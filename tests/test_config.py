"""kls.yml loading."""

import pytest

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
