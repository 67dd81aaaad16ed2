"""Excel workbooks for reviewing an alignment.

Three sheets:

* **Alignment**: one row per unit (Unit, Paragraph, one column per language with
  the pivot first, Type, Score, Flagged, Reasons, and Components when the scorer gave them); bold frozen header with an
  auto-filter, wrapped text, flagged rows filled light orange.
* **Documents**: one row per language: the input file, its encoding and size,
  how many units hold text in that language, how many of those are flagged,
  and (other languages) how many units have pivot text only (1-0) or text in
  that language only (0-1).
* **Meta**: the alignment's signature, the alignkit version, pivot, languages.

Every string is stored as a string: a cell starting with ``= + - @`` is never a
formula.  It keeps its content unchanged and gets Excel's "quote prefix" style,
which is how Excel itself marks text typed after an apostrophe, so editing the
cell does not turn it into a formula either.  Characters XML cannot hold are
dropped; Excel's limit of 32,767 characters a cell applies.

The workbook's creation and modification dates and its zip members' timestamps
are all fixed (1980-01-01), so the same alignment gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.styles import Alignment as CellAlignment
from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .. import __version__
from ..model import Alignment, AlignmentUnit
from ..sheets import save_workbook, write_header, write_row
from ._common import has_text

if TYPE_CHECKING:
    from ..terms.check import TermReport

NAME = "Excel workbook"
EXTENSIONS = (".xlsx",)

ALIGNMENT_SHEET = "Alignment"
DOCUMENTS_SHEET = "Documents"
META_SHEET = "Meta"

LANGUAGE_COLUMN_WIDTH = 60
REASONS_COLUMN_WIDTH = 40
NARROW_COLUMN_WIDTH = 10
FLAGGED_COLOR = "FFFFD8A8"  # light orange

_FLAGGED_FILL = PatternFill(fill_type="solid", start_color=FLAGGED_COLOR, end_color=FLAGGED_COLOR)
_WRAPPED = CellAlignment(wrap_text=True, vertical="top")
_TOP = CellAlignment(vertical="top")

DOCUMENT_COLUMNS = (
    "Language", "File", "Encoding", "Name", "Paragraphs", "Sentences", "Characters",
    "Units", "Flagged units", "1-0 units", "0-1 units",
)


def write(alignment: Alignment, path: Path, *, term_report: TermReport | None = None) -> list[Path]:
    """Write ``alignment`` as an Excel workbook at ``path`` (atomically).

    :param term_report: term findings to add: a column of findings per unit, and
        the findings and per-concept sheets (see :func:`alignkit.terms.reports.add_findings`).
    """
    workbook = build_workbook(alignment)
    if term_report is not None:
        from ..terms.reports import add_findings

        add_findings(workbook, term_report)
    save_workbook(workbook, path)
    return [Path(path)]


def alignment_columns(alignment: Alignment) -> list[str]:
    """Header of the Alignment sheet: Unit, Paragraph, the languages, Type, Score, Flagged, Reasons,
    and Components when the scorer described the units."""
    columns = ["Unit", "Paragraph", *alignment.langs, "Type", "Score", "Flagged", "Reasons"]
    return columns + ["Components"] if _has_components(alignment) else columns


def _has_components(alignment: Alignment) -> bool:
    return any(unit.components for unit in alignment.units)


def format_components(components: Mapping[str, float]) -> str:
    """Score components as text: ``zh.length_sigma 0.46; zh.anchors 0.67``."""
    return "; ".join(f"{name} {value:g}" for name, value in components.items())


def build_workbook(alignment: Alignment) -> Workbook:
    """The workbook for ``alignment``, not yet saved."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = ALIGNMENT_SHEET
    _fill_alignment_sheet(sheet, alignment)
    _fill_documents_sheet(workbook.create_sheet(DOCUMENTS_SHEET), alignment)
    _fill_meta_sheet(workbook.create_sheet(META_SHEET), alignment)
    workbook.properties.creator = "alignkit"
    workbook.properties.title = alignment.name or None
    return workbook


# ------------------------------------------------------------------ cells


def _set_widths(sheet: Worksheet, widths: Sequence[float]) -> None:
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width


def _enable_filter(sheet: Worksheet) -> None:
    sheet.auto_filter.ref = f"A1:{get_column_letter(sheet.max_column)}{sheet.max_row}"


# ------------------------------------------------------------------ sheets


def _unit_row(unit: AlignmentUnit, langs: Sequence[str], components: bool) -> list[object]:
    texts = [unit.text(lang) for lang in langs]
    row: list[object] = [unit.id, unit.paragraph, *texts, unit.type, unit.score, unit.flagged,
                         "; ".join(unit.reasons)]
    return row + [format_components(unit.components)] if components else row


def _style_unit_row(sheet: Worksheet, row: int, wrapped_columns: set[int], flagged: bool) -> None:
    for cell in sheet[row]:
        cell.alignment = _WRAPPED if cell.column in wrapped_columns else _TOP
        if flagged:
            cell.fill = _FLAGGED_FILL


def _fill_alignment_sheet(sheet: Worksheet, alignment: Alignment) -> None:
    columns = alignment_columns(alignment)
    write_header(sheet, columns)
    langs = alignment.langs
    score_column = columns.index("Score") + 1
    components = "Components" in columns
    wrapped_columns = {columns.index(lang) + 1 for lang in langs} | {columns.index("Reasons") + 1, len(columns)}
    for row, unit in enumerate(alignment.units, start=2):
        write_row(sheet, row, _unit_row(unit, langs, components))
        _style_unit_row(sheet, row, wrapped_columns, unit.flagged)
        sheet.cell(row, score_column).number_format = "0.00"
    widths = [NARROW_COLUMN_WIDTH] * 2 + [LANGUAGE_COLUMN_WIDTH] * len(langs)
    _set_widths(sheet, widths + [NARROW_COLUMN_WIDTH] * 3 + [REASONS_COLUMN_WIDTH] * (2 if components else 1))
    _enable_filter(sheet)


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
    _set_widths(sheet, [NARROW_COLUMN_WIDTH, 40, 12, 20] + [NARROW_COLUMN_WIDTH] * 7)


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
    ]


def _fill_meta_sheet(sheet: Worksheet, alignment: Alignment) -> None:
    write_header(sheet, ("Key", "Value"))
    for row, key_value in enumerate(meta_rows(alignment), start=2):
        write_row(sheet, row, key_value)
    _set_widths(sheet, [20, 90])
