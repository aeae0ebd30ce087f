"""Realistic Word files for the import tests and the import benchmark, made with python-docx.

python-docx has no API for footnotes, hyperlinks, numbering levels or form fields, so those are
added as WordprocessingML elements, the way Word itself writes them.
"""

from __future__ import annotations

import struct
import zlib
from io import BytesIO
from pathlib import Path

import docx
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm
from docx.text.paragraph import Paragraph

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")


def png_bytes(width: int = 8, height: int = 6, rgb: tuple[int, int, int] = (40, 80, 160)) -> bytes:
    """A small valid PNG image (no Pillow needed)."""
    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def add_hyperlink(paragraph: Paragraph, url: str, text: str) -> None:
    """An external hyperlink run, as Word writes it."""
    r_id = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = parse_xml(
        f'<w:hyperlink {nsdecls("w", "r")} r:id="{r_id}"><w:r><w:rPr><w:color w:val="0563C1"/><w:u w:val="single"/>'
        f'</w:rPr><w:t xml:space="preserve">{text}</w:t></w:r></w:hyperlink>'
    )
    paragraph._p.append(link)


def set_list_level(paragraph: Paragraph, num_id: int, level: int) -> None:
    """Put a paragraph in numbering list `num_id` at `level` (0 = top)."""
    p_pr = paragraph._p.get_or_add_pPr()
    p_pr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))


def add_multilevel_list(document: docx.document.Document, num_id: int = 40) -> int:
    """Define a numbered list whose deeper levels are bullets (Word's "multilevel list")."""
    levels = []
    for level in range(3):
        fmt, text = ("decimal", f"%{level + 1}.") if level == 0 else ("bullet", "•")
        levels.append(
            f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
            f'<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="{720 * (level + 1)}" w:hanging="360"/></w:pPr></w:lvl>'
        )
    numbering = document.part.numbering_part.element
    abstract = parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{num_id}">{"".join(levels)}</w:abstractNum>')
    first_num = numbering.find(qn("w:num"))
    first_num.addprevious(abstract)  # abstractNum elements must come before num elements
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{num_id}"/></w:num>'))
    return num_id


def add_footnotes(document: docx.document.Document, notes: list[str]) -> None:
    """Add a footnotes part with the given notes (ids 1..n)."""
    body = [
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>',
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>',
    ]
    for number, note in enumerate(notes, start=1):
        body.append(
            f'<w:footnote w:id="{number}"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>'
            f'<w:r><w:t xml:space="preserve"> {note}</w:t></w:r></w:p></w:footnote>'
        )
    xml = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes {W_NS}>{"".join(body)}</w:footnotes>'
    part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, xml.encode("utf-8"), document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES)


def add_footnote_reference(paragraph: Paragraph, number: int) -> None:
    paragraph._p.append(
        parse_xml(
            f'<w:r {nsdecls("w")}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="{number}"/></w:r>'
        )
    )


def add_legacy_checkbox(paragraph: Paragraph, checked: bool = False) -> None:
    """A legacy form field checkbox (FORMCHECKBOX), common in older municipal templates."""
    value = "1" if checked else "0"
    for xml in (
        f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="Kryss"/><w:enabled/>'
        f'<w:calcOnExit w:val="0"/><w:checkBox><w:sizeAuto/><w:default w:val="{value}"/></w:checkBox></w:ffData>'
        "</w:fldChar></w:r>",
        f'<w:r {nsdecls("w")}><w:instrText xml:space="preserve"> FORMCHECKBOX </w:instrText></w:r>',
        f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="end"/></w:r>',
    ):
        paragraph._p.append(parse_xml(xml))


