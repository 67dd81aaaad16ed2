"""Review workbooks: an alignment to read, correct and confirm in Excel or LibreOffice, and read back.

Sheets:

* **Alignment** (first): one row per unit.  Header: ``Unit``, ``Paragraph``, one
  column per language named by its code (pivot first), ``Status``, ``Comment``,
  then the information columns ``Type``, ``Score``, ``Flagged``, ``Reasons``, and
  ``Edited`` (languages a reviewer changed) and ``Components`` (what the score was
  made of) when any unit has them.  ``Status`` is ``auto`` (not reviewed),
  ``confirmed`` or ``rejected``, offered as a drop-down list; a confirmed row turns
  green, a rejected one grey.  Flagged rows are filled light orange.
* **Documents**: one row per language: the input file, its encoding and size,
  how many units hold text in that language, how many of those are flagged,
  and (other languages) how many units have pivot text only (1-0) or text in
  that language only (0-1).
* **Meta**: the document, the alignment's signature, the alignkit version,
  pivot, languages.
* **Sentences** and **Units**, hidden: the alignment as written, so that the
  import can check the review (see :mod:`alignkit.export._xlsx_original`).

Readable on screen and on paper: the language columns share the width in
proportion to the text each holds, every row is as tall as its wrapped text
needs (:mod:`alignkit.export._fit`; a CJK character counts twice), the header
and the Unit and Paragraph columns are frozen, and the sheet prints landscape,
fit to the page width, the header row repeated on every page, the information
columns left off the page.  A unit too long for one row (Excel's limits: 409
points a row, 32,767 characters a cell) continues on the next rows, whose Unit
cell reads ``37 (continued)``; the import joins them again, so nothing is cut.

Every string is stored as a string: a cell starting with ``= + - @`` is never a
formula (see :func:`alignkit.sheets.set_cell`).  Characters XML cannot hold are
dropped.  The workbook's dates and its zip members' timestamps are fixed, so the
same alignment gives the same bytes.

:func:`read` reads a workbook back as a :class:`~alignkit.review.ReviewTable`:
the rows as the reviewer left them and the original alignment from the hidden
sheets, which :func:`alignkit.review.rebuild` checks them against.  Entities in
the workbook's XML are never expanded (openpyxl parses through defusedxml).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook, load_workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment as CellAlignment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from .. import __version__
from ..errors import InputFormatError
from ..langs import is_unspaced
from ..model import AUTO, CONFIRMED, REJECTED, STATUSES, Alignment, AlignmentUnit
from ..review import ReviewRow, ReviewTable, parse_languages, parse_status
from ..sheets import save_workbook, write_header, write_row
from ._common import has_text
from ._fit import row_height, split_to_fit, text_width
from ._xlsx_original import add_original, read_original

if TYPE_CHECKING:
    from ..terms.check import TermReport

NAME = "Excel workbook"
EXTENSIONS = (".xlsx",)

ALIGNMENT_SHEET = "Alignment"
DOCUMENTS_SHEET = "Documents"
META_SHEET = "Meta"

#: Columns a reviewer works in, besides the languages.
UNIT, PARAGRAPH, STATUS, COMMENT = "Unit", "Paragraph", "Status", "Comment"
#: Information columns, after the review columns.
TYPE, SCORE, FLAGGED, REASONS, EDITED, COMPONENTS = "Type", "Score", "Flagged", "Reasons", "Edited", "Components"

#: Widths of ``0`` shared by the language columns, per language.
LANGUAGE_WIDTH_SHARE = 40
#: The narrowest and widest a language column gets.
LANGUAGE_WIDTH_RANGE = (20, 70)
COLUMN_WIDTHS = {UNIT: 7, PARAGRAPH: 11, STATUS: 11, COMMENT: 25, TYPE: 8, SCORE: 7, FLAGGED: 8,
                 REASONS: 40, EDITED: 8, COMPONENTS: 40}
FLAGGED_COLOR = "FFFFD8A8"  # light orange
CONFIRMED_COLOR = "FFD9EAD3"  # light green
REJECTED_COLOR = "FFE7E6E6"  # light grey
#: The Unit cell of a row that continues the unit above: ``37 (continued)``.
CONTINUED = "{unit} (continued)"
_CONTINUED = re.compile(r"^\s*(\d+)\s*\(cont(?:inued|\.)?\)\s*$", re.IGNORECASE)
#: Rows below the last unit that still get the Status list and colours (for rows a reviewer adds).
SPARE_ROWS = 500

_FLAGGED_FILL = PatternFill(fill_type="solid", start_color=FLAGGED_COLOR, end_color=FLAGGED_COLOR)
_WRAPPED = CellAlignment(wrap_text=True, vertical="top")
_TOP = CellAlignment(vertical="top")

DOCUMENT_COLUMNS = (
    "Language", "File", "Encoding", "Name", "Paragraphs", "Sentences", "Characters",
    "Units", "Flagged units", "1-0 units", "0-1 units",
)


def write(alignment: Alignment, path: Path, *, term_report: TermReport | None = None,
          original: Alignment | None = None) -> list[Path]:
    """Write ``alignment`` as a review workbook at ``path`` (atomically).

    :param term_report: term findings to add: a column of findings per unit, and
        the findings and per-concept sheets (see :func:`alignkit.terms.reports.add_findings`).
    :param original: the alignment the hidden sheets carry, for the import to check the
        rows against (default: ``alignment`` itself); an editor saving a review in progress
        keeps the one the review started from.
    """
    workbook = build_workbook(alignment, original=original)
    if term_report is not None:
        from ..terms.reports import add_findings

        add_findings(workbook, term_report)
        fit_rows(workbook[ALIGNMENT_SHEET])
    save_workbook(workbook, path)
    return [Path(path)]


def alignment_columns(alignment: Alignment) -> list[str]:
    """Header of the Alignment sheet: the review columns, then the information columns."""
    columns = [UNIT, PARAGRAPH, *alignment.langs, STATUS, COMMENT, TYPE, SCORE, FLAGGED, REASONS]
    if any(unit.edited for unit in alignment.units):
        columns.append(EDITED)
    if any(unit.components for unit in alignment.units):
        columns.append(COMPONENTS)
    return columns


def format_components(components: Mapping[str, float]) -> str:
    """Score components as text: ``zh.length_sigma 0.46; zh.anchors 0.67``."""
    return "; ".join(f"{name} {value:g}" for name, value in components.items())


def build_workbook(alignment: Alignment, *, original: Alignment | None = None) -> Workbook:
    """The workbook for ``alignment``, not yet saved; its hidden sheets carry ``original``
    (default: ``alignment``)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = ALIGNMENT_SHEET
    _fill_alignment_sheet(sheet, alignment)
    _fill_documents_sheet(workbook.create_sheet(DOCUMENTS_SHEET), alignment)
    _fill_meta_sheet(workbook.create_sheet(META_SHEET), alignment)
    add_original(workbook, original if original is not None else alignment)
    workbook.properties.creator = "alignkit"
    workbook.properties.title = alignment.name or None
    return workbook


