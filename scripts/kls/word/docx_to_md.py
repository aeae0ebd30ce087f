"""One .docx file to Markdown: mammoth turns Word into clean HTML, markdownify turns that into
Markdown, and this module fixes what lies between (footnotes, merged cells, checkboxes, local
links, images, headings) and reads the header table and page header for the front matter.

The result keeps headings, paragraphs, bold/italic, nested lists, tables, hyperlinks,
footnotes and images; anything that cannot be kept exactly is listed in `notes`.
"""

from __future__ import annotations

import contextlib
import io
import re
import zipfile
from dataclasses import dataclass, field

import docx
import mammoth
from bs4 import BeautifulSoup, NavigableString, Tag
from lxml import etree
from markdownify import ATX, MarkdownConverter

from kls.word.metadata import GENERIC_HEADINGS, Fields, clean, pairs_from_grid, pairs_from_text

OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
MAX_DOCX_BYTES = 100 * 1024 * 1024
MAX_UNPACKED_BYTES = 500 * 1024 * 1024  # a zip bomb is refused before anything is unpacked

STYLE_MAP = "\n".join(
    [
        "p[style-name='Title'] => h1.kls-titel:fresh",
        "p[style-name='Subtitle'] => p:fresh",
        "p[style-name='TOC Heading'] => !",
        *[f"p[style-name='toc {n}'] => !" for n in range(1, 10)],
        "p[style-name='Quote'] => blockquote > p:fresh",
        "p[style-name='Intense Quote'] => blockquote > p:fresh",
    ]
)
_IMAGE_TYPES = {
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/jpg": "jpg",
    "image/gif": "gif",
    "image/bmp": "bmp",
    "image/tiff": "tif",
    "image/svg+xml": "svg",
    "image/x-emf": "emf",
    "image/x-wmf": "wmf",
}
_BROWSER_IMAGES = {"png", "jpg", "gif", "svg"}
_LINK_SCHEMES = ("http://", "https://", "mailto:", "tel:")
_FOOTNOTE_TOKEN = "KLSFOTNOT{}KLS"
_BOX_TOKEN = {False: "KLSBOX0KLS", True: "KLSBOX1KLS"}
_BREAK_TOKEN = "KLSBRKLS"
_LINE_ESCAPES = (
    (re.compile(r"^(\s*)(#{1,6}(?=\s|$)|[-+*](?=\s)|!!!|-{3,}\s*$)", re.M), r"\1\\\2"),  # heading, list, admonition, rule
    (re.compile(r"^(\s*\d+)\.(?=\s)", re.M), r"\1\\."),  # "1. text" would start a numbered list
    (re.compile(r"^(\s*)=", re.M), r"\1&#61;"),  # setext heading underline
    (re.compile(r"^(\s*)\?\?\?", re.M), r"\1&#63;??"),  # collapsible block (pymdownx.details)
    (re.compile(r"^(\s*):(?=\s)", re.M), r"\1&#58;"),  # definition list
)
_NOTE_REF = re.compile(r"^(?:foot|end)note-ref-")
_NOTE = re.compile(r"^(?:foot|end)note-\d")
_NOTE_BACK = re.compile(r"^#(?:foot|end)note-ref-")
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


class ConversionError(Exception):
    """The file cannot be converted; the message (Swedish) says why and what to do."""


@dataclass
class Converted:
    """A converted document: Markdown body, title, facts for the front matter, images, notes."""

    markdown: str
    title: str | None
    fields: Fields
    text: str
    images: dict[str, bytes] = field(default_factory=dict)  # path relative to the document folder -> bytes
    notes: list[str] = field(default_factory=list)
    had_headings: bool = True


