"""PDF reader for documents with a text layer (as the UN Official Document System prints them).

pdfplumber gives each character with its font, size and position; from those
lines this module

* drops page furniture: running headers and footers found by repetition across
  pages (digits ignored, so "Page 3" and "Page 4" repeat) and, in the top and
  bottom lines of any page, the patterns of :mod:`alignkit.text.furniture`
  (document symbol, job number "17-12345 (E)", barcode, "Page 3", "第 3 页",
  "Стр. 3");
* joins the words of a line: with a space in English and Russian; in Chinese
  (and Japanese) only where the PDF has a space character or a gap wider than a
  character, measured against the font size and the line's own spacing
  (:func:`join_words`), so neither justified lines nor half-width punctuation set
  in a full-width grid (``以前 ,有权``, ``1 . 成年男女``) give spaces nobody typed;
* drops footnote reference marks (superscript characters) from the text;
* moves footnotes (the smaller print at the bottom of a page) after the body;
* rebuilds paragraphs from line positions: a larger gap than the line pitch, a
  line that ends short of the right margin, an indented first line after a
  finished sentence, or a change of font size or weight starts a new paragraph;
  a paragraph continues across a page break when the page ended on a full line;
* joins lines, repairing end-of-line hyphenation with the document's own
  vocabulary and joining Chinese lines without spaces
  (:func:`alignkit.text.dehyphenate.join_wrapped_lines`).

``Paragraph.lines`` maps every paragraph to its source: the first and last
line number, counting every text line of the PDF in reading order from 1 (page
furniture included); :func:`read_lines` gives the page of each line number.

A PDF without a text layer (a scan) is an error: alignkit does no OCR.
"""

from __future__ import annotations

import bisect
import re
import statistics
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import AlignkitError, InputFormatError
from ..model import Document, Paragraph
from ..names import document_name
from ..text.dehyphenate import build_vocabulary, join_wrapped_lines
from ..text.furniture import is_page_furniture
from ..text.normalize import normalize_text
from ..text.numerals import CHINESE_DIGITS

NAME = "PDF with a text layer"
EXTENSIONS = (".pdf",)

#: Lines at the top and bottom of each page looked at for running headers and footers.
HEADER_LINES = 2
FOOTER_LINES = 3
#: A header or footer repeats (digits ignored) on at least this share of the pages.
REPEAT_SHARE = 0.4
#: Repeated headers stand at the same height on every page, to this many points.
REPEAT_POSITION = 4.0
#: Characters smaller than this share of their page's usual size are superscripts.
SUPERSCRIPT_SHARE = 0.7
#: Lines smaller than this share of the body size, at the bottom of a page, are footnotes.
FOOTNOTE_SHARE = 0.88
#: A gap between lines larger than this many line pitches starts a paragraph.
PARAGRAPH_GAP = 1.35
#: Above this share of lines with undecodable glyphs ("(cid:12)"), the text layer is unusable.
UNDECODABLE_SHARE = 0.2
#: A gap between characters wider than this share of their size separates words.
WORD_GAP = 0.25
#: In a Chinese line, a gap between characters, beyond the line's usual one, must be wider
#: than this share of the font size to be a space: half-width punctuation and digits on a
#: character grid leave gaps of up to about three quarters of a character around them.
CJK_SPACE_GAP = 0.8
#: A line is set as Chinese (or Japanese) when at least this share of its characters are CJK.
CJK_LINE_SHARE = 0.3
#: Words whose baselines differ by less than this share of their size are on one row.
ROW_TOLERANCE = 0.3
#: Lines this much larger than the body size (or bold) are heading lines.
HEADING_SHARE = 1.15
#: Longest heading, in lines, and the usual line pitch of a heading, in character sizes.
HEADING_LINES = 5
HEADING_LEADING = 1.3
#: A gap wider than this many character sizes splits a row into separate lines (columns).
COLUMN_GAP = 3.0

