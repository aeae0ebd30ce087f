"""Pieces of the site glue (overrides/hooks/kls_site.py) that stand in for Material templates."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import material
import pytest
from jinja2 import Environment, FileSystemLoader

REPO = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("kls_site", REPO / "overrides" / "hooks" / "kls_site.py")
kls_site = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(kls_site)

MATERIAL = Path(material.__file__).parent / "templates"


@pytest.mark.parametrize("language", ["sv", "en", "de"])
def test_translations_are_materials(language):
    # Material's own partials/language.html, imported as base.html imports it, against kls_t.
    env = Environment(loader=FileSystemLoader(str(MATERIAL)))
    material_t = env.get_template("partials/language.html").make_module({"config": {"theme": {"language": language}}}).t
    kls_t = kls_site.translations(env, language)
    keys = re.findall(r'^\s*"([^"]+)":', (MATERIAL / "partials" / "languages" / "en.html").read_text(encoding="utf-8"), re.M)
    assert len(keys) > 50
    for key in [*keys, "saknas.helt"]:
        assert str(kls_t(key)) == str(material_t(key)), key
    assert str(kls_t("saknas.helt")) == "saknas.helt"
