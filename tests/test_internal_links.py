"""A public page must not link to an internal document, however the link is written
(kls.internal_links): relative, site-root, full URL on the site's own host, any letter case,
or to an image or file in the internal document's attachment folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import write, write_doc
from kls.config import load_config
from kls.corpus import load_corpus
from kls.errors import ERROR
from kls.internal_links import OwnSite, check_internal_links, check_missing_targets, own_site, resolve
from kls.model import Document

INTERNAL = "rutiner/vald-i-nara-relationer/placering-i-skyddat-boende.md"
PUBLIC = "processer/vald-i-nara-relationer/stod-och-skydd-till-valdsutsatta.md"

LINKS = {
    "site-root": "Se [a](/rutiner/vald-i-nara-relationer/placering-i-skyddat-boende/).",
    "site-root-md": "Se [a](/rutiner/vald-i-nara-relationer/placering-i-skyddat-boende.md).",
    "site-root-html": '<a href="/rutiner/vald-i-nara-relationer/placering-i-skyddat-boende/">a</a>',
    "site-root-unquoted": "<a href=/rutiner/vald-i-nara-relationer/placering-i-skyddat-boende/>a</a>",
    "site-root-reference": "Se [r].\n\n[r]: /rutiner/vald-i-nara-relationer/placering-i-skyddat-boende/",
    "site-root-index-html": "Se [a](/rutiner/vald-i-nara-relationer/placering-i-skyddat-boende/index.html).",
    "upper-case-tag": '<A HREF="../../rutiner/vald-i-nara-relationer/placering-i-skyddat-boende.md">a</A>',
    "mixed-case-attribute": '<a Href="../../rutiner/vald-i-nara-relationer/placering-i-skyddat-boende.md">a</a>',
    "own-host-url": "Se [a](https://ifo.exempelkommun.se/rutiner/vald-i-nara-relationer/placering-i-skyddat-boende/).",
    "own-host-upper-case": "Se [a](HTTPS://IFO.Exempelkommun.SE/rutiner/vald-i-nara-relationer/placering-i-skyddat-boende/).",
    "own-host-html": '<a href="https://ifo.exempelkommun.se/rutiner/vald-i-nara-relationer/placering-i-skyddat-boende/">a</a>',
    "own-host-autolink": "Se <https://ifo.exempelkommun.se/rutiner/vald-i-nara-relationer/placering-i-skyddat-boende/>.",
    "own-host-bare": "Se https://ifo.exempelkommun.se/rutiner/vald-i-nara-relationer/placering-i-skyddat-boende/ här.",
    "own-host-reference": "Se [r].\n\n[r]: https://ifo.exempelkommun.se/rutiner/vald-i-nara-relationer/placering-i-skyddat-boende/",
    "protocol-relative": "Se [a](//ifo.exempelkommun.se/rutiner/vald-i-nara-relationer/placering-i-skyddat-boende/).",
    "staff-host": "Se [a](https://personal.ifo.exempelkommun.se/rutiner/vald-i-nara-relationer/placering-i-skyddat-boende/).",
    "image": "![Karta](../../rutiner/vald-i-nara-relationer/placering-i-skyddat-boende/karta.png)",
    "image-html": '<img src="../../../rutiner/vald-i-nara-relationer/placering-i-skyddat-boende/karta.png" alt="">',
    "image-html-upper-case": '<IMG SRC="../../../rutiner/vald-i-nara-relationer/placering-i-skyddat-boende/karta.png" ALT="">',
    "file-site-root": "Se [listan](/rutiner/vald-i-nara-relationer/placering-i-skyddat-boende/lista.pdf).",
    "file-own-host": "Se [listan](https://ifo.exempelkommun.se/rutiner/vald-i-nara-relationer/placering-i-skyddat-boende/lista.pdf).",
    "percent-encoded": "Se [a](/rutiner/vald-i-nara-relationer/placering-i-skyddat-boende%2Emd).",
}


def make(project: Path, link: str) -> Path:
    write_doc(project, INTERNAL, title="Placering i skyddat boende", id="IFO-RUT-011", område="vald-i-nara-relationer")
    body = f"## Syfte\n\nText enligt 19 kap. 1 § socialtjänstlagen (2025:400).\n\n{link}\n"
    return write_doc(project, PUBLIC, body=body, title="Stöd och skydd", id="IFO-PRO-005", publicering="extern")


def problems(project: Path, today) -> list:
    config = load_config(project)
    return list(check_internal_links(load_corpus(config), today))


@pytest.mark.parametrize("case", list(LINKS))
def test_link_to_internal_document_is_an_error_with_its_line(case, project, today):
    path = make(project, LINKS[case])
    found = problems(project, today)
    assert len(found) == 1, found
    problem = found[0]
    assert problem.path == f"docs/{PUBLIC}" and problem.severity == ERROR
    assert "internt dokument (IFO-RUT-011)" in problem.message and "får inte länka" in problem.message
    line = path.read_text(encoding="utf-8").split("\n")[problem.line - 1]
    assert "placering-i-skyddat-boende" in line, (problem, line)


def test_message_names_an_attachment_as_the_internal_documents_file(project, today):
    make(project, LINKS["image"])
    (problem,) = problems(project, today)
    assert "en fil som hör till ett internt dokument (IFO-RUT-011)" in problem.message


@pytest.mark.parametrize(
    "link",
    [
        "Se [a](https://example.org/rutiner/vald-i-nara-relationer/placering-i-skyddat-boende/).",
        "Se https://lagen.nu/rutiner/vald-i-nara-relationer/placering-i-skyddat-boende/ här.",
        "Se [a](/rutiner/vald-i-nara-relationer/annan-rutin/).",
        "Se [a](mailto:ifo@exempelkommun.se).",
        "Se [a](#rutiner).",
        "![Logga](../../assets/kls-logo.svg)",
        "Se [a](/rutiner/vald-i-nara-relationer/placering-i-skyddat-boende-publik/).",
        "Kod: `/rutiner/vald-i-nara-relationer/placering-i-skyddat-boende/`",
        "```\nhttps://ifo.exempelkommun.se/rutiner/vald-i-nara-relationer/placering-i-skyddat-boende/\n```",
    ],
)
def test_other_links_pass(link, project, today):
    make(project, link)
    write_doc(
        project,
        "rutiner/vald-i-nara-relationer/placering-i-skyddat-boende-publik.md",
        title="Publik",
        id="IFO-RUT-012",
        område="vald-i-nara-relationer",
        publicering="extern",
    )
    assert problems(project, today) == []


def test_public_attachment_and_site_root_link_to_public_document_pass(project, today):
    write_doc(project, "rutiner/a/publik.md", title="Publik", id="IFO-RUT-013", område="barn-och-unga", publicering="extern")
    make(project, "![Bild](/rutiner/a/publik/bild.png) och [b](/rutiner/a/publik/) och <IMG SRC=../../rutiner/a/publik/bild.png>")
    assert problems(project, today) == []


def test_internal_page_may_link_any_way(project, today):
    write_doc(project, INTERNAL, title="Placering", id="IFO-RUT-011", område="vald-i-nara-relationer")
    write_doc(project, "rutiner/vald-i-nara-relationer/intern-2.md", body=LINKS["own-host-url"] + "\n" + LINKS["image"])
    assert problems(project, today) == []


def test_own_site_reads_site_url_with_mkdocs_tags_and_a_base_path(project):
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("site_url: https://ifo.exempelkommun.se/", "site_url: https://www.kommun.example/ifo")
    text += "\nextra_x:\n  emoji: !!python/name:material.extensions.emoji.twemoji\n  env: !ENV [KLS_X, 1]\n"
    write(project, "mkdocs.yml", text)
    site = own_site(load_config(project))
    assert site.owns("kommun.example") and site.owns("WWW.kommun.example") and site.owns("ifo.exempelkommun.se")
    assert not site.owns("example.org") and site.base_path == "/ifo/"
    doc = Document(path=project / "docs" / PUBLIC, rel=PUBLIC, display=f"docs/{PUBLIC}")
    assert "rutiner/a/b.md" in resolve(doc, "https://www.kommun.example/ifo/rutiner/a/b/", site)
    assert "rutiner/a/b.md" in resolve(doc, "/ifo/rutiner/a/b/", site)
    assert resolve(doc, "https://example.org/rutiner/a/b/", site) == []


def test_unreadable_mkdocs_yml_still_checks_relative_and_site_root_links(project, today):
    write(project, "mkdocs.yml", "site_url: [unclosed\n")
    make(project, LINKS["site-root"])
    assert len(problems(project, today)) == 1


def test_resolve_without_a_site_ignores_full_urls():
    doc = Document(path=Path("x"), rel=PUBLIC, display=PUBLIC)
    assert resolve(doc, "https://ifo.exempelkommun.se/rutiner/a/b/") == []
    assert resolve(doc, "http://[broken") == []
    assert resolve(doc, "/rutiner/a/b/", OwnSite()) == ["rutiner/a/b.md", "rutiner/a/b/index.md"]


@pytest.mark.parametrize(
    "link",
    [
        "Se [listan](../../rutiner/vald-i-nara-relationer/placering-i-skyddat-boende-klientlista.csv).",
        "Se [listan](/rutiner/vald-i-nara-relationer/placering-i-skyddat-boende-klientlista.csv).",
        '<A HREF="https://ifo.exempelkommun.se/rutiner/vald-i-nara-relationer/placering-i-skyddat-boende-klientlista.csv">x</A>',
    ],
)
def test_link_to_a_staff_only_file_is_an_error(link, project, today):
    make(project, link)
    write(project / "docs", "rutiner/vald-i-nara-relationer/placering-i-skyddat-boende-klientlista.csv", "namn\n")
    (problem,) = problems(project, today)
    assert problem.severity == ERROR and "bara publiceras på personalens webbplats" in problem.message
    assert f"t.ex. {PUBLIC[:-3]}/placering-i-skyddat-boende-klientlista.csv" in problem.message


def test_link_to_a_missing_or_public_file_is_not_this_checks_business(project, today):
    link = "Se [a](../../rutiner/vald-i-nara-relationer/finns-inte.csv) och ![b](stod-och-skydd-till-valdsutsatta/bild.png)."
    make(project, link)
    write(project / "docs", f"{PUBLIC[:-3]}/bild.png", b"\x89PNG")
    assert problems(project, today) == []


def missing(project: Path, today) -> list[str]:
    return [p.format() for p in check_missing_targets(load_corpus(load_config(project)), today)]


@pytest.mark.parametrize(
    "link",
    [
        "[x](finns-inte.md)",
        "[x](../../rutiner/vald-i-nara-relationer/finns-inte.md#steg)",
        "![karta](stod-och-skydd-till-valdsutsatta/karta.png)",
        '<img src="../finns-inte.png" alt="">',
        "[x](../../../../utanfor.md)",
        "[x](../../revision/index.md)",  # the revision page exists only on the staff site
    ],
)
def test_link_to_a_missing_file_is_an_error_with_its_line(link, project, today):
    """MkDocs would stop the strict build with an English message and no line number."""
    path = make(project, link)
    line = path.read_text(encoding="utf-8").split("\n").index(link) + 1
    found = missing(project, today)
    assert len(found) == 1 and found[0].startswith(f"docs/{PUBLIC}:{line}: fel: länken "), found


def test_links_to_existing_and_generated_pages_pass(project, today):
    link = (
        "Se [a](../../rutiner/vald-i-nara-relationer/placering-i-skyddat-boende.md), [typ](../index.md), "
        "[område](../../rutiner/vald-i-nara-relationer/index.md), [lagrum](../../lagrum.md), [start](../../index.md), "
        "![b](stod-och-skydd-till-valdsutsatta/bild.png), [mejl](mailto:ifo@exempelkommun.se), [ring](tel:112) "
        "och [webb](https://www.socialstyrelsen.se/)."
    )
    make(project, link)
    write(project / "docs", f"{PUBLIC[:-3]}/bild.png", b"\x89PNG")
    write_doc(project, "rutiner/barn-och-unga/intern.md", body="Se [läget](../../revision/index.md).\n", id="IFO-RUT-950")
    assert missing(project, today) == []
