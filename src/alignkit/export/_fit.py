"""Fitting text into spreadsheet cells: how wide text is, how many lines it wraps to, how tall a row must be.

Spreadsheets measure column widths in widths of the digit ``0`` of the default
font (Calibri 11 in Excel, a metric twin such as Carlito or a fallback in
LibreOffice) and row heights in points, and neither program makes a row taller
for wrapped text when it opens a file.  The estimate here is deliberately on the
generous side, so that wrapped text is never drawn over the next row on screen or
on paper:

* a Chinese, Japanese or Korean character (East Asian width W or F) is 2.1 ``0``
  wide (a CJK font's character is as wide as its size, and Excel's ``0`` of
  Calibri 11 is 7 pixels of 15), a capital letter 1.2, a lower-case Latin letter
  0.9, a Cyrillic one 0.95, a space 0.5, anything else one.  Measured in
  LibreOffice with DejaVu Sans (wider than Calibri, Carlito or Liberation Sans),
  English text averages 0.8 ``0`` a character, Chinese 1.6;
* text wraps at spaces, and anywhere between CJK characters, greedily, as the
  spreadsheet does, into a line a little narrower than the column;
* a line is :data:`LINE_HEIGHT` points tall, :data:`CJK_LINE_HEIGHT` when the cell
  holds CJK characters (their fonts have taller lines).

A row cannot be taller than :data:`MAX_ROW_HEIGHT` (Excel's limit); text that
would need more is split by :func:`split_to_fit` into pieces for continuation rows.
"""

from __future__ import annotations

import functools
import math
import unicodedata
from collections.abc import Iterator, Sequence

#: Points per line of Latin or Cyrillic text at 11 points (Excel's default row height).
LINE_HEIGHT = 15.0
#: Points per line when a cell holds CJK characters (16 measured in LibreOffice with Noto Sans CJK).
CJK_LINE_HEIGHT = 17.0
#: Widths of characters, in widths of ``0`` (see the module docstring).
WIDE, CAPITAL, LATIN_LOWER, CYRILLIC_LOWER, SPACE, OTHER = 2.1, 1.2, 0.9, 0.95, 0.5, 1.0
#: Points added to a row for the cell's top and bottom margins.
ROW_PADDING = 4.0
#: The tallest row Excel allows, in points.
MAX_ROW_HEIGHT = 409.0
#: Excel's limit on the characters of one cell is 32,767; pieces stay well below it.
MAX_CELL_CHARACTERS = 32_000
#: Widths of ``0`` lost to the cell's left and right margins, and kept as slack.
_CELL_MARGIN = 2.0


def is_wide(char: str) -> bool:
    """True for characters drawn two columns wide (CJK ideographs, kana, full-width forms)."""
    return unicodedata.east_asian_width(char) in ("W", "F")


@functools.lru_cache(maxsize=65_536)
def char_width(char: str) -> float:
    """The width of ``char`` in widths of ``0`` (see the module docstring)."""
    if is_wide(char):
        return WIDE
    if char.isspace():
        return SPACE
    if char.isupper():
        return CAPITAL
    if "a" <= char <= "z":
        return LATIN_LOWER
    if "\u0430" <= char <= "\u045f":
        return CYRILLIC_LOWER
    return OTHER


def text_width(text: str) -> float:
    """The width of ``text`` on one line, in widths of ``0``."""
    return sum(char_width(char) for char in text)


def _tokens(paragraph: str) -> Iterator[tuple[str, bool]]:
    """Words and single CJK characters, each with whether a space precedes it."""
    spaced = word_spaced = False
    word = ""
    for char in paragraph:
        if char.isspace():
            if word:
                yield word, word_spaced
                word = ""
            spaced = True
        elif is_wide(char):
            if word:
                yield word, word_spaced
                word, spaced = "", False
            yield char, spaced
            spaced = False
        else:
            if not word:
                word_spaced, spaced = spaced, False
            word += char
    if word:
        yield word, word_spaced


def wrap(text: str, width: float) -> list[str]:
    """``text`` broken into the lines a cell ``width`` zeros wide shows (at least one)."""
    room = max(1.0, width - _CELL_MARGIN)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(_wrap_paragraph(paragraph, room))
    return lines or [""]


def _wrap_paragraph(paragraph: str, room: float) -> list[str]:
    lines: list[str] = []
    line, used = "", 0.0
    for token, spaced in _tokens(paragraph):
        gap = " " if spaced and line else ""
        needed = text_width(gap + token)
        if used + needed <= room:
            line, used = line + gap + token, used + needed
            continue
        if line:
            lines.append(line)
        line, used = "", 0.0
        for char in token:  # a token longer than a line is broken anywhere
            if used + char_width(char) > room and line:
                lines.append(line)
                line, used = "", 0.0
            line, used = line + char, used + char_width(char)
    lines.append(line)
    return lines


def line_height(text: str) -> float:
    """Points per line for a cell holding ``text``."""
    return CJK_LINE_HEIGHT if any(is_wide(char) for char in text) else LINE_HEIGHT


@functools.lru_cache(maxsize=4_096)
def cell_height(text: str, width: float) -> float:
    """Points a cell ``width`` zeros wide needs to show ``text`` wrapped."""
    return len(wrap(text, width)) * line_height(text) + ROW_PADDING


def row_height(cells: Sequence[tuple[str, float]]) -> float:
    """Points a row needs for its wrapped cells (text, column width), within Excel's limit."""
    needed = max((cell_height(text, width) for text, width in cells if text), default=LINE_HEIGHT + ROW_PADDING)
    return min(MAX_ROW_HEIGHT, max(LINE_HEIGHT + ROW_PADDING, math.ceil(needed)))


def fits(text: str, width: float) -> bool:
    """True when ``text`` fits in one row of a column ``width`` zeros wide."""
    return len(text) <= MAX_CELL_CHARACTERS and cell_height(text, width) <= MAX_ROW_HEIGHT


def split_to_fit(segments: Sequence[str], separator: str, width: float) -> list[str]:
    """The ``segments`` (joined by ``separator``) as pieces that each fit one row.

    Whole segments are kept together where they fit; a segment too long for one
    row is cut between wrapped lines.  Joining the pieces with ``separator`` gives
    the text back (white space aside).
    """
    joined = separator.join(segments)
    if fits(joined, width):
        return [joined] if joined else []
    pieces: list[str] = []
    current: list[str] = []
    for segment in segments:
        if fits(separator.join([*current, segment]), width):
            current.append(segment)
            continue
        if current:
            pieces.append(separator.join(current))
            current = []
        if fits(segment, width):
            current = [segment]
            continue
        *whole, last = _cut(segment, separator, width)
        pieces.extend(whole)
        current = [last]
    if current:
        pieces.append(separator.join(current))
    return pieces


def _cut(segment: str, separator: str, width: float) -> list[str]:
    """A segment too long for a row, cut between lines into pieces that fit."""
    lines = wrap(segment, width)
    per_piece = max(1, int((MAX_ROW_HEIGHT - ROW_PADDING) // line_height(segment)))
    pieces: list[str] = []
    for start in range(0, len(lines), per_piece):
        piece = separator.join(line.strip() for line in lines[start:start + per_piece])
        while len(piece) > MAX_CELL_CHARACTERS:
            pieces.append(piece[:MAX_CELL_CHARACTERS])
            piece = piece[MAX_CELL_CHARACTERS:]
        pieces.append(piece)
    return pieces