class _Markdown(MarkdownConverter):
    """markdownify with escaping for Python-Markdown: raw HTML in Word text stays text, line
    starts that would become lists or headings are escaped, pipes in table cells too."""

    def escape(self, text: str, parent_tags: set[str]) -> str:  # type: ignore[override]
        text = super().escape(text, parent_tags)
        text = text.replace("`", "\\`").replace("[", "\\[").replace("]", "\\]")
        text = text.replace("<", "&lt;").replace(">", "&gt;")
        if "td" in parent_tags or "th" in parent_tags:
            text = text.replace("|", "\\|")
        return text

    def convert_p(self, el: Tag, text: str, parent_tags: set[str]) -> str:  # type: ignore[override]
        text = super().convert_p(el, text, parent_tags)
        for pattern, replacement in _LINE_ESCAPES:
            text = pattern.sub(replacement, text)
        return text

    def convert_li(self, el: Tag, text: str, parent_tags: set[str]) -> str:  # type: ignore[override]
        # Python-Markdown needs four spaces for content under a list item, whatever the marker.
        text = (text or "").strip()
        if not text:
            return "\n"
        parent = el.parent
        if parent is not None and parent.name == "ol":
            start = int(parent["start"]) if str(parent.get("start", "")).isdigit() else 1
            bullet = f"{start + len(el.find_previous_siblings('li'))}."
        else:
            bullet = "-"
        lines = text.split("\n")
        rest = [("    " + line) if line.strip() else "" for line in lines[1:]]
        return "\n".join([f"{bullet} {lines[0]}", *rest]) + "\n"


def sniff(data: bytes) -> None:
    """Raise ConversionError for files that are not a readable .docx."""
    if not data:
        raise ConversionError("filen är tom")
    if len(data) > MAX_DOCX_BYTES:
        raise ConversionError(f"filen är större än {MAX_DOCX_BYTES // (1024 * 1024)} MB")
    if data.startswith(OLE_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise ConversionError("lösenordsskyddad (krypterad): spara en kopia utan lösenord i Word och importera den")
        raise ConversionError("gammalt Word-format (.doc) med filändelsen .docx: öppna i Word och spara som .docx")
    if not data.startswith(b"PK"):
        raise ConversionError("ingen Word-fil (.docx) trots filändelsen: kontrollera filen")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "word/document.xml" not in names:
                raise ConversionError("zip-arkivet saknar word/document.xml och är inget Word-dokument")
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
                raise ConversionError(f"filen packas upp till mer än {MAX_UNPACKED_BYTES // (1024 * 1024)} MB och läses inte")
            bad = archive.testzip()
            if bad:
                raise ConversionError(f"skadad fil: delen {bad} går inte att läsa")
    except zipfile.BadZipFile:
        raise ConversionError("skadad fil: arkivet går inte att öppna (avbruten kopiering?); öppna och spara om i Word") from None


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_STYLE_PARTS = ("word/styles.xml",)
_UNREAD_PARTS = ("word/stylesWithEffects.xml", "docProps/thumbnail.jpeg", "word/glossary/document.xml")


def slim_styles(xml: bytes) -> bytes:
    """styles.xml with only what mammoth reads from it: each style's type, id, name and (for
    numbering styles) its list. Word and python-docx write every built-in style with all its
    formatting (often 100–400 kB), and mammoth's pure-Python XML reader spends most of a
    conversion on it; the result is the same."""
    root = etree.fromstring(xml, parser=etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False))
    slim = etree.Element(root.tag, nsmap={"w": root.nsmap.get("w", _W)})
    ns = root.tag[: -len("styles")] if root.tag.endswith("styles") else f"{{{_W}}}"
    for style in root.iterchildren(f"{ns}style"):
        kept = etree.SubElement(slim, style.tag, dict(style.attrib))
        for child in style.iterchildren(f"{ns}name"):
            kept.append(child)
        if style.get(f"{ns}type") == "numbering":
            for properties in style.iterchildren(f"{ns}pPr"):
                for numbering in properties.iterchildren(f"{ns}numPr"):
                    etree.SubElement(kept, properties.tag).append(numbering)
    return etree.tostring(slim, xml_declaration=True, encoding="UTF-8", standalone=True)


_W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
_W14_IDS = {f"{{{_W14}}}paraId", f"{{{_W14}}}textId"}
_NOISE = {f"{{{_W}}}proofErr", f"{{{_W}}}lastRenderedPageBreak", f"{{{_W}}}lang", f"{{{_W}}}noProof"}