def add_content_control_checkbox(paragraph: Paragraph, checked: bool = False) -> None:
    """A modern content control checkbox (w14:checkbox) showing ☐ or ☒."""
    w14 = 'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"'
    symbol = "☒" if checked else "☐"
    paragraph._p.append(
        parse_xml(
            f'<w:sdt {nsdecls("w")} {w14}><w:sdtPr><w14:checkbox><w14:checked w14:val="{int(checked)}"/>'
            '<w14:checkedState w14:val="2612" w14:font="MS Gothic"/><w14:uncheckedState w14:val="2610" w14:font="MS Gothic"/>'
            f"</w14:checkbox></w:sdtPr><w:sdtContent><w:r><w:t>{symbol}</w:t></w:r></w:sdtContent></w:sdt>"
        )
    )


def add_text_field(paragraph: Paragraph, placeholder: str = "     ") -> None:
    """A legacy text form field (FORMTEXT) with its visible placeholder."""
    for xml in (
        f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="Text1"/><w:enabled/>'
        "<w:textInput/></w:ffData></w:fldChar></w:r>",
        f'<w:r {nsdecls("w")}><w:instrText xml:space="preserve"> FORMTEXT </w:instrText></w:r>',
        f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="separate"/></w:r>',
        f'<w:r {nsdecls("w")}><w:t xml:space="preserve">{placeholder}</w:t></w:r>',
        f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="end"/></w:r>',
    ):
        paragraph._p.append(parse_xml(xml))


def set_alt_text(document: docx.document.Document, text: str) -> None:
    """Set the description (alt text) of the last inline picture."""
    doc_prs = document.element.body.findall(".//" + qn("wp:docPr"))
    doc_prs[-1].set("descr", text)


def metadata_table(document: docx.document.Document, rows: list[tuple[str, str]]) -> None:
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text = label
        cells[1].text = value


