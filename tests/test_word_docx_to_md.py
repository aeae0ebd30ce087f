"""One .docx to Markdown: what survives, what is escaped, what is reported, what is refused."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import markdown
import pytest
import word_docs
from bs4 import BeautifulSoup

from kls.word.docx_to_md import ConversionError, convert_docx, slim_package, slim_styles

EXTENSIONS = ["tables", "footnotes", "attr_list", "admonition", "def_list", "md_in_html", "pymdownx.tasklist"]


def render(text: str) -> BeautifulSoup:
    return BeautifulSoup(markdown.markdown(text, extensions=EXTENSIONS), "html.parser")


def to_bytes(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def routine(tmp_path_factory) -> bytes:
    return word_docs.rutin(tmp_path_factory.mktemp("ord") / "rutin.docx").read_bytes()


def test_routine_markdown(routine):
    result = convert_docx(routine, "bilder")
    assert result.title == "Rutin för orosanmälan"
    text = result.markdown
    assert text.startswith("## Syfte\n")  # Heading 1 becomes ## under the page title
    assert "1. Ta emot anmälan\n    - Kontrollera vem som anmäler\n" in text  # four-space nesting for Python-Markdown
    assert "        - Kontakta socialjouren vid behov" in text
    assert "[Socialstyrelsen](https://www.socialstyrelsen.se/)" in text
    assert "(2025:400)[^1]" in text and "\n[^1]: Uppgifterna omfattas av sekretess" in text
    assert "![Flödesschema för orosanmälan](bilder/bild-1.png)" in text
    assert list(result.images) == ["bild-1.png"] and result.images["bild-1.png"].startswith(b"\x89PNG")
    assert "Dokumenttyp" not in text  # the header table went into the fields
    assert result.fields.first("ägare") == ("Förste socialsekreterare barn och unga", "dokumentets huvudtabell")
    assert any("sammanslagna celler" in note and "'Ansvar' över 2 kolumner" in note for note in result.notes)
    html = render(text)
    rows = html.find_all("table")[0].find_all("tr")
    assert len({len(r.find_all(["td", "th"])) for r in rows}) == 1  # every row has all columns


def test_vertically_merged_cells_keep_columns_aligned():
    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    for r in range(3):
        for c in range(3):
            table.cell(r, c).text = f"{r}{c}"
    merged = table.cell(1, 0).merge(table.cell(2, 0))
    merged.text = "Sammanslagen"
    result = convert_docx(to_bytes(document), "b")
    rows = render(result.markdown).find_all("tr")
    assert [len(r.find_all(["td", "th"])) for r in rows] == [3, 3, 3]
    assert [td.get_text() for td in rows[2].find_all("td")] == ["", "21", "22"]
    assert any("över 2 rader" in note for note in result.notes)


def test_text_that_looks_like_markdown_stays_text():
    document = docx.Document()
    for text in ("1. inte en lista", "# inte en rubrik", "- inte en punkt", "!!! note inte en ruta", "{% raw %} och {{ x }}"):
        document.add_paragraph(text)
    document.add_paragraph("a | b <script>alert(1)</script> _under_ *stjärna* [länk](x)")
    result = convert_docx(to_bytes(document), "b")
    html = render(result.markdown)
    assert not html.find(["ol", "ul", "h1", "script", "em", "a"]) and not html.select(".admonition")
    text = html.get_text()
    for expected in ("1. inte en lista", "# inte en rubrik", "- inte en punkt", "!!! note", "<script>alert(1)</script>"):
        assert expected in text
    assert "{{" not in result.markdown and "{%" not in result.markdown  # no template code from Word


def test_local_links_and_bookmarks_are_removed_with_a_note():
    document = docx.Document()
    paragraph = document.add_paragraph("Se ")
    word_docs.add_hyperlink(paragraph, "file:///K:/IFO/Rutiner/blankett.docx", "blanketten")
    result = convert_docx(to_bytes(document), "b")
    assert "Se blanketten" in result.markdown and "file:" not in result.markdown
    assert any("lokal fil" in note for note in result.notes)


def test_section_heading_is_not_taken_as_title():
    document = docx.Document()
    document.add_heading("Syfte", level=1)
    document.add_paragraph("Text.")
    result = convert_docx(to_bytes(document), "b")
    assert result.title is None and "## Syfte" in result.markdown


def test_checkboxes_become_task_list_items(tmp_path):
    result = convert_docx(word_docs.mall(tmp_path / "mall.docx").read_bytes(), "b")
    assert "- [ ] Jag samtycker till att uppgifter lämnas till skolan" in result.markdown
    assert "| Namn | |" in result.markdown
    assert result.fields.first("fastställd") == ("2024-05-02", "sidhuvudet")


def test_image_without_alt_text_is_reported():
    document = docx.Document()
    document.add_picture(io.BytesIO(word_docs.png_bytes()))
    result = convert_docx(to_bytes(document), "b")
    assert any("saknar alternativtext" in note for note in result.notes)


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize(
    ("maker", "reason"),
    [
        (lambda p: word_docs.protected(p).read_bytes(), "lösenordsskyddad"),
        (lambda p: word_docs.old_doc(p).read_bytes(), "gammalt Word-format"),
        (lambda p: word_docs.corrupt(p).read_bytes(), "skadad"),
        (lambda p: b"", "tom"),
        (lambda p: b"<html>inte word</html>", "ingen Word-fil"),
        (lambda p: _zip({"content.xml": b"<x/>"}), "inget Word-dokument"),
        (lambda p: _zip({"word/document.xml": b"<w:document", "[Content_Types].xml": b"<Types/>"}), "skadad"),
    ],
)
def test_files_that_cannot_be_converted(tmp_path: Path, maker, reason):
    with pytest.raises(ConversionError, match=reason):
        convert_docx(maker(tmp_path / "fil.docx"), "b")


def test_slim_styles_keeps_what_mammoth_reads():
    xml = docx.Document().styles.element.xml.encode("utf-8")
    slim = slim_styles(xml)
    assert len(slim) < len(xml) / 5
    assert b'w:styleId="Heading1"' in slim and b'w:val="heading 1"' in slim


def test_revision_ids_and_proofing_marks_are_dropped_before_conversion():
    document = docx.Document()
    paragraph = document.add_paragraph("Stavfel ")
    run = paragraph.add_run("här")
    run.bold = True
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    for element in (paragraph._p, run._r):
        element.set(f"{w}rsidR", "00A1B2C3")
    paragraph._p.insert(0, paragraph._p.makeelement(f"{w}proofErr", {f"{w}type": "spellStart"}))
    data = to_bytes(document)
    slim = slim_package(data)
    with zipfile.ZipFile(io.BytesIO(slim)) as archive:
        body = archive.read("word/document.xml")
    assert b"rsidR" not in body and b"proofErr" not in body
    assert convert_docx(data, "b").markdown == "Stavfel **här**\n"