def slim_body(xml: bytes) -> bytes:
    """document.xml without the revision ids (`w:rsid…`, `w14:paraId`) and proofing marks Word
    puts on every paragraph and run; mammoth ignores them, but reads them slowly."""
    root = etree.fromstring(xml, parser=etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True))
    for element in root.iter():
        if element.tag in _NOISE:
            element.getparent().remove(element)
            continue
        for name in [n for n in element.attrib if n.startswith(f"{{{_W}}}rsid") or n in _W14_IDS]:
            del element.attrib[name]
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def slim_package(data: bytes) -> bytes:
    """The .docx with a slim styles.xml and without parts the conversion never reads."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as target:
        for info in source.infolist():
            if info.filename in _UNREAD_PARTS:
                continue
            content = source.read(info)
            with contextlib.suppress(etree.XMLSyntaxError):  # mammoth reports a broken part itself
                if info.filename in _STYLE_PARTS:
                    content = slim_styles(content)
                elif info.filename == "word/document.xml":
                    content = slim_body(content)
            target.writestr(info.filename, content)
    return out.getvalue()


def header_fields(data: bytes) -> list[tuple[str, str]]:
    """Label/value pairs from the page headers and footers (python-docx; mammoth skips them)."""
    document = docx.Document(io.BytesIO(data))
    pairs: list[tuple[str, str]] = []
    seen: set[int] = set()
    for section in document.sections:
        for part in (section.header, section.first_page_header, section.footer, section.first_page_footer):
            if part.is_linked_to_previous or id(part._element) in seen:
                continue
            seen.add(id(part._element))
            for paragraph in part.paragraphs:
                pairs += pairs_from_text(paragraph.text)
            for table in part.tables:
                rows = [[cell.text for cell in row.cells] for row in table.rows]
                pairs += pairs_from_grid(rows)
    return pairs


def _span(cell: Tag, attribute: str) -> int:
    value = str(cell.get(attribute, "1"))
    return max(1, min(int(value), 1000)) if value.isdigit() else 1


def _cell_text(cell: Tag) -> str:
    return "\n".join(clean(p.get_text(" ")) for p in cell.find_all("p")) or clean(cell.get_text(" "))


def _grid(table: Tag) -> list[list[str]]:
    return [[_cell_text(cell) for cell in row.find_all(["td", "th"], recursive=False)] for row in table.find_all("tr")]


class _Soup:
    """The steps between mammoth's HTML and markdownify, on one BeautifulSoup tree."""

    def __init__(self, html: str) -> None:
        self.soup = BeautifulSoup(html, "html.parser")
        self.notes: list[str] = []
        self.fields = Fields()
        self.footnotes: list[str] = []

    def top(self) -> list[Tag]:
        return [el for el in self.soup.children if isinstance(el, Tag)]

    def take_footnotes(self, converter: _Markdown) -> None:
        """Mammoth's footnote and endnote links and lists → tokens, turned into `[^n]` later."""
        numbers: dict[str, int] = {}
        for link in self.soup.find_all("a", id=_NOTE_REF):
            target = str(link.get("href", "")).lstrip("#")
            numbers[target] = len(numbers) + 1
            outer = link
            while outer.parent is not None and outer.parent.name == "sup":
                outer = outer.parent
            outer.replace_with(NavigableString(_FOOTNOTE_TOKEN.format(numbers[target])))
        definitions: dict[int, str] = {}
        for item in self.soup.find_all("li", id=_NOTE):
            number = numbers.get(str(item["id"]))
            for back in item.find_all("a", href=_NOTE_BACK):
                back.decompose()
            parent = item.parent
            item.extract()
            if parent is not None and not parent.find("li"):
                parent.decompose()
            if number is not None:
                text = converter.convert_soup(BeautifulSoup(item.decode_contents(), "html.parser")).strip()
                definitions[number] = re.sub(r"\s*\n\s*", " ", text)
        self.footnotes = [definitions.get(n, "") for n in range(1, len(numbers) + 1)]

    def take_title(self) -> str | None:
        """The first heading names the document (unless it is a section such as "Syfte")."""
        first = next((el for el in self.top() if el.name in _HEADINGS), None)
        if first is None:
            return None
        text = clean(first.get_text(" "))
        if not text or text.casefold().rstrip(".:") in GENERIC_HEADINGS:
            return None
        before = self.top()[: self.top().index(first)]
        if first.name == "h1" or all(self._is_metadata(el) for el in before):
            first.decompose()
        return text

    def _is_metadata(self, el: Tag) -> bool:
        if el.name == "table":
            return len(pairs_from_grid(_grid(el))) >= 2
        return bool(pairs_from_text(el.get_text("\t")))

    def take_header_area(self) -> None:
        """Header tables and `Label: value` lines before the first heading become front matter."""
        for el in self.top():
            if el.name in _HEADINGS:
                break
            if el.name == "table":
                pairs = pairs_from_grid(_grid(el))
                if len(pairs) >= 2:
                    for key, value in pairs:
                        self.fields.add(key, value, "dokumentets huvudtabell")
                    el.decompose()
            elif el.name == "p":
                pairs = pairs_from_text(el.get_text("\t"))
                if pairs:
                    for key, value in pairs:
                        self.fields.add(key, value, "dokumentets inledning")
                    el.decompose()

    def demote_headings(self) -> None:
        """Sections start at `##` under the page title: shift all headings if any `#` is left."""
        if not self.soup.find("h1"):
            return
        for el in self.soup.find_all(list(_HEADINGS)):
            el.name = f"h{min(int(el.name[1]) + 1, 6)}"

    def fix_links(self) -> None:
        for link in self.soup.find_all("a"):
            href = str(link.get("href", ""))
            if not href:
                link.unwrap()  # bookmarks
            elif href.startswith("#"):
                link.unwrap()  # internal cross-references (table of contents, bookmarks)
            elif not href.lower().startswith(_LINK_SCHEMES):
                self.notes.append(
                    f"länken till '{href[:80]}' pekar på en lokal fil och togs bort; länka till intranätet i stället"
                )
                link.unwrap()

    def fix_checkboxes(self) -> None:
        """Word checkboxes → ☐/☒ text; paragraphs that start with one become a task list."""
        for box in self.soup.find_all("input"):
            if str(box.get("type", "")).lower() == "checkbox":
                box.replace_with(NavigableString(_BOX_TOKEN[box.has_attr("checked")]))
            else:
                box.decompose()
        run: list[Tag] = []
        for el in [*self.top(), None]:
            starts = el is not None and el.name == "p" and el.get_text().lstrip().startswith(tuple(_BOX_TOKEN.values()))
            if starts:
                run.append(el)  # type: ignore[arg-type]
                continue
            if run:
                listing = self.soup.new_tag("ul")
                run[0].insert_before(listing)
                for paragraph in run:
                    item = self.soup.new_tag("li")
                    item.extend(list(paragraph.contents))
                    listing.append(item)
                    paragraph.decompose()
                run = []

    def fix_tables(self) -> None:
        """Header row, one line per cell, merged cells split into empty cells (and reported)."""
        for number, table in enumerate(self.soup.find_all("table"), start=1):
            if table.find_parent("table") is not None:
                self.notes.append(f"tabell {number} ligger i en annan tabell; den visas som text i cellen")
                continue
            merged: list[str] = []
            covered: set[tuple[int, int]] = set()  # (row, column) taken by a cell merged from above
            for r, row in enumerate(table.find_all("tr")):
                column = 0
                for cell in row.find_all(["td", "th"], recursive=False):
                    while (r, column) in covered:
                        cell.insert_before(self.soup.new_tag("td"))
                        column += 1
                    span, down = _span(cell, "colspan"), _span(cell, "rowspan")
                    label = clean(cell.get_text(" "))[:40] or "(tom)"
                    where = "rubrikcellen" if r == 0 else "cellen"
                    if span > 1:
                        merged.append(f"{where} '{label}' över {span} kolumner")
                    if down > 1:
                        merged.append(f"{where} '{label}' över {down} rader")
                        covered.update((r + dr, column + dc) for dr in range(1, down) for dc in range(span))
                    column += span
                while (r, column) in covered:
                    row.append(self.soup.new_tag("td"))
                    column += 1
            for cell in table.find_all(["td", "th"]):
                self._flatten_cell(cell)
            if merged:
                self.notes.append(
                    f"tabell {number} har sammanslagna celler som Markdown inte kan visa ({'; '.join(merged[:4])}); "
                    "de är uppdelade med tomma celler: kontrollera tabellen"
                )

    def _flatten_cell(self, cell: Tag) -> None:
        """A Markdown table cell is one line: paragraphs and list items are joined with line breaks."""
        for listing in cell.find_all(["ul", "ol"]):
            for number, item in enumerate(listing.find_all("li", recursive=False), start=1):
                marker = f"{number}. " if listing.name == "ol" else "• "
                item.insert(0, NavigableString(marker))
                item.append(NavigableString(_BREAK_TOKEN))
                item.unwrap()
            listing.unwrap()
        for paragraph in cell.find_all("p"):
            paragraph.append(NavigableString(_BREAK_TOKEN))
            paragraph.unwrap()


