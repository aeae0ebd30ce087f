"""Templates (mallar) as Word files: a page's rendered HTML → a .docx that staff fill in.

`template_docx` is pure: HTML and facts in, bytes out. It is called at build time by the MkDocs
glue with the page's HTML, i.e. the document's Markdown after macros and extensions, so the
Word file says exactly what the page says. Headings, paragraphs, bold/italic, links, nested
lists, tables and checkboxes (☐) are kept; the unit's name goes in the page header, the
template's id and version in the footer.
"""

from __future__ import annotations

import copy
import datetime as dt
import importlib.metadata
import io
import re
import struct
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urljoin

import docx
from bs4 import BeautifulSoup, NavigableString, Tag
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI
from docx.opc.pkgwriter import _ContentTypesItem
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from kls.build_cache import cached, key

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
UNCHECKED, CHECKED = "☐", "☒"
_SKIP = {"script", "style", "nav", "button", "svg", "template", "noscript"}
_SKIP_CLASSES = {"headerlink", "footnote-backref", "md-source-file", "kls-meta"}
_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "div", "blockquote", "pre", "hr", "details", "dl"}
_R = qn("w:r")


@dataclass(frozen=True)
class TemplateInfo:
    """What the header and footer say, and where relative links point."""

    title: str
    doc_id: str
    version: str | None
    unit: str
    page_url: str = ""  # absolute URL of the page, to make relative links absolute
    approved: str | None = None
    build_date: dt.date | None = None


@dataclass
class _Format:
    bold: bool = False
    italic: bool = False
    code: bool = False
    superscript: bool = False
    subscript: bool = False

    def with_(self, **changes: bool) -> _Format:
        return _Format(**{**self.__dict__, **changes})


def unit_name(unit: dict[str, object]) -> str:
    """`Individ- och familjeomsorgen, Exempelkommun` from kls.yml `enhet`."""
    parts = [str(unit.get(key)).strip() for key in ("namn", "kommun") if unit.get(key)]
    return ", ".join(parts) or "Individ- och familjeomsorgen"


