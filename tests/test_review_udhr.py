"""The whole review loop on the UDHR (en, zh, ru): align, review the workbook as a person would, convert to TMX."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from lxml import etree

from alignkit.cli import cli
from alignkit.export.tmx import read_tmx
from alignkit.model import join_segments

DTD = etree.DTD(str(Path(__file__).parent / "data" / "tmx14b.dtd"))
LANGS = ("en", "zh", "ru")
LANGUAGE_COLUMNS = {"en": 3, "zh": 4, "ru": 5}
STATUS, COMMENT = 6, 7


@pytest.fixture
def udhr(shared_dir: Path) -> list[Path]:
    """The UDHR in English, Chinese and Russian."""
    folder = shared_dir / "corpora" / "udhr"
    files = [folder / f"udhr.{lang}.txt" for lang in LANGS]
    if not all(path.is_file() for path in files):
        pytest.skip("../shared/corpora/udhr is not present")
    return files


def _records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_a_reviewed_udhr_becomes_a_valid_tmx(udhr: list[Path], tmp_path: Path) -> None:
    workbook, before = tmp_path / "udhr.xlsx", tmp_path / "udhr.jsonl"
    aligned = CliRunner().invoke(cli, ["align", *map(str, udhr), "-o", str(workbook), "-o", str(before)])
    assert aligned.exit_code == 0, aligned.output
    units = {record["id"]: record for record in _records(before)}
    book = openpyxl.load_workbook(workbook)
    sheet = book["Alignment"]
    row_of = {sheet.cell(row, 1).value: row for row in range(2, sheet.max_row + 1)}

    # Confirm the preamble's first rows, reject one with a comment, comment another.
    for unit in range(1, 6):
        sheet.cell(row_of[unit], STATUS).value = "confirmed"
    sheet.cell(row_of[6], STATUS).value = "rejected"
    sheet.cell(row_of[6], COMMENT).value = "zh: compare with the 1948 text"
    sheet.cell(row_of[7], COMMENT).value = "terms: <peoples> & \"Charter\""
    # Fix a word in the Russian of unit 13.
    russian = sheet.cell(row_of[13], LANGUAGE_COLUMNS["ru"])
    assert "разумом" in russian.value
    russian.value = russian.value.replace("разумом", "рассудком")
    # Merge the heading "Article 1" (unit 11) into the row below it, which goes.
    for lang, column in LANGUAGE_COLUMNS.items():
        sheet.cell(row_of[11], column).value = join_segments(lang, [*units[11]["segments"][lang],
                                                                    *units[12]["segments"][lang]])
    sheet.delete_rows(row_of[12])
    book.save(workbook)

    tmx, after = tmp_path / "udhr.reviewed.tmx", tmp_path / "udhr.reviewed.jsonl"
    result = CliRunner().invoke(cli, ["convert", str(workbook), "-o", str(tmx), "-o", str(after)])
    assert result.exit_code == 0, result.output
    new_id = max(units) + 1
    assert result.stderr.splitlines()[0] == "unit 13 ru: text edited"

    assert DTD.validate(etree.parse(str(tmx))), DTD.error_log.filter_from_errors()
    read = {unit.tuid: unit for unit in read_tmx(tmx).units}
    assert [read[str(unit)].props.get("x-status") for unit in range(1, 7)] == ["confirmed"] * 5 + ["rejected"]
    assert read["6"].notes == ("zh: compare with the 1948 text",)
    assert read["7"].notes == ("terms: <peoples> & \"Charter\"",) and "x-status" not in read["7"].props
    merged = read[str(new_id)]
    assert "11" not in read and "12" not in read and "x-edited" not in merged.props
    assert merged.texts["en"].startswith("Article 1 All human beings are born free")
    assert merged.props["x-type"] == "2-2-2"
    assert read["13"].values("x-edited") == ["ru"] and "рассудком" in read["13"].texts["ru"]

    records = _records(after)
    assert len(records) == len(units) - 1
    for lang in LANGS:  # every sentence once, in order
        indices = [index for record in records for index in record["indices"][lang]]
        assert indices == sorted({index for unit in units.values() for index in unit["indices"][lang]})
