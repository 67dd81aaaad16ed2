"""Write a :class:`~alignkit.terms.check.TermReport` as JSON, CSV, XLSX or HTML.

The format follows the extension.  Every file is written atomically; spreadsheet
cells that start like a formula stay text (CSV: an apostrophe in front, XLSX: a
text cell with Excel's quote prefix).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.styles import Alignment, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..errors import ExportError
from ..formats import FormatRegistry
from ..fsutil import atomic_open
from ..safexml import xml_safe
from ..sheets import HEADER_FONT, escape_formula, save_workbook, set_cell, write_header
from .check import ERROR, INFO, KINDS, WARNING, Finding, TermReport
from .html_report import render_html

#: Report extension → the function writing it (``write(report, path)``).
REPORT_WRITERS = FormatRegistry("report format", {
    ".json": "alignkit.terms.reports:write_json",
    ".csv": "alignkit.terms.reports:write_csv",
    ".xlsx": "alignkit.terms.reports:write_xlsx",
    ".html": "alignkit.terms.reports:write_html",
    ".htm": "alignkit.terms.reports:write_html",
}, function="write")
REPORT_EXTENSIONS = REPORT_WRITERS.extensions
FINDING_COLUMNS = ("unit", "paragraph", "lang", "concept", "kind", "severity", "match", "message",
                   "snippet", "source_text", "target_text", "note")
FINDINGS_SHEET = "Term findings"
CONCEPTS_SHEET = "Terms"
ERROR_COLOR = "FFF4C7C3"
WARNING_COLOR = "FFFCE8B2"
INFO_COLOR = "FFDDEBF7"
TERM_COLOR = "FFC00000"


def check_report_path(path: str | Path) -> str:
    """The report format of ``path`` (its extension), or :class:`ExportError` when unusable."""
    path = Path(path)
    if path.is_dir():
        raise ExportError(f"{path}: is a directory; give a file name such as {path / 'report.html'}")
    if not REPORT_WRITERS.knows(path):
        raise ExportError(f"{path}: {REPORT_WRITERS.unknown(path)}")
    return path.suffix.lower()


def write_report(report: TermReport, path: str | Path) -> Path:
    """Write ``report`` to ``path`` in the format of its extension (.json .csv .xlsx .html)."""
    check_report_path(path)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    REPORT_WRITERS.handler(path)(report, path)
    return path


def write_json(report: TermReport, path: Path) -> None:
    """``{"summary": {...}, "findings": [...]}``, UTF-8, indented."""
    with atomic_open(path, "w", encoding="utf-8") as handle:
        json.dump(report.to_dict(), handle, ensure_ascii=False, indent=2)
        handle.write("\n")


def finding_row(finding: Finding) -> list[object]:
    """The cells of one finding, in :data:`FINDING_COLUMNS` order."""
    data = finding.to_dict()
    return [data[column] for column in FINDING_COLUMNS]


def write_csv(report: TermReport, path: Path) -> None:
    """One header row, then one row per finding."""
    with atomic_open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(FINDING_COLUMNS)
        for finding in report.findings:
            writer.writerow([escape_formula(v) if isinstance(v, str) else v for v in finding_row(finding)])


def write_html(report: TermReport, path: Path) -> None:
    """One self-contained HTML page (see :mod:`.html_report`)."""
    with atomic_open(path, "w", encoding="utf-8") as handle:
        handle.write(render_html(report))


# --------------------------------------------------------------------------- XLSX


def write_xlsx(report: TermReport, path: Path) -> None:
    """A workbook with a findings sheet (term highlighted in the snippet) and a per-concept sheet."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    add_report_sheets(workbook, report)
    save_workbook(workbook, path)


def add_report_sheets(workbook: Workbook, report: TermReport) -> None:
    """Add the findings and per-concept sheets of ``report`` to an openpyxl workbook."""
    _fill_findings_sheet(workbook.create_sheet(FINDINGS_SHEET), report.findings)
    _fill_concepts_sheet(workbook.create_sheet(CONCEPTS_SHEET), report)


