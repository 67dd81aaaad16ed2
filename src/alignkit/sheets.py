"""Spreadsheet cells that stay text, and workbooks saved atomically and reproducibly.

Every CSV, TSV and XLSX alignkit writes (alignments, term reports, glossaries,
batch summaries) goes through these helpers:

* A cell that a spreadsheet would take for a formula (starting with ``= + - @``,
  or tab or carriage return, as OWASP lists against CSV injection) stays text:
  CSV/TSV prefix it with ``'`` (:func:`escape_formula`, undone by
  :func:`unescape_formula`); XLSX stores it as a string with Excel's quote-prefix
  style (:func:`set_cell`).
* :func:`save_workbook` writes through a temporary file, with fixed dates in the
  document properties and on every zip member, so the same content gives the
  same bytes.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from .fsutil import atomic_open
from .safexml import xml_safe

#: Leading characters that make a spreadsheet treat a cell as a formula.  OWASP's
#: CSV-injection advice lists ``= + - @`` and also tab and carriage return.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
#: Prefix that tells Excel and LibreOffice "this cell is text" (OWASP advice).
TEXT_PREFIX = "'"
#: Creation and modification date of every workbook, so that output is reproducible:
#: 1980-01-01, the earliest date a zip member can carry.
FIXED_TIMESTAMP = datetime.datetime(1980, 1, 1)
_ZIP_TIMESTAMP = FIXED_TIMESTAMP.timetuple()[:6]
HEADER_FONT = Font(bold=True)


def looks_like_formula(text: str) -> bool:
    """True when a spreadsheet would evaluate ``text`` (or offer to) as a formula."""
    return text.startswith(FORMULA_TRIGGERS)


def escape_formula(text: str) -> str:
    """Prefix ``text`` with a single quote when it would start a formula."""
    return TEXT_PREFIX + text if looks_like_formula(text) else text


def unescape_formula(text: str) -> str:
    """Undo :func:`escape_formula` (for readers of our CSV/TSV files)."""
    if text.startswith(TEXT_PREFIX) and looks_like_formula(text[1:]):
        return text[1:]
    return text


def set_cell(cell: Cell, value: object) -> None:
    """Put ``value`` in ``cell``; strings always stay text, never formulas.

    An empty string leaves the cell empty.
    """
    if not isinstance(value, str):
        cell.value = value
        return
    text = xml_safe(value)
    if not text:
        cell.value = None
        return
    cell.value = text
    cell.data_type = "s"  # openpyxl would store "=..." as a formula, "#N/A" as an error
    if looks_like_formula(text):
        cell.quotePrefix = True


def write_row(sheet: Worksheet, row: int, values: Sequence[object]) -> None:
    """Put ``values`` in ``row`` of ``sheet``, from column A, with :func:`set_cell`."""
    for column, value in enumerate(values, start=1):
        set_cell(sheet.cell(row, column), value)


def write_header(sheet: Worksheet, names: Sequence[str]) -> None:
    """A bold header in row 1, frozen so it stays in view."""
    write_row(sheet, 1, names)
    for cell in sheet[1]:
        cell.font = HEADER_FONT
    sheet.freeze_panes = "A2"


class _FixedTimeZipFile(ZipFile):
    """A zip archive whose members all carry one fixed timestamp."""

    def writestr(self, zinfo_or_arcname: str | ZipInfo, data: Any,
                 compress_type: int | None = None, compresslevel: int | None = None) -> None:
        """Like :meth:`ZipFile.writestr`, with the fixed timestamp for members named by a string."""
        if not isinstance(zinfo_or_arcname, ZipInfo):
            info = ZipInfo(zinfo_or_arcname, date_time=_ZIP_TIMESTAMP)
            info.compress_type = self.compression
            info.external_attr = 0o600 << 16  # a regular file, as ZipFile itself marks it
            zinfo_or_arcname = info
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename: str | os.PathLike[str], arcname: str | os.PathLike[str] | None = None,
              compress_type: int | None = None, compresslevel: int | None = None) -> None:
        """Like :meth:`ZipFile.write` (openpyxl adds worksheets from temporary files), fixed timestamp."""
        data = Path(filename).read_bytes()
        self.writestr(str(arcname or Path(filename).name), data, compress_type, compresslevel)


def save_workbook(workbook: Workbook, path: str | os.PathLike[str]) -> None:
    """Save ``workbook`` at ``path`` atomically and reproducibly: the same content gives
    the same bytes (fixed dates in the document properties and on every zip member)."""
    # openpyxl's Workbook.save stamps the current time into the properties and
    # every zip member; its ExcelWriter given our archive does neither.
    workbook.properties.created = FIXED_TIMESTAMP
    workbook.properties.modified = FIXED_TIMESTAMP
    with atomic_open(path, "wb") as handle, _FixedTimeZipFile(handle, "w", ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(workbook, archive).save()
