"""Word (.docx) reader: body paragraphs, list numbering, headings, tables and footnotes.

What a translator sees in Word is what comes out:

* body paragraphs in reading order, including those inside content controls;
* Word's automatic list numbering (``w:numPr``, set on the paragraph or through its
  style) rendered as Word prints it, with continuations, restarts, levels and
  formats ("1.", "(a)", "(i)", "一、", "а)") by :mod:`alignkit.readers.docx_numbering`,
  and set as the paragraph's ``label``: the number is not in the text, so
  :func:`~alignkit.text.numbering.label_paragraphs` takes it from there;
* headings (heading styles or an outline level) as ``kind="heading"``;
* tables row by row, one paragraph per row, cells joined by `` | ``;
* footnotes and endnotes after the body, one paragraph each, in the order they
  are referenced; the reference marks are left out of the body text;
* tracked insertions kept, tracked deletions dropped (a deleted paragraph mark
  joins the paragraph to the next one);
* running headers and footers (separate parts), page-number fields, field codes,
  hidden text and drawings left out.

``Paragraph.lines`` maps every paragraph back to its source: the 1-based index of
its first and last ``w:p`` element in reading order, body first, then footnotes,
then endnotes.

Word files are untrusted: the package goes through
:func:`alignkit.safexml.check_package` before python-docx opens it (a zip bomb,
a part with millions of elements or any DTD — so any entity — is refused, and
the file is read within the input size limit); the trees python-docx parses are
checked once more for entity references (which it would keep unexpanded,
silently losing the text after them); any part python-docx leaves as bytes (the
notes, in most versions) is parsed by :func:`alignkit.safexml.parse`.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from .. import safexml
from ..errors import AlignkitError, InputFormatError
from ..fsutil import read_input
from ..model import Document, Paragraph
from ..names import document_name
from ..text.normalize import normalize_text
from .docx_numbering import ListNumbering, ParagraphStyle, is_on, read_styles, to_int, w, w_val

NAME = "Word document"
EXTENSIONS = (".docx",)

_MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_FOOTNOTES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
_ENDNOTES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes"
_STYLES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
_NUMBERING_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"

#: Separator between the cells of one table row.
CELL_SEPARATOR = " | "
#: Fields whose displayed result is page furniture, not content.
_PAGE_FIELDS = frozenset({"PAGE", "NUMPAGES", "SECTIONPAGES", "PAGEREF"})
_SPACES = re.compile(r"\s+")


# ----------------------------------------------------------------- text of one paragraph


@dataclass
class _Field:
    """An open Word field: its instruction (``PAGE``, ``REF _Ref1``) and whether its result is showing."""

    instruction: str = ""
    showing: bool = False


class _TextCollector:
    """Collects the displayed text of paragraphs, tracking fields that span runs and paragraphs."""

    _SKIPPED = frozenset(w(tag) for tag in (
        "pPr", "rPr", "del", "moveFrom", "delText", "drawing", "pict", "object",
        "commentReference", "annotationRef", "footnoteRef", "endnoteRef", "delInstrText",
    )) | {f"{{{_MC_NS}}}AlternateContent"}
    _NOTE_REFERENCES = {w("footnoteReference"): "footnote", w("endnoteReference"): "endnote"}
    _LEAVES = frozenset(w(tag) for tag in ("t", "tab", "br", "cr", "ptab", "noBreakHyphen", "sym"))

    def __init__(self) -> None:
        self._fields: list[_Field] = []
        self.note_references: list[tuple[str, str]] = []

    def text(self, paragraph: etree._Element) -> str:
        """The paragraph's text as displayed, spaces collapsed."""
        parts: list[str] = []
        self._collect(paragraph, parts)
        return _SPACES.sub(" ", normalize_text("".join(parts))).strip()

    def _collect(self, element: etree._Element, parts: list[str]) -> None:
        for child in element:
            tag = child.tag
            if not isinstance(tag, str) or tag in self._SKIPPED:
                continue
            if tag in self._NOTE_REFERENCES:
                self.note_references.append((self._NOTE_REFERENCES[tag], child.get(w("id"), "")))
            elif tag == w("r") and is_on(child.find(f"{w('rPr')}/{w('vanish')}")):
                continue
            elif tag == w("fldChar"):
                self._field_char(child.get(w("fldCharType")))
            elif tag == w("instrText"):
                if self._fields:
                    self._fields[-1].instruction += child.text or ""
            elif tag == w("fldSimple"):
                if _field_name(child.get(w("instr"), "")) not in _PAGE_FIELDS:
                    self._collect(child, parts)
            elif tag in self._LEAVES:
                if not self._hiding():
                    parts.append(self._leaf_text(child, tag))
            else:
                self._collect(child, parts)

    @staticmethod
    def _leaf_text(child: etree._Element, tag: str) -> str:
        if tag == w("t"):
            return child.text or ""
        if tag == w("noBreakHyphen"):
            return "-"
        if tag == w("sym"):
            code = _hex_code(child.get(w("char"), ""))
            # Codes from F000 are glyphs of a symbol font (Wingdings...), not characters.
            return safexml.xml_safe(chr(code)) if code < 0xF000 else ""
        return " "  # tab, line break, carriage return, positional tab

    def _field_char(self, kind: str | None) -> None:
        if kind == "begin":
            self._fields.append(_Field())
        elif kind == "separate" and self._fields:
            self._fields[-1].showing = True
        elif kind == "end" and self._fields:
            self._fields.pop()

    def _hiding(self) -> bool:
        return any(not field.showing or _field_name(field.instruction) in _PAGE_FIELDS for field in self._fields)


