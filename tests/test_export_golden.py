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

from alignkit.export import export_alignment
from alignkit.model import Alignment
from export_fixtures import tiny_alignment
from golden import GOLDEN, assert_workbooks_equal, refresh_or_require

# Golden file → languages of the alignment exported to it.  The bead file is
# pairwise, so it holds the en-zh pair (both kinds of one-sided bead).
BYTE_FOR_BYTE = {
    "tiny.tmx": ("en", "zh", "ru"),
    "tiny.csv": ("en", "zh", "ru"),
    "tiny.tsv": ("en", "zh", "ru"),
    "tiny.jsonl": ("en", "zh", "ru"),
    "tiny.align": ("en", "zh"),
}


def _export(name: str, langs: tuple[str, ...], directory: Path) -> Path:
    (written,) = export_alignment(tiny_alignment(langs), directory / name)
    return written


@pytest.mark.parametrize("name", sorted(BYTE_FOR_BYTE))
def test_text_formats_match_golden_files(tmp_path: Path, name: str, update_golden: bool) -> None:
    fresh = _export(name, BYTE_FOR_BYTE[name], tmp_path)
    golden = GOLDEN / name
    refresh_or_require(golden, fresh, update_golden)
    assert fresh.read_bytes() == golden.read_bytes(), f"{name} differs from {golden}"


def test_workbook_matches_golden_cell_by_cell(tmp_path: Path, update_golden: bool) -> None:
    fresh = _export("tiny.xlsx", ("en", "zh", "ru"), tmp_path)
    golden = GOLDEN / "tiny.xlsx"
    refresh_or_require(golden, fresh, update_golden)
    assert_workbooks_equal(fresh, golden)


def test_golden_workbook_has_the_promised_layout() -> None:
    """Guard against a golden file regenerated from a broken exporter."""
    workbook = openpyxl.load_workbook(GOLDEN / "tiny.xlsx")
    sheet = workbook["Alignment"]
    alignment: Alignment = tiny_alignment()
    assert sheet.freeze_panes == "C2"
    assert all(cell.font.bold for cell in sheet[1])
    header = [cell.value for cell in sheet[1]]
    assert header[:7] == ["Unit", "Paragraph", "en", "zh", "ru", "Status", "Comment"]
    for unit, row in zip(alignment.units, sheet.iter_rows(min_row=2), strict=True):
        assert row[0].value == unit.id and row[5].value == unit.status
        assert all((cell.fill.fill_type == "solid") is unit.flagged for cell in row)
        assert sheet.row_dimensions[row[0].row].height >= 19
    assert sheet.page_setup.orientation == "landscape" and sheet.print_title_rows == "$1:$1"
    assert [workbook[name].sheet_state for name in ("Sentences", "Units")] == ["hidden", "hidden"]


def test_workbook_bytes_are_reproducible(tmp_path: Path) -> None:
    """Every zip member carries the fixed timestamp, so equal alignments give equal files."""
    import zipfile

    fresh = _export("tiny.xlsx", ("en", "zh", "ru"), tmp_path)
    with zipfile.ZipFile(fresh) as archive:
        stamps = {info.filename: info.date_time for info in archive.infolist()}
    assert set(stamps.values()) == {(1980, 1, 1, 0, 0, 0)}, stamps
