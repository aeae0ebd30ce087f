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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urljoin

import docx
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI
from docx.opc.pkgwriter import _ContentTypesItem
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.table import CT_Row, CT_Tbl
from docx.oxml.text.paragraph import CT_P
from docx.shared import Pt
from docx.text.parfmt import ParagraphFormat
from lxml import etree

from kls.build_cache import cached, key

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
UNCHECKED, CHECKED = "☐", "☒"
_SKIP = {"script", "style", "nav", "button", "svg", "template", "noscript"}
_SKIP_CLASSES = {"headerlink", "footnote-backref", "md-source-file", "kls-meta"}
_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "div", "blockquote", "pre", "hr", "details", "dl"}
# Text inside these is no page text for `_strings` (BeautifulSoup's `get_text` left it out).
_NOT_TEXT = {"rt", "rp", "script", "style", "template"}

# A node of the page: an element or a text. Comments, processing instructions, CDATA and doctypes
# are no part of the page text and never written (`_nodes`).
_Node = etree._Element | str


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


# Formatting of a run as bits (a `_Format` object per text node cost more than the run itself).
_BOLD, _ITALIC, _CODE, _SUPERSCRIPT, _SUBSCRIPT = 1, 2, 4, 8, 16
_INLINE_FORMAT = {
    "strong": _BOLD,
    "b": _BOLD,
    "em": _ITALIC,
    "i": _ITALIC,
    "code": _CODE,
    "kbd": _CODE,
    "sup": _SUPERSCRIPT,
    "sub": _SUBSCRIPT,
}
_SPACES = re.compile(r"\s+")
_CONTROL = re.compile(r"([\t\r\n])")

# Qualified names computed once: `qn()` splits and looks up its argument on every call.
_W_P, _W_R, _W_T, _W_BR, _W_TAB = qn("w:p"), qn("w:r"), qn("w:t"), qn("w:br"), qn("w:tab")
_W_PPR, _W_PSTYLE, _W_RPR, _W_VAL = qn("w:pPr"), qn("w:pStyle"), qn("w:rPr"), qn("w:val")
_W_B, _W_I, _W_RFONTS, _W_VERTALIGN = qn("w:b"), qn("w:i"), qn("w:rFonts"), qn("w:vertAlign")
_W_ASCII, _W_HANSI, _W_SECTPR = qn("w:ascii"), qn("w:hAnsi"), qn("w:sectPr")
_W_HYPERLINK, _W_RSTYLE, _W_COLOR, _W_U = qn("w:hyperlink"), qn("w:rStyle"), qn("w:color"), qn("w:u")
_W_TR, _W_TC, _R_ID, _XML_SPACE = qn("w:tr"), qn("w:tc"), qn("r:id"), qn("xml:space")


class _Para:
    """A `w:p` being written and the text of its last `w:r`, a hyperlink's included (python-docx
    reads it back from the XML for every run): HTML whitespace is collapsed across runs with it."""

    __slots__ = ("p", "last_r", "last_text")

    def __init__(self, p: CT_P) -> None:
        self.p = p
        self.last_r: etree._Element | None = None
        self.last_text = ""  # what python-docx's `Run.text` of `last_r` would say


class _Target:
    """Where paragraphs go: the document body (before its `w:sectPr`) or a table cell."""

    __slots__ = ("element", "sect_pr", "is_cell")

    def __init__(self, element: etree._Element, is_cell: bool) -> None:
        self.element = element
        self.is_cell = is_cell
        self.sect_pr = None if is_cell else element.find(_W_SECTPR)

    def add_paragraph(self) -> _Para:
        # lxml directly: python-docx's `add_p` searches the body for the successor `w:sectPr`.
        p = etree.SubElement(self.element, _W_P)
        if self.sect_pr is not None:
            self.sect_pr.addprevious(p)
        return _Para(p)


