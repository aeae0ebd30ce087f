"""What each site contains, without MkDocs."""

import posixpath
import random

import pytest

from helpers import write_doc
from kls.corpus import load_corpus
from kls.site import PUBLIC, STAFF, SiteState, md_link, phone_href, relative_path, template_unit


def state(config, site, today):
    return SiteState(config, load_corpus(config), site, today)


def test_public_site_only_extern(project, config, today):
    write_doc(project, "rutiner/barn-och-unga/a.md", title="A", id="IFO-RUT-001", publicering="extern")
    write_doc(project, "rutiner/barn-och-unga/b.md", title="B", id="IFO-RUT-002")
    write_doc(project, "rutiner/missbruk/c.md", title="C", id="IFO-RUT-003", publicering="intern")
    public = state(config, PUBLIC, today)
    staff = state(config, STAFF, today)
    assert {d.id for d in public.documents()} == {"IFO-RUT-001"}
    assert {d.id for d in staff.documents()} == {"IFO-RUT-001", "IFO-RUT-002", "IFO-RUT-003"}
    assert "rutiner/missbruk/index.md" not in public.generated_pages()
    assert "rutiner/missbruk/index.md" in staff.generated_pages()
    assert public.doc_by_id("IFO-RUT-002") is None
    flat = str(public.nav())
    assert "missbruk" not in flat and "rutiner/index.md" in flat


def test_nav_scales_to_areas_not_documents(project, config, today):
    for i in range(30):
        write_doc(project, f"rutiner/barn-och-unga/r{i}.md", title=f"R{i}", id=f"IFO-RUT-{i:03d}", publicering="extern")
    nav = state(config, PUBLIC, today).nav()
    assert "r1.md" not in str(nav)


def test_md_link():
    assert md_link("rutiner/a/x.md", "processer/b/y.md") == "../../processer/b/y.md"
    assert md_link("index.md", "rutiner/a/index.md") == "rutiner/a/index.md"


def test_table_cells_escape_front_matter(project, config, today):
    write_doc(project, "rutiner/barn-och-unga/a.md", title="A | <b>fet</b>", id="IFO-RUT-001", publicering="extern")
    site = state(config, PUBLIC, today)
    assert "<!-- kls-tabell-0 -->" in site.generated_pages()["rutiner/barn-och-unga/index.md"]
    table = site.fill_tables("<!-- kls-tabell-0 -->", "rutiner/barn-och-unga/index.md")
    assert "A &#124; &lt;b&gt;fet&lt;/b&gt;" in table and "<b>" not in table
    assert '<a href="a/">' in table


def test_generated_tables_are_what_markdown_made_of_them(project, config, today):
    """The index pages' tables skip Markdown (issue 5): the HTML must be the same as before."""
    import markdown

    from kls.site import html_table

    write_doc(project, "rutiner/barn-och-unga/a.md", title="A & B", id="IFO-RUT-001", publicering="extern")
    site = state(config, STAFF, today)
    site.generated_pages()
    rows = [["| Dokument | Id | Ägare | Nästa revision |", "|---|---|---|---|"]][0]
    source = "\n".join([*rows, *site.document_table("rutiner/barn-och-unga/index.md", site.listed())[2:]])
    made = markdown.markdown(source.replace("(a.md)", "(a/)"), extensions=["tables"])
    assert site.generated_tables("rutiner/barn-och-unga/index.md")[0] == made
    assert html_table([("A", ""), ("B", "right")], [["x", "1"]]) == markdown.markdown(
        "| A | B |\n|---|---:|\n| x | 1 |", extensions=["tables"]
    )


def test_relative_path_is_posixpaths_relpath():
    """The generated pages' links skip relpath's working-directory lookups, with the same result
    for every relative, odd, absolute or empty path."""
    rng = random.Random(3)
    atoms = ["a", "b", "ab", ".", "..", "", "c.d", ".a", "a.", " ", "å"]

    def any_path() -> str:
        return "/".join(rng.choice(atoms) for _ in range(rng.randrange(0, 5))) + rng.choice(["", "/", "//"])

    def outcome(function, path: str, start: str) -> str:
        try:
            return function(path, start)
        except ValueError:
            return "ValueError"

    pairs = [("rutiner/a/x/", "rutiner/a/"), ("rutiner/b/y/", "rutiner/a/"), (".", "lagrum/"), ("a/", ".")]
    pairs += [(any_path(), any_path()) for _ in range(50000)]
    for path, start in pairs:
        assert outcome(relative_path, path, start) == outcome(posixpath.relpath, path, start), (path, start)
    assert relative_path("rutiner/b/y/", "rutiner/a/") == "../b/y"


@pytest.mark.parametrize(
    ("number", "href"),
    [
        ("0980-319 290", "tel:+46980319290"),
        ("020-22 00 22", "tel:+4620220022"),
        ("+46 980 319 290", "tel:+46980319290"),
        ("112", "tel:112"),
        ("måndag–fredag 9.00–11.00", None),
        ("ifo@exempelkommun.se", None),
        ("12", None),
    ],
)
def test_phone_href(number, href):
    assert phone_href(number) == href


def test_template_unit_links_phone_numbers_only():
    unit = {"telefon_socialjour": "0980-319 290", "telefonstid": "måndag–fredag 9.00–11.00", "epost": "a@b.se"}
    out = template_unit(unit)
    assert out["telefon_socialjour"] == "[0980-319 290](tel:+46980319290)"
    assert out["telefonstid"] == unit["telefonstid"] and out["epost"] == unit["epost"]
    assert unit["telefon_socialjour"] == "0980-319 290"  # kls.yml's values are not changed


def test_template_unit_escapes_markup_from_kls_yml():
    out = template_unit({"telefon_vaxel": "<img src=x onerror=alert(1)>", "besoksadress": "Storgatan 1 & 2"})
    assert out["telefon_vaxel"] == "&lt;img src=x onerror=alert(1)&gt;"
    assert out["besoksadress"] == "Storgatan 1 &amp; 2"


def test_template_unit_keeps_markdown_links_out_of_kls_yml_values():
    out = template_unit({"epost": "[klicka](javascript:alert(1))"})
    assert out["epost"] == "\\[klicka\\](javascript:alert(1))"


def test_site_state_uses_a_handed_over_corpus_only_while_no_file_changed(project, config, today):
    import os

    from kls.site import hand_over_corpus, site_state

    path = write_doc(project, "rutiner/barn-och-unga/a.md", title="A", id="IFO-RUT-001", publicering="extern")
    corpus = load_corpus(config)
    hand_over_corpus(corpus)
    assert site_state(project, PUBLIC, today).corpus is corpus  # not read and parsed again
    write_doc(project, "rutiner/barn-och-unga/a.md", title="A2", id="IFO-RUT-001", publicering="extern")
    os.utime(path, ns=(path.stat().st_mtime_ns + 10**9,) * 2)  # a later time even on a coarse clock
    fresh = site_state(project, STAFF, today)
    assert fresh.corpus is not corpus and fresh.corpus.by_id["IFO-RUT-001"].title == "A2"
    (project / "kls.yml").write_text((project / "kls.yml").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    hand_over_corpus(fresh.corpus)
    assert site_state(project, STAFF, today).corpus is not fresh.corpus  # kls.yml changed since it was read
    partial = load_corpus(config, only=[path])
    hand_over_corpus(partial)
    assert site_state(project, PUBLIC, today).corpus is not partial  # only some files: never handed over
