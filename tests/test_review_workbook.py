"""The review workbook: readable on screen and on paper, and read back as a reviewer left it."""

from __future__ import annotations

import json
import math
import shutil
import subprocess
import unicodedata
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.worksheet.worksheet import Worksheet

from alignkit.cli import cli
from alignkit.errors import InputFormatError
from alignkit.export import export_alignment
from alignkit.export.xlsx import read
from alignkit.model import Alignment, AlignmentUnit
from alignkit.pipeline import align_files, convert_file
from alignkit.review import rebuild
from alignkit.sheets import set_cell
from export_fixtures import tiny_alignment
from review_helpers import ModelRow, alignments, edited_rows, render, sentences_of

SOFFICE = shutil.which("libreoffice") or shutil.which("soffice")
#: Lower bounds no real font goes under: a CJK character is at least 1.5 widths of ``0``, any other 0.75,
#: and a line of 11-point text at least 12 points tall.
_NARROWEST_CJK, _NARROWEST_OTHER, _SHORTEST_LINE = 1.5, 0.75, 12.0


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """S/2017/613 aligned into a review workbook."""
    texts = Path(__file__).resolve().parent.parent / "texts" / "S-2017-613"
    target = tmp_path_factory.mktemp("sample") / "S-2017-613.xlsx"
    export_alignment(align_files([texts / "en.txt", texts / "zh.txt", texts / "ru.txt"]), target)
    return target


def _fewest_lines(text: str, width: float) -> int:
    """Lines ``text`` takes at the very least in a column ``width`` zeros wide."""
    lines = 0
    for paragraph in text.split("\n"):
        wide = sum(unicodedata.east_asian_width(c) in "WF" for c in paragraph)
        needed = wide * _NARROWEST_CJK + (len(paragraph) - wide) * _NARROWEST_OTHER
        lines += max(1, math.ceil(needed / width))
    return lines


def _assert_rows_fit_their_text(sheet: Worksheet) -> None:
    widths = {cell.column: sheet.column_dimensions[cell.column_letter].width for cell in sheet[1]}
    for row in sheet.iter_rows(min_row=2):
        height = sheet.row_dimensions[row[0].row].height
        for cell in row:
            if isinstance(cell.value, str) and cell.alignment.wrap_text:
                needed = _fewest_lines(cell.value, widths[cell.column]) * _SHORTEST_LINE
                assert height is not None and height >= needed, (cell.coordinate, height, needed)


# ----------------------------------------------------------------- layout


def test_rows_are_tall_enough_for_their_wrapped_text(sample: Path) -> None:
    sheet = openpyxl.load_workbook(sample)["Alignment"]
    _assert_rows_fit_their_text(sheet)
    assert max(sheet.row_dimensions[r].height for r in range(2, sheet.max_row + 1)) > 100  # long paragraphs


def test_the_old_one_line_rows_would_fail_the_check(sample: Path, tmp_path: Path) -> None:
    workbook = openpyxl.load_workbook(sample)
    sheet = workbook["Alignment"]
    for row in range(2, sheet.max_row + 1):
        sheet.row_dimensions[row].height = None
    with pytest.raises(AssertionError):
        _assert_rows_fit_their_text(sheet)