def save(document: docx.document.Document, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def rutin(
    path: Path, *, title: str = "Rutin för orosanmälan", owner: str = "Förste socialsekreterare barn och unga", image: bool = True
) -> Path:
    """A routine as units write them: title, header table, sections, nested list, merged table,
    image, footnote, hyperlink and legal references."""
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Exempelkommun Socialförvaltningen"
    document.add_paragraph(title, style="Title")
    metadata_table(
        document,
        [
            ("Dokumenttyp", "Rutin"),
            ("Fastställd av", "Socialnämnden 2021-03-01 § 45"),
            ("Fastställd", "2021-03-01"),
            ("Ansvarig", owner),
            ("Revideras senast", "1 mars 2023"),
            ("Version", "2.1"),
        ],
    )
    document.add_heading("Syfte", level=1)
    paragraph = document.add_paragraph("Rutinen beskriver hur ")
    paragraph.add_run("orosanmälningar").bold = True
    paragraph.add_run(" tas emot och ")
    paragraph.add_run("skyddsbedöms samma dag").italic = True
    paragraph.add_run(". Anmälningsplikten följer av 19 kap. 1 § socialtjänstlagen (2025:400)")
    add_footnote_reference(paragraph, 1)
    paragraph.add_run(". Läs mer hos ")
    add_hyperlink(paragraph, "https://www.socialstyrelsen.se/", "Socialstyrelsen")
    paragraph.add_run(".")
    document.add_paragraph("Skriv aldrig {{ klientens namn }} eller <b>taggar</b> i fritext; filen_heter x*y.")
    document.add_heading("Arbetsgång", level=1)
    steps = [
        (0, "Ta emot anmälan"),
        (1, "Kontrollera vem som anmäler"),
        (1, "Notera tid för mottagandet"),
        (0, "Gör en skyddsbedömning"),
        (1, "Bedöm om barnet behöver omedelbart skydd"),
        (2, "Kontakta socialjouren vid behov"),
        (0, "Fatta beslut om förhandsbedömning"),
    ]
    num_id = add_multilevel_list(document)
    for level, text in steps:
        item = document.add_paragraph(text, style="List Paragraph")
        set_list_level(item, num_id, level)
    document.add_heading("Ansvar", level=2)
    table = document.add_table(rows=4, cols=3)
    table.style = "Table Grid"
    table.cell(0, 0).text = "Steg"
    merged = table.cell(0, 1).merge(table.cell(0, 2))
    merged.text = "Ansvar"
    for col, text in enumerate(("", "Roll", "Uppgift")):
        table.cell(1, col).text = text
    for row, values in (
        (2, ("1", "Mottagningssekreterare", "Registrera anmälan")),
        (3, ("2", "Förste socialsekreterare", "Skyddsbedömning")),
    ):
        for col, text in enumerate(values):
            table.cell(row, col).text = text
    if image:
        document.add_heading("Flödesschema", level=2)
        document.add_picture(BytesIO(png_bytes()), width=Cm(4))
        set_alt_text(document, "Flödesschema för orosanmälan")
    document.add_paragraph("Dokumentet ska revideras senast 2023-03-01.")
    add_footnotes(
        document, ["Uppgifterna omfattas av sekretess enligt 26 kap. 1 § offentlighets- och sekretesslagen (2009:400)."]
    )
    return save(document, path)


def mall(path: Path) -> Path:
    """A template with form fields: legacy checkboxes, content control checkboxes, text fields."""
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Ansvarig: Kvalitetsutvecklare\tFastställd: 2024-05-02\tVersion: 1.0"
    document.add_heading("Samtycke till informationsutbyte", level=1)
    document.add_paragraph("Fyll i blanketten tillsammans med den enskilde.")
    document.add_heading("Uppgifter", level=2)
    table = document.add_table(rows=3, cols=2)
    table.style = "Table Grid"
    for row, label in enumerate(("Uppgift", "Namn", "Ärendenummer")):
        table.cell(row, 0).text = label
    table.cell(0, 1).text = "Ifylls"
    add_text_field(table.cell(1, 1).paragraphs[0])
    add_text_field(table.cell(2, 1).paragraphs[0])
    document.add_heading("Samtycke", level=2)
    for text, legacy in (
        ("Jag samtycker till att uppgifter lämnas till skolan", True),
        ("Jag samtycker till kontakt med BVC", False),
    ):
        item = document.add_paragraph()
        (add_legacy_checkbox if legacy else add_content_control_checkbox)(item)
        item.add_run(" " + text)
    document.add_paragraph("Enligt 12 kap. 2 § offentlighets- och sekretesslagen (2009:400) får uppgifter lämnas med samtycke.")
    return save(document, path)


def plain(path: Path) -> Path:
    """A file with no headings and no metadata at all."""
    document = docx.Document()
    document.add_paragraph("Vid hembesök ska två handläggare delta.")
    document.add_paragraph("Besöket dokumenteras i journalen samma dag.")
    return save(document, path)


def corrupt(path: Path) -> Path:
    """A .docx that is a truncated zip archive."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"PK\x03\x04\x14\x00\x00\x00" + b"\x00trasig" * 20)
    return path


def protected(path: Path) -> Path:
    """What Word writes for a password-protected .docx: an OLE container with an EncryptedPackage."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(OLE_MAGIC + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 512)
    return path


def old_doc(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(OLE_MAGIC + b"\x00" * 1024 + "WordDocument".encode("utf-16-le"))
    return path


def pdf(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    return path


def source_tree(root: Path) -> Path:
    """A small Word tree like a unit's file share: areas as folders, a type folder, odd files."""
    rutin(root / "Barn och unga" / "Rutin för orosanmälan.docx")
    mall(root / "Dokumentation och sekretess" / "Mallar" / "Samtycke.docx")
    rutin(
        root / "Barn och unga" / "Utredning" / "Rutiner" / "Hembesök.docx",
        title="Rutin för hembesök",
        owner="Enhetschef",
        image=False,
    )
    plain(root / "Hemtjänst IFO" / "anteckningar_om_hembesok.docx")
    (root / "Barn och unga" / "~$tin för orosanmälan.docx").write_bytes(b"\x00" * 162)
    corrupt(root / "Barn och unga" / "Rutin trasig.docx")
    protected(root / "Missbruk" / "Riktlinje skyddad.docx")
    old_doc(root / "Missbruk" / "Rutin gammal.doc")
    pdf(root / "Ekonomiskt bistånd" / "Riktlinje ekonomiskt bistånd.pdf")
    return root
