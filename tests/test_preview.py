"""kls.preview.site_inputs: the fast preview rebuilds every page exactly when other pages may show the change."""

from __future__ import annotations

import os
from pathlib import Path

from helpers import write, write_doc
from kls.config import load_config
from kls.corpus import load_corpus
from kls.preview import site_inputs


def inputs(project: Path, extra: str = "intern|2026-11-23") -> str:
    return site_inputs(load_corpus(load_config(project)), project, project / "docs", extra)


def bump(path: Path) -> None:
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def test_text_of_a_document_is_no_input_of_other_pages(project: Path):
    doc = write_doc(project, "rutiner/socialjour/jour.md", body="## Syfte\n\nRing bakjouren.\n", id="IFO-RUT-901")
    before = inputs(project)
    doc.write_text(doc.read_text(encoding="utf-8").replace("Ring bakjouren.", "Ring socialjourens bakjour."), encoding="utf-8")
    bump(doc)
    assert inputs(project) == before


def test_front_matter_files_settings_and_templates_are(project: Path):
    doc = write_doc(project, "rutiner/socialjour/jour.md", id="IFO-RUT-901", title="Jourrutin")
    seen = [inputs(project)]

    doc.write_text(doc.read_text(encoding="utf-8").replace("title: Jourrutin", "title: Jourrutin för natten"), encoding="utf-8")
    seen.append(inputs(project))  # a title: the type and area pages and dok() show it
    doc.write_text(doc.read_text(encoding="utf-8").replace("version: '1.0'", "version: '1.1'"), encoding="utf-8")
    seen.append(inputs(project))
    write(project / "docs", "rutiner/socialjour/jour/schema.png", b"\x89PNG")
    seen.append(inputs(project))  # a new file: links and attachments
    new = write_doc(project, "rutiner/socialjour/ny.md", id="IFO-RUT-902")
    seen.append(inputs(project))
    new.unlink()
    assert inputs(project) == seen[-2]  # removed again: as before
    kls_yml = project / "kls.yml"
    kls_yml.write_text(kls_yml.read_text(encoding="utf-8").replace('"0980-319 200"', '"0980-319 201"'), encoding="utf-8")
    seen.append(inputs(project))
    template = project / "overrides" / "main.html"
    template.write_text(template.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    seen.append(inputs(project))
    seen.append(inputs(project, extra="intern|2026-11-24"))  # another build date: the revision marks
    seen.append(inputs(project, extra="publik|2026-11-23"))
    assert len(set(seen)) == len(seen) == 9