# ------------------------------------------------------------------ the Alignment sheet


def language_widths(alignment: Alignment) -> dict[str, int]:
    """Column widths of the languages: their share of the room in proportion to the text each
    holds (so that no language's cells wrap to many more lines than the others')."""
    langs = alignment.langs
    texts = {lang: sum(text_width(unit.text(lang)) for unit in alignment.units) for lang in langs}
    room = LANGUAGE_WIDTH_SHARE * len(langs)
    total = sum(texts.values())
    low, high = LANGUAGE_WIDTH_RANGE
    if not total:
        return {lang: LANGUAGE_WIDTH_SHARE for lang in langs}
    return {lang: round(min(high, max(low, room * texts[lang] / total))) for lang in langs}


def _unit_rows(unit: AlignmentUnit, langs: Sequence[str], widths: Mapping[str, int]) -> list[dict[str, str]]:
    """The text of each language for the unit's row and its continuation rows (usually one)."""
    pieces = {lang: split_to_fit(unit.segments.get(lang, ()), "" if is_unspaced(lang) else " ", widths[lang])
              for lang in langs}
    count = max(1, *(len(found) for found in pieces.values()))
    return [{lang: found[row] if row < len(found) else "" for lang, found in pieces.items()} for row in range(count)]


def _row_values(unit: AlignmentUnit, texts: Mapping[str, str], columns: Sequence[str], first: bool) -> list[object]:
    info: dict[str, object] = {
        UNIT: unit.id if first else CONTINUED.format(unit=unit.id),
        PARAGRAPH: unit.paragraph,
        STATUS: unit.status if first else "",
        COMMENT: unit.comment if first else "",
        TYPE: unit.type, SCORE: unit.score, FLAGGED: unit.flagged, REASONS: "; ".join(unit.reasons),
        EDITED: ", ".join(unit.edited), COMPONENTS: format_components(unit.components),
    }
    return [texts[column] if column in texts else info[column] for column in columns]