def size_text(size: int) -> str:
    """A file size in Swedish: `24 kB`, `1,2 MB`."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} kB"
    return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")


def template_filename(source_rel: str) -> str:
    """`mallar/x/avvikelserapport.md` → `avvikelserapport.docx`."""
    stem = source_rel.rsplit("/", 1)[-1]
    return (stem[: -len(".md")] if stem.endswith(".md") else stem) + ".docx"


class _Writer:
    def __init__(self, document: Document, info: TemplateInfo) -> None:
        self.document = document
        self.info = info

    # --- inline ------------------------------------------------------------------------------
    def inline(self, paragraph: Paragraph, node: Tag | NavigableString, fmt: _Format) -> None:
        if isinstance(node, NavigableString):
            text = re.sub(r"\s+", " ", str(node))
            if text:
                self._run(paragraph, text, fmt)
            return
        if not isinstance(node, Tag) or self._skipped(node):
            return
        name = node.name
        if name == "br":
            paragraph.add_run().add_break()
        elif name == "input":
            if str(node.get("type", "")).lower() == "checkbox":
                self._run(paragraph, (CHECKED if node.has_attr("checked") else UNCHECKED) + " ", fmt)
        elif name == "img":
            alt = str(node.get("alt", "")).strip()
            self._run(paragraph, f"[Bild{': ' + alt if alt else ''}]", fmt.with_(italic=True))
        elif name == "a" and node.get("href") and not str(node["href"]).startswith("#"):
            self._hyperlink(paragraph, urljoin(self.info.page_url, str(node["href"])), node.get_text(), fmt)
        else:
            changes = {
                "strong": {"bold": True},
                "b": {"bold": True},
                "em": {"italic": True},
                "i": {"italic": True},
                "code": {"code": True},
                "kbd": {"code": True},
                "sup": {"superscript": True},
                "sub": {"subscript": True},
            }.get(name, {})
            for child in node.children:
                self.inline(paragraph, child, fmt.with_(**changes))

    def _run(self, paragraph: Paragraph, text: str, fmt: _Format):  # noqa: ANN202 - docx Run
        last = _last_run(paragraph)
        last_text = last.text if last is not None else ""
        if not last_text or last_text.endswith((" ", "\n")):
            text = text.lstrip(" ")  # no leading or doubled spaces from HTML whitespace
            if not text:
                return None
        # The same XML as `paragraph.add_run(text)` plus `run.bold = …`, without python-docx's
        # character-by-character text writer and a list of every run in the paragraph.
        r = paragraph._p.add_r()
        r.get_or_add_rPr()
        if "\t" in text or "\n" in text or "\r" in text:
            r.text = text
        else:
            r.add_t(text)
        run = Run(r, paragraph)
        if fmt.bold:
            run.bold = True
        if fmt.italic:
            run.italic = True
        if fmt.code:
            run.font.name = "Consolas"
        if fmt.superscript:
            run.font.superscript = True
        if fmt.subscript:
            run.font.subscript = True
        return run

    def _hyperlink(self, paragraph: Paragraph, url: str, text: str, fmt: _Format) -> None:
        text = re.sub(r"\s+", " ", text)
        if not url.lower().startswith(("http://", "https://", "mailto:", "tel:")):
            self._run(paragraph, text, fmt)
            return
        r_id = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
        link = OxmlElement("w:hyperlink")
        link.set(qn("r:id"), r_id)
        run = OxmlElement("w:r")
        props = OxmlElement("w:rPr")
        style = OxmlElement("w:rStyle")
        style.set(qn("w:val"), "Hyperlink")
        props.append(style)
        color = OxmlElement("w:color")
        color.set(qn("w:val"), "0563C1")
        props.append(color)
        underline = OxmlElement("w:u")
        underline.set(qn("w:val"), "single")
        props.append(underline)
        if fmt.bold:
            props.append(OxmlElement("w:b"))
        run.append(props)
        t = OxmlElement("w:t")
        t.set(qn("xml:space"), "preserve")
        t.text = text
        run.append(t)
        link.append(run)
        paragraph._p.append(link)

    @staticmethod
    def trim(paragraph: Paragraph) -> None:
        """No trailing space from HTML whitespace at the end of a paragraph."""
        last = _last_run(paragraph)
        if last is not None and last.text.endswith(" "):
            last.text = last.text.rstrip(" ")

    @staticmethod
    def _skipped(node: Tag) -> bool:
        classes = set(node.get("class") or [])
        return node.name in _SKIP or bool(classes & _SKIP_CLASSES) or node.get("aria-hidden") == "true"

    # --- blocks ------------------------------------------------------------------------------
    def blocks(self, container: Tag, target: Document | _Cell, list_level: int = 0) -> None:
        """Write the children of `container`; loose inline content is gathered into paragraphs."""
        loose: list[Tag | NavigableString] = []

        def flush() -> None:
            if any(str(n).strip() if isinstance(n, NavigableString) else True for n in loose):
                paragraph = target.add_paragraph()
                for node in loose:
                    self.inline(paragraph, node, _Format())
                self.trim(paragraph)
            loose.clear()

        for child in container.children:
            if isinstance(child, Tag) and (child.name in _BLOCKS or child.name in ("section", "article", "figure", "summary")):
                flush()
                if not self._skipped(child):
                    self.block(child, target, list_level)
            elif isinstance(child, (Tag, NavigableString)):
                if isinstance(child, Tag) and self._skipped(child):
                    continue
                loose.append(child)
        flush()

    def block(self, node: Tag, target: Document | _Cell, list_level: int) -> None:
        name = node.name
        classes = set(node.get("class") or [])
        if name in ("h1", "h2", "h3", "h4", "h5", "h6"):
            level = max(1, min(int(name[1]) - 1, 4))  # `##` sections are Word's Heading 1
            if isinstance(target, _Cell):
                paragraph = target.add_paragraph()
                self.inline(paragraph, node, _Format(bold=True))
            else:
                paragraph = _styled(target.add_paragraph(), f"Heading{level}")
                self.inline(paragraph, node, _Format())
        elif name == "p":
            paragraph = target.add_paragraph()
            self.inline(paragraph, node, _Format(bold="admonition-title" in classes))
            self.trim(paragraph)
        elif name in ("ul", "ol"):
            self.listing(node, target, list_level)
        elif name == "table":
            if isinstance(target, _Cell):
                target.add_paragraph(re.sub(r"\s+", " ", node.get_text(" ")).strip())
            else:
                self.table(node)
        elif name == "blockquote":
            for child in node.find_all("p", recursive=False) or [node]:
                paragraph = target.add_paragraph()
                if not isinstance(target, _Cell):
                    _styled(paragraph, "Quote")
                self.inline(paragraph, child, _Format())
        elif name == "pre":
            for line in node.get_text().rstrip("\n").split("\n"):
                paragraph = target.add_paragraph()
                self._run(paragraph, line or " ", _Format(code=True))
        elif name == "hr":  # a rule in a template is a line to write on
            paragraph = target.add_paragraph()
            borders = OxmlElement("w:pBdr")
            bottom = OxmlElement("w:bottom")
            for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "808080")):
                bottom.set(qn(key), value)
            borders.append(bottom)
            paragraph._p.get_or_add_pPr().append(borders)
        elif name == "summary":
            paragraph = target.add_paragraph()
            self.inline(paragraph, node, _Format(bold=True))
        elif name == "dl":
            for item in node.find_all(["dt", "dd"], recursive=False):
                paragraph = target.add_paragraph()
                self.inline(paragraph, item, _Format(bold=item.name == "dt"))
        else:  # div, section, details, figure …: their content
            self.blocks(node, target, list_level)

    def listing(self, node: Tag, target: Document | _Cell, level: int) -> None:
        numbered = node.name == "ol"
        for number, item in enumerate(node.find_all("li", recursive=False), start=1):
            box = item.find("input", recursive=True)
            is_task = "task-list-item" in (item.get("class") or []) or (
                box is not None and str(box.get("type", "")).lower() == "checkbox" and box.find_parent("li") is item
            )
            if isinstance(target, _Cell):
                paragraph = target.add_paragraph()
                prefix = "" if is_task else (f"{number}. " if numbered else "• ")
                self._run(paragraph, "    " * level + prefix, _Format())
            elif is_task:
                paragraph = target.add_paragraph()
                paragraph.paragraph_format.left_indent = Pt(18 * level)
            else:
                base = "ListNumber" if numbered else "ListBullet"
                paragraph = _styled(target.add_paragraph(), base if level == 0 else f"{base}{min(level + 1, 3)}")
            nested: list[Tag] = []
            for child in item.children:
                if isinstance(child, Tag) and child.name in ("ul", "ol"):
                    nested.append(child)
                elif isinstance(child, Tag) and child.name == "p":
                    if paragraph.text.strip():
                        paragraph.add_run().add_break()
                    self.inline(paragraph, child, _Format())
                elif isinstance(child, Tag) and child.name in _BLOCKS:
                    nested.append(child)
                else:
                    self.inline(paragraph, child, _Format())
            self.trim(paragraph)
            for child in nested:
                if child.name in ("ul", "ol"):
                    self.listing(child, target, level + 1)
                else:
                    self.block(child, target, level + 1)

    def table(self, node: Tag) -> None:
        rows = [r for r in node.find_all("tr") if r.find_parent("table") is node]
        if not rows:
            return
        grid = [r.find_all(["th", "td"], recursive=False) for r in rows]
        columns = max(len(cells) for cells in grid) or 1
        table = self.document.add_table(rows=len(grid), cols=columns)
        table._tbl.tblStyle_val = "TableGrid"  # by id: a lookup by name reads every style
        for r, cells in enumerate(grid):
            header = all(c.name == "th" for c in cells) and bool(cells)
            row_cells = table.rows[r].cells
            for c, cell in enumerate(cells):
                target = row_cells[c]
                paragraph = target.paragraphs[0]
                if any(isinstance(ch, Tag) and ch.name in _BLOCKS for ch in cell.children):
                    self.blocks(cell, target)
                    if not paragraph.text and len(target.paragraphs) > 1:
                        paragraph._p.getparent().remove(paragraph._p)
                else:
                    self.inline(paragraph, cell, _Format(bold=header))
            if header:
                _repeat_header(table.rows[r])
        self.document.add_paragraph()


def _last_run(paragraph: Paragraph):  # noqa: ANN202 - docx CT_R
    """The paragraph's last `w:r` child (python-docx's `paragraph.runs[-1]`), or None."""
    for child in reversed(paragraph._p):
        if child.tag == _R:
            return child
    return None


def _styled(paragraph: Paragraph, style_id: str) -> Paragraph:
    """Set a paragraph style by its id (python-docx's lookup by name reads every style)."""
    paragraph._p.style = style_id
    return paragraph


def _repeat_header(row) -> None:  # noqa: ANN001 - docx _Row
    """Mark a table row as a header row, repeated on each page."""
    properties = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    properties.append(element)


@lru_cache(maxsize=1)
def _base_template() -> bytes:
    """python-docx's default document without the parts Word does not need (a second copy of
    all styles and a thumbnail): smaller files, and a third of the time to build each one."""
    document = docx.Document()
    for rels, kind in ((document.part.rels, "/stylesWithEffects"), (document.part.package.rels, "/thumbnail")):
        for rel_id in [rel_id for rel_id, rel in rels.items() if rel.reltype.endswith(kind)]:
            del rels[rel_id]
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


class _Workspace:
    """One prepared document per process, emptied for each template: opening the base
    package, compressing its unchanging parts (styles.xml alone is 350 kB) and writing them
    again took most of the time of a Word file."""

    def __init__(self) -> None:
        self.document = document = docx.Document(io.BytesIO(_base_template()))
        section = document.sections[0]
        self.header = section.header.paragraphs[0]  # adds the header and footer parts once
        self.footer = section.footer.paragraphs[0]
        package = document.part.package
        self.core_part = package._core_properties_part
        self.pristine_core = copy.deepcopy(self.core_part._element)
        self.base_rels = set(document.part.rels)
        self.body = document.element.body
        self.dynamic = {document.part, section.header.part, section.footer.part, self.core_part}
        self.static: dict[str, bytes] = {}  # member name -> a finished zip entry (deflated)

    def reset(self) -> Document:
        """The base document again: empty body, base relationships, base core properties."""
        for child in list(self.body):
            if child.tag != qn("w:sectPr"):
                self.body.remove(child)
        rels = self.document.part.rels
        for rel_id in [rel_id for rel_id in rels if rel_id not in self.base_rels]:
            del rels[rel_id]  # hyperlinks of the previous template
        self.core_part._element = copy.deepcopy(self.pristine_core)
        return self.document

    def save(self) -> bytes:
        """The package as .docx bytes (the same members as python-docx writes, fixed dates)."""
        package = self.document.part.package
        parts = list(package.iter_parts())
        zip_file = _Zip()
        zip_file.add(CONTENT_TYPES_URI.membername, _ContentTypesItem.from_parts(parts).blob)
        zip_file.add(PACKAGE_URI.rels_uri.membername, package.rels.xml)
        for part in parts:
            members = [(part.partname.membername, part)]
            if len(part.rels):
                members.append((part.partname.rels_uri.membername, part.rels))
            for name, source in members:
                if part in self.dynamic:
                    zip_file.add(name, source.blob if source is part else source.xml)
                else:
                    if name not in self.static:
                        self.static[name] = _entry(name, source.blob if source is part else source.xml)
                    zip_file.add_entry(name, self.static[name])
        return zip_file.close()


def _entry(name: str, data: bytes) -> bytes:
    """A deflated zip member: CRC-32, sizes and compressed data, packed for `_Zip`."""
    compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    packed = compressor.compress(data) + compressor.flush()
    return struct.pack("<III", zlib.crc32(data), len(packed), len(data)) + packed


class _Zip:
    """A minimal zip writer (deflate, no extras, 1980-01-01 dates: the same bytes every build)."""

    def __init__(self) -> None:
        self.out = bytearray()
        self.central = bytearray()
        self.count = 0

    def add(self, name: str, data: bytes) -> None:
        self.add_entry(name, _entry(name, data))

    def add_entry(self, name: str, entry: bytes) -> None:
        crc, packed_size, size = struct.unpack_from("<III", entry)
        encoded = name.encode("utf-8")
        offset = len(self.out)
        # local header: signature, version, flags, method 8, time, date (1980-01-01), crc, sizes, name, extra
        self.out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, packed_size, size, len(encoded), 0)
        self.out += encoded
        self.out += memoryview(entry)[12:]
        self.central += struct.pack(
            "<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, packed_size, size, len(encoded), 0, 0, 0, 0, 0, offset
        )
        self.central += encoded
        self.count += 1

    def close(self) -> bytes:
        start = len(self.out)
        self.out += self.central
        self.out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, self.count, self.count, len(self.central), start, 0)
        return bytes(self.out)