def _add_text(r: etree._Element, text: str) -> None:
    """`r.add_t(text)` of python-docx: one `w:t`, whitespace at either end kept."""
    t = etree.SubElement(r, _W_T)
    t.text = text
    if len(text.strip()) < len(text):
        t.set(_XML_SPACE, "preserve")


def _set_run_text(r: etree._Element, text: str) -> None:
    """python-docx's `CT_R.text = text`: `w:t` pieces, `w:tab` for tabs, `w:br` for line ends."""
    if "\t" in text or "\n" in text or "\r" in text:
        for piece in _CONTROL.split(text):
            if piece == "\t":
                etree.SubElement(r, _W_TAB)
            elif piece in ("\n", "\r"):
                etree.SubElement(r, _W_BR)
            elif piece:
                _add_text(r, piece)
    else:
        _add_text(r, text)


class _Writer:
    def __init__(self, workspace: _Workspace, info: TemplateInfo) -> None:
        self.info = info
        self.part = workspace.document.part
        self.body = _Target(workspace.body, is_cell=False)
        self.block_width = workspace.block_width

    # --- inline ------------------------------------------------------------------------------
    def inline(self, paragraph: _Para, node: _Node, fmt: int) -> None:
        if isinstance(node, str):
            text = _SPACES.sub(" ", node)
            if text:
                self._run(paragraph, text, fmt)
            return
        if _skipped(node):
            return
        name = node.tag
        if name == "br":
            self.line_break(paragraph)
        elif name == "input":
            if node.get("type", "").lower() == "checkbox":
                self._run(paragraph, (CHECKED if "checked" in node.attrib else UNCHECKED) + " ", fmt)
        elif name == "img":
            alt = node.get("alt", "").strip()
            self._run(paragraph, f"[Bild{': ' + alt if alt else ''}]", fmt | _ITALIC)
        elif name == "a" and node.get("href") and not node.get("href").startswith("#"):
            self._hyperlink(paragraph, urljoin(self.info.page_url, node.get("href")), "".join(_strings(node)), fmt)
        else:
            fmt |= _INLINE_FORMAT.get(name, 0)
            for child in _nodes(node):
                self.inline(paragraph, child, fmt)

    def _run(self, paragraph: _Para, text: str, fmt: int) -> None:
        last_text = paragraph.last_text
        if not last_text or last_text.endswith((" ", "\n")):
            text = text.lstrip(" ")  # no leading or doubled spaces from HTML whitespace
            if not text:
                return
        # The XML of python-docx's `paragraph.add_run(text)` plus `run.bold = True` …, built
        # with lxml in the schema's order (python-docx searches for successors on every set).
        r = etree.SubElement(paragraph.p, _W_R)
        properties = etree.SubElement(r, _W_RPR)
        if fmt:
            if fmt & _CODE:
                fonts = etree.SubElement(properties, _W_RFONTS)
                fonts.set(_W_ASCII, "Consolas")
                fonts.set(_W_HANSI, "Consolas")
            if fmt & _BOLD:
                etree.SubElement(properties, _W_B)
            if fmt & _ITALIC:
                etree.SubElement(properties, _W_I)
            if fmt & (_SUPERSCRIPT | _SUBSCRIPT):  # subscript is set last and wins
                align = etree.SubElement(properties, _W_VERTALIGN)
                align.set(_W_VAL, "subscript" if fmt & _SUBSCRIPT else "superscript")
        _set_run_text(r, text)
        paragraph.last_r, paragraph.last_text = r, text.replace("\r", "\n")

    def _hyperlink(self, paragraph: _Para, url: str, text: str, fmt: int) -> None:
        text = _SPACES.sub(" ", text)
        if not url.lower().startswith(("http://", "https://", "mailto:", "tel:")):
            self._run(paragraph, text, fmt)
            return
        last_text = paragraph.last_text
        if not last_text or last_text.endswith((" ", "\n")):
            text = text.lstrip(" ")  # as in `_run`: no leading or doubled spaces from HTML whitespace
        r_id = self.part.relate_to(url, RT.HYPERLINK, is_external=True)
        link = etree.SubElement(paragraph.p, _W_HYPERLINK)
        link.set(_R_ID, r_id)
        run = etree.SubElement(link, _W_R)
        props = etree.SubElement(run, _W_RPR)
        etree.SubElement(props, _W_RSTYLE).set(_W_VAL, "Hyperlink")
        etree.SubElement(props, _W_COLOR).set(_W_VAL, "0563C1")
        etree.SubElement(props, _W_U).set(_W_VAL, "single")
        if fmt & _BOLD:
            etree.SubElement(props, _W_B)
        t = etree.SubElement(run, _W_T)
        t.set(_XML_SPACE, "preserve")
        t.text = text
        if text:  # the text after the link collapses its whitespace with the link's, `trim` trims it
            paragraph.last_r, paragraph.last_text = run, text

    def line_break(self, paragraph: _Para) -> None:
        """A `<br>`: `paragraph.add_run().add_break()`, no space left at the end of the line."""
        self.trim(paragraph)
        r = etree.SubElement(paragraph.p, _W_R)
        etree.SubElement(r, _W_BR)
        paragraph.last_r, paragraph.last_text = r, "\n"

    @staticmethod
    def trim(paragraph: _Para) -> None:
        """No trailing space from HTML whitespace at the end of a paragraph or line (a hyperlink's
        run included)."""
        if paragraph.last_text.endswith(" "):
            r = paragraph.last_r
            for child in list(r):  # python-docx's `CT_R.clear_content`: all but `w:rPr`
                if child.tag != _W_RPR:
                    r.remove(child)
            text = paragraph.last_text.rstrip(" ")
            if text:  # python-docx's `Run.text = ""` leaves the run without content
                _set_run_text(r, text)
                if r.getparent().tag == _W_HYPERLINK:
                    r[-1].set(_XML_SPACE, "preserve")  # as `_hyperlink` writes its text
            paragraph.last_text = text

    # --- blocks ------------------------------------------------------------------------------
    def blocks(self, nodes: Iterable[_Node], target: _Target, list_level: int = 0) -> None:
        """Write `nodes` (a container's children); loose inline content is gathered into paragraphs."""
        loose: list[_Node] = []

        def flush() -> None:
            if any(n.strip() if isinstance(n, str) else True for n in loose):
                paragraph = target.add_paragraph()
                for node in loose:
                    self.inline(paragraph, node, 0)
                self.trim(paragraph)
            loose.clear()

        for child in nodes:
            if isinstance(child, str):
                loose.append(child)
            elif child.tag in _BLOCKS or child.tag in ("section", "article", "figure", "summary"):
                flush()
                if not _skipped(child):
                    self.block(child, target, list_level)
            elif not _skipped(child):
                loose.append(child)
        flush()

    def block(self, node: etree._Element, target: _Target, list_level: int) -> None:
        name = node.tag
        if name in ("h1", "h2", "h3", "h4", "h5", "h6"):
            level = max(1, min(int(name[1]) - 1, 4))  # `##` sections are Word's Heading 1
            if target.is_cell:
                paragraph = target.add_paragraph()
                self.inline(paragraph, node, _BOLD)
            else:
                paragraph = _styled(target.add_paragraph(), f"Heading{level}")
                self.inline(paragraph, node, 0)
            self.trim(paragraph)
        elif name == "p":
            paragraph = target.add_paragraph()
            self.inline(paragraph, node, _BOLD if "admonition-title" in node.get("class", "").split() else 0)
            self.trim(paragraph)
        elif name in ("ul", "ol"):
            self.listing(node, target, list_level)
        elif name == "table":
            if target.is_cell:  # python-docx's `cell.add_paragraph(text)`: a run without `w:rPr`
                text = re.sub(r"\s+", " ", " ".join(_strings(node))).strip()
                paragraph = target.add_paragraph()
                if text:
                    _set_run_text(etree.SubElement(paragraph.p, _W_R), text)
            else:
                self.table(node)
        elif name == "blockquote":
            for child in _children(node, ("p",)) or [node]:
                paragraph = target.add_paragraph()
                if not target.is_cell:
                    _styled(paragraph, "Quote")
                self.inline(paragraph, child, 0)
                self.trim(paragraph)
        elif name == "pre":
            for line in "".join(_strings(node)).rstrip("\n").split("\n"):
                paragraph = target.add_paragraph()
                self._run(paragraph, line or " ", _CODE)
        elif name == "hr":  # a rule in a template is a line to write on
            paragraph = target.add_paragraph()
            borders = OxmlElement("w:pBdr")
            bottom = OxmlElement("w:bottom")
            for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "808080")):
                bottom.set(qn(key), value)
            borders.append(bottom)
            paragraph.p.get_or_add_pPr().append(borders)
        elif name == "summary":
            paragraph = target.add_paragraph()
            self.inline(paragraph, node, _BOLD)
            self.trim(paragraph)
        elif name == "dl":
            for item in _children(node, ("dt", "dd")):
                paragraph = target.add_paragraph()
                self.inline(paragraph, item, _BOLD if item.tag == "dt" else 0)
                self.trim(paragraph)
        else:  # div, section, details, figure …: their content
            self.blocks(_nodes(node), target, list_level)

    def listing(self, node: etree._Element, target: _Target, level: int) -> None:
        numbered = node.tag == "ol"
        for number, item in enumerate(_children(node, ("li",)), start=1):
            box = next(item.iter("input"), None)
            is_task = "task-list-item" in item.get("class", "").split() or (
                box is not None and box.get("type", "").lower() == "checkbox" and _ancestor(box, "li") is item
            )
            if target.is_cell:
                paragraph = target.add_paragraph()
                prefix = "" if is_task else (f"{number}. " if numbered else "• ")
                self._run(paragraph, "    " * level + prefix, 0)
            elif is_task:
                paragraph = target.add_paragraph()
                ParagraphFormat(paragraph.p).left_indent = Pt(18 * level)
            else:
                base = "ListNumber" if numbered else "ListBullet"
                paragraph = _styled(target.add_paragraph(), base if level == 0 else f"{base}{min(level + 1, 3)}")
            nested: list[etree._Element] = []
            for child in _nodes(item):
                if isinstance(child, str):
                    self.inline(paragraph, child, 0)
                elif child.tag in ("ul", "ol"):
                    nested.append(child)
                elif child.tag == "p":
                    if paragraph.p.text.strip():  # python-docx's text: runs and hyperlinks
                        self.line_break(paragraph)
                    self.inline(paragraph, child, 0)
                elif child.tag in _BLOCKS:
                    nested.append(child)
                else:
                    self.inline(paragraph, child, 0)
            self.trim(paragraph)
            for child in nested:
                if child.tag in ("ul", "ol"):
                    self.listing(child, target, level + 1)
                else:
                    self.block(child, target, level + 1)

    def table(self, node: etree._Element) -> None:
        rows = [r for r in node.iter("tr") if _ancestor(r, "table") is node]
        if not rows:
            return
        grid = [_children(r, ("th", "td")) for r in rows]
        columns = max(len(cells) for cells in grid) or 1
        # python-docx's `document.add_table(…)` without reading the section's size each time
        tbl = CT_Tbl.new_tbl(len(grid), columns, self.block_width)
        self.body.sect_pr.addprevious(tbl)
        tbl.tblStyle_val = "TableGrid"  # by id: a lookup by name reads every style
        for tr, cells in zip(tbl.iterchildren(_W_TR), grid, strict=True):
            header = all(c.tag == "th" for c in cells) and bool(cells)
            for tc, cell in zip(tr.iterchildren(_W_TC), cells, strict=False):  # fewer cells: empty ones
                target = _Target(tc, is_cell=True)
                p = tc.find(_W_P)
                if any(ch.tag in _BLOCKS for ch in cell):  # a comment's tag is no name
                    self.blocks(_nodes(cell), target)
                    if not p.text and len(tc.findall(_W_P)) > 1:
                        tc.remove(p)
                else:
                    paragraph = _Para(p)
                    self.inline(paragraph, cell, _BOLD if header else 0)
                    self.trim(paragraph)
            if header:
                _repeat_header(tr)
        self.body.add_paragraph()


