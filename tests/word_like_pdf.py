"""Chinese PDFs laid out the way a word processor prints them, built with reportlab.

Word sets Chinese on a grid: every Han character and full-width mark fills a cell
one character wide, every half-width character (digits, ASCII punctuation) half a
cell, drawn at the cell's right edge; justified lines spread the remaining width
evenly between all characters.  The gaps that leaves around half-width marks
(``以前 ,有权``, ``1 . 成年``) are wider than pdfplumber's default word gap, but no
one typed a space there.  Numbered list items have their label (``1.``) at the
margin and the text at a tab stop two characters in, with no space character
between; headings are centred.

:func:`make_word_like_pdf` writes such a PDF from ``(kind, label, text)``
paragraphs; :func:`udhr_paragraphs` turns ``udhr.zh.txt`` into them, its ``㈠``
items becoming a numbered list as in the Word file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

#: Adobe's CID font for simplified Chinese; PDF readers know it without embedding.
FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
SIZE = 10.5
PITCH = 13.5
PARAGRAPH_SPACE = 6.0
MARGIN = 72.0
#: Where list text starts after its label, and the first-line indent of body paragraphs.
INDENT = 2 * SIZE

HEADING, BODY, ITEM = "heading", "body", "item"


@dataclass(frozen=True)
class Para:
    """One paragraph: ``heading`` (centred), ``body`` (first line indented) or ``item`` (a list label)."""

    kind: str
    text: str
    label: str = ""


def _cell(char: str) -> float:
    """The width of ``char``'s cell on the grid: a full character or half of one."""
    return SIZE if ord(char) > 0x2E7F else SIZE / 2


def _lines(text: str, first: float, rest: float) -> Iterator[tuple[str, bool]]:
    """``text`` cut into lines ``first`` then ``rest`` points wide; (line, is the last line)."""
    width, line = first, ""
    for char in text:
        fits = sum(map(_cell, line + char)) <= width
        if line and not fits and char not in "，。；：、,.;:!?)）”":
            yield line, False
            width, line = rest, ""
        line += char
    yield line, True


class _Page:
    def __init__(self, path: Path) -> None:
        self.pdf = canvas.Canvas(str(path), pagesize=A4)
        self.page = 1
        self.y = A4[1] - MARGIN

    def need(self, height: float) -> None:
        if self.y - height < MARGIN:
            self.finish_page()
            self.page += 1
            self.y = A4[1] - MARGIN

    def finish_page(self) -> None:
        self.pdf.setFont(FONT, 9)
        self.pdf.drawCentredString(A4[0] / 2, MARGIN / 2, f"第 {self.page} 页")
        self.pdf.showPage()

    def draw(self, x: float, line: str, width: float | None) -> None:
        """One line from ``x``: on the grid, spread to ``width`` when justified."""
        cells = [_cell(char) for char in line]
        spread = (width - sum(cells)) / (len(line) - 1) if width is not None and len(line) > 1 else 0.0
        for char, cell in zip(line, cells):
            glyph = pdfmetrics.stringWidth(char, FONT, SIZE)
            self.pdf.setFont(FONT, SIZE)
            self.pdf.drawString(x + cell - glyph if cell < SIZE else x, self.y, char)
            x += cell + spread


def make_word_like_pdf(path: Path, paragraphs: Sequence[Para]) -> Path:
    """Write ``paragraphs`` as a justified Chinese PDF on a grid, page numbers at the foot."""
    page = _Page(path)
    width = A4[0] - 2 * MARGIN
    for para in paragraphs:
        if para.kind == HEADING:
            page.need(PITCH)
            page.pdf.setFont(FONT, SIZE)
            page.draw(MARGIN + (width - sum(map(_cell, para.text))) / 2, para.text, None)
            page.y -= PITCH + PARAGRAPH_SPACE
            continue
        hanging = para.kind == ITEM
        first = width - INDENT
        rest = width - INDENT if hanging else width
        for number, (line, last) in enumerate(_lines(para.text, first, rest)):
            page.need(PITCH)
            if number == 0 and hanging:
                page.draw(MARGIN, para.label, None)
            x = MARGIN + INDENT if number == 0 or hanging else MARGIN
            page.draw(x, line, None if last else (first if number == 0 else rest))
            page.y -= PITCH
        page.y -= PARAGRAPH_SPACE
    page.finish_page()
    page.pdf.save()
    return path


_CIRCLED = "㈠㈡㈢㈣㈤㈥㈦㈧㈨㈩"
_HEADING = re.compile(r"^(?:第.{1,4}条|序言)$")


def udhr_paragraphs(text: str) -> list[Para]:
    """The paragraphs of ``udhr.zh.txt``: the title and article headings, body paragraphs,
    and the ``㈠ ㈡`` items as a numbered list (``1.`` ``2.``), as the Word file has them."""
    paragraphs = []
    for number, block in enumerate(part.strip() for part in text.split("\n\n") if part.strip()):
        if number == 0 or _HEADING.match(block):
            paragraphs.append(Para(HEADING, block))
        elif block[0] in _CIRCLED:
            paragraphs.append(Para(ITEM, block[1:], f"{_CIRCLED.index(block[0]) + 1}."))
        else:
            paragraphs.append(Para(BODY, block))
    return paragraphs


def as_printed(para: Para) -> str:
    """The paragraph's text as a reader should give it back (``1. 成年男女…`` for an item)."""
    return f"{para.label} {para.text}" if para.kind == ITEM else para.text