_EXTRA_FURNITURE = re.compile(r"第\s*\d{1,3}\s*页?|[Сс]тр\.?\s*\d{1,3}|(?i:page)\s*\d{1,3}")
_DIGITS = re.compile(r"\d+")
_SENTENCE_END = re.compile(r"[.!?:;。！？；：…][\"'”’»）)]*$")
_ONE_TO_TEN = CHINESE_DIGITS[1:] + "十"  # 一 … 十
_LABEL_START = re.compile(
    r"^(?:\(?[0-9]{1,3}[.)]|\([a-z]{1,3}\)|[a-zа-я]\)|" + f"[{_ONE_TO_TEN}]+、|（[{_ONE_TO_TEN}]+）" + r")\s*"
)
_HYPHEN_END = re.compile(r"[^\W\d_][-\u2010\u00ad]$")
_CJK = "\u2e80-\u2fff\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_SPACE_IN_CJK = re.compile(f"(?<=[{_CJK}]) +(?=[{_CJK}])")
_CJK_START = re.compile(f"[{_CJK}]")
_CJK_CHAR = re.compile(f"[{_CJK}\u3040-\u30ff]")
#: A list label a PDF has spaced out at the start of a Chinese line: ``1 . 成年``, ``( a )``.
_SPACED_LABEL = re.compile(r"^(\(?)\s*(\d{1,3}|[a-z]{1,3})\s+([.．、)）])(?=\s*[^\W\d_])")


@dataclass(frozen=True)
class PdfLine:
    """One printed line of a PDF page.

    :param page: page number (1-based).
    :param number: the line's number in the whole document (1-based, reading order).
    :param size: the usual character size of the line, in points.
    :param bold: every character is in a bold font.
    :param first_word: width of the line's first word (of its first character in Chinese).
    """

    page: int
    number: int
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    first_word: float = 0.0


# ----------------------------------------------------------------- extraction


def _import_pdfplumber() -> Any:
    try:
        import pdfplumber
    except ImportError as exc:
        raise AlignkitError(
            "reading .pdf files needs pdfplumber: install alignkit[pdf] (pip install 'alignkit[pdf]')"
        ) from exc
    return pdfplumber


def read_lines(path: str | Path) -> list[PdfLine]:
    """Every text line of the PDF, page by page, top to bottom, numbered from 1.

    :raises InputFormatError: not a readable PDF, encrypted, or without a text layer.
    """
    path = Path(path)
    pdfplumber = _import_pdfplumber()
    if not path.is_file():
        raise InputFormatError(path, "file not found; check the path" if not path.exists()
                              else "is a directory; give the path of a file")
    lines: list[PdfLine] = []
    try:
        with pdfplumber.open(str(path)) as pdf:
            for page_number, page in enumerate(pdf.pages, start=1):
                lines.extend(_page_lines(page, page_number, len(lines)))
                page.close()  # frees the page's cached objects: memory stays at one page
    except Exception as exc:  # pdfminer raises many unrelated types for broken or encrypted files
        if _needs_password(exc):
            raise InputFormatError(path, "is encrypted; save an unprotected copy first") from exc
        raise InputFormatError(path, f"is not a readable PDF ({type(exc).__name__}: {exc})") from exc
    _check_text_layer(path, lines)
    return lines


def _needs_password(error: BaseException | None) -> bool:
    """pdfplumber wraps pdfminer's password error: look through the chain and arguments."""
    while error is not None:
        causes = [error, *(arg for arg in error.args if isinstance(arg, BaseException))]
        if any("password" in type(cause).__name__.lower() for cause in causes):
            return True
        error = error.__cause__ or error.__context__
    return False


def _check_text_layer(path: Path, lines: Sequence[PdfLine]) -> None:
    if not lines:
        raise InputFormatError(
            path, "has no text layer (a scanned image?); alignkit does no OCR: get the text PDF or "
                  "Word file from ODS, or OCR it first"
        )
    undecodable = sum("(cid:" in line.text for line in lines)
    if undecodable > UNDECODABLE_SHARE * len(lines):
        raise InputFormatError(
            path, "its text layer cannot be decoded (fonts without a Unicode map); get the Word file "
                  "from ODS or export the PDF again with embedded fonts"
        )