def _hex_code(value: str) -> int:
    """A ``w:char`` code (four hex digits); 0xF000 (a symbol-font glyph: left out) when malformed."""
    if not re.fullmatch(r"[0-9A-Fa-f]{1,6}", value):
        return 0xF000
    code = int(value, 16)
    return code if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else 0xF000


def _field_name(instruction: str) -> str:
    words = instruction.split()
    return words[0].upper() if words else ""


# ----------------------------------------------------------------- the document walk


@dataclass
class _Block:
    text: str
    kind: str
    label: str
    first: int
    last: int


class _DocumentWalker:
    """Walks the body in reading order and turns it into blocks (paragraphs and table rows)."""

    def __init__(self, numbering: ListNumbering, styles: Mapping[str, ParagraphStyle]) -> None:
        self.numbering = numbering
        self.styles = styles
        self.collector = _TextCollector()
        self.paragraph_count = 0
        self._pending: _Block | None = None  # a paragraph whose mark was deleted

    def blocks(self, container: etree._Element) -> Iterator[_Block]:
        """Paragraphs and table rows of a body, cell or note, in reading order."""
        for child in container:
            if child.tag == w("p"):
                yield from self._paragraph(child)
            elif child.tag == w("tbl"):
                yield from self._table(child)
            elif child.tag in (w("sdt"), w("customXml")):
                content = child.find(w("sdtContent"))
                yield from self.blocks(child if content is None else content)
        if self._pending is not None:
            if self._pending.text:  # a last paragraph whose mark was deleted, unless it is empty
                yield self._pending
            self._pending = None

    def _paragraph(self, paragraph: etree._Element) -> Iterator[_Block]:
        self.paragraph_count += 1
        style = self.styles.get(w_val(paragraph.find(f"{w('pPr')}/{w('pStyle')}")) or "", ParagraphStyle())
        label = self._label(paragraph, style)
        text = self.collector.text(paragraph)
        block = _Block(text, "heading" if self._is_heading(paragraph, style) else "body", label,
                       self.paragraph_count, self.paragraph_count)
        if self._pending is not None:
            block = _merge(self._pending, block)
            self._pending = None
        if paragraph.find(f"{w('pPr')}/{w('rPr')}/{w('del')}") is not None:
            self._pending = block
        elif block.text:
            yield block

    def _label(self, paragraph: etree._Element, style: ParagraphStyle) -> str:
        num_pr = paragraph.find(f"{w('pPr')}/{w('numPr')}")
        num_id = w_val(num_pr.find(w("numId"))) if num_pr is not None else None
        ilvl = w_val(num_pr.find(w("ilvl"))) if num_pr is not None else None
        num_id = num_id if num_id is not None else style.num_id
        if not num_id or num_id == "0":
            return ""
        level = to_int(ilvl, 0) if ilvl is not None else (style.level or 0)
        return self.numbering.next_label(num_id, level)

    @staticmethod
    def _is_heading(paragraph: etree._Element, style: ParagraphStyle) -> bool:
        outline = w_val(paragraph.find(f"{w('pPr')}/{w('outlineLvl')}"))
        if outline is not None:
            return to_int(outline, 9) < 9
        return style.heading

    def _table(self, table: etree._Element) -> Iterator[_Block]:
        for row in table.iterchildren(w("tr")):
            if row.find(f"{w('trPr')}/{w('del')}") is not None:
                continue
            first = self.paragraph_count + 1
            cells = [self._cell_text(cell) for cell in _row_cells(row)]
            text = CELL_SEPARATOR.join(cell for cell in cells if cell)
            if text:
                yield _Block(text, "body", "", first, max(first, self.paragraph_count))

    def _cell_text(self, cell: etree._Element) -> str:
        parts = [" ".join(filter(None, (block.label, block.text))) for block in self.blocks(cell)]
        return " ".join(part for part in parts if part)


def _row_cells(row: etree._Element) -> Iterator[etree._Element]:
    for child in row:
        if child.tag == w("tc"):
            yield child
        elif child.tag in (w("sdt"), w("customXml")):
            content = child.find(w("sdtContent"))
            yield from _row_cells(child if content is None else content)


