"""The exporters' output for the tiny alignment, compared with reviewed golden files.

Text formats are compared byte for byte; the workbook cell by cell (values,
data types, bold header, frozen pane, auto-filter, fills, quote prefixes).
After an intended change, regenerate with ``pytest --update-golden`` and review
the diff of tests/data/golden/.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from alignkit.export import export_alignment
from alignkit.model import Alignment
from export_fixtures import tiny_alignment

GOLDEN = Path(__file__).parent / "data" / "golden"

# Golden file → languages of the alignment exported to it.  The bead file is
# pairwise, so it holds the en-zh pair (both kinds of one-sided bead).
BYTE_FOR_BYTE = {
    "tiny.tmx": ("en", "zh", "ru"),
    "tiny.csv": ("en", "zh", "ru"),
    "tiny.tsv": ("en", "zh", "ru"),
    "tiny.jsonl": ("en", "zh", "ru"),
    "tiny.align": ("en", "zh"),
}


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """True under ``pytest --update-golden`` (the option is added in conftest.py)."""
    return bool(request.config.getoption("--update-golden", default=False))


def _export(name: str, langs: tuple[str, ...], directory: Path) -> Path:
    (written,) = export_alignment(tiny_alignment(langs), directory / name)
    return written


def _refresh_or_require(golden: Path, fresh: Path, update: bool) -> None:
    if update:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(fresh.read_bytes())
    elif not golden.exists():
        pytest.fail(f"{golden} is missing; run pytest --update-golden and review it")


@pytest.mark.parametrize("name", sorted(BYTE_FOR_BYTE))
def test_text_formats_match_golden_files(tmp_path: Path, name: str, update_golden: bool) -> None:
    fresh = _export(name, BYTE_FOR_BYTE[name], tmp_path)
    golden = GOLDEN / name
    _refresh_or_require(golden, fresh, update_golden)
    assert fresh.read_bytes() == golden.read_bytes(), f"{name} differs from {golden}"


def _cell_facts(sheet: Worksheet) -> list[tuple[object, ...]]:
    return [
        (cell.coordinate, cell.value, cell.data_type, cell.font.bold, cell.fill.fill_type,
         cell.fill.fgColor.rgb, cell.quotePrefix, cell.alignment.wrap_text, cell.number_format)
        for row in sheet.iter_rows() for cell in row
    ]


def _sheet_facts(sheet: Worksheet) -> dict[str, object]:
    widths = {letter: dimension.width for letter, dimension in sheet.column_dimensions.items()}
    return {"freeze": sheet.freeze_panes, "filter": sheet.auto_filter.ref, "widths": widths}


def test_workbook_matches_golden_cell_by_cell(tmp_path: Path, update_golden: bool) -> None:
    fresh = _export("tiny.xlsx", ("en", "zh", "ru"), tmp_path)
    golden = GOLDEN / "tiny.xlsx"
    _refresh_or_require(golden, fresh, update_golden)
    expected, actual = openpyxl.load_workbook(golden), openpyxl.load_workbook(fresh)
    assert actual.sheetnames == expected.sheetnames
    for name in expected.sheetnames:
        assert _sheet_facts(actual[name]) == _sheet_facts(expected[name]), name
        assert _cell_facts(actual[name]) == _cell_facts(expected[name]), name


def test_golden_workbook_has_the_promised_layout() -> None:
    """Guard against a golden file regenerated from a broken exporter."""
    sheet = openpyxl.load_workbook(GOLDEN / "tiny.xlsx")["Alignment"]
    alignment: Alignment = tiny_alignment()
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.bold for cell in sheet[1])
    for unit, row in zip(alignment.units, sheet.iter_rows(min_row=2), strict=True):
        assert row[0].value == unit.id
        assert all((cell.fill.fill_type == "solid") is unit.flagged for cell in row)