def _page_lines(page: Any, page_number: int, before: int) -> list[PdfLine]:
    chars = page.chars
    if not chars:
        return []
    usual = _mode(round(char["size"], 1) for char in chars)
    text_page = page.filter(lambda obj: obj.get("object_type") != "char" or obj["size"] >= usual * SUPERSCRIPT_SHARE)
    words = text_page.extract_words(x_tolerance_ratio=WORD_GAP, extra_attrs=["size", "fontname"], return_chars=True)
    spaces = _Spaces(chars)
    lines: list[PdfLine] = []
    for row in _rows(words):
        for chunk in _chunks(row):
            line = _line(chunk, page_number, before + len(lines) + 1, spaces)
            if line.text:
                lines.append(line)
    return lines


class _Spaces:
    """Where a page has space characters, to tell a typed space from a wide gap."""

    def __init__(self, chars: Sequence[dict[str, Any]]) -> None:
        found = sorted((char["x0"], char["x1"], char["bottom"]) for char in chars if char["text"].isspace())
        self._x0 = [x0 for x0, _, _ in found]
        self._spaces = found

    def between(self, left: dict[str, Any], right: dict[str, Any]) -> bool:
        """True when a space character stands between two words of a row."""
        slack = ROW_TOLERANCE * left["size"]
        first = bisect.bisect_left(self._x0, left["x1"] - slack)
        for x0, x1, bottom in self._spaces[first:]:
            if x0 > right["x0"]:
                break
            if x1 <= right["x0"] + slack and abs(bottom - left["bottom"]) <= slack:
                return True
        return False


def join_words(words: Sequence[dict[str, Any]], spaces: _Spaces | None = None) -> str:
    """The text of one line from its words (pdfplumber words with their ``chars``).

    A line that is not Chinese (or Japanese) joins its words with spaces.  In a Chinese
    line a gap is a space only when the PDF has a space character there, or when it is
    wider than the line's usual gap between characters (justified lines spread them
    all) by more than :data:`CJK_SPACE_GAP` of the font size, or, between two Latin
    letters or digits (``THAAD 系统``, ``United Nations``), by more than :data:`WORD_GAP`.
    """
    if not words:
        return ""
    if not _is_cjk_line(words):
        return " ".join(word["text"] for word in words)
    spread = _usual_gap(words)
    parts = [words[0]["text"]]
    for left, right in zip(words, words[1:]):
        if _spaced(left, right, spread, spaces):
            parts.append(" ")
        parts.append(right["text"])
    return _SPACED_LABEL.sub(r"\1\2\3", "".join(parts))


def _is_cjk_line(words: Sequence[dict[str, Any]]) -> bool:
    text = "".join(word["text"] for word in words)
    return len(_CJK_CHAR.findall(text)) >= CJK_LINE_SHARE * len(text)


def _usual_gap(words: Sequence[dict[str, Any]]) -> float:
    """The median gap between consecutive characters of a line (0 when it has one character)."""
    chars = [char for word in words for char in word.get("chars", ())]
    gaps = [b["x0"] - a["x1"] for a, b in zip(chars, chars[1:]) if not (a["text"].isspace() or b["text"].isspace())]
    return max(0.0, statistics.median(gaps)) if gaps else 0.0


def _spaced(left: dict[str, Any], right: dict[str, Any], spread: float, spaces: _Spaces | None) -> bool:
    """Does a space stand between two words of a Chinese line?"""
    if spaces is not None and spaces.between(left, right):
        return True
    gap: float = right["x0"] - left["x1"] - spread
    size: float = max(left["size"], right["size"])
    if _is_latin_or_digit(left["text"][-1]) and _is_latin_or_digit(right["text"][0]):
        return gap > WORD_GAP * size
    return gap > CJK_SPACE_GAP * size


def _is_latin_or_digit(char: str) -> bool:
    return char.isalnum() and not _CJK_CHAR.match(char)


