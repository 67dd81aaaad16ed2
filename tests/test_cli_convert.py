"""alignkit convert: a reviewed workbook or table back to TMX and every other format, and its errors."""

from __future__ import annotations

import csv
import json
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner, Result
from lxml import etree

from alignkit.cli import cli
from alignkit.export import export_alignment
from alignkit.export.tmx import read_tmx
from export_fixtures import tiny_alignment

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "texts" / "S-2017-613"
DTD = etree.DTD(str(Path(__file__).parent / "data" / "tmx14b.dtd"))


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(arg) for arg in args])


def _edit(path: Path, cells: dict[str, object]) -> None:
    """Set cells of the Alignment sheet as a reviewer would, and save."""
    book = openpyxl.load_workbook(path)
    sheet = book["Alignment"]
    for coordinate, value in cells.items():
        sheet[coordinate] = value
    book.save(path)


def _only_error_line(result: Result) -> str:
    lines = result.stderr.strip().split("\n")
    assert result.exit_code == 2, result.output
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    return lines[0]


# ----------------------------------------------------------------- the loop


def test_a_reviewed_workbook_becomes_a_valid_tmx_with_statuses_and_notes(workbook: Path, tmp_path: Path) -> None:
    _edit(workbook, {"F2": "confirmed", "G2": "Title & <checked>", "F3": "rejected", "F4": "Confirmed"})
    tmx = tmp_path / "out" / "reviewed.tmx"
    result = run("convert", workbook, "-o", tmx, "-o", tmp_path / "out" / "reviewed.jsonl")
    assert result.exit_code == 0, result.output
    assert DTD.validate(etree.parse(str(tmx))), DTD.error_log
    units = read_tmx(tmx).units
    assert [u.props.get("x-status") for u in units[:4]] == ["confirmed", "rejected", "confirmed", None]
    assert units[0].notes == ("Title & <checked>",) and units[1].notes == ()
    assert "S/2017/613: 37 units read, 37 written (34 auto, 2 confirmed, 1 rejected)" in result.stderr
    records = [json.loads(line) for line in (tmp_path / "out" / "reviewed.jsonl").read_text("utf-8").splitlines()]
    assert [(r["id"], r["status"], r["comment"]) for r in records[:2]] == [
        (1, "confirmed", "Title & <checked>"), (2, "rejected", "")]


def test_status_and_score_select_the_units(workbook: Path, tmp_path: Path) -> None:
    _edit(workbook, {"F2": "confirmed", "F5": "confirmed", "F6": "rejected"})
    confirmed = tmp_path / "confirmed.tmx"
    assert run("convert", workbook, "--status", "confirmed", "-o", confirmed).exit_code == 0
    assert [u.tuid for u in read_tmx(confirmed).units] == ["1", "4"]
    either = tmp_path / "either.jsonl"
    assert run("convert", workbook, "--status", "confirmed", "--status", "rejected", "-o", either).exit_code == 0
    assert [json.loads(line)["id"] for line in either.read_text("utf-8").splitlines()] == [1, 4, 5]
    scored = tmp_path / "scored.tmx"
    assert run("convert", workbook, "--min-score", "0.9", "-o", scored).exit_code == 0
    assert all(float(u.props["x-score"]) >= 0.9 for u in read_tmx(scored).units)


def test_a_typo_fixed_is_reported_and_marked(workbook: Path, tmp_path: Path) -> None:
    sheet = openpyxl.load_workbook(workbook)["Alignment"]
    row = next(r for r in range(2, sheet.max_row + 1) if "Стороны выражают" in str(sheet.cell(r, 5).value))
    unit = sheet.cell(row, 1).value
    _edit(workbook, {f"E{row}": str(sheet.cell(row, 5).value).replace("Стороны выражают", "Стороны выражет")})
    tmx = tmp_path / "edited.tmx"
    result = run("convert", workbook, "-o", tmx)
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[0] == f"unit {unit} ru: text edited"
    (edited,) = [u for u in read_tmx(tmx).units if u.tuid == str(unit)]
    assert edited.values("x-edited") == ["ru"] and "Стороны выражет" in edited.texts["ru"]


def test_merged_rows_get_a_new_id_and_a_recounted_type(workbook: Path, tmp_path: Path) -> None:
    book = openpyxl.load_workbook(workbook)
    sheet = book["Alignment"]
    for column in (3, 4, 5):  # move unit 3's text into unit 2's row, then delete the row
        below = sheet.cell(4, column).value
        above = sheet.cell(3, column).value
        sheet.cell(3, column).value = f"{above}{'' if column == 4 else ' '}{below}"
    sheet.delete_rows(4)
    book.save(workbook)
    jsonl = tmp_path / "merged.jsonl"
    result = run("convert", workbook, "-o", jsonl)
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in jsonl.read_text("utf-8").splitlines()]
    assert [(r["id"], r["type"]) for r in records[:3]] == [(1, "1-1-1"), (38, "2-2-2"), (4, "1-1-1")]