def _skipped(node: etree._Element) -> bool:
    classes = node.get("class")
    return (
        node.tag in _SKIP or bool(classes and not _SKIP_CLASSES.isdisjoint(classes.split())) or node.get("aria-hidden") == "true"
    )


def _nodes(element: etree._Element) -> Iterator[_Node]:
    """The children of `element` in order: its text, its elements, their tails. Comments (lxml
    reads `<?…>` and `<![CDATA[…]]>` in HTML as comments too), doctypes (`_WithDoctypes`) and the
    stand-ins for removed <h1> (`_page_nodes`) are skipped: no page text, whatever they say."""
    if element.text:
        yield element.text
    for child in element:
        if type(child.tag) is str:
            yield child
        if child.tail:
            yield child.tail


def _children(node: etree._Element, names: tuple[str, ...]) -> list[etree._Element]:
    """The child elements of `node` with one of `names`."""
    return [child for child in node if child.tag in names]


def _ancestor(node: etree._Element, name: str) -> etree._Element | None:
    """The nearest enclosing element `name`."""
    parent = node.getparent()
    while parent is not None and parent.tag != name:
        parent = parent.getparent()
    return parent


def _strings(node: etree._Element, skip: bool | None = None) -> Iterator[str]:
    """The text in `node` (BeautifulSoup's `get_text` pieces): no comments, nothing in `_NOT_TEXT`."""
    if skip is None:
        skip = any(a.tag in _NOT_TEXT for a in node.iterancestors())
    skip = skip or node.tag in _NOT_TEXT
    if node.text and not skip:
        yield node.text
    for child in node:
        if type(child.tag) is str:
            yield from _strings(child, skip)
        if child.tail and not skip:
            yield child.tail


