"""Every export format writes what the alignment holds, and fails cleanly.

The round-trip tests are parametrised over the registry: a new format must add
a reader and an expectation to ``ROUND_TRIPS`` below.
"""

from __future__ import annotations

import csv
import json
import os
import zipfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from alignkit.errors import ExportError, InputFormatError
from alignkit.export import SUPPORTED_EXTENSIONS, export_alignment, format_module, writer_for
from alignkit.export.beads import read_align
from alignkit.export.csv import flatten_for_tsv
from alignkit.export.tmx import read_tmx
from alignkit.model import Alignment, AlignmentUnit
from alignkit.sheets import unescape_formula
from export_fixtures import LANGS, tiny_alignment

# One comparable row per unit: (id, {lang: text}, flagged).
Row = tuple[int, dict[str, str], bool]


def _expected_rows(alignment: Alignment, transform: Callable[[str], str] = str) -> list[Row]:
    return [(u.id, {lang: transform(u.text(lang)) for lang in alignment.langs}, u.flagged)
            for u in alignment.units]


def _expected_tmx_rows(alignment: Alignment) -> list[Row]:
    """TMX leaves out units without text (none in the fixture has none)."""
    return [row for row in _expected_rows(alignment) if any(row[1].values())]


def _read_tmx_rows(path: Path, alignment: Alignment) -> list[Row]:
    units = read_tmx(path).units
    return [(int(u.tuid), {lang: u.texts.get(lang, "") for lang in alignment.langs},
             u.props.get("x-flagged") == "true") for u in units]


def _read_table_rows(frame: pd.DataFrame, alignment: Alignment) -> list[Row]:
    return [(int(record["unit"]), {lang: unescape_formula(record[lang]) for lang in alignment.langs},
             record["flagged"] == "True") for record in frame.to_dict("records")]


def _read_csv_rows(path: Path, alignment: Alignment) -> list[Row]:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    return _read_table_rows(frame, alignment)


def _read_tsv_rows(path: Path, alignment: Alignment) -> list[Row]:
    frame = pd.read_csv(path, sep="\t", quoting=csv.QUOTE_NONE, dtype=str, keep_default_na=False,
                        encoding="utf-8")
    return _read_table_rows(frame, alignment)


def _read_xlsx_rows(path: Path, alignment: Alignment) -> list[Row]:
    sheet = openpyxl.load_workbook(path)["Alignment"]
    header = [cell.value for cell in sheet[1]]
    rows = []
    for values in sheet.iter_rows(min_row=2, values_only=True):
        record = dict(zip(header, values))
        texts = {lang: record[lang] or "" for lang in alignment.langs}
        rows.append((record["Unit"], texts, record["Flagged"]))
    return rows


def _read_jsonl_rows(path: Path, alignment: Alignment) -> list[Row]:
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[-1] == ""
    records = [json.loads(line) for line in lines[:-1]]
    return [(r["id"], r["text"], r["flagged"]) for r in records]


def _read_align_beads(path: Path, alignment: Alignment) -> list[Row]:
    """Bead files hold indices, not text: compare them as rows of indices."""
    written = export_paths(path, alignment)
    return [(0, {lang: str(read_align(file)) for lang, file in written.items()}, False)]


def _expected_beads(alignment: Alignment) -> list[Row]:
    pivot = alignment.pivot
    beads = {
        lang: str([(u.indices[pivot], u.indices[lang]) for u in alignment.units
                   if u.indices[pivot] or u.indices[lang]])
        for lang in alignment.langs[1:]
    }
    return [(0, beads, False)]


def export_paths(path: Path, alignment: Alignment) -> dict[str, Path]:
    """The bead file of each non-pivot language (x.align → x.zh.align, x.ru.align)."""
    others = alignment.langs[1:]
    if len(others) == 1:
        return {others[0]: path}
    return {lang: path.with_name(f"{path.stem}.{lang}.align") for lang in others}


ROUND_TRIPS: dict[str, tuple[Callable[[Path, Alignment], list[Row]], Callable[[Alignment], list[Row]]]] = {
    ".tmx": (_read_tmx_rows, _expected_tmx_rows),
    ".xlsx": (_read_xlsx_rows, _expected_rows),
    ".csv": (_read_csv_rows, _expected_rows),
    ".tsv": (_read_tsv_rows, lambda a: _expected_rows(a, flatten_for_tsv)),
    ".jsonl": (_read_jsonl_rows, _expected_rows),
    ".align": (_read_align_beads, _expected_beads),
}