def _fill_alignment_sheet(sheet: Worksheet, alignment: Alignment) -> None:
    columns = alignment_columns(alignment)
    widths = {**COLUMN_WIDTHS, **language_widths(alignment)}
    write_header(sheet, columns)
    wrapped = {columns.index(name) + 1 for name in (*alignment.langs, COMMENT, REASONS, COMPONENTS)
               if name in columns}
    score_column = columns.index(SCORE) + 1
    row = 2
    for unit in alignment.units:
        for position, texts in enumerate(_unit_rows(unit, alignment.langs, widths)):
            write_row(sheet, row, _row_values(unit, texts, columns, position == 0))
            _style_row(sheet, row, len(columns), wrapped, unit.flagged)
            sheet.cell(row, score_column).number_format = "0.00"
            row += 1
    for column, name in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = max(widths[name], header_width(name))
    sheet.freeze_panes = "C2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{sheet.max_row}"
    _add_status_list(sheet, columns)
    _add_status_colours(sheet, columns)
    fit_rows(sheet)
    _set_up_printing(sheet, columns, alignment.name)


def _style_row(sheet: Worksheet, row: int, columns: int, wrapped_columns: set[int], flagged: bool) -> None:
    for column in range(1, columns + 1):
        cell = sheet.cell(row, column)
        cell.alignment = _WRAPPED if column in wrapped_columns else _TOP
        if flagged:
            cell.fill = _FLAGGED_FILL


def fit_rows(sheet: Worksheet) -> None:
    """Make every row of ``sheet`` as tall as its wrapped cells need."""
    widths = {column: sheet.column_dimensions[get_column_letter(column)].width or 10
              for column in range(1, sheet.max_column + 1)}
    for row in sheet.iter_rows(min_row=2):
        cells = [(str(cell.value), widths[cell.column]) for cell in row
                 if cell.value is not None and cell.alignment.wrap_text]
        sheet.row_dimensions[row[0].row].height = row_height(cells)


def _status_column(columns: Sequence[str]) -> str:
    return str(get_column_letter(columns.index(STATUS) + 1))


def _add_status_list(sheet: Worksheet, columns: Sequence[str]) -> None:
    """The Status drop-down list, refusing any other value."""
    validation = DataValidation(type="list", formula1='"' + ",".join(STATUSES) + '"', allow_blank=True,
                                showErrorMessage=True, errorTitle="Status",
                                error=f"Choose one of: {', '.join(STATUSES)}.",
                                promptTitle="Status", prompt=f"{AUTO}: not reviewed yet")
    validation.showInputMessage = True
    column = _status_column(columns)
    validation.add(f"{column}2:{column}{sheet.max_row + SPARE_ROWS}")
    sheet.add_data_validation(validation)


def _add_status_colours(sheet: Worksheet, columns: Sequence[str]) -> None:
    """Confirmed rows turn green, rejected ones grey (over the flagged fill)."""
    column = _status_column(columns)
    cells = f"A2:{get_column_letter(len(columns))}{sheet.max_row + SPARE_ROWS}"
    for status, colour, font in ((CONFIRMED, CONFIRMED_COLOR, None),
                                 (REJECTED, REJECTED_COLOR, Font(color="FF808080"))):
        fill = PatternFill(fill_type="solid", start_color=colour, end_color=colour, bgColor=colour)
        sheet.conditional_formatting.add(cells, FormulaRule(formula=[f'${column}2="{status}"'], fill=fill, font=font))


def _set_up_printing(sheet: Worksheet, columns: Sequence[str], name: str) -> None:
    """Landscape, fit to the page width, header row on every page; the review columns only."""
    _print_on_one_page_width(sheet)
    sheet.print_title_rows = "1:1"
    sheet.print_area = f"A1:{get_column_letter(columns.index(COMMENT) + 1)}{sheet.max_row}"
    sheet.print_options.gridLines = True
    sheet.page_margins = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.6, header=0.3, footer=0.3)
    if name:
        sheet.oddHeader.left.text = name.replace("&", "&&")
    sheet.oddFooter.center.text = "&P / &N"


# ------------------------------------------------------------------ Documents and Meta


def _document_row(alignment: Alignment, lang: str) -> list[object]:
    document = alignment.documents.get(lang)
    with_text = [unit for unit in alignment.units if has_text(unit, lang)]
    flagged = sum(unit.flagged for unit in with_text)
    if document is None:
        described: list[object] = [lang, "", "", "", None, None, None]
    else:
        sentences = sum(len(paragraph.sentences) for paragraph in document.paragraphs)
        described = [lang, document.source, document.encoding, document.name,
                     len(document.paragraphs), sentences, document.char_count]
    return described + [len(with_text), flagged, *_one_sided_counts(alignment, lang)]