def _styled(paragraph: _Para, style_id: str) -> _Para:
    """Set the style of a new, empty paragraph by its id: `<w:pPr><w:pStyle w:val=…/>` (python-docx's
    lookup by name reads every style)."""
    properties = etree.SubElement(paragraph.p, _W_PPR)
    etree.SubElement(properties, _W_PSTYLE).set(_W_VAL, style_id)
    return paragraph


def _repeat_header(tr: CT_Row) -> None:
    """Mark a table row as a header row, repeated on each page."""
    properties = tr.get_or_add_trPr()
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
        self.block_width = document._block_width  # page width less margins: a table's width
        self.dynamic = {document.part, section.header.part, section.footer.part, self.core_part}
        self.static: dict[object, bytes] = {}  # member name (or key) -> a finished, deflated zip entry

    def reset(self) -> Document:
        """The base document again: empty body, base relationships, base core properties."""
        for child in list(self.body):
            if child.tag != _W_SECTPR:
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
        # The content types and the package's relationships hardly ever change (hyperlinks are
        # the document part's): their finished entries are kept, keyed by what they are made of.
        types_key = tuple((part.partname, part.content_type) for part in parts)
        if types_key not in self.static:
            self.static[types_key] = _entry(_ContentTypesItem.from_parts(parts).blob)
        zip_file.add_entry(CONTENT_TYPES_URI.membername, self.static[types_key])
        rels_key = tuple((r.rId, r.reltype, r.target_ref, r.is_external) for r in package.rels.values())
        if rels_key not in self.static:
            self.static[rels_key] = _entry(package.rels.xml)
        zip_file.add_entry(PACKAGE_URI.rels_uri.membername, self.static[rels_key])
        for part in parts:
            members = [(part.partname.membername, part)]
            if len(part.rels):
                members.append((part.partname.rels_uri.membername, part.rels))
            for name, source in members:
                if part in self.dynamic:
                    zip_file.add(name, source.blob if source is part else source.xml)
                else:
                    if name not in self.static:
                        self.static[name] = _entry(source.blob if source is part else source.xml)
                    zip_file.add_entry(name, self.static[name])
        return zip_file.close()