@pytest.fixture
def alignment() -> Alignment:
    """The tiny en/zh/ru alignment."""
    return tiny_alignment()


def test_every_supported_format_has_a_round_trip() -> None:
    assert set(ROUND_TRIPS) == set(SUPPORTED_EXTENSIONS)
    assert SUPPORTED_EXTENSIONS == (".align", ".csv", ".jsonl", ".tmx", ".tsv", ".xlsx")


@pytest.mark.parametrize("extension", SUPPORTED_EXTENSIONS)
def test_format_module_exposes_the_contract(extension: str) -> None:
    module = format_module(extension)
    assert isinstance(module.NAME, str) and module.NAME
    assert extension in module.EXTENSIONS
    assert callable(module.write)
    assert callable(writer_for(extension))


@pytest.mark.parametrize("langs", [LANGS, ("en", "zh"), ("en", "ru")], ids="-".join)
@pytest.mark.parametrize("extension", SUPPORTED_EXTENSIONS)
def test_round_trip(tmp_path: Path, extension: str, langs: tuple[str, ...]) -> None:
    alignment = tiny_alignment(langs)
    target = tmp_path / f"tiny{extension}"
    written = export_alignment(alignment, target)
    assert written and all(path.is_file() for path in written)
    if extension != ".align":
        assert written == [target]
    read, expected = ROUND_TRIPS[extension]
    assert read(target, alignment) == expected(alignment)
    assert sorted(tmp_path.iterdir()) == sorted(written), "no temporary file may remain"


@pytest.mark.parametrize("extension", SUPPORTED_EXTENSIONS)
def test_export_is_deterministic(tmp_path: Path, alignment: Alignment, extension: str) -> None:
    first = export_alignment(alignment, tmp_path / "a" / f"x{extension}")
    second = export_alignment(alignment, tmp_path / "b" / f"x{extension}")
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]


@pytest.mark.parametrize("extension", SUPPORTED_EXTENSIONS)
def test_empty_alignment_writes_valid_empty_output(tmp_path: Path, extension: str) -> None:
    empty = Alignment(langs=("en", "zh"), units=())
    written = export_alignment(empty, tmp_path / f"empty{extension}")
    read, expected = ROUND_TRIPS[extension]
    assert read(tmp_path / f"empty{extension}", empty) == expected(empty)
    assert all(path.is_file() for path in written)


# ------------------------------------------------------------------ registry errors


def test_unknown_extension_lists_the_supported_ones(tmp_path: Path, alignment: Alignment) -> None:
    with pytest.raises(ExportError) as caught:
        export_alignment(alignment, tmp_path / "out.docx")
    message = str(caught.value)
    assert "out.docx" in message and "'.docx'" in message
    for extension in SUPPORTED_EXTENSIONS:
        assert extension in message
    assert not (tmp_path / "out.docx").exists()


def test_missing_extension_is_reported(tmp_path: Path, alignment: Alignment) -> None:
    with pytest.raises(ExportError, match=r"\(no extension\).*\.tmx"):
        export_alignment(alignment, tmp_path / "out")


def test_unknown_fmt_is_reported(tmp_path: Path, alignment: Alignment) -> None:
    with pytest.raises(ExportError, match="'.pdf'"):
        export_alignment(alignment, tmp_path / "out.tmx", fmt="pdf")


@pytest.mark.parametrize("fmt", ["tsv", ".tsv", "TSV"])
def test_fmt_overrides_the_extension(tmp_path: Path, alignment: Alignment, fmt: str) -> None:
    target = tmp_path / "table.txt"
    assert export_alignment(alignment, target, fmt=fmt) == [target]
    header = target.read_text(encoding="utf-8").split("\n")[0]
    assert header == "unit\tparagraph\ten\tzh\tru\tstatus\tcomment\ttype\tscore\tflagged\tedited"


def test_extension_is_case_insensitive(tmp_path: Path, alignment: Alignment) -> None:
    target = tmp_path / "OUT.TMX"
    assert export_alignment(alignment, target) == [target]
    assert read_tmx(target).srclang == "en"


@pytest.mark.parametrize("extension", SUPPORTED_EXTENSIONS)
def test_directory_target_is_refused(tmp_path: Path, alignment: Alignment, extension: str) -> None:
    directory = tmp_path / f"out{extension}"
    directory.mkdir()
    with pytest.raises(ExportError, match="is a directory"):
        export_alignment(alignment, directory)
    assert list(directory.iterdir()) == []