def test_the_sheet_prints_landscape_fit_to_width_with_the_header_on_every_page(sample: Path) -> None:
    sheet = openpyxl.load_workbook(sample)["Alignment"]
    setup = sheet.page_setup
    assert (setup.orientation, setup.fitToWidth, setup.fitToHeight) == ("landscape", 1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.print_area == f"'Alignment'!$A$1:$G${sheet.max_row}"  # Unit … Comment
    assert [cell.value for cell in sheet[1]][:7] == ["Unit", "Paragraph", "en", "zh", "ru", "Status", "Comment"]
    assert sheet.freeze_panes == "C2"


def test_status_is_a_drop_down_list(sample: Path) -> None:
    sheet = openpyxl.load_workbook(sample)["Alignment"]
    (validation,) = sheet.data_validations.dataValidation
    assert validation.type == "list" and validation.formula1 == '"auto,confirmed,rejected"'
    assert validation.showErrorMessage and str(validation.sqref).startswith("F2:F")
    assert {sheet.cell(row, 6).value for row in range(2, sheet.max_row + 1)} == {"auto"}


def test_language_columns_share_the_width_by_the_text_they_hold(sample: Path) -> None:
    sheet = openpyxl.load_workbook(sample)["Alignment"]
    en, zh, ru = (sheet.column_dimensions[letter].width for letter in "CDE")
    assert zh < en < ru and en + zh + ru == pytest.approx(120, abs=2)


def test_a_unit_too_long_for_one_row_continues_on_the_next_rows(tmp_path: Path) -> None:
    english = tuple(f"Sentence {n} of a very long paragraph that goes on and on." for n in range(400))
    chinese = ("一句很长的话" * 3000 + "。",)  # one sentence of 18,001 characters
    units = (AlignmentUnit(1, {"en": english, "zh": chinese}, {"en": tuple(range(400)), "zh": (0,)}),
             AlignmentUnit(2, {"en": ("Short.",), "zh": ("短。",)}, {"en": (400,), "zh": (1,)}))
    original = Alignment(("en", "zh"), units, name="long")
    target = tmp_path / "long.xlsx"
    export_alignment(original, target)
    sheet = openpyxl.load_workbook(target)["Alignment"]
    units_column = [sheet.cell(row, 1).value for row in range(2, sheet.max_row + 1)]
    assert units_column[0] == 1 and units_column[-1] == 2
    assert set(units_column[1:-1]) == {"1 (continued)"} and len(units_column) > 10
    assert all(sheet.row_dimensions[row].height <= 409 for row in range(2, sheet.max_row + 1))
    assert all(len(str(cell.value or "")) <= 32_767 for row in sheet.iter_rows() for cell in row)
    table = read(target)
    assert [row.unit for row in table.rows] == [1, 2]
    reviewed = rebuild(table.original or original, table.rows)
    assert reviewed.changes == ()
    assert reviewed.alignment.units[0].segments == {"en": english, "zh": chinese}


def test_a_sentence_longer_than_a_cell_is_kept_whole_in_the_hidden_sheet(tmp_path: Path) -> None:
    giant = " ".join(["word"] * 15_000)  # 74,999 characters
    original = Alignment(("en",), (AlignmentUnit(1, {"en": (giant,)}, {"en": (0,)}),))
    target = tmp_path / "giant.xlsx"
    export_alignment(original, target)
    hidden = openpyxl.load_workbook(target)["Sentences"]
    assert hidden.max_row == 4  # header + three parts
    table = read(target)
    assert table.original is not None and table.original.units[0].segments["en"] == (giant,)
    assert rebuild(table.original, table.rows).alignment.units[0].segments["en"] == (giant,)


def test_the_workbook_carries_the_original_in_hidden_protected_sheets(tmp_path: Path) -> None:
    original = tiny_alignment()
    target = tmp_path / "tiny.xlsx"
    export_alignment(original, target)
    workbook = openpyxl.load_workbook(target)
    for name in ("Sentences", "Units"):
        assert workbook[name].sheet_state == "hidden" and workbook[name].protection.sheet
    table = read(target)
    assert table.original is not None
    assert (table.name, table.signature, table.langs) == (original.name, original.signature, original.langs)
    for before, after in zip(original.units, table.original.units, strict=True):
        assert (after.id, after.segments, after.indices, after.reasons, after.edited) == (
            before.id, before.segments, before.indices, before.reasons, before.edited)
    assert [(row.unit, row.status, row.comment) for row in table.rows] == [
        (u.id, u.status, u.comment) for u in original.units]


def test_hidden_sheets_that_were_tampered_with_are_an_error(tmp_path: Path) -> None:
    target = tmp_path / "tiny.xlsx"
    export_alignment(tiny_alignment(), target)
    workbook = openpyxl.load_workbook(target)
    workbook["Sentences"]["B3"] = "two"
    workbook.save(target)
    with pytest.raises(InputFormatError, match=r"hidden sheet Sentences, row 3: Index 'two' is not a whole number"):
        read(target)


# ----------------------------------------------------------------- LibreOffice renders it


def _render(workbook: Path, directory: Path) -> Path:
    profile = directory / "profile"
    subprocess.run([str(SOFFICE), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(directory), str(workbook)], check=True, capture_output=True, timeout=300)
    return directory / (workbook.stem + ".pdf")


def text_drawn_over_text(pdf: Path) -> list[str]:
    """Characters drawn over other characters, or across a row's border, on any page."""
    import pdfplumber

    found: list[str] = []
    with pdfplumber.open(pdf) as document:
        for number, page in enumerate(document.pages, start=1):
            chars = sorted((c for c in page.chars if c["text"].strip()), key=lambda c: c["x0"])
            for i, a in enumerate(chars):
                for b in chars[i + 1:]:
                    if b["x0"] >= a["x1"]:
                        break
                    across = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
                    down = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
                    if across > 0.3 * min(a["width"], b["width"]) and down > 0.3 * min(a["height"], b["height"]):
                        found.append(f"page {number}: {a['text']!r} over {b['text']!r} at {a['x0']:.0f},{a['top']:.0f}")
            for c in chars:  # a border through the middle half of a character's box (fonts' boxes vary at the ends)
                inside = 0.25 * c["height"]
                for edge in page.horizontal_edges:
                    if edge["x0"] <= c["x0"] and c["x1"] <= edge["x1"] and \
                            c["top"] + inside < edge["top"] < c["bottom"] - inside:
                        found.append(f"page {number}: {c['text']!r} across a border at {c['x0']:.0f},{c['top']:.0f}")
                        break
    return found


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed (apt-get install libreoffice-calc-nogui)")
def test_libreoffice_prints_it_without_text_over_text(sample: Path, tmp_path: Path) -> None:
    import pdfplumber

    pdf = _render(sample, tmp_path)
    assert text_drawn_over_text(pdf) == []
    with pdfplumber.open(pdf) as document:
        pages = [page.extract_text() or "" for page in document.pages]
    alignment_pages = [text for text in pages if "Status" in text and "Comment" in text]
    assert 1 <= len(alignment_pages) <= 6
    for text in alignment_pages:  # every page repeats the header with every language
        header = text.split("\n")[0 if text.startswith("Unit") else 1]
        assert header.split()[:5] == ["Unit", "Paragraph", "en", "zh", "ru"], header


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed (apt-get install libreoffice-calc-nogui)")
def test_the_check_finds_text_over_text_in_a_workbook_without_row_heights(sample: Path, tmp_path: Path) -> None:
    """The check can fail: the same workbook with default row heights draws text over the next rows."""
    workbook = openpyxl.load_workbook(sample)
    sheet = workbook["Alignment"]
    for row in range(2, sheet.max_row + 1):
        sheet.row_dimensions[row].height = None
    flat = tmp_path / "flat.xlsx"
    workbook.save(flat)
    assert len(text_drawn_over_text(_render(flat, tmp_path))) > 100


# ----------------------------------------------------------------- a reviewer's edits in the workbook


def _rewrite_rows(workbook: Path, rows: list[ModelRow], alignment: Alignment) -> None:
    """Put the reviewer's rows in the Alignment sheet, as cell edits, row inserts and deletes would."""
    book = openpyxl.load_workbook(workbook)
    sheet = book["Alignment"]
    sheet.delete_rows(2, sheet.max_row)
    for number, row in enumerate(render(rows, alignment), start=2):
        # set_cell keeps "=check" text, as the apostrophe a reviewer types before it does
        values = [row.unit, None, *(row.text(lang) for lang in alignment.langs), row.status, row.comment]
        for column, value in enumerate(values, start=1):
            set_cell(sheet.cell(number, column), value)
    book.save(workbook)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), original=alignments())