def convert_docx(data: bytes, image_folder: str) -> Converted:
    """Convert one .docx (bytes) to Markdown; images are named `<image_folder>/bild-N.ext`.

    Raises ConversionError with a Swedish reason when the file cannot be converted."""
    sniff(data)
    images: dict[str, bytes] = {}
    notes: list[str] = []

    def save_image(image: mammoth.documents.Image) -> dict[str, str]:
        extension = _IMAGE_TYPES.get(str(image.content_type).lower(), "bin")
        name = f"bild-{len(images) + 1}.{extension}"
        with image.open() as stream:
            images[name] = stream.read()
        if extension not in _BROWSER_IMAGES:
            notes.append(f"{name} har formatet {extension.upper()} som webbläsare inte visar; ersätt den med PNG eller JPG")
        if not (image.alt_text or "").strip():
            notes.append(f"{name} saknar alternativtext; skriv en kort beskrivning av bilden i Markdown-filen")
        return {"src": f"{image_folder}/{name}"}

    try:
        package = slim_package(data)
        result = mammoth.convert_to_html(
            io.BytesIO(package), style_map=STYLE_MAP, convert_image=mammoth.images.img_element(save_image)
        )
    except ConversionError:
        raise
    except Exception as exc:  # mammoth raises many kinds on broken XML or zip parts
        raise ConversionError(f"skadad fil: innehållet går inte att läsa ({type(exc).__name__})") from None
    try:
        page_header = header_fields(data)
    except Exception:  # noqa: BLE001 - a broken header part should not stop the body
        page_header = []
        notes.append("sidhuvudet gick inte att läsa")

    soup = _Soup(result.value)
    converter = _Markdown(heading_style=ATX, bullets="-", table_infer_header=True, escape_misc=False)
    text = soup.soup.get_text("\n")
    had_headings = soup.soup.find(list(_HEADINGS)) is not None
    soup.take_footnotes(converter)
    title = soup.take_title()
    soup.take_header_area()
    for key, value in page_header:
        soup.fields.add(key, value, "sidhuvudet")
    soup.demote_headings()
    soup.fix_links()
    soup.fix_checkboxes()
    soup.fix_tables()
    markdown = converter.convert_soup(soup.soup)
    markdown = _finish(markdown, soup.footnotes)
    notes = soup.notes + notes
    if not markdown.strip():
        notes.append("dokumentet har ingen text")
    return Converted(
        markdown=markdown,
        title=title,
        fields=soup.fields,
        text=text,
        images=images,
        notes=notes,
        had_headings=had_headings,
    )