_workspace: _Workspace | None = None


def template_docx(html: str, info: TemplateInfo) -> bytes:
    """A Word file for a template page: title, the page content, unit in the header, id and
    version in the footer."""
    global _workspace
    if _workspace is None:
        _workspace = _Workspace()
    workspace = _workspace
    document = workspace.reset()
    header = workspace.header
    header.text = info.unit
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer = workspace.footer
    footer.text = " · ".join(
        part
        for part in (
            info.doc_id,
            f"version {info.version}" if info.version else None,
            f"fastställd {info.approved}" if info.approved else None,
            info.title,
        )
        if part
    )
    properties = document.core_properties
    properties.title = info.title
    properties.identifier = info.doc_id
    properties.subject = "Mall"
    properties.author = info.unit
    properties.last_modified_by = "KLS-webb"
    properties.language = "sv-SE"
    properties.comments = ""
    if info.version:
        properties.version = str(info.version)
    if info.build_date:
        moment = dt.datetime.combine(info.build_date, dt.time(0, 0))
        properties.created = moment
        properties.modified = moment
    _styled(document.add_paragraph(info.title), "Title")
    soup = BeautifulSoup(html, "html.parser")
    for h1 in soup.find_all("h1"):
        h1.decompose()  # the title is written above
    _Writer(document, info).blocks(soup, document)
    return workspace.save()