def test_missing_parent_directories_are_created(tmp_path: Path, alignment: Alignment) -> None:
    target = tmp_path / "new" / "deeper" / "tiny.jsonl"
    assert export_alignment(alignment, target) == [target]


def test_parent_that_is_a_file_is_reported(tmp_path: Path, alignment: Alignment) -> None:
    (tmp_path / "blocker").write_text("x", encoding="utf-8")
    with pytest.raises(ExportError, match="cannot create directory"):
        export_alignment(alignment, tmp_path / "blocker" / "tiny.tmx")


def test_input_document_is_never_overwritten(tmp_path: Path, alignment: Alignment) -> None:
    source = tmp_path / "en.tsv"
    source.write_text("original", encoding="utf-8")
    documents = {**alignment.documents, "en": replace(alignment.documents["en"], source=str(source))}
    with_input = Alignment(alignment.langs, alignment.units, documents, alignment.name, alignment.signature)
    with pytest.raises(ExportError, match="would overwrite the input"):
        export_alignment(with_input, source)
    assert source.read_text(encoding="utf-8") == "original"


# ------------------------------------------------------------------ atomicity


def _fail_on_unit(monkeypatch: pytest.MonkeyPatch, unit_id: int) -> None:
    """Make every writer fail when it reaches unit ``unit_id`` (text or bead)."""
    original_text = AlignmentUnit.text

    def failing_text(self: AlignmentUnit, lang: str) -> str:
        if self.id == unit_id:
            raise RuntimeError("simulated failure while writing")
        return original_text(self, lang)

    monkeypatch.setattr(AlignmentUnit, "text", failing_text)
    import alignkit.export.beads as beads_module

    calls = {"n": 0}
    original_bead = beads_module.format_bead

    def failing_bead(bead: tuple[tuple[int, ...], tuple[int, ...]]) -> str:
        calls["n"] += 1
        if calls["n"] == 8:  # inside the second of the two bead files
            raise RuntimeError("simulated failure while writing")
        return original_bead(bead)

    monkeypatch.setattr(beads_module, "format_bead", failing_bead)


@pytest.mark.parametrize("extension", SUPPORTED_EXTENSIONS)
def test_failure_midway_leaves_no_file(tmp_path: Path, alignment: Alignment,
                                       monkeypatch: pytest.MonkeyPatch, extension: str) -> None:
    _fail_on_unit(monkeypatch, unit_id=4)
    with pytest.raises(RuntimeError, match="simulated failure"):
        export_alignment(alignment, tmp_path / f"tiny{extension}")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("extension", SUPPORTED_EXTENSIONS)
def test_failed_rename_keeps_the_old_file_and_no_temporary(
        tmp_path: Path, alignment: Alignment, monkeypatch: pytest.MonkeyPatch, extension: str) -> None:
    two_languages = tiny_alignment(("en", "zh"))
    target = tmp_path / f"tiny{extension}"
    target.write_bytes(b"previous content")

    def failing_replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(ExportError, match="No space left on device"):
        export_alignment(two_languages, target)
    assert target.read_bytes() == b"previous content"
    assert list(tmp_path.iterdir()) == [target]


# ------------------------------------------------------------------ format specifics


def test_xlsx_formula_like_cells_are_stored_as_quoted_text(tmp_path: Path, alignment: Alignment) -> None:
    target = tmp_path / "tiny.xlsx"
    export_alignment(alignment, target)
    with zipfile.ZipFile(target) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
        styles_xml = archive.read("xl/styles.xml").decode("utf-8")
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml
    assert 'quotePrefix="1"' in styles_xml
    sheet = openpyxl.load_workbook(target)["Alignment"]
    formula_like = [cell for row in sheet.iter_rows(min_row=2) for cell in row
                    if isinstance(cell.value, str) and cell.value[0] in "=+-@"]
    assert {cell.value[0] for cell in formula_like} == {"=", "+", "-", "@"}
    for cell in formula_like:
        assert cell.data_type == "s" and cell.quotePrefix, cell.coordinate
    assert sheet["C3"].value == "=SUM(A1) is text, not a formula & <markup> stays \"as is\"."
    assert not sheet["C2"].quotePrefix


@pytest.mark.parametrize("text", ["#N/A", "=", "-", "+1", "@", "=1+1", "\tindented"])
def test_xlsx_keeps_error_and_formula_lookalikes_as_text(tmp_path: Path, text: str) -> None:
    unit = AlignmentUnit(1, {"en": (text,)}, {"en": (0,)})
    target = tmp_path / "lookalikes.xlsx"
    export_alignment(Alignment(("en",), (unit,)), target)
    cell = openpyxl.load_workbook(target)["Alignment"]["C2"]
    assert (cell.value, cell.data_type) == (text, "s")
    assert cell.quotePrefix is (text != "#N/A")