def _finish(markdown: str, footnotes: list[str]) -> str:
    """Tokens to Markdown, template braces neutralised, blank lines tidied, footnotes appended."""
    markdown = re.sub(r"KLSFOTNOT(\d+)KLS", r"[^\1]", markdown)
    markdown = re.sub(r"(?m)^(\s*[-*] )KLSBOX0KLS\s*", r"\1[ ] ", markdown)
    markdown = re.sub(r"(?m)^(\s*[-*] )KLSBOX1KLS\s*", r"\1[x] ", markdown)
    markdown = markdown.replace(_BOX_TOKEN[False], "☐").replace(_BOX_TOKEN[True], "☒")
    markdown = re.sub(rf"(?:\s*{_BREAK_TOKEN})+\s*\|", " |", markdown)
    markdown = re.sub(rf"\s*{_BREAK_TOKEN}\s*", "<br>", markdown)
    # Word text is never template code: {{ … }} and {% … %} would run as macros.
    markdown = re.sub(r"\{(?=[{%#])", "&#123;", markdown)
    markdown = re.sub(r"(?m)^[ \t]+$", "", markdown)
    markdown = re.sub(r"\n{3,}", "\n\n", markdown).strip("\n")
    if footnotes:
        markdown += "\n\n" + "\n".join(f"[^{n}]: {text or '(tom fotnot)'}" for n, text in enumerate(footnotes, start=1))
    return markdown + "\n"