@lru_cache(maxsize=1)
def _code_version() -> str:
    """Changes whenever the code that writes a Word file does (this module, python-docx)."""
    return key(Path(__file__).read_bytes(), importlib.metadata.version("python-docx"))


def page_template(
    public_site: bool,
    doc: object,
    html: str,
    unit: dict[str, object],
    site_url: str,
    page_url: str,
    build_date: dt.date,
    cache: Path | None = None,
) -> tuple[str, bytes] | None:
    """(file name, .docx bytes) for a template page, or None when the page gets no Word file:
    not a `mall`, or an internal one on the public site. With `cache` (kls.build_cache), a file
    made before from the same page and facts is reused."""
    from kls.model import Document

    if not isinstance(doc, Document) or doc.doc_type is None or doc.doc_type.key != "mall":
        return None
    if public_site and not doc.public:
        return None
    info = TemplateInfo(
        title=doc.title,
        doc_id=doc.id or "",
        version=doc.version,
        unit=unit_name(unit),
        page_url=urljoin(site_url or "https://example.invalid/", page_url),
        approved=doc.approved.isoformat() if doc.approved else None,
        build_date=build_date,
    )
    data = cached(cache, "word", (_code_version(), html, repr(info)), lambda: template_docx(html, info))
    return template_filename(doc.rel), data
