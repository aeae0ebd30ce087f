"""bench/material_bound.py: the bare Material builds it times are the sites it claims to be.

Only what the bound rests on is checked (timings are the script's business, never a test's): the
bare public site has exactly the public documents, the bare staff site all of them, and the search
variant indexes the public documents on the public site and only the internal ones on the staff site.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import material_bound  # noqa: E402

from kls.config import load_config  # noqa: E402
from kls.corpus import load_corpus  # noqa: E402
from kls.corpus_gen import generate  # noqa: E402


def built_pages(site: Path) -> set[str]:
    return {str(p.parent.relative_to(site)) for p in site.rglob("index.html") if p.parent != site}


def test_bare_sites_hold_what_kls_bygg_would_publish(tmp_path):
    root = generate(tmp_path / "projekt", 24, 1)
    corpus = load_corpus(load_config(root))
    public = {d.url.strip("/") for d in corpus.documents if d.public}
    internal = {d.url.strip("/") for d in corpus.documents if not d.public}
    assert public and internal
    projects = material_bound.bare_projects(root, tmp_path)
    search = {"publik": sorted(public), "intern": sorted(internal)}
    wall, cpu, seconds = material_bound.build_bare(projects, tmp_path, search)
    assert set(seconds) == {"publik", "intern"} and wall > 0 and cpu > 0

    public_site, staff_site = tmp_path / "bar-publik-site", tmp_path / "bar-intern-site"
    documents = public | internal
    assert built_pages(public_site) & documents == public
    assert built_pages(staff_site) & documents == documents
    assert (public_site / "pagefind" / "pagefind.js").is_file()
    assert (staff_site / "pagefind" / "pagefind.js").is_file()
    assert {
        str(p.parent.relative_to(tmp_path / "bar-intern-site-sok"))
        for p in (tmp_path / "bar-intern-site-sok").rglob("index.html")
    } == internal
    assert {
        str(p.parent.relative_to(tmp_path / "bar-publik-site-sok"))
        for p in (tmp_path / "bar-publik-site-sok").rglob("index.html")
    } == public