def _entry(data: bytes) -> bytes:
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
        self.add_entry(name, _entry(data))

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
    document.add_paragraph(info.title)._p.style = "Title"
    writer = _Writer(workspace, info)
    writer.blocks(_page_nodes(html), writer.body)
    return workspace.save()


def _page_nodes(html: str) -> Iterable[_Node]:
    """The content of the page's <body> as lxml's HTML parser reads it (unclosed <p> and <li> end
    as in browsers), without <h1>: the title is written above. The same tree as BeautifulSoup's
    with "lxml" had, which took a third of the time of a Word file (issue 5)."""
    if html.startswith("\ufeff"):
        html = html[1:]
    # a doctype inside the page: the tree as BeautifulSoup's with "lxml" had it (a doctype is no text)
    doctypes = "<!doctype" in html.lower()
    parser = etree.HTMLParser(target=_WithDoctypes()) if doctypes else etree.HTMLParser()
    parser.feed(html)  # as BeautifulSoup fed it: lxml's incremental parser
    root = parser.close()
    # content after </html> makes a second <html> beside the first
    tops = (
        [] if root is None else list(root.iterchildren(etree.Element) if doctypes else [root, *root.itersiblings(etree.Element)])
    )
    body = None
    for top in tops:
        for h1 in list(top.iter("h1")):
            stand_in = etree.ProcessingInstruction("h1")  # nothing in `_nodes`: the tail stays a string of its own
            stand_in.tail = h1.tail
            h1.getparent().replace(h1, stand_in)
        if body is None:
            body = next(top.iter("body"), None)
    if body is not None:
        return _nodes(body)
    target = _TopLevel()  # no <body>: only comments, a doctype or <head> content
    parser = etree.HTMLParser(target=target)
    parser.feed(html)
    parser.close()
    elements = iter(tops)
    return [next(elements) if node is None else node for node in target.nodes]


