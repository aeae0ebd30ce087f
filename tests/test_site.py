"""What each site contains, without MkDocs."""

from helpers import write_doc
from kls.corpus import load_corpus
from kls.site import PUBLIC, STAFF, SiteState, md_link


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
    page = state(config, PUBLIC, today).generated_pages()["rutiner/barn-och-unga/index.md"]
    assert "A &#124; &lt;b&gt;fet&lt;/b&gt;" in page
