"""Term reports: JSON, CSV, XLSX, HTML (rendered in headless Chromium) and the terminal view."""

from __future__ import annotations

import csv
import json
import os
import struct
import subprocess
import zlib
from pathlib import Path

import click
import pytest
from openpyxl import load_workbook
from openpyxl.cell.rich_text import CellRichText

from alignkit.errors import ExportError
from alignkit.model import Alignment, AlignmentUnit
from alignkit.terms import TermReport, add_findings, check_terms, format_report, load_glossary, write_report
from alignkit.terms.html_report import highlight, render_html

DATA = Path(__file__).resolve().parent / "data" / "glossary"
CHROMIUM = Path("/usr/bin/chromium")


def unit(i: int, en: str, zh: str, ru: str) -> AlignmentUnit:
    return AlignmentUnit(id=i, segments={"en": (en,), "zh": (zh,), "ru": (ru,)},
                         indices={"en": (i,), "zh": (i,), "ru": (i,)}, paragraph=f"{i}.")


@pytest.fixture(scope="module")
def report() -> TermReport:
    glossary = load_glossary(DATA / "mini.csv")
    units = (
        unit(1, "The Parties discussed the Korean Peninsula and North-East Asia.",
             "双方讨论了韩半岛和东北亚。", "Стороны обсудили Корейский полуостров и Северо-Восточную Азию."),
        unit(2, "The suspension for suspension initiative.", "“双暂停”倡议，即“双暂停”。",
             "Инициатива «двойного замораживания»."),
        unit(3, "=HYPERLINK(\"x\") and the DPRK.", "朝鲜。", "Корейская Народно-Демократическая Республика."),
        unit(4, "The DPRK again.", "朝鲜再次。", "КНДР снова."),
        unit(5, "The DPRK <b>too</b>.", "朝鲜也是。", "КНДР тоже."),
        unit(6, "Human rights & more.", "人权。", "Ничего."),
    )
    return check_terms(Alignment(("en", "zh", "ru"), units, name="demo <doc>"), glossary)


def test_the_fixture_has_every_kind_but_unexpected(report: TermReport) -> None:
    assert {f.kind for f in report.findings} == {"forbidden", "count", "inconsistent", "missing"}


