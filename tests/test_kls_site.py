"""Pieces of the site glue (overrides/hooks/kls_site.py): stand-ins for Material templates, the build log."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import material
import pytest
from jinja2 import Environment, FileSystemLoader

from helpers import write_doc

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


def mkdocs_build(project: Path, out: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, KLS_WEBBPLATS="intern", KLS_BYGGDATUM="2026-11-23", NO_MKDOCS_2_WARNING="1")
    command = [sys.executable, "-m", "mkdocs", "build", "--site-dir", out]
    return subprocess.run(command, cwd=project, env=env, capture_output=True, text=True)


def test_build_log_lists_no_documents_and_keeps_macro_errors(project):
    """`kls visa` shows MkDocs' log on every save: documents are reached from the type and area
    pages, so MkDocs' list of pages missing from the navigation (every document) and the macros
    plugin's setup report stay out of it; a macro error still shows and fails the build."""
    for n in range(3):
        write_doc(project, f"rutiner/barn-och-unga/rutin-{n}.md", title=f"Rutin {n}", id=f"IFO-RUT-10{n}")
    ok = mkdocs_build(project, "ut")
    assert ok.returncode == 0, ok.stderr
    log = ok.stdout + ok.stderr
    assert "Documentation built" in log
    assert "rutin-1.md" not in log and "[macros]" not in log
    assert (project / "ut/rutiner/barn-och-unga/rutin-1/index.html").is_file()
    write_doc(project, "rutiner/barn-och-unga/rutin-1.md", body="Ring {{ finns_inte() }}.\n", title="Rutin 1", id="IFO-RUT-101")
    bad = mkdocs_build(project, "ut-2")
    assert bad.returncode != 0
    assert "[macros]" in bad.stderr and "finns_inte" in bad.stderr
