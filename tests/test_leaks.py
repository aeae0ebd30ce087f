"""No internal content on the public site, by any path.

A corpus with ~30 % internal documents, each carrying a unique marker in its title, body,
headings, tags, legal references, description, change log and file name, is built with
`kls bygg`. No file of the public output (HTML, search index in whichever engine, sitemap,
feeds, calendars, 404, JSON, compressed files) may contain a marker, and no link may point
at an internal page. A public document that links to an internal one is a validation error.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gzip
import json
import re
import subprocess
import sys
import zlib
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from helpers import make_project, write, write_doc
from kls.cli import main

AREAS = ["barn-och-unga", "ekonomiskt-bistand", "missbruk", "socialjour", "familjeratt"]
TYPES = [("rutiner", "RUT"), ("riktlinjer", "RIK"), ("processer", "PRO"), ("mallar", "MALL")]
TOTAL = 40
INTERNAL_EVERY = 10  # documents 0,3,6 of each ten are internal: 30 %


def marker(n: int) -> str:
    return f"Xqzlaeck{n:03d}Z"  # unique, ASCII, unlikely anywhere else


def is_internal(n: int) -> bool:
    return n % INTERNAL_EVERY in (0, 3, 6)


def build_corpus(root: Path) -> dict[str, dict]:
    """Write TOTAL documents; return internal ones: marker -> {id, rel}."""
    make_project(root)
    internal: dict[str, dict] = {}
    public_ids = [f"IFO-{TYPES[n % 4][1]}-{n + 100}" for n in range(TOTAL) if not is_internal(n)]
    for n in range(TOTAL):
        folder, prefix = TYPES[n % 4]
        area = AREAS[n % len(AREAS)]
        doc_id = f"IFO-{prefix}-{n + 100}"
        owner = "Samordnare socialjour" if area == "socialjour" else "Enhetschef IFO"
        if is_internal(n):
            m = marker(n)
            rel = f"{folder}/{area}/{m.lower()}-rutin.md"
            body = (
                f"## Syfte {m}\n\nDen här texten nämner {m} och länkar till "
                f'{{{{ dok("{public_ids[n % len(public_ids)]}") }}}}.\n\n'
                f"### Steg {m}\n\n1. Gör {m}.\n\n| Kolumn | {m} |\n|---|---|\n| x | {m} |\n"
            )
            meta = {
                "title": f"Intern rutin {m}",
                "description": f"Sammanfattning {m}",
                "tags": [m.lower(), f"{m} tagg"],
                "lagrum": [f"{m} 3 kap. 1 § socialtjänstlagen (2025:400)"],
                "fastställd_av": f"Enhetschef {m}",
                "ändringslogg": [{"datum": "2025-09-01", "version": "1.0", "ändring": f"Ny rutin {m}"}],
                "relaterade": [public_ids[(n + 1) % len(public_ids)]],
                "publicering": "intern",
            }
            if n == 30:
                meta["upphävd"] = "2026-01-01"  # a withdrawn internal document
                meta["ersatt_av"] = public_ids[0]
            internal[m] = {"id": doc_id, "rel": rel}
        else:
            rel = f"{folder}/{area}/dokument-{n}.md"
            body = "## Syfte\n\nOffentlig text om handläggning.\n"
            meta = {"title": f"Publikt dokument {n}", "publicering": "extern", "tags": ["offentlig"]}
        write_doc(root, rel, body=body, id=doc_id, ägare=owner, **meta)
    # internal ordinary pages (not documents) and an internal-only area
    m = marker(900)
    write(root / "docs", f"om/{m.lower()}.md", f"---\ntitle: Intern sida {m}\n---\n\n# Intern sida {m}\n\nText {m}.\n")
    internal[m] = {"id": None, "rel": f"om/{m.lower()}.md"}
    m = marker(901)
    rel = f"rutiner/socialpsykiatri/{m.lower()}.md"
    write_doc(root, rel, body=f"## {m}\n", title=f"Ensam intern {m}", id="IFO-RUT-999", lagrum=[f"{m} 1 §"])
    internal[m] = {"id": "IFO-RUT-999", "rel": rel}
    return internal


def decoded_contents(path: Path) -> list[bytes]:
    """The file's bytes, plus decompressed forms (gzip, zlib) for search index chunks."""
    raw = path.read_bytes()
    out = [raw]
    if raw[:2] == b"\x1f\x8b":
        with contextlib.suppress(OSError, EOFError):
            out.append(gzip.decompress(raw))
    elif raw[:1] == b"\x78":
        with contextlib.suppress(zlib.error):
            out.append(zlib.decompress(raw))
    # pagefind fragments start with a "pagefind_dcd" signature before their gzip data
    start = raw.find(b"\x1f\x8b", 0, 64)
    if start > 0:
        with contextlib.suppress(OSError, EOFError):
            out.append(gzip.decompress(raw[start:]))
    return out