def _one_sided_counts(alignment: Alignment, lang: str) -> tuple[int | None, int | None]:
    """Units with pivot text only (1-0) and with ``lang`` text only (0-1); None for the pivot."""
    pivot = alignment.pivot
    if lang == pivot:
        return None, None
    pivot_only = sum(has_text(u, pivot) and not has_text(u, lang) for u in alignment.units)
    lang_only = sum(has_text(u, lang) and not has_text(u, pivot) for u in alignment.units)
    return pivot_only, lang_only


def _fill_documents_sheet(sheet: Worksheet, alignment: Alignment) -> None:
    write_header(sheet, DOCUMENT_COLUMNS)
    for row, lang in enumerate(alignment.langs, start=2):
        write_row(sheet, row, _document_row(alignment, lang))
    for column, (header, width) in enumerate(zip(DOCUMENT_COLUMNS, [10, 40, 12, 20] + [8] * 7), start=1):
        sheet.column_dimensions[get_column_letter(column)].width = max(width, header_width(header))
    _print_on_one_page_width(sheet)


def header_width(name: str) -> int:
    """A column width that holds ``name`` in the bold header (bold capitals and wide fonts included)."""
    return math.ceil(text_width(name) * 1.25) + 2


def meta_rows(alignment: Alignment) -> list[tuple[str, object]]:
    """The key/value rows of the Meta sheet."""
    return [
        ("Document", alignment.name),
        ("Signature", alignment.signature),
        ("alignkit version", __version__),
        ("Pivot", alignment.pivot),
        ("Languages", ", ".join(alignment.langs)),
        ("Units", len(alignment.units)),
        ("Flagged units", sum(unit.flagged for unit in alignment.units)),
        ("Confirmed units", sum(unit.status == CONFIRMED for unit in alignment.units)),
        ("Rejected units", sum(unit.status == REJECTED for unit in alignment.units)),
    ]


def _fill_meta_sheet(sheet: Worksheet, alignment: Alignment) -> None:
    write_header(sheet, ("Key", "Value"))
    for row, key_value in enumerate(meta_rows(alignment), start=2):
        write_row(sheet, row, key_value)
    sheet.column_dimensions["A"].width = 20
    sheet.column_dimensions["B"].width = 90
    _print_on_one_page_width(sheet)


def _print_on_one_page_width(sheet: Worksheet) -> None:
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


# ------------------------------------------------------------------ reading


def read(path: str | Path) -> ReviewTable:
    """Read a review workbook: its rows as the reviewer left them, and the original alignment
    from its hidden sheets (None when they are gone).

    :raises InputFormatError: not a workbook, the header lacks a review column or a
        language, a Status is not one of the list, or the hidden sheets are malformed;
        the message names the file, and the sheet and row where it applies.
    """
    path = Path(path)
    workbook = _open(path)
    try:
        return _read_workbook(workbook, path)
    except InputFormatError:
        raise
    except Exception as error:  # openpyxl parses the sheets as they are read: XML errors surface here
        raise _not_a_workbook(path, error) from None
    finally:
        workbook.close()


def _read_workbook(workbook: Any, path: Path) -> ReviewTable:
    sheet = workbook[ALIGNMENT_SHEET] if ALIGNMENT_SHEET in workbook.sheetnames else workbook.worksheets[0]
    meta = _meta(workbook)
    header_row = next(sheet.iter_rows(min_row=1, max_row=1, values_only=True), ())
    header = [str(value).strip() if value is not None else "" for value in header_row]
    langs = _languages(meta, header, path, sheet.title)
    positions = _positions(header, langs, path, sheet.title)
    rows = _read_rows(sheet, positions, langs, path)
    name, signature = str(meta.get("Document") or ""), str(meta.get("Signature") or "")
    original = read_original(workbook, path, langs, name, signature)
    return ReviewTable(str(path), langs, tuple(rows), original, name, signature)


def _open(path: Path) -> Any:
    try:
        return load_workbook(path, read_only=True, data_only=True)
    except OSError as error:
        raise InputFormatError(path, f"cannot be read: {error.strerror or error}") from None
    except Exception as error:  # zip, XML and openpyxl errors of a file that is not a workbook
        raise _not_a_workbook(path, error) from None


def _not_a_workbook(path: Path, error: Exception) -> InputFormatError:
    from defusedxml import DefusedXmlException

    causes: list[BaseException] = []
    cause: BaseException | None = error
    while cause is not None and len(causes) < 10:  # openpyxl wraps what the parser raised
        causes.append(cause)
        cause = cause.__cause__ or cause.__context__
    if any(isinstance(found, DefusedXmlException) for found in causes):
        return InputFormatError(path, "its XML declares entities or a DTD, which alignkit never expands "
                                      "in a workbook; save it again from the spreadsheet")
    reason = str(error).splitlines()[0] if str(error) else type(error).__name__
    return InputFormatError(path, f"is not an Excel workbook alignkit can read ({reason})")