def add_findings(workbook: Workbook, report: TermReport,
                 sheet_name: str = "Alignment", unit_header: str = "Unit") -> None:
    """Add the term findings to an alignment workbook before it is saved.

    The alignment sheet gets a ``Term findings`` column (one line per finding of
    the unit's row) and the workbook the findings and per-concept sheets.
    """
    if sheet_name in workbook.sheetnames:
        _add_findings_column(workbook[sheet_name], report.findings, unit_header)
    add_report_sheets(workbook, report)


def _add_findings_column(sheet: Worksheet, findings: Sequence[Finding], unit_header: str) -> None:
    header = [cell.value for cell in sheet[1]]
    if unit_header not in header:
        return
    unit_column = header.index(unit_header) + 1
    column = len(header) + 1
    by_unit: dict[int, list[str]] = {}
    for finding in findings:
        by_unit.setdefault(finding.unit, []).append(
            f"{finding.lang} {finding.kind} {finding.concept}: {finding.match}")
    set_cell(sheet.cell(1, column), FINDINGS_SHEET)
    sheet.cell(1, column).font = HEADER_FONT
    for row in range(2, sheet.max_row + 1):
        lines = by_unit.get(sheet.cell(row, unit_column).value, [])
        cell = sheet.cell(row, column)
        set_cell(cell, "\n".join(lines))
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions[get_column_letter(column)].width = 50
    if sheet.auto_filter.ref:
        sheet.auto_filter.ref = f"A1:{get_column_letter(column)}{sheet.max_row}"


def _fill_findings_sheet(sheet: Worksheet, findings: Sequence[Finding]) -> None:
    fills = {severity: PatternFill(fill_type="solid", start_color=color, end_color=color)
             for severity, color in ((ERROR, ERROR_COLOR), (WARNING, WARNING_COLOR), (INFO, INFO_COLOR))}
    write_header(sheet, FINDING_COLUMNS)
    snippet_column = FINDING_COLUMNS.index("snippet") + 1
    for row, finding in enumerate(findings, start=2):
        for column, value in enumerate(finding_row(finding), start=1):
            cell = sheet.cell(row, column)
            set_cell(cell, value)
            cell.alignment = Alignment(wrap_text=column >= snippet_column, vertical="top")
            cell.fill = fills[finding.severity]
        sheet.cell(row, snippet_column).value = _highlighted(finding)
    widths = (7, 9, 6, 24, 12, 9, 24, 50, 60, 60, 60, 40)
    _finish(sheet, widths)


def _highlighted(finding: Finding) -> CellRichText | None:
    """The snippet as rich text, the term in bold red."""
    before, term, after = (xml_safe(part) for part in finding.snippet_parts())
    parts: list[object] = [before] if before else []
    if term:
        parts.append(TextBlock(InlineFont(b=True, color=TERM_COLOR), term))
    if after:
        parts.append(after)
    return CellRichText(*parts) if parts else None


def _fill_concepts_sheet(sheet: Worksheet, report: TermReport) -> None:
    langs = report.langs
    columns = ["concept", *(f"{lang} term" for lang in langs), *(f"{lang} ×" for lang in langs),
               "variants used", "forbidden ×", *KINDS, "note"]
    write_header(sheet, columns)
    for row, stats in enumerate(report.stats, start=2):
        variants = "; ".join(f"{lang}: {stats.variants_text(lang)}" for lang in langs
                             if len(stats.variants[lang]) > 1)
        values = [stats.concept, *(stats.terms[lang] for lang in langs),
                  *(stats.occurrences[lang] for lang in langs), variants,
                  sum(stats.forbidden.values()), *(stats.findings.get(kind, 0) for kind in KINDS), stats.note]
        for column, value in enumerate(values, start=1):
            set_cell(sheet.cell(row, column), value)
    _finish(sheet, [26, *([28] * len(langs)), *([6] * len(langs)), 40, 11, *([12] * len(KINDS)), 50])


def _finish(sheet: Worksheet, widths: Sequence[float]) -> None:
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    last = get_column_letter(max(1, sheet.max_column))
    sheet.auto_filter.ref = f"A1:{last}{max(1, sheet.max_row)}"
