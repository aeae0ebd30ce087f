"""Templates as Word files: a page's HTML becomes a .docx with headings, lists, tables,
checkboxes, links, the unit in the header and id and version in the footer."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import replace

import docx
import markdown

from kls.word.export import TemplateInfo, size_text, template_docx, template_filename, unit_name

MARKDOWN = """\
## Del A – Uppgifter

Fyll i **alla** fält. Se [rutinen](../../rutiner/a/rutin/) och *instruktionen*.

| Uppgift | Ifylls |
|---|---|
| Datum | |
| Ärende | ☐ ja ☐ nej |

### Val

- [ ] Samtycke finns
- [x] Vårdnadshavare informerad

Gör så här:

1. Första steget
    - underpunkt
2. Andra steget

!!! warning "Observera"
    Skriv inga personnummer.

______________________________________________________________
"""

INFO = TemplateInfo(
    title="Samtycke till informationsutbyte",
    doc_id="IFO-MALL-004",
    version="2.0",
    unit="Individ- och familjeomsorgen, Exempelkommun",
    page_url="https://ifo.exempelkommun.se/mallar/x/samtycke/",
    approved="2025-09-01",
    build_date=dt.date(2026, 11, 23),
)


def build() -> docx.document.Document:
    html = markdown.markdown(
        MARKDOWN,
        extensions=["tables", "admonition", "toc", "pymdownx.tasklist"],
        extension_configs={"toc": {"permalink": True}, "pymdownx.tasklist": {"custom_checkbox": True}},
    )
    return docx.Document(io.BytesIO(template_docx(html, INFO)))


def test_headings_and_paragraphs():
    document = build()
    styled = [(p.style.name, p.text) for p in document.paragraphs if p.text]
    assert styled[0] == ("Title", "Samtycke till informationsutbyte")
    assert ("Heading 1", "Del A – Uppgifter") in styled  # the permalink ¶ is left out
    assert ("Heading 2", "Val") in styled
    intro = next(p for p in document.paragraphs if p.text.startswith("Fyll i"))
    assert [r.text for r in intro.runs if r.bold] == ["alla"]
    assert [r.text for r in intro.runs if r.italic] == ["instruktionen"]


def test_html_comments_stay_out_and_unclosed_tags_end_where_html_ends_them():
    # Documents carry comments such as <!-- kls: ej-personnummer --> (kls.personal_data).
    html = "<!-- kls: ej-personnummer --><p>Ett<p>Två</p><ul><li>a<li>b</ul>"
    document = docx.Document(io.BytesIO(template_docx(html, INFO)))
    texts = [p.text for p in document.paragraphs[1:]]
    assert texts == ["Ett", "Två", "a", "b"]
    assert "ej-personnummer" not in document.element.xml


def test_links_are_absolute():
    document = build()
    targets = [rel.target_ref for rel in document.part.rels.values() if rel.reltype.endswith("/hyperlink")]
    assert targets == ["https://ifo.exempelkommun.se/mallar/rutiner/a/rutin/"]


def test_tables_checkboxes_and_lists():
    document = build()
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["Uppgift", "Ifylls"]
    assert all(run.bold for run in table.rows[0].cells[0].paragraphs[0].runs)
    assert [c.text for c in table.rows[2].cells] == ["Ärende", "☐ ja ☐ nej"]
    texts = [p.text for p in document.paragraphs]
    assert "☐ Samtycke finns" in texts and "☒ Vårdnadshavare informerad" in texts
    numbered = [p for p in document.paragraphs if p.style.name == "List Number"]
    assert [p.text for p in numbered] == ["Första steget", "Andra steget"]
    assert any(p.style.name == "List Bullet 2" and p.text == "underpunkt" for p in document.paragraphs)
    assert "Observera" in texts and "Skriv inga personnummer." in texts


def test_header_footer_and_properties():
    document = build()
    section = document.sections[0]
    assert section.header.paragraphs[0].text == "Individ- och familjeomsorgen, Exempelkommun"
    footer = section.footer.paragraphs[0].text
    assert footer.startswith("IFO-MALL-004 · version 2.0 · fastställd 2025-09-01")
    properties = document.core_properties
    assert (properties.title, properties.identifier, properties.version) == (INFO.title, "IFO-MALL-004", "2.0")
    assert properties.created == dt.datetime(2026, 11, 23, tzinfo=dt.UTC)


def test_small_helpers():
    assert unit_name({"namn": "Individ- och familjeomsorgen", "kommun": "Exempelkommun"}) == INFO.unit
    assert template_filename("mallar/x/avvikelserapport.md") == "avvikelserapport.docx"
    assert size_text(500) == "1 kB" and size_text(24_000) == "23 kB" and size_text(1_300_000) == "1,2 MB"


def test_one_file_does_not_leak_into_the_next():
    """Word files are written from one reused document per process (kls.word.export._Workspace)."""
    first = template_docx(markdown.markdown("[Länk](https://a.example/x)\n\nFörsta mallen."), INFO)
    plain = TemplateInfo(title="Andra mallen", doc_id="IFO-MALL-005", version=None, unit="Enheten")
    second = docx.Document(io.BytesIO(template_docx("<p>Andra mallen.</p>", plain)))
    assert [p.text for p in second.paragraphs] == ["Andra mallen", "Andra mallen."]
    assert not [rel for rel in second.part.rels.values() if rel.reltype.endswith("/hyperlink")]
    properties = second.core_properties
    assert (properties.title, properties.identifier, properties.version) == ("Andra mallen", "IFO-MALL-005", "")
    assert second.sections[0].footer.paragraphs[0].text == "IFO-MALL-005 · Andra mallen"
    again = template_docx(markdown.markdown("[Länk](https://a.example/x)\n\nFörsta mallen."), INFO)
    assert again == first  # the same bytes every time (fixed zip dates)


def test_page_template_is_cached_by_content(tmp_path):
    from helpers import make_project, write_doc
    from kls.build_cache import _connect, count
    from kls.config import load_config
    from kls.corpus import load_corpus
    from kls.word.export import page_template

    root = make_project(tmp_path / "projekt")
    write_doc(root, "mallar/barn-och-unga/samtycke.md", id="IFO-MALL-004", title="Samtycke", publicering="extern")
    doc = load_corpus(load_config(root)).by_id["IFO-MALL-004"]
    html = markdown.markdown(MARKDOWN, extensions=["tables"])
    cache = tmp_path / "cache"
    args = (doc, html, {"namn": "IFO"}, "https://x.se/", "mallar/barn-och-unga/samtycke/", INFO.build_date)
    name, data = page_template(False, *args, cache)
    assert name == "samtycke.docx" and page_template(False, *args)[1] == data
    assert count(cache, "word") == 1
    _connect(cache).execute("UPDATE entries SET data = ? WHERE kind = 'word'", (b"from the cache",))
    assert page_template(True, *args, cache)[1] == b"from the cache"  # same page and facts: reused
    changed = (doc, html + "<p>Ny rad.</p>", *args[2:])
    assert page_template(False, *changed, cache)[1] != b"from the cache"


# Tricky HTML and the exact body XML the python-docx object layer wrote for it before runs and
# paragraphs were built with lxml directly: the fast path must not change a byte. (Since then the
# spaces after the two links are kept: "rad två rutin extern ankare", as a browser shows it.)
TRICKY_HTML = (
    '<h2>Del <em>A</em></h2><p class="admonition-title">Obs</p>'
    "<p>Text  med\n <strong>fet <i>kursiv</i></strong> H<sub>2</sub>O x<sup>2</sup> <code>kod</code><br>rad två "
    '<a href="../r/">rutin</a> <a href="https://e.se/x"><b>extern</b></a> <a href="#a">ankare</a> <img alt="logga"> </p>'
    "<ul><li>ett<ul><li>två<ol><li>tre</li></ol></li></ul></li><li><p>lös</p><p>lista</p></li></ul>"
    '<ul class="task-list"><li class="task-list-item"><input type="checkbox" checked> klar</li>'
    '<li><input type="checkbox"> inte</li></ul>'
    "<table><thead><tr><th>A</th><th>B</th></tr></thead><tbody><tr><td><p>p</p><ul><li>l</li></ul></td>"
    "<td><table><tr><td>inre</td></tr></table></td></tr><tr><td>kort rad</td></tr></tbody></table>"
    "<pre><code>rad 1\n\trad 2\n</code></pre><hr><blockquote><p>citat</p></blockquote><dl><dt>T</dt><dd>D</dd></dl>"
    "<details><summary>Mer</summary><p>inne </p></details>"
)
TRICKY_BODY = (
    '<w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr><w:r><w:t>Mall</w:t></w:r></w:p>'
    '<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:rPr/><w:t xml:space="preserve">Del </w:t>'
    "</w:r><w:r><w:rPr><w:i/></w:rPr><w:t>A</w:t></w:r></w:p>"
    "<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>Obs</w:t></w:r></w:p>"
    '<w:p><w:r><w:rPr/><w:t xml:space="preserve">Text med </w:t></w:r><w:r><w:rPr><w:b/></w:rPr>'
    '<w:t xml:space="preserve">fet </w:t></w:r><w:r><w:rPr><w:b/><w:i/></w:rPr><w:t>kursiv</w:t></w:r>'
    '<w:r><w:rPr/><w:t xml:space="preserve"> H</w:t></w:r><w:r><w:rPr><w:vertAlign w:val="subscript"/>'
    "</w:rPr><w:t>2</w:t></w:r><w:r><w:rPr/><w:t>O x</w:t></w:r><w:r><w:rPr>"
    '<w:vertAlign w:val="superscript"/></w:rPr><w:t>2</w:t></w:r><w:r><w:rPr/><w:t xml:space="preserve">'
    ' </w:t></w:r><w:r><w:rPr><w:rFonts w:ascii="Consolas" w:hAnsi="Consolas"/></w:rPr><w:t>kod</w:t>'
    '</w:r><w:r><w:br/></w:r><w:r><w:rPr/><w:t xml:space="preserve">rad två </w:t></w:r>'
    '<w:hyperlink r:id="rId10"><w:r><w:rPr><w:rStyle w:val="Hyperlink"/><w:color w:val="0563C1"/>'
    '<w:u w:val="single"/></w:rPr><w:t xml:space="preserve">rutin</w:t></w:r></w:hyperlink>'
    '<w:r><w:rPr/><w:t xml:space="preserve"> </w:t></w:r>'
    '<w:hyperlink r:id="rId11"><w:r><w:rPr><w:rStyle w:val="Hyperlink"/><w:color w:val="0563C1"/>'
    '<w:u w:val="single"/></w:rPr><w:t xml:space="preserve">extern</w:t></w:r></w:hyperlink>'
    '<w:r><w:rPr/><w:t xml:space="preserve"> </w:t></w:r><w:r><w:rPr/><w:t>ankare</w:t></w:r>'
    '<w:r><w:rPr/><w:t xml:space="preserve"> </w:t></w:r><w:r><w:rPr><w:i/>'
    "</w:rPr><w:t>[Bild: logga]</w:t></w:r><w:r><w:rPr/></w:r></w:p>"
    '<w:p><w:pPr><w:pStyle w:val="ListBullet"/></w:pPr><w:r><w:rPr/><w:t>ett</w:t></w:r></w:p>'
    '<w:p><w:pPr><w:pStyle w:val="ListBullet2"/></w:pPr><w:r><w:rPr/><w:t>två</w:t></w:r></w:p>'
    '<w:p><w:pPr><w:pStyle w:val="ListNumber3"/></w:pPr><w:r><w:rPr/><w:t>tre</w:t></w:r></w:p>'
    '<w:p><w:pPr><w:pStyle w:val="ListBullet"/></w:pPr><w:r><w:rPr/><w:t>lös</w:t></w:r><w:r><w:br/>'
    "</w:r><w:r><w:rPr/><w:t>lista</w:t></w:r></w:p>"
    '<w:p><w:pPr><w:ind w:left="0"/></w:pPr><w:r><w:rPr/><w:t xml:space="preserve">☒ </w:t></w:r><w:r>'
    "<w:rPr/><w:t>klar</w:t></w:r></w:p>"
    '<w:p><w:pPr><w:ind w:left="0"/></w:pPr><w:r><w:rPr/><w:t xml:space="preserve">☐ </w:t></w:r><w:r>'
    "<w:rPr/><w:t>inte</w:t></w:r></w:p>"
    '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:type="auto" w:w="0"/>'
    '<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0" w:noHBand="0" w:noVBand="'
    '1" w:val="04A0"/></w:tblPr><w:tblGrid><w:gridCol w:w="4320"/><w:gridCol w:w="4320"/></w:tblGrid>'
    '<w:tr><w:trPr><w:tblHeader w:val="true"/></w:trPr>'
    '<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="4320"/></w:tcPr>'
    "<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>A</w:t></w:r></w:p></w:tc>"
    '<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="4320"/></w:tcPr>'
    "<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>B</w:t></w:r></w:p></w:tc></w:tr>"
    "<w:tr>"
    '<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="4320"/></w:tcPr>'
    "<w:p><w:r><w:rPr/><w:t>p</w:t></w:r></w:p>"
    '<w:p><w:r><w:rPr/><w:t xml:space="preserve">• </w:t></w:r><w:r><w:rPr/><w:t>l</w:t></w:r></w:p>'
    "</w:tc>"
    '<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="4320"/></w:tcPr>'
    "<w:p><w:r><w:t>inre</w:t></w:r></w:p></w:tc></w:tr>"
    "<w:tr>"
    '<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="4320"/></w:tcPr>'
    "<w:p><w:r><w:rPr/><w:t>kort rad</w:t></w:r></w:p></w:tc>"
    '<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="4320"/></w:tcPr>'
    "<w:p/></w:tc></w:tr></w:tbl>"
    "<w:p/>"
    '<w:p><w:r><w:rPr><w:rFonts w:ascii="Consolas" w:hAnsi="Consolas"/></w:rPr><w:t>rad 1</w:t></w:r>'
    "</w:p>"
    '<w:p><w:r><w:rPr><w:rFonts w:ascii="Consolas" w:hAnsi="Consolas"/></w:rPr><w:tab/><w:t>rad 2</w:t>'
    "</w:r></w:p>"
    '<w:p><w:pPr><w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="808080"/></w:pBdr>'
    "</w:pPr></w:p>"
    '<w:p><w:pPr><w:pStyle w:val="Quote"/></w:pPr><w:r><w:rPr/><w:t>citat</w:t></w:r></w:p>'
    "<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>T</w:t></w:r></w:p>"
    "<w:p><w:r><w:rPr/><w:t>D</w:t></w:r></w:p>"
    "<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>Mer</w:t></w:r></w:p>"
    "<w:p><w:r><w:rPr/><w:t>inne</w:t></w:r></w:p>"
)


def test_tricky_html_gives_the_same_xml_as_python_docx():
    info = replace(INFO, title="Mall", doc_id="ID-1", version="2", unit="IFO")
    info = replace(info, page_url="https://kls.example/mallar/a/", approved="2026-01-01")
    package = zipfile.ZipFile(io.BytesIO(template_docx(TRICKY_HTML, info)))
    xml = package.read("word/document.xml").decode()
    assert xml[xml.index("<w:body>") + len("<w:body>") : xml.index("<w:sectPr")] == TRICKY_BODY
    rels = package.read("word/_rels/document.xml.rels").decode()
    assert 'Id="rId10" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" ' in rels
    assert 'Target="https://kls.example/mallar/r/" TargetMode="External"' in rels
    assert 'Id="rId11"' in rels and 'Target="https://e.se/x"' in rels


def test_text_after_elements_is_written_where_it_stands():
    """The HTML is walked as lxml's tree: text after an element is that element's tail, and a
    removed <h1> (the title is written above) keeps the text after it."""
    html = (
        "<h1>Titel</h1>efter rubriken<p>a <strong>fet <em>båda</em> fet</strong> mellan <em>kursiv</em> slut</p>"
        "<ul><li>punkt <code>kod</code> svans<ul><li>inre</li></ul></li></ul>"
        '<p><a href="https://e.se/">länk <b>fet</b> mer<!-- inte i länken --></a></p>'
        "<table><tr><td>cell <i>k</i> svans</td></tr></table>"
        "lös text <b>i sidan</b> sist"
    )
    document = docx.Document(io.BytesIO(template_docx(html, INFO)))
    texts = [p.text for p in document.paragraphs[1:] if p.text]
    assert texts == [
        "efter rubriken",
        "a fet båda fet mellan kursiv slut",
        "punkt kod svans",
        "inre",
        "länk fet mer",
        "lös text i sidan sist",
    ]
    runs = [(r.text, bool(r.bold), bool(r.italic)) for r in document.paragraphs[2].runs]
    assert runs == [
        ("a ", False, False),
        ("fet ", True, False),
        ("båda", True, True),
        (" fet", True, False),
        (" mellan ", False, False),
        ("kursiv", False, True),
        (" slut", False, False),
    ]
    cell = document.tables[0].rows[0].cells[0].paragraphs[0]
    assert [(r.text, bool(r.italic)) for r in cell.runs] == [("cell ", False), ("k", True), (" svans", False)]
    assert "Titel" not in [p.text for p in document.paragraphs[1:]]


def body_texts(html: str) -> list[str]:
    """The text of each non-empty body paragraph after the title, and of each table cell, in order."""
    document = docx.Document(io.BytesIO(template_docx(html, INFO)))
    texts: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, docx.table.Table):
            texts += [cell.text for row in block.rows for cell in row.cells]
        elif block.text:
            texts.append(block.text)
    assert texts[0] == INFO.title
    return texts[1:]


LINK = '<a href="https://e.se/x">länk</a>'


def test_a_link_keeps_the_spaces_a_browser_shows_around_it():
    assert body_texts(f"<p>se {LINK} efter</p>") == ["se länk efter"]
    assert body_texts(f"<p>se {LINK}</p>") == ["se länk"]
    assert body_texts(f"<p>se\n{LINK}\n</p>") == ["se länk"]  # link at the end, whitespace after it
    assert body_texts(f"<p>{LINK} efter</p>") == ["länk efter"]
    assert body_texts(f"<p>\n {LINK}\n efter</p>") == ["länk efter"]  # link at the start
    assert body_texts(f"<p>{LINK}</p>") == ["länk"]
    assert body_texts('<p>se <a href="https://e.se/x"> länk </a> efter</p>') == ["se länk efter"]
    assert body_texts('<p>se <a href="https://e.se/x"> länk </a></p>') == ["se länk"]
    assert body_texts('<p><a href="https://e.se/a">a</a> <a href="https://e.se/b">b</a></p>') == ["a b"]
    assert body_texts('<p><a href="https://e.se/a">a</a><a href="https://e.se/b">b</a></p>') == ["ab"]
    assert body_texts('<p>se <a href="https://e.se/x"><b>fet</b> länk</a> efter</p>') == ["se fet länk efter"]


def test_a_link_keeps_its_spaces_inside_inline_formatting_and_around_line_breaks():
    assert body_texts(f"<p>se <strong>{LINK}</strong> efter</p>") == ["se länk efter"]
    assert body_texts(f"<p>se <strong>fet {LINK} </strong> efter</p>") == ["se fet länk efter"]
    assert body_texts(f"<p><em>se</em> {LINK} <code>kod</code> <em>{LINK}</em></p>") == ["se länk kod länk"]
    assert body_texts(f"<p>se {LINK}<br>\nefter</p>") == ["se länk\nefter"]
    assert body_texts(f"<p>se {LINK} <br> efter</p>") == ["se länk\nefter"]  # no space at a line's end
    assert body_texts(f"<p>{LINK}<br>{LINK} efter</p>") == ["länk\nlänk efter"]


def test_a_link_keeps_its_spaces_in_lists_tables_and_headings():
    html = (
        f"<ul><li>se {LINK} efter</li><li>sist {LINK}\n<ul><li>{LINK} inre</li></ul></li>"
        f"<li><p>se {LINK}</p><p>{LINK} efter</p></li></ul>"
        f'<ol><li><input type="checkbox"> {LINK} efter</li></ol>'
        f"<table><tr><td>se {LINK} efter</td><td>se {LINK} </td></tr>"
        f"<tr><td><p>se {LINK} efter</p></td><td><p>{LINK}</p> </td></tr></table>"
        f"<h2>Se {LINK} </h2><dl><dt>se {LINK} </dt><dd>{LINK} efter</dd></dl>"
        f"<blockquote><p>se {LINK} </p></blockquote><details><summary>se {LINK} </summary></details>"
    )
    assert body_texts(html) == [
        "se länk efter",
        "sist länk",
        "länk inre",
        "se länk\nlänk efter",
        "☐ länk efter",
        "se länk efter",
        "se länk",
        "se länk efter",
        "länk",
        "Se länk",
        "se länk",
        "länk efter",
        "se länk",
        "se länk",
    ]


def test_comments_processing_instructions_and_cdata_are_never_written():
    document = docx.Document(
        io.BytesIO(
            template_docx(
                "<p>x</p><!-- kls: ej-personnummer --><p>y <!-- i stycket --> z</p>"
                '<p>se <a href="https://e.se/x">länk<!-- i länken --></a> efter</p>'
                "<ul><li>a<!-- i listan --> b</li></ul><table><tr><td>c<!-- i cellen --></td></tr></table>"
                "<p>ett<?php echo 'pi' ?>två<![CDATA[ cdata ]]>tre<!---->fyra</p><!DOCTYPE html><p>slut</p>"
                "<!-- kls: sist -->",
                INFO,
            )
        )
    )
    xml = document.element.xml
    for text in ("ej-personnummer", "i stycket", "i länken", "i listan", "i cellen", "echo", "cdata", "CDATA", "html", "sist"):
        assert text not in xml
    texts = [p.text for p in document.paragraphs[1:] if p.text]
    assert texts == ["x", "y z", "se länk efter", "a b", "etttvåtrefyra", "slut"]
    assert document.tables[0].rows[0].cells[0].text == "c"


def test_a_page_of_only_comments_gives_no_text():
    assert body_texts("<!-- kls: ej-personnummer -->") == []
    assert body_texts("<!-- a --><!DOCTYPE html><!-- b -->") == []