def test_json_report(report: TermReport, tmp_path: Path) -> None:
    path = write_report(report, tmp_path / "r.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["summary"]["document"] == "demo <doc>"
    assert data["summary"]["by_kind"]["forbidden"] == 1
    first = data["findings"][0]
    assert {k: first[k] for k in ("unit", "paragraph", "lang", "concept", "kind", "severity", "match")} == {
        "unit": 1, "paragraph": "1.", "lang": "zh", "concept": "korean-peninsula", "kind": "forbidden",
        "severity": "error", "match": "韩半岛"}
    assert first["target_text"] == "双方讨论了韩半岛和东北亚。"


def test_csv_report_escapes_formulas(report: TermReport, tmp_path: Path) -> None:
    path = write_report(report, tmp_path / "r.csv")
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == len(report.findings)
    formula_rows = [r for r in rows if "HYPERLINK" in r["source_text"]]
    assert formula_rows and all(r["source_text"].startswith("'=") for r in formula_rows)


def test_xlsx_report_highlights_the_term_and_has_a_concept_sheet(report: TermReport, tmp_path: Path) -> None:
    path = write_report(report, tmp_path / "r.xlsx")
    workbook = load_workbook(path, rich_text=True)
    assert workbook.sheetnames == ["Term findings", "Terms"]
    findings = workbook["Term findings"]
    header = [c.value for c in findings[1]]
    assert header[:7] == ["unit", "paragraph", "lang", "concept", "kind", "severity", "match"]
    snippet = findings.cell(2, header.index("snippet") + 1).value
    assert isinstance(snippet, CellRichText)
    bold = [block for block in snippet if not isinstance(block, str) and block.font.b]
    assert [block.text for block in bold] == ["韩半岛"]
    source = [row for row in findings.iter_rows(min_row=2) if "HYPERLINK" in str(row[9].value)]
    assert source and source[0][9].data_type == "s"
    concepts = {row[0].value: row for row in workbook["Terms"].iter_rows(min_row=2)}
    assert "dprk" in concepts and "korean-peninsula" in concepts


def test_unknown_report_format(report: TermReport, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="unknown report format '.pdf'"):
        write_report(report, tmp_path / "r.pdf")
    with pytest.raises(ExportError, match="is a directory"):
        write_report(report, tmp_path)


def test_html_is_self_contained_escaped_and_filterable(report: TermReport) -> None:
    page = render_html(report)
    assert page.startswith("<!DOCTYPE html>")
    assert "demo &lt;doc&gt;" in page and "<b>too</b>" not in page
    assert '<mark class="term">韩半岛</mark>' in page
    for kind in ("missing", "forbidden", "count", "unexpected", "inconsistent"):
        assert f'data-kind="{kind}"' in page
    for external in ("http://", "https://", "<link", " src=", "@import"):
        assert external not in page


def test_highlight_escapes_and_marks() -> None:
    assert highlight("a<b>c", [(1, 4)]) == 'a<mark class="term">&lt;b&gt;</mark>c'
    assert highlight("abc", []) == "abc"


def test_terminal_view_plain_and_coloured(report: TermReport) -> None:
    plain = list(format_report(report, color=False))
    assert plain[0].startswith("demo <doc>: 6 units, source en")
    assert any(line.startswith("#1 ¶1. zh error") for line in plain)
    assert any("[韩半岛]" in line for line in plain)
    coloured = "\n".join(format_report(report, color=True))
    assert "\x1b[" in coloured and click.unstyle(coloured).count("\n") == len(plain) - 1


def test_findings_are_added_to_an_alignment_workbook(report: TermReport, tmp_path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Alignment"
    sheet.append(["Unit", "Paragraph", "en", "zh", "ru"])
    for i in range(1, 7):
        sheet.append([i, f"{i}.", "e", "z", "r"])
    add_findings(workbook, report)
    assert workbook.sheetnames == ["Alignment", "Term findings", "Terms"]
    column = [c.value for c in workbook["Alignment"]["F"]]
    assert column[0] == "Term findings"
    assert column[1] == "zh forbidden korean-peninsula: 韩半岛"
    assert column[5] is None  # unit 5 has no finding


# --------------------------------------------------------------------------- real browser

def png_pixels(path: Path) -> tuple[int, int, bytes]:
    """Width, height and raw scanlines (filter bytes included) of an 8-bit RGB(A) PNG."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    chunks, position = [], 8
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        if kind == b"IDAT":
            chunks.append(data[position + 8:position + 8 + length])
        position += 12 + length
    return width, height, zlib.decompress(b"".join(chunks))


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium (apt-get install chromium)")
def test_html_report_renders_in_headless_chromium(report: TermReport, tmp_path: Path) -> None:
    page = write_report(report, tmp_path / "report.html")
    screenshot = tmp_path / "shot.png"
    command = [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               f"--user-data-dir={tmp_path / 'profile'}", f"--screenshot={screenshot}",
               "--window-size=1280,900", page.resolve().as_uri()]
    env = dict(os.environ, HOME=str(tmp_path))
    subprocess.run(command, check=True, capture_output=True, timeout=120, env=env)
    assert screenshot.exists() and screenshot.stat().st_size > 10_000
    width, height, raw = png_pixels(screenshot)
    assert (width, height) == (1280, 900)
    # A blank page compresses to a handful of distinct bytes; text, tables and marks do not.
    assert len(set(raw)) > 50


# --------------------------------------------------------------------------- notes and renderings (issue #10)

NOTE = "UN Chinese: 安全理事会 in full; 安理会 is the short form"


@pytest.fixture
def council_report(tmp_path: Path) -> TermReport:
    path = tmp_path / "council.csv"
    path.write_text(f"id,en,zh,ru,note\nsecurity-council,Security Council,安全理事会|安理会,Совет Безопасности,{NOTE}\n",
                    encoding="utf-8")
    chinese = ("安理会", "安全理事会", "安理会", "安理会")
    units = tuple(unit(i, "The Security Council met.", f"{zh}开会。", "Совет Безопасности собрался.")
                  for i, zh in enumerate(chinese, start=1))
    return check_terms(Alignment(("en", "zh", "ru"), units, name="council"), load_glossary(path))


def test_every_report_shows_the_glossary_note(council_report: TermReport, tmp_path: Path) -> None:
    page = render_html(council_report)
    assert page.count(NOTE) == 2  # under the finding, and in the concepts table
    terminal = list(format_report(council_report))
    assert f"    note: {NOTE}" in terminal
    workbook = load_workbook(write_report(council_report, tmp_path / "r.xlsx"))
    for sheet in ("Term findings", "Terms"):
        rows = list(workbook[sheet].iter_rows(values_only=True))
        assert rows[0][-1] == "note" and rows[1][-1] == NOTE, sheet
    with open(write_report(council_report, tmp_path / "r.csv"), encoding="utf-8", newline="") as handle:
        assert [row["note"] for row in csv.DictReader(handle)] == [NOTE]
    data = json.loads(write_report(council_report, tmp_path / "r.json").read_text(encoding="utf-8"))
    assert data["findings"][0]["note"] == NOTE
    assert data["summary"]["per_concept"]["security-council"]["note"] == NOTE


def test_the_concepts_table_counts_each_rendering_as_found(council_report: TermReport) -> None:
    page = render_html(council_report)
    assert "<td>安全理事会 ×1, 安理会 ×3</td>" in page
    assert "安全理事会 <span" not in page and "×4</span>" not in page


def test_info_findings_are_counted_and_styled(council_report: TermReport, tmp_path: Path) -> None:
    assert [f.severity for f in council_report.findings] == ["info"]
    assert "<span>1 info</span>" in render_html(council_report)
    assert '<tr class="info"' in render_html(council_report)
    workbook = load_workbook(write_report(council_report, tmp_path / "r.xlsx"))
    assert workbook["Term findings"].cell(2, 1).fill.start_color.rgb == "FFDDEBF7"


def test_the_report_records_the_settings_that_decided_it(council_report: TermReport, tmp_path: Path) -> None:
    settings = council_report.settings
    assert settings.startswith("alignkit:") and "|source:en|en:english-forms|" in settings
    assert "|zh:cjk-substring(" in settings and "|ru:pymorphy3-" in settings
    assert settings.endswith("|glossary:1c-" + settings.rsplit("-", 1)[1])
    data = json.loads(write_report(council_report, tmp_path / "r.json").read_text(encoding="utf-8"))
    assert data["summary"]["settings"] == settings
    assert f"<code>{settings}</code>" in render_html(council_report).replace("&#x27;", "'")