def test_csv_module_write_dispatches_on_the_suffix(tmp_path: Path, alignment: Alignment) -> None:
    module = format_module(".csv")
    module.write(alignment, tmp_path / "a.tsv")
    module.write(alignment, tmp_path / "a.csv")
    assert (tmp_path / "a.tsv").read_bytes().startswith(b"unit\tparagraph")
    assert (tmp_path / "a.csv").read_bytes().startswith(b"\xef\xbb\xbfunit,paragraph")


def test_xlsx_layout(tmp_path: Path, alignment: Alignment) -> None:
    target = tmp_path / "tiny.xlsx"
    export_alignment(alignment, target)
    workbook = openpyxl.load_workbook(target)
    assert workbook.sheetnames == ["Alignment", "Documents", "Meta", "Sentences", "Units"]
    assert [workbook[name].sheet_state for name in workbook.sheetnames] == ["visible"] * 3 + ["hidden"] * 2
    sheet = workbook["Alignment"]
    assert [c.value for c in sheet[1]] == ["Unit", "Paragraph", "en", "zh", "ru", "Status", "Comment", "Type",
                                          "Score", "Flagged", "Reasons", "Edited"]
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "C2"
    assert sheet.auto_filter.ref == "A1:L7"
    assert all(sheet.column_dimensions[letter].width >= 20 for letter in "CDE")
    assert sheet.column_dimensions["A"].width <= 12
    assert sheet["C4"].alignment.wrap_text and sheet["G5"].alignment.wrap_text
    for row in sheet.iter_rows(min_row=2):
        flagged = row[9].value
        assert all((cell.fill.fill_type == "solid") is flagged for cell in row)
    assert [sheet.cell(row, 6).value for row in range(2, 8)] == [unit.status for unit in alignment.units]
    assert sheet["G5"].value == "wrong link;\nsee unit 5"
    assert sheet["G3"].value == "=check: “as is” & <ok>" and sheet["G3"].quotePrefix
    assert sheet["K6"].value == "only in Chinese; length ratio 3.10"
    assert sheet["L7"].value == "zh"
    assert sheet["I2"].number_format == "0.00"


def test_xlsx_documents_and_meta_sheets(tmp_path: Path, alignment: Alignment) -> None:
    target = tmp_path / "tiny.xlsx"
    export_alignment(alignment, target)
    workbook = openpyxl.load_workbook(target)
    rows = list(workbook["Documents"].iter_rows(values_only=True))
    assert rows[0] == ("Language", "File", "Encoding", "Name", "Paragraphs", "Sentences", "Characters",
                       "Units", "Flagged units", "1-0 units", "0-1 units")
    by_lang = {row[0]: row for row in rows[1:]}
    assert by_lang["en"][1:4] == ("texts/tiny/en.txt", "utf-8", "S/2099/1")
    assert by_lang["en"][5] == 6  # sentences
    assert by_lang["en"][7:] == (5, 1, None, None)
    assert by_lang["zh"][7:] == (5, 1, 1, 1)  # one unit without Chinese, one in Chinese only
    assert by_lang["ru"][7:] == (5, 1, 0, 0)
    meta = dict(workbook["Meta"].iter_rows(min_row=2, values_only=True))
    assert meta["Signature"] == alignment.signature
    assert meta["Pivot"] == "en" and meta["Languages"] == "en, zh, ru"
    assert meta["alignkit version"]


def test_xlsx_drops_characters_xml_cannot_hold(tmp_path: Path) -> None:
    unit = AlignmentUnit(1, {"en": ("bell\x07 and\x00 null",)}, {"en": (0,)})
    target = tmp_path / "control.xlsx"
    export_alignment(Alignment(("en",), (unit,)), target)
    assert openpyxl.load_workbook(target)["Alignment"]["C2"].value == "bell and null"


def test_csv_has_bom_crlf_and_quoted_newlines(tmp_path: Path, alignment: Alignment) -> None:
    target = tmp_path / "tiny.csv"
    export_alignment(alignment, target)
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfunit,paragraph,en,zh,ru,status,comment,type,score,flagged,edited\r\n")
    text = data.decode("utf-8-sig")
    assert "\"'- first item,\nsecond line\"" in text
    assert ",'=SUM(A1) 是文本，不是公式。," in text