class _TopLevel:
    """A parser target for the top level of a document, as BeautifulSoup had it: text as strings,
    None for the root element; no comments, processing instructions or doctypes (`_nodes`)."""

    def __init__(self) -> None:
        self.depth = 0
        self.nodes: list[str | None] = []
        self.in_text = False  # nodes[-1] is text that more data continues

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        self.add(None)
        self.depth += 1

    def end(self, tag: str) -> None:
        self.depth -= 1

    def data(self, data: str) -> None:
        if self.depth == 0:
            if self.in_text:
                self.nodes[-1] += data  # type: ignore[operator]
            else:
                self.add(data)
                self.in_text = True

    # Comments, processing instructions and doctypes are no page text (`_nodes`).
    def comment(self, text: str) -> None:
        pass

    def pi(self, target: str, data: str) -> None:
        pass

    def doctype(self, name: str | None, pubid: str | None, system: str | None) -> None:
        pass

    def add(self, node: str | None) -> None:
        if self.depth == 0:
            self.nodes.append(node)
            self.in_text = False

    def close(self) -> None:
        pass


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


class _WithDoctypes:
    """A parser target building lxml's tree of a page with a doctype inside it as BeautifulSoup's
    tree with "lxml" had it, without the doctypes: they are no page text."""

    def __init__(self) -> None:
        self.builder = etree.TreeBuilder()
        self.builder.start("document", {})  # holds the top-level elements (a second <html>)

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        self.builder.start(tag, attrib)

    def end(self, tag: str) -> None:
        self.builder.end(tag)

    def data(self, data: str) -> None:
        self.builder.data(data)

    def comment(self, text: str) -> None:
        self.builder.comment(text)

    def doctype(self, name: str | None, pubid: str | None, system: str | None) -> None:
        pass

    def close(self) -> etree._Element:
        self.builder.end("document")
        return self.builder.close()
