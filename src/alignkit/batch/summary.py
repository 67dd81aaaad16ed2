"""The batch summary: one row per document and per unpaired file, as CSV and XLSX.

Cells are written through :mod:`alignkit.sheets`, as every table alignkit writes:
text that a spreadsheet would take for a formula stays text, and both files are
written atomically.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from ..fsutil import atomic_open
from ..pairing import UnpairedFile
from ..sheets import escape_formula, save_workbook, write_header, write_row
from .records import UNPAIRED, DocumentResult

SUMMARY_COLUMNS = ("document", "languages", "units", "flagged", "term_findings", "seconds", "status", "error")
SUMMARY_SHEET = "Summary"


def summary_rows(documents: Iterable[DocumentResult], unpaired: Iterable[UnpairedFile],
                 in_dir: Path) -> list[list[Any]]:
    """The summary table: documents, then unpaired files (named relative to ``in_dir``)."""
    rows = [_document_row(doc) for doc in documents]
    for item in unpaired:
        name = item.path.relative_to(in_dir) if item.path.is_relative_to(in_dir) else item.path
        rows.append([str(name), "", "", "", "", "", UNPAIRED, item.reason])
    return rows


def _document_row(doc: DocumentResult) -> list[Any]:
    findings = "" if doc.term_findings is None else doc.term_findings
    return [doc.document, " ".join(doc.languages), doc.units, doc.flagged, findings,
            round(doc.seconds, 2), doc.status, doc.error]


def summary_paths(out_dir: Path) -> tuple[Path, Path]:
    """Where the summary goes: ``summary.csv`` and ``summary.xlsx`` in ``out_dir``."""
    return out_dir / "summary.csv", out_dir / "summary.xlsx"


def write_summary(out_dir: Path, rows: Sequence[Sequence[Any]]) -> list[Path]:
    """Write ``summary.csv`` (UTF-8) and ``summary.xlsx`` in ``out_dir``; return both paths."""
    csv_path, xlsx_path = summary_paths(out_dir)
    with atomic_open(csv_path, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(SUMMARY_COLUMNS)
        writer.writerows([escape_formula(v) if isinstance(v, str) else v for v in row] for row in rows)
    _write_xlsx(xlsx_path, rows)
    return [csv_path, xlsx_path]


def _write_xlsx(path: Path, rows: Sequence[Sequence[Any]]) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SUMMARY_SHEET
    write_header(sheet, SUMMARY_COLUMNS)
    for number, row in enumerate(rows, start=2):
        write_row(sheet, number, row)
    sheet.auto_filter.ref = sheet.dimensions
    save_workbook(workbook, path)
