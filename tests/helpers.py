"""Test helpers: build small, real KLS-webb projects in a temporary folder."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent

DEFAULT_META: dict[str, Any] = {
    "dokumenttyp": "rutin",
    "område": "barn-och-unga",
    "ägare": "Enhetschef IFO",
    "fastställd": "2025-09-01",
    "revisionsintervall": "12 månader",
    "version": "1.0",
    "lagrum": ["19 kap. 1 § socialtjänstlagen (2025:400)"],
    "fastställd_av": "Enhetschef IFO",
}


def front_matter(meta: dict[str, Any]) -> str:
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n"


def write(root: Path, rel: str, text: str | bytes) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


# The default body cites the default `lagrum`, so a default document passes the law checks (issue 4).
DEFAULT_BODY = "## Syfte\n\nText enligt 19 kap. 1 § socialtjänstlagen (2025:400).\n"


def doc_text(body: str = DEFAULT_BODY, **meta: Any) -> str:
    data = {"title": meta.pop("title", "Testrutin"), "id": meta.pop("id", "IFO-RUT-900"), **DEFAULT_META, **meta}
    return front_matter({k: v for k, v in data.items() if v is not None}) + "\n" + body


def write_doc(root: Path, rel: str, body: str = DEFAULT_BODY, **meta: Any) -> Path:
    """Write a document under docs/; type and area default from the folder."""
    parts = rel.split("/")
    types = {"riktlinjer": "riktlinje", "rutiner": "rutin", "processer": "process", "mallar": "mall"}
    meta.setdefault("dokumenttyp", types.get(parts[0], "rutin"))
    if len(parts) >= 3:
        meta.setdefault("område", parts[1])
    return write(root / "docs", rel, doc_text(body, **meta))


def make_project(root: Path, with_pages: bool = True) -> Path:
    """A project skeleton with the repo's real configuration, templates and start page."""
    root.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "kls.yml"):
        shutil.copy(REPO / name, root / name)
    shutil.copytree(REPO / "overrides", root / "overrides", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(REPO / "docs" / "assets", root / "docs" / "assets")
    shutil.copy(REPO / "docs" / "index.md", root / "docs" / "index.md")
    if with_pages:
        for name, title in (("ledningssystemet", "Om ledningssystemet"), ("tillganglighet", "Tillgänglighetsredogörelse")):
            write(root / "docs", f"om/{name}.md", front_matter({"title": title, "publicering": "extern"}) + "\nText.\n")
    return root


def site_files(site: Path) -> dict[str, bytes]:
    """Every file of a built site by relative path, without Pagefind's (its names differ per run)."""
    return {
        str(p.relative_to(site)): p.read_bytes()
        for p in site.rglob("*")
        if p.is_file() and not any(part.startswith("pagefind") for part in p.parts)
    }
