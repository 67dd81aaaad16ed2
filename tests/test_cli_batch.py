"""``alignkit batch`` on the command line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from alignkit.cli import cli

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "texts" / "S-2017-613"
KOREAN = ROOT / "glossaries" / "korean-peninsula.csv"
CORE = ROOT / "glossaries" / "un-core.csv"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The sample document as ODS-named plain-text files, and a file that does not pair."""
    root = tmp_path / "in"
    root.mkdir()
    for lang, letter in (("en", "E"), ("zh", "C"), ("ru", "R")):
        shutil.copy(SAMPLE / f"{lang}.txt", root / f"S-2017-613-{letter}.txt")
    (root / "A-RES-71-1-R.txt").write_text("Генеральная Ассамблея.\n", encoding="utf-8")
    return root


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def test_help_lists_the_options() -> None:
    result = run("batch", "--help")
    assert result.exit_code == 0
    for option in ("--output", "--langs", "--pivot", "-g, --glossary", "--jobs", "--resume", "--scheduler"):
        assert option in result.output


def test_batch_writes_outputs_and_reports(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("batch", str(folder), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert (out / "S-2017-613.tmx").is_file() and (out / "S-2017-613.xlsx").is_file()
    assert (out / "all.tmx").is_file() and (out / "summary.csv").is_file() and (out / "summary.xlsx").is_file()
    assert "unpaired: " in result.stderr and "A-RES-71-1-R.txt: the only language version" in result.stderr
    assert "1 of 1 documents aligned (0 resumed)" in result.stderr
    assert "it/s" not in result.stderr  # no progress bar when stderr is not a terminal

    again = run("batch", str(folder), "-o", str(out), "--resume")
    assert again.exit_code == 0 and "(1 resumed)" in again.stderr


def test_a_failed_document_makes_the_exit_status_1(folder: Path, tmp_path: Path) -> None:
    (folder / "S-2018-1-E.txt").write_text("The Council met.\n", encoding="utf-8")
    (folder / "S-2018-1-C.pdf").write_bytes(b"%PDF-1.4 broken")
    result = run("batch", str(folder), "-o", str(tmp_path / "out"), "--jobs", "1")
    assert result.exit_code == 1
    assert "failed: S/2018/1: " in result.stderr and "S-2018-1-C.pdf" in result.stderr
    assert "1 of 2 documents aligned" in result.stderr


def test_bad_settings_are_one_error_line(folder: Path, tmp_path: Path) -> None:
    result = run("batch", str(folder), "-o", str(tmp_path / "out"), "--pivot", "fr")
    assert result.exit_code == 2
    assert result.stderr.strip() == ("Error: the pivot 'fr' is not among the languages en, zh, ru; "
                                     "add it to --langs")
    missing = run("batch", str(tmp_path / "nowhere"), "-o", str(tmp_path / "out"))
    assert missing.exit_code == 2 and "nowhere: is not a folder" in missing.stderr


def test_glossary_is_repeatable_as_in_align_and_check(folder: Path, tmp_path: Path) -> None:
    from lxml import etree

    from alignkit.align import signature
    from alignkit.config import AlignConfig
    from alignkit.terms import load_glossaries

    out = tmp_path / "out"
    result = run("batch", str(folder), "-o", str(out), "-g", str(KOREAN), "--glossary", str(CORE))
    assert result.exit_code == 0, result.output
    assert (out / "S-2017-613.terms.xlsx").is_file()
    header = etree.parse(str(out / "S-2017-613.tmx")).getroot().find("header")
    assert header.findtext("prop[@type='x-alignkit-signature']") == \
        signature(AlignConfig(pivot="en"), load_glossaries([KOREAN, CORE]))


def test_a_run_without_glossary_removes_the_term_report_of_an_earlier_run(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("batch", str(folder), "-o", str(out), "-g", str(KOREAN)).exit_code == 0
    assert (out / "S-2017-613.terms.xlsx").is_file()
    result = run("batch", str(folder), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert not (out / "S-2017-613.terms.xlsx").exists()
    assert (out / "S-2017-613.tmx").is_file()


def test_a_misnamed_file_fails_with_a_way_out_batch_has(folder: Path, tmp_path: Path) -> None:
    shutil.copy(SAMPLE / "en.txt", folder / "S-2018-1-E.txt")
    shutil.copy(SAMPLE / "zh.txt", folder / "S-2018-1-R.txt")  # Chinese text named Russian
    result = run("batch", str(folder), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    (line,) = [line for line in result.stderr.splitlines() if line.startswith("failed: S/2018/1: ")]
    assert "S-2018-1-R.txt: the file name says 'ru', but the text is in Han script" in line
    assert "rename the file" in line
    assert "--langs" not in line and "--trust-langs" not in line  # options batch does not have for this