def url_of(rel: str) -> str:
    stem = rel[:-3]
    return stem[: -len("index")] if stem.endswith("/index") else stem + "/"


@pytest.fixture(scope="module")
def leak_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("laeckor") / "projekt"
    internal = build_corpus(root)
    result = subprocess.run(
        [sys.executable, "-m", "kls.cli", "--rot", str(root), "bygg", "--per", "2026-11-23"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    return root, internal


def test_corpus_is_about_thirty_percent_internal(leak_site):
    root, internal = leak_site
    documents = list((root / "docs").glob("*/*/*.md"))
    internal_docs = [m for m, v in internal.items() if v["rel"].split("/")[0] != "om"]
    assert 0.25 <= len(internal_docs) / len(documents) <= 0.35


def test_staff_site_has_every_marker(leak_site):
    """The markers are really rendered (so their absence on the public site means something)."""
    root, internal = leak_site
    staff = root / "site" / "intern"
    text = b"".join(b for p in staff.rglob("*") if p.is_file() for b in decoded_contents(p)).lower()
    missing = [m for m in internal if m.lower().encode() not in text]
    assert missing == []


def test_no_marker_in_any_public_file(leak_site):
    root, internal = leak_site
    public = root / "site" / "publik"
    files = [p for p in public.rglob("*") if p.is_file()]
    assert len(files) > 20
    names = {p.suffix for p in files}
    assert ".html" in names and (public / "sitemap.xml").exists() and (public / "404.html").exists()
    leaked = []
    for path in files:
        rel = path.relative_to(public).as_posix().lower()
        for m in internal:
            if m.lower() in rel:
                leaked.append((rel, m, "filnamn"))
        for content in decoded_contents(path):
            low = content.lower()
            for m, info in internal.items():
                if m.lower().encode() in low:
                    leaked.append((rel, m, "innehåll"))
                if info["id"] and info["id"].encode().lower() in low:
                    leaked.append((rel, info["id"], "id"))
    assert leaked == [], f"{len(leaked)} läckor: {leaked[:10]}"


def test_no_public_link_points_at_an_internal_page(leak_site):
    root, internal = leak_site
    public = root / "site" / "publik"
    internal_urls = {url_of(info["rel"]) for info in internal.values()}
    base = "https://ifo.exempelkommun.se/"
    bad = []
    for path in public.rglob("*.html"):
        page_url = urljoin(base, path.relative_to(public).as_posix())
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.find_all(href=True) + soup.find_all(src=True):
            target = urljoin(page_url, tag.get("href") or tag.get("src"))
            parts = urlsplit(target)
            if parts.netloc != "ifo.exempelkommun.se":
                continue
            target_path = unquote(parts.path).lstrip("/")
            if target_path in internal_urls or target_path.rstrip("/") + "/" in internal_urls:
                bad.append((path.relative_to(public).as_posix(), target))
            elif not (public / target_path).exists() and not (public / target_path / "index.html").exists():
                bad.append((path.relative_to(public).as_posix(), f"saknas: {target}"))
    assert bad == []
    listing = json.loads((public / "dokument.json").read_text(encoding="utf-8"))
    assert all(d["public"] for d in listing) and len(listing) == 28


# --- validation: a public document linking to an internal one ---------------------------------

LINK_CASES = {
    "relaterade": ({"relaterade": ["IFO-RUT-950"]}, "", "relaterade"),
    "dok": ({}, 'Se {{ dok("IFO-RUT-950") }}.\n', "dok("),
    "markdown": ({}, "Se [den interna rutinen](../socialjour/hemlig.md).\n", "../socialjour/hemlig.md"),
    "markdown-ankare": ({}, "Se [avsnitt](../socialjour/hemlig.md#steg).\n", "hemlig.md#steg"),
    "referens": ({}, "Se [rutinen][r].\n\n[r]: ../socialjour/hemlig.md\n", "../socialjour/hemlig.md"),
    "katalog": ({}, "Se [rutinen](../../socialjour/hemlig/).\n", "hemlig/"),
    "html": ({}, '<a href="../socialjour/hemlig.md">rutinen</a>\n', "hemlig.md"),
    "ersatt_av": ({"upphävd": "2026-01-01", "ersatt_av": "IFO-RUT-950"}, "", "ersatt_av"),
}


@pytest.mark.parametrize("case", list(LINK_CASES))
def test_public_link_to_internal_document_is_a_validation_error(case, tmp_path, monkeypatch, capsys):
    root = make_project(tmp_path / "projekt")
    monkeypatch.chdir(root)
    write_doc(root, "rutiner/socialjour/hemlig.md", title="Hemlig", id="IFO-RUT-950", ägare="Samordnare socialjour")
    meta, link, needle = LINK_CASES[case]
    rel = "rutiner/barn-och-unga/publik.md"
    body = f"## Syfte\n\nText.\n\n{link}"
    path = write_doc(root, rel, body=body, title="Publik", id="IFO-RUT-951", publicering="extern", **meta)
    assert main(["validera", "--per", "2026-11-23"]) == 1
    out = capsys.readouterr().out
    lines = path.read_text(encoding="utf-8").split("\n")
    found = [x for x in out.splitlines() if x.startswith(f"docs/{rel}:") and "intern" in x]
    assert found, out
    number = int(found[0].split(":")[1])
    assert needle.split("(")[0] in lines[number - 1] or needle in lines[number - 1], (found, lines[number - 1])
    assert main(["bygg", "--per", "2026-11-23"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "Bygget avbröts" in err
    assert not (root / "site" / "publik").exists()


def test_internal_document_may_link_to_internal(tmp_path, monkeypatch, capsys):
    root = make_project(tmp_path / "projekt")
    monkeypatch.chdir(root)
    write_doc(root, "rutiner/socialjour/hemlig.md", title="Hemlig", id="IFO-RUT-950", ägare="Samordnare socialjour")
    body = 'Se [rutinen](../socialjour/hemlig.md) och {{ dok("IFO-RUT-950") }}.\n'
    write_doc(root, "rutiner/barn-och-unga/intern.md", body=body, title="Intern", id="IFO-RUT-951", relaterade=["IFO-RUT-950"])
    assert main(["validera", "--per", "2026-11-23"]) == 0, capsys.readouterr().out


def test_markers_are_distinct():
    assert len({marker(n) for n in range(TOTAL)}) == TOTAL
    assert all(re.fullmatch(r"[A-Za-z0-9]+", marker(n)) for n in range(3))


# --- files under docs/: symbolic links and files that belong to no public document -------------

FILE_MARKERS = {
    "secret-file": "Xqzlsymfil1Z",  # a file outside docs/, linked in as docs/assets/info.txt
    "secret-dir": "Xqzlsymdir2Z",  # a folder outside docs/, linked in as docs/assets/etc
    "internal": "Xqzlinternt3Z",  # the internal document's text
    "client-list": "Xqzlklient4Z",  # a loose file next to the internal document
    "internal-image": "Xqzlbild5Z",  # the internal document's attachment
    "other-markdown": "Xqzlmarkdown6Z",  # a Markdown page with another extension
}


def build_file_project(root: Path, outside: Path) -> dict[str, str]:
    make_project(root)
    m = FILE_MARKERS
    write(outside, "secret.txt", f"hemligt {m['secret-file']}\n")
    write(outside, "mapp/fil.txt", f"hemligt {m['secret-dir']}\n")
    body = f"## Syfte\n\n{m['internal']}\n"
    write_doc(root, "rutiner/socialjour/hemlig.md", body=body, id="IFO-RUT-950", ägare="Samordnare socialjour")
    write_doc(root, "rutiner/barn-och-unga/publik.md", title="Publik", id="IFO-RUT-951", publicering="extern")
    docs = root / "docs"
    write(docs, "rutiner/socialjour/hemlig-klientlista.csv", f"namn\n{m['client-list']}\n")
    write(docs, "rutiner/socialjour/hemlig/karta.svg", f"<svg><title>{m['internal-image']}</title></svg>")
    write(docs, "rutiner/barn-och-unga/publik/bild.svg", "<svg><title>Publik bild</title></svg>")
    write(docs, "om/anteckning.markdown", f"# {m['other-markdown']}\n")
    (docs / "assets/info.txt").symlink_to(outside / "secret.txt")
    (docs / "assets/etc").symlink_to(outside / "mapp", target_is_directory=True)
    (docs / "assets/bild.png").symlink_to("/finns/inte")
    (docs / "rutiner/barn-och-unga/publik/lankad").symlink_to("../../socialjour/hemlig", target_is_directory=True)
    return m


@pytest.fixture(scope="module")
def file_sites(tmp_path_factory):
    """Both sites built straight by MkDocs (kls.build.build_sites, without `kls validera`): the
    build itself must keep linked and loose files off the public site and must not crash."""
    from kls.build import build_sites
    from kls.config import load_config

    base = tmp_path_factory.mktemp("filer")
    root = base / "projekt"
    markers = build_file_project(root, base / "utanfor")
    build_sites(load_config(root), root / "site", dt.date(2026, 11, 23))
    return root, markers


def all_text(folder: Path) -> tuple[bytes, str]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    names = "\n".join(p.relative_to(folder).as_posix() for p in files)
    return b"".join(b for p in files for b in decoded_contents(p)).lower(), names.lower()


def test_public_site_has_no_linked_or_loose_file(file_sites):
    root, markers = file_sites
    public = root / "site" / "publik"
    content, names = all_text(public)
    leaked = [k for k, m in markers.items() if m.lower().encode() in content or m.lower() in names]
    assert leaked == []
    for name in ("info.txt", "assets/etc", "bild.png", "lankad", "klientlista", "anteckning", "hemlig"):
        assert name not in names, name
    assert (public / "rutiner/barn-och-unga/publik/bild.svg").is_file()  # a public document's attachment
    assert list(public.glob("assets/javascripts/bundle.*.js")) and list(public.glob("assets/stylesheets/main.*.css"))
    assert (public / "assets/kls.css").is_file()


def test_staff_site_has_loose_files_but_no_linked_ones(file_sites):
    root, markers = file_sites
    content, names = all_text(root / "site" / "intern")
    assert markers["client-list"].lower().encode() in content and markers["internal-image"].lower().encode() in content
    assert markers["internal"].lower().encode() in content
    for key in ("secret-file", "secret-dir", "other-markdown"):
        assert markers[key].lower().encode() not in content, key
    assert "info.txt" not in names and "assets/etc" not in names and "lankad" not in names


def test_symlinks_stop_kls_bygg_and_loose_files_warn(tmp_path, monkeypatch, capsys):
    from kls import validate
    from kls.docs_files import check_staff_only_files, check_symlinks

    extra = [c for c in (check_symlinks, check_staff_only_files) if c not in validate.CHECKS]
    monkeypatch.setattr(validate, "CHECKS", [*validate.CHECKS, *extra])  # as registered in kls.validate
    root = tmp_path / "projekt"
    build_file_project(root, tmp_path / "utanfor")
    monkeypatch.chdir(root)
    assert main(["validera", "--per", "2026-11-23"]) == 1
    out = capsys.readouterr().out
    for rel in ("assets/info.txt", "assets/etc", "assets/bild.png", "rutiner/barn-och-unga/publik/lankad"):
        assert f"docs/{rel}:1: fel: 'docs/{rel}' är " in out and "symbolisk länk" in out, (rel, out)
    assert "docs/rutiner/socialjour/hemlig-klientlista.csv:1: varning:" in out
    assert "bara på personalens webbplats" in out
    assert main(["bygg", "--per", "2026-11-23"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "Bygget avbröts" in err
    assert not (root / "site" / "publik").exists()