def test_lost_text_is_exit_2_naming_the_unit_and_nothing_is_written(workbook: Path, tmp_path: Path) -> None:
    _edit(workbook, {"C5": None, "E9": "Только это."})
    outputs = [tmp_path / "lost.tmx", tmp_path / "lost.csv"]
    result = run("convert", workbook, "-o", outputs[0], "-o", outputs[1])
    line = _only_error_line(result)
    assert line.startswith(f"Error: {workbook}: 3 problems in the review: unit 4 en: sentence lost (in no row)")
    assert "unit 8 ru: sentence lost" in line and "unit 8 ru: text that is in no sentence of the original" in line
    assert not any(path.exists() for path in outputs)


def test_doubled_text_is_exit_2_naming_both_units(workbook: Path, tmp_path: Path) -> None:
    sheet = openpyxl.load_workbook(workbook)["Alignment"]
    _edit(workbook, {"D3": f"{sheet['D3'].value}{sheet['D4'].value}"})
    result = run("convert", workbook, "-o", tmp_path / "x.tmx")
    assert "unit 2 zh: sentence also in unit 3" in _only_error_line(result)
    assert not (tmp_path / "x.tmx").exists()


# ----------------------------------------------------------------- bad input


def test_a_renamed_header_is_an_error(workbook: Path, tmp_path: Path) -> None:
    _edit(workbook, {"F1": "State"})
    line = _only_error_line(run("convert", workbook, "-o", tmp_path / "x.tmx"))
    assert "sheet Alignment: the header has no column 'Status'" in line
    assert not (tmp_path / "x.tmx").exists()


def test_a_deleted_language_column_is_an_error(workbook: Path, tmp_path: Path) -> None:
    book = openpyxl.load_workbook(workbook)
    book["Alignment"].delete_cols(4)
    book.save(workbook)
    line = _only_error_line(run("convert", workbook, "-o", tmp_path / "x.tmx"))
    assert "the header has no column 'zh'" in line


def test_a_status_not_in_the_list_is_an_error_naming_the_row(workbook: Path, tmp_path: Path) -> None:
    _edit(workbook, {"F7": "done"})
    line = _only_error_line(run("convert", workbook, "-o", tmp_path / "x.tmx"))
    assert line == f"Error: {workbook}: sheet Alignment, row 7: Status 'done' is not one of auto, confirmed, rejected"


@pytest.mark.parametrize("content", [b"unit,en\n1,text\n", b"", b"PK\x03\x04 not really a zip"])
def test_a_file_that_is_not_a_workbook_is_an_error(tmp_path: Path, content: bytes) -> None:
    fake = tmp_path / "fake.xlsx"
    fake.write_bytes(content)
    line = _only_error_line(run("convert", fake, "-o", tmp_path / "x.tmx"))
    assert line.startswith(f"Error: {fake}: is not an Excel workbook alignkit can read")
    assert not (tmp_path / "x.tmx").exists()