def _rows(words: Sequence[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Words on the same baseline, top to bottom, each row left to right."""
    rows: list[list[dict[str, Any]]] = []
    for word in sorted(words, key=lambda w: (w["bottom"], w["x0"])):
        if rows and abs(word["bottom"] - rows[-1][0]["bottom"]) <= ROW_TOLERANCE * word["size"]:
            rows[-1].append(word)
        else:
            rows.append([word])
    return [sorted(row, key=lambda w: w["x0"]) for row in rows]


def _chunks(row: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """A row split where a wide gap separates its parts ("United Nations      S/2017/613")."""
    chunks = [[row[0]]]
    for word in row[1:]:
        previous = chunks[-1][-1]
        if word["x0"] - previous["x1"] > COLUMN_GAP * word["size"]:
            chunks.append([word])
        else:
            chunks[-1].append(word)
    return chunks


def _line(words: list[dict[str, Any]], page: int, number: int, spaces: _Spaces | None = None) -> PdfLine:
    text = normalize_text(join_words(words, spaces), keep_line_final_soft_hyphens=True)
    first = words[0]
    first_word = first["x1"] - first["x0"]
    if _CJK_START.match(first["text"]):
        first_word = first["size"]  # Chinese lines may break after any character
    return PdfLine(
        page=page,
        number=number,
        text=_SPACE_IN_CJK.sub("", text).strip(),
        x0=first["x0"], x1=words[-1]["x1"], top=min(w["top"] for w in words), bottom=max(w["bottom"] for w in words),
        size=statistics.median(word["size"] for word in words),
        bold=all("bold" in word["fontname"].lower() for word in words),
        first_word=first_word,
    )


def _mode(values: Iterator[float] | Sequence[float]) -> float:
    counts = Counter(values)
    return counts.most_common(1)[0][0] if counts else 0.0


# ----------------------------------------------------------------- page furniture


def furniture_lines(lines: Sequence[PdfLine]) -> set[int]:
    """Numbers of the lines that are running headers, footers, page numbers or job numbers.

    A top or bottom line of a page is furniture when its text is a known pattern,
    or when the same text (digits aside) stands at the same height on enough pages.
    """
    pages = _by_page(lines)
    candidates = [line for page in pages for line in _margin_lines(page)]
    pages_with: dict[tuple[str, int], set[int]] = {}
    for line in candidates:
        pages_with.setdefault(_repeat_key(line), set()).add(line.page)
    needed = max(2, REPEAT_SHARE * len(pages))
    return {
        line.number for line in candidates
        if _is_furniture_text(line.text) or len(pages_with[_repeat_key(line)]) >= needed
    }


def _by_page(lines: Sequence[PdfLine]) -> list[list[PdfLine]]:
    pages: dict[int, list[PdfLine]] = {}
    for line in lines:
        pages.setdefault(line.page, []).append(line)
    return list(pages.values())


def _margin_lines(page: Sequence[PdfLine]) -> list[PdfLine]:
    if len(page) <= HEADER_LINES + FOOTER_LINES:
        return list(page)
    return [*page[:HEADER_LINES], *page[-FOOTER_LINES:]]


def _repeat_key(line: PdfLine) -> tuple[str, int]:
    """Text with digits masked, and the height on the page to a few points."""
    return _DIGITS.sub("#", " ".join(line.text.split())), round(line.top / REPEAT_POSITION)


def _is_furniture_text(text: str) -> bool:
    return is_page_furniture(text) or _EXTRA_FURNITURE.fullmatch(text.strip()) is not None


# ----------------------------------------------------------------- layout


@dataclass(frozen=True)
class _Layout:
    """The document's usual measures, from its body lines."""

    size: float
    pitch: float
    right: float


def _measure(lines: Sequence[PdfLine]) -> _Layout:
    size = _mode(round(line.size, 1) for line in lines)
    gaps = [
        round(b.top - a.top, 1) for a, b in zip(lines, lines[1:], strict=False)
        if a.page == b.page and abs(a.size - size) < 0.5 and abs(b.size - size) < 0.5 and b.top > a.top
    ]
    pitch = _mode(gaps) if gaps else size * 1.2
    right = max((line.x1 for line in lines if abs(line.size - size) < 0.5),
                default=max(line.x1 for line in lines))
    return _Layout(size, pitch, right)


def _split_footnotes(lines: Sequence[PdfLine], size: float) -> tuple[list[PdfLine], list[PdfLine]]:
    """(body lines, footnote lines): footnotes are the small print ending a page."""
    body: list[PdfLine] = []
    notes: list[PdfLine] = []
    for page in _by_page(lines):
        cut = len(page)
        while cut > 0 and page[cut - 1].size < size * FOOTNOTE_SHARE:
            cut -= 1
        if cut == 0:  # a page all in small print is body text, not notes
            cut = len(page)
        body.extend(page[:cut])
        notes.extend(page[cut:])
    return body, notes


def _ends_by_choice(prev: PdfLine, line: PdfLine, layout: _Layout) -> bool:
    """True when ``line``'s first word would have fitted at the end of ``prev``: the line was ended, not wrapped."""
    if _HYPHEN_END.search(prev.text):
        return False
    # A generous space width: fonts differ, and a wrongly joined paragraph is usually
    # caught by the gap before the next one, while a wrongly split one is not.
    space = 0.0 if _CJK_START.match(line.text) else 0.5 * line.size
    return prev.x1 + space + line.first_word <= layout.right


def _is_heading_line(line: PdfLine, layout: _Layout) -> bool:
    return line.bold or line.size >= HEADING_SHARE * layout.size


def _starts_paragraph(prev: PdfLine, line: PdfLine, layout: _Layout) -> bool:
    """Does ``line`` begin a new paragraph after ``prev``?"""
    if abs(prev.size - line.size) > 0.1 * layout.size or prev.bold != line.bold:
        return True
    if _is_heading_line(line, layout) and prev.page == line.page:
        # Titles are centred or ragged: only the gap tells where one ends.
        return line.top - prev.top > PARAGRAPH_GAP * HEADING_LEADING * line.size
    if _ends_by_choice(prev, line, layout):
        return True
    if prev.page == line.page and line.top - prev.top > layout.pitch * PARAGRAPH_GAP:
        return True
    sentence_ended = _SENTENCE_END.search(prev.text) is not None
    indented = line.x0 > prev.x0 + layout.size
    return sentence_ended and (indented or _LABEL_START.match(line.text) is not None)


def _group(lines: Sequence[PdfLine], layout: _Layout) -> list[list[PdfLine]]:
    groups: list[list[PdfLine]] = []
    for line in lines:
        if groups and not _starts_paragraph(groups[-1][-1], line, layout):
            groups[-1].append(line)
        else:
            groups.append([line])
    return groups


def _paragraph(group: Sequence[PdfLine], lang: str, layout: _Layout, vocabulary: set[str],
               presegmented: bool) -> Paragraph:
    text = join_wrapped_lines([line.text for line in group], lang, vocabulary)
    heading = len(group) <= HEADING_LINES and all(_is_heading_line(line, layout) for line in group)
    return Paragraph(
        text=text,
        kind="heading" if heading else "body",
        lines=(group[0].number, group[-1].number),
        sentences=(text,) if presegmented else (),
    )


def build_paragraphs(lines: Sequence[PdfLine], lang: str, *, presegmented: bool = False) -> list[Paragraph]:
    """Paragraphs from the PDF's lines: furniture dropped, footnotes after the body."""
    dropped = furniture_lines(lines)
    content = [line for line in lines if line.number not in dropped]
    if not content:
        return []
    size = _mode(round(line.size, 1) for line in content)
    body, notes = _split_footnotes(content, size)
    layout = _measure(body)
    vocabulary = build_vocabulary(" ".join(line.text for line in content))
    groups = _group(body, layout) + _group(notes, layout)
    return [_paragraph(group, lang, layout, vocabulary, presegmented) for group in groups]


# ----------------------------------------------------------------- entry point


def read(path: Path, lang: str, *, encoding: str | None = None, presegmented: bool = False) -> Document:
    """Read a PDF's text layer into a :class:`~alignkit.model.Document`.

    :param lang: the document's language (decides how lines are joined).
    :param encoding: ignored: a PDF's text layer says its own encoding.
    :param presegmented: each rebuilt paragraph is one segment; nothing is split.
    :raises InputFormatError: missing, unreadable, encrypted, no text layer, or only furniture.
    :raises AlignkitError: pdfplumber is not installed.
    """
    path = Path(path)
    paragraphs = build_paragraphs(read_lines(path), lang, presegmented=presegmented)
    if not paragraphs:
        raise InputFormatError(path, "has no text besides page numbers and headers; check it is the right file")
    return Document(lang=lang, paragraphs=tuple(paragraphs), source=str(path), encoding="utf-8",
                    name=document_name(path, lang))