def _merge(first: _Block, second: _Block) -> _Block:
    """A paragraph whose mark was deleted runs on into the next one."""
    text = " ".join(part for part in (first.text, second.text) if part)
    return _Block(text, first.kind, first.label or second.label, first.first, second.last)


# ----------------------------------------------------------------- notes


def _note_blocks(walker: _DocumentWalker, root: etree._Element | None, kind: str) -> list[_Block]:
    """Footnotes (or endnotes) in the order the body references them, then any others."""
    if root is None:
        return []
    notes = {note.get(w("id"), ""): note for note in root.iterchildren(w(kind))
             if note.get(w("type")) in (None, "normal")}
    referenced = [note_id for note_kind, note_id in walker.collector.note_references if note_kind == kind]
    order = list(dict.fromkeys(note_id for note_id in referenced if note_id in notes))
    order += [note_id for note_id in notes if note_id not in order]
    blocks: list[_Block] = []
    for note_id in order:
        blocks.extend(walker.blocks(notes[note_id]))
    return blocks


def _related_xml(part: Any, reltype: str, path: Path) -> etree._Element | None:
    """The XML root of the part related to ``part`` by ``reltype``, or None."""
    for rel in part.rels.values():
        if rel.reltype == reltype and not rel.is_external:
            element = getattr(rel.target_part, "element", None)
            source = f"{path} ({rel.target_part.partname})"
            if element is None:
                return safexml.parse(rel.target_part.blob, source, kind="Word part")
            safexml.refuse_entities(element, source, kind="Word part")
            return element
    return None


# ----------------------------------------------------------------- entry point


def _import_python_docx() -> Any:
    try:
        import docx
    except ImportError as exc:
        raise AlignkitError(
            "reading .docx files needs python-docx: install alignkit[docx] (pip install 'alignkit[docx]')"
        ) from exc
    return docx


def _open(path: Path) -> Any:
    docx = _import_python_docx()
    data = read_input(path)
    if data.startswith(_OLE_MAGIC):
        raise InputFormatError(path, "is an old Word 97-2003 .doc file; save it as .docx in Word first")
    safexml.check_package(data, path, kind="Word .docx file")
    try:
        word = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises zip, KeyError, lxml and its own errors alike
        reason = " ".join(str(exc).split())[:200]
        raise InputFormatError(path, f"is not a readable Word .docx file ({type(exc).__name__}: {reason})") from exc
    safexml.refuse_entities(word.element, f"{path} (word/document.xml)", kind="Word part")
    return word


def _body(document: etree._Element, path: Path) -> etree._Element:
    """The ``w:body`` of the main part, or an error when the part is not a Word document."""
    body = document.find(w("body")) if document.tag == w("document") else None
    if body is None:
        raise InputFormatError(path, f"its main part is <{etree.QName(document).localname}>, not a Word document "
                                     "with a body; is this a .docx file?")
    return body


def read_blocks(path: Path) -> list[_Block]:
    """The document's paragraphs, table rows, footnotes and endnotes, in output order."""
    word = _open(path)
    part = word.part
    try:
        numbering = ListNumbering.from_xml(_related_xml(part, _NUMBERING_REL, path))
        walker = _DocumentWalker(numbering, read_styles(_related_xml(part, _STYLES_REL, path)))
        blocks = list(walker.blocks(_body(word.element, path)))
        blocks += _note_blocks(walker, _related_xml(part, _FOOTNOTES_REL, path), "footnote")
        blocks += _note_blocks(walker, _related_xml(part, _ENDNOTES_REL, path), "endnote")
    except etree.XMLSyntaxError as exc:
        raise InputFormatError(path, f"has a malformed part: {safexml.parser_message(exc)}") from exc
    return blocks


def read(path: Path, lang: str, *, encoding: str | None = None, presegmented: bool = False) -> Document:
    """Read a Word .docx file into a :class:`~alignkit.model.Document`.

    List numbers become paragraph labels (the text holds no number); each table
    row is a paragraph; footnotes follow the body.

    :param lang: the document's language.
    :param encoding: ignored: a .docx file says its own encoding.
    :param presegmented: each Word paragraph is one segment; nothing is split.
    :raises InputFormatError: missing, not a .docx (or an old .doc), too large, a zip bomb,
        entities or a DTD in its XML, or no text.
    :raises AlignkitError: python-docx is not installed.
    """
    path = Path(path)
    blocks = read_blocks(path)
    if not blocks:
        raise InputFormatError(path, "has no text")
    paragraphs = tuple(
        Paragraph(
            text=block.text,
            label=block.label,
            kind=block.kind,
            lines=(block.first, block.last),
            sentences=(block.text,) if presegmented else (),
        )
        for block in blocks
    )
    return Document(lang=lang, paragraphs=paragraphs, source=str(path), encoding="utf-8",
                    name=document_name(path, lang))

