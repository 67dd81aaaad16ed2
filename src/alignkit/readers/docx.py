"""Word (.docx) reader: body paragraphs, list numbering, headings, tables and footnotes.

What a translator sees in Word is what comes out:

* body paragraphs in reading order, including those inside content controls;
* Word's automatic list numbering (``w:numPr``, set on the paragraph or through its
  style) rendered as Word prints it, with continuations, restarts, levels and
  formats ("1.", "(a)", "(i)", "一、", "а)"), and set as the paragraph's ``label``:
  the number is not in the text, so :func:`~alignkit.text.numbering.label_paragraphs`
  takes it from there;
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

Word files are untrusted XML: python-docx's parser does not expand entities, and
the notes parts are parsed with a parser that neither expands entities nor loads
a DTD or anything from the network.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from .. import safexml
from ..errors import AlignkitError, InputFormatError
from ..model import Document, Paragraph
from ..names import document_name
from ..text.normalize import normalize_text
from ..text.numerals import int_to_letters, int_to_roman

NAME = "Word document"
EXTENSIONS = (".docx",)

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
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
_HEADING_STYLE = re.compile(r"^(?:heading \d|title|subtitle)$", re.IGNORECASE)
_SPACES = re.compile(r"\s+")


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def _val(element: etree._Element | None, attribute: str = "val") -> str | None:
    return None if element is None else element.get(_w(attribute))


def _is_on(element: etree._Element | None) -> bool:
    """A Word toggle property: present and not switched off."""
    return element is not None and _val(element) not in ("0", "false", "off")


# ----------------------------------------------------------------- list numbering


@dataclass(frozen=True)
class ListLevel:
    """One level of a list definition (``w:lvl``)."""

    start: int = 1
    number_format: str = "decimal"
    text: str = "%1."
    restart_after: int | None = None
    legal: bool = False


@dataclass(frozen=True)
class ListInstance:
    """A ``w:num``: the abstract list it uses and its overrides."""

    abstract_id: str
    start_overrides: Mapping[int, int] = field(default_factory=dict)
    level_overrides: Mapping[int, ListLevel] = field(default_factory=dict)


class ListNumbering:
    """Word's list counters: call :meth:`next_label` for each numbered paragraph in order.

    Lists that share an abstract definition share their counters (that is how Word
    continues a list); a ``w:num`` with a start override restarts the levels it
    names the first time it is used.  Using a level resets the levels below it,
    unless a level's ``w:lvlRestart`` says otherwise.
    """

    def __init__(self, abstract: Mapping[str, Mapping[int, ListLevel]], instances: Mapping[str, ListInstance]):
        self._abstract = abstract
        self._instances = instances
        self._counters: dict[str, dict[int, int]] = {}
        self._started: set[str] = set()

    @classmethod
    def from_xml(cls, root: etree._Element | None) -> ListNumbering:
        """Read the definitions of a numbering part (``w:numbering``); None gives no lists."""
        if root is None:
            return cls({}, {})
        abstract = {
            element.get(_w("abstractNumId"), ""): _levels(element)
            for element in root.iterchildren(_w("abstractNum"))
        }
        instances = {element.get(_w("numId"), ""): _instance(element) for element in root.iterchildren(_w("num"))}
        return cls(abstract, instances)

    def next_label(self, num_id: str, level: int) -> str:
        """Advance the counter of ``level`` in list ``num_id`` and return the printed label."""
        instance = self._instances.get(num_id)
        if instance is None:
            return ""
        levels = {**self._abstract.get(instance.abstract_id, {}), **instance.level_overrides}
        if level not in levels:
            return ""
        counters = self._counters.setdefault(instance.abstract_id, {})
        if num_id not in self._started:
            self._started.add(num_id)
            counters.update({lvl: start - 1 for lvl, start in instance.start_overrides.items()})
        counters[level] = counters.get(level, levels[level].start - 1) + 1
        for deeper in [lvl for lvl in counters if lvl > level]:
            restart = levels[deeper].restart_after if deeper in levels else None
            restart = deeper if restart is None else restart
            if restart > 0 and level <= restart - 1:
                del counters[deeper]
        return _render_label(levels, counters, level)


def _levels(abstract: etree._Element) -> dict[int, ListLevel]:
    return {int(lvl.get(_w("ilvl"), "0")): _level(lvl) for lvl in abstract.iterchildren(_w("lvl"))}


def _level(lvl: etree._Element) -> ListLevel:
    restart = _val(lvl.find(_w("lvlRestart")))
    return ListLevel(
        start=_int(_val(lvl.find(_w("start"))), 1),
        number_format=_val(lvl.find(_w("numFmt"))) or "decimal",
        text=_val(lvl.find(_w("lvlText"))) or "",
        restart_after=None if restart is None else _int(restart, 0),
        legal=_is_on(lvl.find(_w("isLgl"))),
    )


def _instance(num: etree._Element) -> ListInstance:
    abstract_id = _val(num.find(_w("abstractNumId"))) or ""
    starts: dict[int, int] = {}
    levels: dict[int, ListLevel] = {}
    for override in num.iterchildren(_w("lvlOverride")):
        ilvl = _int(override.get(_w("ilvl")), 0)
        start = override.find(_w("startOverride"))
        if start is not None:
            starts[ilvl] = _int(_val(start), 1)
        lvl = override.find(_w("lvl"))
        if lvl is not None:
            levels[ilvl] = _level(lvl)
    return ListInstance(abstract_id, starts, levels)


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _render_label(levels: Mapping[int, ListLevel], counters: Mapping[int, int], level: int) -> str:
    """Fill the level's text (``"%1.%2."``) with the current counters in each level's format."""
    current = levels[level]
    if current.number_format in ("bullet", "none"):
        return ""

    def number(match: re.Match[str]) -> str:
        index = int(match.group(1)) - 1
        owner = levels.get(index, ListLevel())
        value = counters.get(index, owner.start)
        number_format = "decimal" if current.legal and index < level else owner.number_format
        return format_number(value, number_format)

    return re.sub(r"%([1-9])", number, current.text).strip()


_CHINESE_DIGITS = "〇一二三四五六七八九"
_HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
_RUSSIAN_LETTERS = "абвгдежзиклмнопрстуфхцчшщэюя"
_FULL_WIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


def _chinese_counting(value: int) -> str:
    """一, 十, 十一, 二十三, 一百零五 (as Word's chineseCounting prints them)."""
    if value <= 0 or value >= 1000:
        return str(value)
    hundreds, rest = divmod(value, 100)
    tens, units = divmod(rest, 10)
    out = f"{_CHINESE_DIGITS[hundreds]}百" if hundreds else ""
    if tens:
        out += ("" if tens == 1 and not hundreds else _CHINESE_DIGITS[tens]) + "十"
    elif hundreds and units:
        out += "零"
    if units:
        out += _CHINESE_DIGITS[units]
    return out


def _enclosed(value: int, first: int, count: int) -> str:
    return chr(first + value - 1) if 1 <= value <= count else str(value)


def format_number(value: int, number_format: str) -> str:
    """A list counter printed in a Word number format (``lowerRoman`` 4 → ``"iv"``)."""
    if value <= 0:
        return str(value)
    formatters: dict[str, Callable[[int], str]] = {
        "decimalZero": lambda n: f"{n:02d}",
        "lowerLetter": int_to_letters,
        "upperLetter": lambda n: int_to_letters(n).upper(),
        "lowerRoman": int_to_roman,
        "upperRoman": lambda n: int_to_roman(n).upper(),
        "chineseCounting": _chinese_counting,
        "chineseCountingThousand": _chinese_counting,
        "japaneseCounting": _chinese_counting,
        "taiwaneseCounting": _chinese_counting,
        "ideographDigital": lambda n: "".join(_CHINESE_DIGITS[int(d)] for d in str(n)),
        "ideographTraditional": lambda n: _HEAVENLY_STEMS[n - 1] if n <= 10 else str(n),
        "decimalFullWidth": lambda n: str(n).translate(_FULL_WIDTH_DIGITS),
        "decimalFullWidth2": lambda n: str(n).translate(_FULL_WIDTH_DIGITS),
        "decimalEnclosedCircle": lambda n: _enclosed(n, 0x2460, 20),
        "decimalEnclosedParen": lambda n: _enclosed(n, 0x2474, 20),
        "decimalEnclosedFullstop": lambda n: _enclosed(n, 0x2488, 20),
        "ideographEnclosedCircle": lambda n: _enclosed(n, 0x3280, 10),
        "russianLower": lambda n: _RUSSIAN_LETTERS[(n - 1) % 28] * ((n - 1) // 28 + 1),
        "russianUpper": lambda n: (_RUSSIAN_LETTERS[(n - 1) % 28] * ((n - 1) // 28 + 1)).upper(),
    }
    formatter = formatters.get(number_format)
    return formatter(value) if formatter is not None else str(value)


# ----------------------------------------------------------------- styles


@dataclass(frozen=True)
class ParagraphStyle:
    """What alignkit needs of a paragraph style: is it a heading, does it number paragraphs."""

    heading: bool = False
    num_id: str | None = None
    level: int | None = None


def read_styles(root: etree._Element | None) -> dict[str, ParagraphStyle]:
    """Paragraph styles by id, with heading status and numbering resolved through ``basedOn``."""
    if root is None:
        return {}
    raw = {style.get(_w("styleId"), ""): style for style in root.iterchildren(_w("style"))
           if style.get(_w("type")) == "paragraph"}
    return {style_id: _resolve_style(style_id, raw) for style_id in raw}


def _resolve_style(style_id: str, raw: Mapping[str, etree._Element]) -> ParagraphStyle:
    heading = False
    num_id: str | None = None
    level: int | None = None
    seen: set[str] = set()
    current: str | None = style_id
    while current is not None and current in raw and current not in seen:
        seen.add(current)
        style = raw[current]
        name = _val(style.find(_w("name"))) or ""
        outline = _val(style.find(f"{_w('pPr')}/{_w('outlineLvl')}"))
        heading = heading or bool(_HEADING_STYLE.match(name)) or (outline is not None and _int(outline, 9) < 9)
        num_pr = style.find(f"{_w('pPr')}/{_w('numPr')}")
        if num_pr is not None:
            num_id = num_id if num_id is not None else _val(num_pr.find(_w("numId")))
            ilvl = _val(num_pr.find(_w("ilvl")))
            level = level if level is not None or ilvl is None else _int(ilvl, 0)
        current = _val(style.find(_w("basedOn")))
    return ParagraphStyle(heading, num_id, level)


# ----------------------------------------------------------------- text of one paragraph


@dataclass
class _Field:
    """An open Word field: its instruction (``PAGE``, ``REF _Ref1``) and whether its result is showing."""

    instruction: str = ""
    showing: bool = False


class _TextCollector:
    """Collects the displayed text of paragraphs, tracking fields that span runs and paragraphs."""

    _SKIPPED = frozenset(_w(tag) for tag in (
        "pPr", "rPr", "del", "moveFrom", "delText", "drawing", "pict", "object",
        "commentReference", "annotationRef", "footnoteRef", "endnoteRef", "delInstrText",
    )) | {f"{{{_MC_NS}}}AlternateContent"}
    _NOTE_REFERENCES = {_w("footnoteReference"): "footnote", _w("endnoteReference"): "endnote"}
    _LEAVES = frozenset(_w(tag) for tag in ("t", "tab", "br", "cr", "ptab", "noBreakHyphen", "sym"))

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
                self.note_references.append((self._NOTE_REFERENCES[tag], child.get(_w("id"), "")))
            elif tag == _w("r") and _is_on(child.find(f"{_w('rPr')}/{_w('vanish')}")):
                continue
            elif tag == _w("fldChar"):
                self._field_char(child.get(_w("fldCharType")))
            elif tag == _w("instrText"):
                if self._fields:
                    self._fields[-1].instruction += child.text or ""
            elif tag == _w("fldSimple"):
                if _field_name(child.get(_w("instr"), "")) not in _PAGE_FIELDS:
                    self._collect(child, parts)
            elif tag in self._LEAVES:
                if not self._hiding():
                    parts.append(self._leaf_text(child, tag))
            else:
                self._collect(child, parts)

    @staticmethod
    def _leaf_text(child: etree._Element, tag: str) -> str:
        if tag == _w("t"):
            return child.text or ""
        if tag == _w("noBreakHyphen"):
            return "-"
        if tag == _w("sym"):
            code = int(child.get(_w("char"), "F000"), 16)
            # Codes from F000 are glyphs of a symbol font (Wingdings...), not characters.
            return chr(code) if code < 0xF000 else ""
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
            if child.tag == _w("p"):
                yield from self._paragraph(child)
            elif child.tag == _w("tbl"):
                yield from self._table(child)
            elif child.tag in (_w("sdt"), _w("customXml")):
                content = child.find(_w("sdtContent"))
                yield from self.blocks(child if content is None else content)
        if self._pending is not None:
            yield self._pending
            self._pending = None

    def _paragraph(self, paragraph: etree._Element) -> Iterator[_Block]:
        self.paragraph_count += 1
        style = self.styles.get(_val(paragraph.find(f"{_w('pPr')}/{_w('pStyle')}")) or "", ParagraphStyle())
        label = self._label(paragraph, style)
        text = self.collector.text(paragraph)
        block = _Block(text, "heading" if self._is_heading(paragraph, style) else "body", label,
                       self.paragraph_count, self.paragraph_count)
        if self._pending is not None:
            block = _merge(self._pending, block)
            self._pending = None
        if paragraph.find(f"{_w('pPr')}/{_w('rPr')}/{_w('del')}") is not None:
            self._pending = block
        elif block.text:
            yield block

    def _label(self, paragraph: etree._Element, style: ParagraphStyle) -> str:
        num_pr = paragraph.find(f"{_w('pPr')}/{_w('numPr')}")
        num_id = _val(num_pr.find(_w("numId"))) if num_pr is not None else None
        ilvl = _val(num_pr.find(_w("ilvl"))) if num_pr is not None else None
        num_id = num_id if num_id is not None else style.num_id
        if not num_id or num_id == "0":
            return ""
        level = _int(ilvl, 0) if ilvl is not None else (style.level or 0)
        return self.numbering.next_label(num_id, level)

    @staticmethod
    def _is_heading(paragraph: etree._Element, style: ParagraphStyle) -> bool:
        outline = _val(paragraph.find(f"{_w('pPr')}/{_w('outlineLvl')}"))
        if outline is not None:
            return _int(outline, 9) < 9
        return style.heading

    def _table(self, table: etree._Element) -> Iterator[_Block]:
        for row in table.iterchildren(_w("tr")):
            if row.find(f"{_w('trPr')}/{_w('del')}") is not None:
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
        if child.tag == _w("tc"):
            yield child
        elif child.tag in (_w("sdt"), _w("customXml")):
            content = child.find(_w("sdtContent"))
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
    notes = {note.get(_w("id"), ""): note for note in root.iterchildren(_w(kind))
             if note.get(_w("type")) in (None, "normal")}
    referenced = [note_id for note_kind, note_id in walker.collector.note_references if note_kind == kind]
    order = list(dict.fromkeys(note_id for note_id in referenced if note_id in notes))
    order += [note_id for note_id in notes if note_id not in order]
    blocks: list[_Block] = []
    for note_id in order:
        blocks.extend(walker.blocks(notes[note_id]))
    return blocks


def _related_xml(part: Any, reltype: str) -> etree._Element | None:
    """The XML root of the part related to ``part`` by ``reltype``, or None."""
    for rel in part.rels.values():
        if rel.reltype == reltype and not rel.is_external:
            element = getattr(rel.target_part, "element", None)
            if element is not None:
                return element
            return etree.fromstring(rel.target_part.blob, safexml.parser())
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
    if not path.is_file():
        raise InputFormatError(path, "file not found; check the path" if not path.exists()
                              else "is a directory; give the path of a file")
    with open(path, "rb") as handle:
        if handle.read(4) == _OLE_MAGIC:
            raise InputFormatError(path, "is an old Word 97-2003 .doc file; save it as .docx in Word first")
    try:
        return docx.Document(str(path))
    except Exception as exc:  # python-docx raises zip, KeyError, lxml and its own errors alike
        raise InputFormatError(path, f"is not a readable Word .docx file ({type(exc).__name__}: {exc})") from exc


def read_blocks(path: Path) -> list[_Block]:
    """The document's paragraphs, table rows, footnotes and endnotes, in output order."""
    word = _open(path)
    part = word.part
    try:
        numbering = ListNumbering.from_xml(_related_xml(part, _NUMBERING_REL))
        walker = _DocumentWalker(numbering, read_styles(_related_xml(part, _STYLES_REL)))
        blocks = list(walker.blocks(word.element.body))
        blocks += _note_blocks(walker, _related_xml(part, _FOOTNOTES_REL), "footnote")
        blocks += _note_blocks(walker, _related_xml(part, _ENDNOTES_REL), "endnote")
    except etree.XMLSyntaxError as exc:
        raise InputFormatError(path, f"has a malformed part: {exc.msg}") from exc
    return blocks


def read(path: Path, lang: str, *, encoding: str | None = None, presegmented: bool = False) -> Document:
    """Read a Word .docx file into a :class:`~alignkit.model.Document`.

    List numbers become paragraph labels (the text holds no number); each table
    row is a paragraph; footnotes follow the body.

    :param lang: the document's language.
    :param encoding: ignored: a .docx file says its own encoding.
    :param presegmented: each Word paragraph is one segment; nothing is split.
    :raises InputFormatError: missing, not a .docx (or an old .doc), or no text.
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