def test_tsv_has_no_bom_no_quotes_and_one_line_per_unit(tmp_path: Path, alignment: Alignment) -> None:
    target = tmp_path / "tiny.tsv"
    export_alignment(alignment, target)
    data = target.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8").split("\n")
    assert lines[-1] == "" and len(lines) == len(alignment) + 2
    assert all(line.count("\t") == 10 for line in lines[:-1])
    assert "'- first item, second line" in lines[3]
    assert '"as is"' in lines[2]


def test_jsonl_records(tmp_path: Path, alignment: Alignment) -> None:
    target = tmp_path / "tiny.jsonl"
    export_alignment(alignment, target)
    records = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert list(records[0]) == ["id", "document", "paragraph", "type", "score", "flagged", "reasons", "components",
                                "status", "comment", "edited", "segments", "text", "indices"]
    assert [(r["status"], r["comment"], r["edited"]) for r in records[1:6:2]] == [
        ("confirmed", "=check: “as is” & <ok>", []), ("rejected", "wrong link;\nsee unit 5", []), ("auto", "", ["zh"])]
    fourth = records[3]
    assert fourth["segments"] == {"en": ["@mention:\tvotes in favour +1."], "zh": [],
                                  "ru": ["@упоминание:\tголосов «за» +1."]}
    assert fourth["indices"] == {"en": [4], "zh": [], "ru": [4]}
    assert fourth["reasons"] == ["no Chinese counterpart"] and fourth["flagged"] is True
    assert records[0]["text"]["zh"] == "安全理事会，回顾其第2216(2015)号和第2342(2017)号决议，"
    assert "安全理事会" in target.read_text(encoding="utf-8")


def test_jsonl_escapes_unicode_line_separators(tmp_path: Path) -> None:
    unit = AlignmentUnit(1, {"en": ("one\u2028two\u2029three\x85four",)}, {"en": (0,)})
    target = tmp_path / "separators.jsonl"
    export_alignment(Alignment(("en",), (unit,)), target)
    text = target.read_text(encoding="utf-8")
    assert len(text.splitlines()) == 1
    assert json.loads(text)["text"]["en"] == "one\u2028two\u2029three\x85four"


def test_align_with_two_languages_writes_the_given_path(tmp_path: Path) -> None:
    target = tmp_path / "en-zh.align"
    assert export_alignment(tiny_alignment(("en", "zh")), target) == [target]
    assert target.read_text(encoding="utf-8") == (
        "[0, 1]:[0, 1]\n[2]:[2]\n[3]:[3]\n[4]:[]\n[]:[4]\n[5]:[5, 6]\n"
    )


def test_align_with_three_languages_writes_one_file_per_language(tmp_path: Path,
                                                                 alignment: Alignment) -> None:
    written = export_alignment(alignment, tmp_path / "out" / "x.align")
    assert written == [tmp_path / "out" / "x.zh.align", tmp_path / "out" / "x.ru.align"]
    assert not (tmp_path / "out" / "x.align").exists()
    assert read_align(written[1]) == [((0, 1), (0, 1)), ((2,), (2,)), ((3,), (3,)), ((4,), (4,)),
                                      ((5,), (5,))]


def test_align_needs_two_languages(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="needs two languages"):
        export_alignment(tiny_alignment(("en",)), tmp_path / "x.align")


def test_read_align_accepts_vecalign_costs_and_blank_lines(tmp_path: Path) -> None:
    beads = tmp_path / "vecalign.align"
    beads.write_text("[0]:[0]:0.123\n[1, 2]:[]:-0.5\n\n[]:[1,2]\n", encoding="utf-8")
    assert read_align(beads) == [((0,), (0,)), ((1, 2), ()), ((), (1, 2))]


@pytest.mark.parametrize("bad_line", ["[0]:[1", "[0] [1]", "[a]:[1]", "[0,,1]:[2]", "[0]:[1]:cost",
                                      "0:1"])
def test_read_align_reports_the_malformed_line(tmp_path: Path, bad_line: str) -> None:
    beads = tmp_path / "bad.align"
    beads.write_text(f"[0]:[0]\n[1]:[1]\n{bad_line}\n", encoding="utf-8")
    with pytest.raises(InputFormatError) as caught:
        read_align(beads)
    assert caught.value.line == 3
    assert str(caught.value).startswith(f"{beads}:3: ")


def test_read_align_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputFormatError, match="not found"):
        read_align(tmp_path / "missing.align")