def _meta(workbook: Any) -> dict[str, object]:
    if META_SHEET not in workbook.sheetnames:
        return {}
    rows = workbook[META_SHEET].iter_rows(min_row=2, values_only=True)
    return {str(values[0]): values[1] for values in rows if len(values) >= 2 and values[0] is not None}


def _languages(meta: Mapping[str, object], header: Sequence[str], path: Path, sheet: str) -> tuple[str, ...]:
    """The workbook's languages, from its Meta sheet, else the header's columns between Paragraph and Status."""
    listed = str(meta.get("Languages") or "")
    if listed:
        return tuple(lang.strip() for lang in listed.split(",") if lang.strip())
    if UNIT in header and STATUS in header:
        start = header.index(PARAGRAPH) + 1 if PARAGRAPH in header else header.index(UNIT) + 1
        langs = tuple(name for name in header[start:header.index(STATUS)] if name)
        if langs:
            return langs
    raise InputFormatError(path, f"sheet {sheet}: cannot tell its languages (no Meta sheet and no language "
                                 f"columns between {PARAGRAPH} and {STATUS})")


def _positions(header: Sequence[str], langs: Sequence[str], path: Path, sheet: str) -> dict[str, int]:
    """Where each column the import needs is; every one must be there, named as alignkit wrote it."""
    needed = [UNIT, *langs, STATUS, COMMENT]
    missing = [name for name in needed if name not in header]
    if missing:
        found = ", ".join(name for name in header if name) or "(empty)"
        raise InputFormatError(path, f"sheet {sheet}: the header has no column {', '.join(map(repr, missing))} "
                                     f"(it has: {found}); keep the header row as alignkit wrote it")
    positions = {name: header.index(name) for name in needed}
    for optional in (PARAGRAPH, SCORE, FLAGGED, EDITED):
        if optional in header:
            positions[optional] = header.index(optional)
    return positions


def _cell(values: Sequence[Any], positions: Mapping[str, int], name: str) -> Any:
    position = positions.get(name)
    return values[position] if position is not None and position < len(values) else None


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_rows(sheet: Worksheet, positions: Mapping[str, int], langs: Sequence[str], path: Path) -> list[ReviewRow]:
    rows: list[ReviewRow] = []
    for number, values in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
        if all(value is None or value == "" for value in values):
            continue
        unit_cell = _cell(values, positions, UNIT)
        texts = {lang: _text(_cell(values, positions, lang)) for lang in langs}
        continued = _CONTINUED.match(unit_cell) if isinstance(unit_cell, str) else None
        if continued and rows:
            rows[-1] = _continue(rows[-1], texts, langs, _text(_cell(values, positions, COMMENT)))
            continue
        rows.append(ReviewRow(
            line=number,
            unit=_unit_number(unit_cell),
            texts=texts,
            status=_status(_cell(values, positions, STATUS), path, sheet.title, number),
            comment=_text(_cell(values, positions, COMMENT)),
            paragraph=_text(_cell(values, positions, PARAGRAPH)),
            score=_number(_cell(values, positions, SCORE)),
            flagged=_flag(_cell(values, positions, FLAGGED)),
            edited=parse_languages(_cell(values, positions, EDITED), tuple(langs)),
        ))
    return rows


def _continue(row: ReviewRow, texts: Mapping[str, str], langs: Sequence[str], comment: str) -> ReviewRow:
    """``row`` with the texts of its continuation row appended."""
    joined = {}
    for lang in langs:
        separator = "" if is_unspaced(lang) else " "
        joined[lang] = separator.join(part for part in (row.text(lang), texts[lang]) if part)
    more = "\n".join(part for part in (row.comment, comment) if part)
    return replace(row, texts=joined, comment=more)


def _unit_number(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)) and value == int(value) and value > 0:
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _status(value: Any, path: Path, sheet: str, row: int) -> str:
    status = parse_status(value)
    if status is None:
        raise InputFormatError(path, f"sheet {sheet}, row {row}: {STATUS} {_text(value)!r} is not one of "
                                     f"{', '.join(STATUSES)}")
    return status


def _number(value: Any) -> float | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    try:
        return float(str(value)) if value not in (None, "") else None
    except ValueError:
        return None


def _flag(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    text = _text(value).strip().lower()
    return {"true": True, "false": False, "1": True, "0": False}.get(text)
