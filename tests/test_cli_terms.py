"""`alignkit check`, `alignkit glossary convert` and `align --glossary`, through click's CliRunner."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from openpyxl import load_workbook

from alignkit.cli import cli

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_FILES = [str(ROOT / "texts" / "S-2017-613" / f"{lang}.txt") for lang in ("en", "zh", "ru")]
KOREAN = str(ROOT / "glossaries" / "korean-peninsula.csv")
CORE = str(ROOT / "glossaries" / "un-core.csv")
MINI = str(Path(__file__).resolve().parent / "data" / "glossary" / "mini.csv")


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


@pytest.fixture
def planted_files(tmp_path: Path) -> list[str]:
    """The sample with one real-looking error: the Russian signs "Министр" where "Ministry" is meant."""
    folder = tmp_path / "S-2017-613"
    folder.mkdir()
    for source in SAMPLE_FILES:
        text = Path(source).read_text(encoding="utf-8")
        if source.endswith("ru.txt"):
            text = text.replace("Министерство иностранных дел Российской Федерации",
                                "Министр иностранных дел Российской Федерации")
        (folder / Path(source).name).write_text(text, encoding="utf-8")
    return [str(folder / Path(source).name) for source in SAMPLE_FILES]


@pytest.fixture
def clean_glossary(tmp_path: Path) -> str:
    path = tmp_path / "clean.csv"
    path.write_text("id,en,zh,ru\ndenuclearization,denuclearization,无核化,денуклеаризация\n"
                    "thaad-system,Terminal High Altitude Area Defence,末段高空区域防御,"
                    "высотная противоракетная оборона на конечном участке траектории\n", encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("command", [["check"], ["glossary"], ["glossary", "convert"]])
def test_help_has_examples(command: list[str]) -> None:
    result = run(*command, "--help")
    assert result.exit_code == 0
    assert "Example" in result.output


def test_check_clean_document_exits_0(clean_glossary: str) -> None:
    result = run("check", *SAMPLE_FILES, "-g", clean_glossary, "--fail-on", "warning")
    assert result.exit_code == 0, result.output
    assert "No findings." in result.output
    assert "denuclearization" in result.output


def test_check_errors_exit_1_unless_fail_on_never(planted_files: list[str]) -> None:
    assert run("check", *SAMPLE_FILES, "-g", KOREAN, "-g", CORE).exit_code == 0
    result = run("check", *planted_files, "-g", KOREAN, "-g", CORE)
    assert result.exit_code == 1, result.output
    assert "ru error   missing      foreign-ministry" in result.output
    assert "\x1b[" not in result.output  # no colour codes when not on a terminal
    assert run("check", *planted_files, "-g", KOREAN, "--fail-on", "never").exit_code == 0


def test_check_fail_on_warning(tmp_path: Path) -> None:
    glossary = tmp_path / "sfs.csv"
    glossary.write_text("id,en,zh,ru\nsfs,suspension for suspension,双暂停,двойное замораживание\n", encoding="utf-8")
    assert run("check", *SAMPLE_FILES, "-g", str(glossary)).exit_code == 0
    result = run("check", *SAMPLE_FILES, "-g", str(glossary), "--fail-on", "warning")
    assert result.exit_code == 1
    assert "zh warning count" in result.output


def test_renderings_the_glossary_all_allows_are_info_and_never_fail(tmp_path: Path) -> None:
    glossary = tmp_path / "thaad.csv"
    glossary.write_text("id,en,zh,ru,note\nthaad,THAAD,萨德,THAAD|ТХААД,Abbreviation\n", encoding="utf-8")
    result = run("check", *SAMPLE_FILES, "-g", str(glossary), "--fail-on", "warning")
    assert result.exit_code == 0, result.output
    assert "ru info    inconsistent thaad" in result.output
    assert "which prefers 'THAAD'" in result.output
    assert "    note: Abbreviation" in result.output
    assert "0 error(s), 0 warning(s), 1 info" in result.output


def test_check_writes_every_report_format(tmp_path: Path) -> None:
    outputs = [tmp_path / f"report.{ext}" for ext in ("json", "csv", "xlsx", "html")]
    args = ["check", *SAMPLE_FILES, "-g", KOREAN, "--source", "zh", "--fail-on", "never"]
    for output in outputs:
        args += ["-o", str(output)]
    result = run(*args)
    assert result.exit_code == 0, result.output
    for output in outputs:
        assert output.stat().st_size > 0
    data = json.loads(outputs[0].read_text(encoding="utf-8"))
    assert data["summary"]["source"] == "zh"
    assert data["summary"]["errors"] == sum(f["severity"] == "error" for f in data["findings"])


def test_check_an_existing_translation_memory(tmp_path: Path, planted_files: list[str]) -> None:
    tmx = tmp_path / "s.tmx"
    assert run("align", *planted_files, "-o", str(tmx)).exit_code == 0
    result = run("check", "--tmx", str(tmx), "-g", KOREAN, "-o", str(tmp_path / "r.json"))
    assert result.exit_code == 1, result.output
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert data["summary"]["source"] == "en"
    assert {(f["lang"], f["concept"], f["kind"]) for f in data["findings"] if f["severity"] == "error"} == {
        ("ru", "foreign-ministry", "missing")}


@pytest.mark.parametrize(("args", "message"), [
    (["check", *SAMPLE_FILES], "give at least one --glossary"),
    (["check", SAMPLE_FILES[0], "-g", MINI], "give at least two FILES"),
    (["check", *SAMPLE_FILES, "--tmx", "x.tmx", "-g", MINI], "either FILES to align or --tmx"),
    (["check", *SAMPLE_FILES, "-g", "missing.csv"], "Error: missing.csv: no such file"),
    (["check", *SAMPLE_FILES, "-g", MINI, "--source", "fr"], "Error: source language 'fr'"),
    (["check", *SAMPLE_FILES, "-g", MINI, "-o", "report.pdf"], "unknown report format '.pdf'"),
    (["check", *SAMPLE_FILES, "-g", MINI, "--fail-on", "sometimes"], "Invalid value for '--fail-on'"),
    (["check", "--tmx", "absent.tmx", "-g", MINI], "Error: absent.tmx"),
])
def test_check_usage_and_input_errors_exit_2(args: list[str], message: str, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert message in result.output


def test_check_malformed_glossary_names_row(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("id,en,zh\nkp,Korean Peninsula,朝鲜半岛\nkp,Korea,朝鲜\n", encoding="utf-8")
    result = run("check", *SAMPLE_FILES, "-g", str(bad))
    assert result.exit_code == 2
    assert f"Error: {bad}, row 3, column 'id': duplicate id 'kp'" in result.output


def test_glossary_convert_round_trip(tmp_path: Path) -> None:
    tbx, back = tmp_path / "kp.tbx", tmp_path / "kp.csv"
    result = run("glossary", "convert", KOREAN, str(tbx))
    assert result.exit_code == 0, result.output
    assert "concepts, languages en, zh, ru" in result.output
    assert run("glossary", "convert", str(tbx), str(back)).exit_code == 0
    assert back.read_text(encoding="utf-8") == Path(KOREAN).read_text(encoding="utf-8")


@pytest.mark.parametrize(("args", "message"), [
    (["glossary", "convert", MINI, "out.docx"], "unknown glossary format '.docx'"),
    (["glossary", "convert", "absent.csv", "out.tbx"], "absent.csv: no such file"),
    (["glossary", "convert", MINI], "Missing argument 'TARGET'"),
])
def test_glossary_convert_errors_exit_2(args: list[str], message: str, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.output


def test_align_with_glossary_adds_findings_to_the_workbook(tmp_path: Path, planted_files: list[str]) -> None:
    xlsx, tmx = tmp_path / "s.xlsx", tmp_path / "s.tmx"
    result = run("align", *planted_files, "-g", KOREAN, "-o", str(xlsx), "-o", str(tmx))
    assert result.exit_code == 0, result.output
    assert "terms: 1 error(s)" in result.output  # the one planted
    workbook = load_workbook(xlsx)
    assert {"Alignment", "Term findings", "Terms"} <= set(workbook.sheetnames)
    alignment = workbook["Alignment"]
    header = [cell.value for cell in alignment[1]]
    assert header[-1] == "Term findings"
    column = [row[-1].value for row in alignment.iter_rows(min_row=2)]
    assert any(value and "ru missing foreign-ministry" in value for value in column)
    again = tmp_path / "again.xlsx"
    assert run("align", *planted_files, "-g", KOREAN, "-o", str(again)).exit_code == 0
    assert again.read_bytes() == xlsx.read_bytes()  # the findings do not make the workbook irreproducible
    with zipfile.ZipFile(xlsx) as archive:  # no clock in it: the bytes above can only match
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert 'xsi:type="dcterms:W3CDTF">1980-01-01T00:00:00Z</dcterms:modified>' in \
            archive.read("docProps/core.xml").decode()


def test_align_with_a_bad_glossary_fails_before_writing(tmp_path: Path) -> None:
    xlsx = tmp_path / "s.xlsx"
    result = run("align", *SAMPLE_FILES, "-g", str(tmp_path / "absent.csv"), "-o", str(xlsx))
    assert result.exit_code == 2
    assert not xlsx.exists()


def test_check_marks_terms_with_brackets_without_colour(planted_files: list[str]) -> None:
    result = run("check", *planted_files, "-g", KOREAN, "--fail-on", "never")
    assert "    [Ministry of Foreign Affairs] of the Russian Federation" in result.output


def test_check_colours_on_a_terminal(monkeypatch: pytest.MonkeyPatch, planted_files: list[str]) -> None:
    result = CliRunner().invoke(cli, ["check", *planted_files, "-g", KOREAN], color=True)
    assert "\x1b[31m" in result.output  # errors in red
    monkeypatch.setenv("NO_COLOR", "1")
    plain = CliRunner().invoke(cli, ["check", *planted_files, "-g", KOREAN], color=True)
    assert "\x1b[" not in plain.output


def test_fail_on_levels_match_the_library() -> None:
    from alignkit.cli import FAIL_ON_LEVELS
    from alignkit.terms import FAIL_ON

    assert FAIL_ON_LEVELS == tuple(FAIL_ON)