def test_edits_in_a_workbook_convert_with_every_sentence_once_in_order(data: st.DataObject, original: Alignment,
                                                                       tmp_path: Path) -> None:
    workbook, jsonl = tmp_path / "review.xlsx", tmp_path / "reviewed.jsonl"
    export_alignment(original, workbook)
    rows = data.draw(edited_rows(original))
    _rewrite_rows(workbook, rows, original)
    convert_file(workbook, [jsonl])
    records = [json.loads(line) for line in jsonl.read_text("utf-8").splitlines()]
    texts = sentences_of(original)
    for lang in original.langs:
        assert [i for record in records for i in record["indices"][lang]] == list(range(len(texts[lang])))
        assert [s for record in records for s in record["segments"][lang]] == texts[lang]
    with_text = [row for row in rows if not row.is_empty()]
    assert [(r["status"], r["comment"]) for r in records] == [(row.status, row.comment) for row in with_text]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), original=alignments(twins=False))
def test_text_lost_in_a_workbook_is_exit_2_naming_the_unit(data: st.DataObject, original: Alignment,
                                                          tmp_path: Path) -> None:
    workbook, tmx = tmp_path / "review.xlsx", tmp_path / "reviewed.tmx"
    export_alignment(original, workbook)
    rows = data.draw(edited_rows(original))
    filled = [(r, lang) for r, row in enumerate(rows) for lang in original.langs if row.positions[lang]]
    r, lang = data.draw(st.sampled_from(filled))
    lost = rows[r].positions[lang].pop(data.draw(st.integers(0, len(rows[r].positions[lang]) - 1)))
    owner = next(u.id for u in original.units if lost in u.indices[lang])
    _rewrite_rows(workbook, rows, original)
    result = CliRunner().invoke(cli, ["convert", str(workbook), "-o", str(tmx)])
    assert result.exit_code == 2
    assert f"1 problem in the review: unit {owner} {lang}: sentence lost" in result.stderr
    assert not tmx.exists()