def test_entities_in_a_workbook_are_never_expanded(tmp_path: Path) -> None:
    target = tmp_path / "tiny.xlsx"
    export_alignment(tiny_alignment(), target)
    hostile = tmp_path / "laughs.xlsx"
    laughs = (b'<!DOCTYPE worksheet [<!ENTITY a "haha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
              b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>')
    with zipfile.ZipFile(target) as source, zipfile.ZipFile(hostile, "w") as copy:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":  # the Alignment sheet; its strings are inline
                data = laughs + data.replace(b"<t>en</t>", b"<t>&d;</t>", 1)
            copy.writestr(item, data)
    line = _only_error_line(run("convert", hostile, "-o", tmp_path / "x.tmx"))
    assert "its XML declares entities or a DTD, which alignkit never expands" in line
    assert not (tmp_path / "x.tmx").exists()


def test_the_input_is_never_overwritten(workbook: Path) -> None:
    before = workbook.read_bytes()
    line = _only_error_line(run("convert", workbook, "-o", workbook))
    assert "would overwrite the input" in line
    assert workbook.read_bytes() == before


def test_an_unknown_input_format_is_an_error(tmp_path: Path) -> None:
    source = tmp_path / "x.align"
    source.write_text("[0]:[0]\n", encoding="utf-8")
    assert "unknown alignment file '.align'" in _only_error_line(run("convert", source, "-o", tmp_path / "x.tmx"))


# ----------------------------------------------------------------- CSV and TSV, TMX from elsewhere


def _resave_like_a_spreadsheet(path: Path, *, delimiter: str, edit: dict[tuple[int, str], str]) -> None:
    """Rewrite a CSV as a European Excel saves it: no BOM, ``;``, every field quoted; with some cells changed."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    for (row, column), value in edit.items():
        rows[row][header.index(column)] = value
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=delimiter, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(rows)


def test_a_csv_edited_in_a_spreadsheet_round_trips(tmp_path: Path) -> None:
    original = tiny_alignment()
    table, workbook = tmp_path / "tiny.csv", tmp_path / "tiny.xlsx"
    export_alignment(original, table)
    export_alignment(original, workbook)
    _resave_like_a_spreadsheet(table, delimiter=";", edit={(1, "status"): "confirmed", (1, "comment"): "ok",
                                                          (3, "status"): "rejected"})
    jsonl = tmp_path / "out.jsonl"
    result = run("convert", table, "--original", workbook, "-o", jsonl)
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in jsonl.read_text("utf-8").splitlines()]
    assert [(r["id"], r["status"], r["comment"]) for r in records] == [
        (1, "confirmed", "ok"), (2, "confirmed", "=check: “as is” & <ok>"), (3, "rejected", ""),
        (4, "rejected", "wrong link;\nsee unit 5"), (5, "auto", ""), (6, "auto", "")]
    assert [r["segments"] for r in records] == [{lang: list(u.segments[lang]) for lang in original.langs}
                                                for u in original.units]  # formula escapes undone
    assert [r["type"] for r in records] == [u.type for u in original.units]


def test_a_tsv_checked_against_its_original_finds_lost_text(tmp_path: Path) -> None:
    original = tiny_alignment()
    table, jsonl = tmp_path / "tiny.tsv", tmp_path / "tiny.jsonl"
    export_alignment(original, table)
    export_alignment(original, jsonl)
    lines = table.read_text("utf-8").split("\n")
    table.write_text("\n".join(line for number, line in enumerate(lines) if number != 3), encoding="utf-8")
    line = _only_error_line(run("convert", table, "--original", jsonl, "-o", tmp_path / "x.tmx"))
    assert re.search(r"3 problems in the review: unit 3 en: sentence lost .*unit 3 zh: .*unit 3 ru: ", line)


def test_a_table_without_its_original_is_converted_with_a_note(tmp_path: Path) -> None:
    table = tmp_path / "tiny.csv"
    export_alignment(tiny_alignment(), table)
    result = run("convert", table, "-o", tmp_path / "x.jsonl")
    assert result.exit_code == 0, result.output
    assert "no original sentences to check the review against" in result.stderr
    records = [json.loads(line) for line in (tmp_path / "x.jsonl").read_text("utf-8").splitlines()]
    # types recounted by the segmenters: "The Security Council, Recalling …," is one sentence to them
    assert [r["type"] for r in records] == ["1-1-1", "1-1-1", "1-1-1", "1-0-1", "0-1-0", "1-2-1"]
    assert [(r["status"], r["edited"]) for r in records][1::2] == [("confirmed", []), ("rejected", []), ("auto", ["zh"])]


def test_a_tmx_from_another_tool_can_be_reviewed_as_a_workbook(tmp_path: Path) -> None:
    foreign = tmp_path / "memory.tmx"
    foreign.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="OtherTool" '
        'creationtoolversion="2" datatype="plaintext" segtype="sentence" adminlang="en" srclang="en" '
        'o-tmf="x"/><body>\n'
        '<tu tuid="a1"><tuv xml:lang="en"><seg>The Council met.</seg></tuv>'
        '<tuv xml:lang="ru"><seg>Совет собрался.</seg></tuv></tu>\n'
        '<tu tuid="a2"><note>from 2019</note><tuv xml:lang="en"><seg>It adopted the agenda. It rose.</seg></tuv>'
        '<tuv xml:lang="ru"><seg>Он утвердил повестку дня. Заседание закрылось.</seg></tuv></tu>\n'
        '</body></tmx>', encoding="utf-8")
    review = tmp_path / "memory.xlsx"
    assert run("convert", foreign, "-o", review).exit_code == 0
    _edit(review, {"E2": "confirmed", "C3": "It adopted the agenda.", "C4": "It rose."})
    back = tmp_path / "memory.reviewed.tmx"
    result = run("convert", review, "-o", back)
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[:2] == ["unit 2 en: sentence split across units 2, 3",
                                             "unit 3 en: sentence split across units 2, 3"]
    units = read_tmx(back).units
    assert [(u.tuid, u.texts, u.props.get("x-status"), u.notes) for u in units] == [
        ("1", {"en": "The Council met.", "ru": "Совет собрался."}, "confirmed", ()),
        ("2", {"en": "It adopted the agenda.", "ru": "Он утвердил повестку дня. Заседание закрылось."}, None,
         ("from 2019",)),
        ("3", {"en": "It rose."}, None, ()),
    ]
