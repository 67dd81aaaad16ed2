"""Helpers for golden-file tests: refresh under ``--update-golden``, compare workbooks by cell."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

GOLDEN = Path(__file__).parent / "data" / "golden"


def refresh_or_require(golden: Path, fresh: Path, update: bool) -> None:
    """Copy ``fresh`` over ``golden`` when updating; fail when the golden file is missing."""
    if update:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(fresh.read_bytes())
    elif not golden.exists():
        pytest.fail(f"{golden} is missing; run pytest --update-golden and review it")


def cell_facts(sheet: Worksheet) -> list[tuple[object, ...]]:
    """Every cell's value, type and the formatting a reader sees."""
    return [
        (cell.coordinate, cell.value, cell.data_type, cell.font.bold, cell.fill.fill_type,
         cell.fill.fgColor.rgb, cell.quotePrefix, cell.alignment.wrap_text, cell.number_format)
        for row in sheet.iter_rows() for cell in row
    ]


def sheet_facts(sheet: Worksheet) -> dict[str, object]:
    """Frozen panes, auto-filter, column widths, row heights, visibility, print set-up and the
    drop-down lists of a sheet."""
    widths = {letter: dimension.width for letter, dimension in sheet.column_dimensions.items()}
    heights = {row: dimension.height for row, dimension in sheet.row_dimensions.items()}
    setup = sheet.page_setup
    printing = (setup.orientation, setup.fitToWidth, setup.fitToHeight, sheet.print_title_rows,
                sheet.print_area, sheet.print_options.gridLines)
    lists = [(str(validation.sqref), validation.formula1) for validation in sheet.data_validations.dataValidation]
    return {"freeze": sheet.freeze_panes, "filter": sheet.auto_filter.ref, "widths": widths, "heights": heights,
            "state": sheet.sheet_state, "printing": printing, "lists": lists}


def assert_workbooks_equal(actual_path: Path, expected_path: Path) -> None:
    """Compare two workbooks sheet by sheet and cell by cell (the zip itself carries timestamps)."""
    expected, actual = openpyxl.load_workbook(expected_path), openpyxl.load_workbook(actual_path)
    assert actual.sheetnames == expected.sheetnames
    for name in expected.sheetnames:
        assert sheet_facts(actual[name]) == sheet_facts(expected[name]), name
        assert cell_facts(actual[name]) == cell_facts(expected[name]), name
