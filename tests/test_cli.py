"""The command line, driven through click's CliRunner: outputs, help, and every input error."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from alignkit import __version__
from alignkit.cli import cli
from alignkit.config import AlignConfig
from alignkit.model import Alignment, Document
from alignkit.progress import Progress
from alignkit.terms import Glossary

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "texts" / "S-2017-613"
SAMPLE_FILES = [str(SAMPLE / f"{lang}.txt") for lang in ("en", "zh", "ru")]
KOREAN = str(ROOT / "glossaries" / "korean-peninsula.csv")


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert __version__ in result.output


@pytest.mark.parametrize("command", [[], ["align"], ["segment"]])
def test_help_everywhere_has_examples(command: list[str]) -> None:
    result = run(*command, "--help")
    assert result.exit_code == 0
    assert "Example" in result.output


def test_align_prints_side_by_side_table() -> None:
    result = run("align", *SAMPLE_FILES)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("#1")
    for lang in ("en", "zh", "ru"):
        assert re.search(rf"^  {lang} ", result.output, re.MULTILINE)
    assert "Democratic People’s Republic of Korea" in result.output


def test_align_writes_every_requested_output(tmp_path: Path) -> None:
    outputs = [tmp_path / f"s.{ext}" for ext in ("tmx", "xlsx", "csv", "tsv", "jsonl")]
    args = ["align", *SAMPLE_FILES]
    for output in outputs:
        args += ["-o", str(output)]
    result = run(*args)
    assert result.exit_code == 0, result.output
    for output in outputs:
        assert output.stat().st_size > 0, output


def test_align_writes_one_align_file_per_language_pair(tmp_path: Path) -> None:
    result = run("align", *SAMPLE_FILES, "-o", str(tmp_path / "s.align"))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.ru.align", "s.zh.align"]


def test_segment_prints_labels_and_sentences() -> None:
    result = run("segment", str(SAMPLE / "ru.txt"))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert any(re.match(r"\s*\d+\s+1\.\s+\S", line) for line in lines)
    assert any("С. В. Лавров" in line for line in lines)


def _assert_input_error(result: Result, fragment: str) -> None:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    error_lines = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(error_lines) == 1, result.output
    assert fragment in error_lines[0]


def test_missing_file(tmp_path: Path) -> None:
    _assert_input_error(run("align", str(tmp_path / "nope.en.txt"), SAMPLE_FILES[1]), "nope.en.txt")


def test_empty_file(tmp_path: Path) -> None:
    empty = tmp_path / "x.en.txt"
    empty.write_bytes(b"")
    _assert_input_error(run("align", str(empty), SAMPLE_FILES[1]), "empty")


def test_binary_file(tmp_path: Path) -> None:
    binary = tmp_path / "x.en.txt"
    binary.write_bytes(bytes(range(256)) * 8)
    _assert_input_error(run("align", str(binary), SAMPLE_FILES[1]), "binary")


def test_undecodable_bytes_with_explicit_encoding(tmp_path: Path) -> None:
    bad = tmp_path / "x.ru.txt"
    bad.write_bytes("Статья 1. Все люди.\n".encode() + b"\xff\xfe\xfa")
    _assert_input_error(run("align", SAMPLE_FILES[0], str(bad), "--encoding", "utf-8"), "--encoding")


def test_unknown_language(tmp_path: Path) -> None:
    _assert_input_error(run("align", *SAMPLE_FILES[:2], "--langs", "en,xx"), "xx")


def test_two_files_of_one_language() -> None:
    _assert_input_error(run("align", SAMPLE_FILES[0], SAMPLE_FILES[0]), "both in language")


def test_output_that_is_a_directory(tmp_path: Path) -> None:
    _assert_input_error(run("align", *SAMPLE_FILES, "-o", str(tmp_path)), "directory")


def test_output_that_would_overwrite_an_input(tmp_path: Path) -> None:
    source = tmp_path / "en.txt"
    source.write_bytes(Path(SAMPLE_FILES[0]).read_bytes())
    before = source.read_bytes()
    result = run("align", str(source), SAMPLE_FILES[1], "-o", str(source))
    _assert_input_error(result, "overwrite")
    assert source.read_bytes() == before


def test_unknown_output_extension_lists_supported(tmp_path: Path) -> None:
    result = run("align", *SAMPLE_FILES, "-o", str(tmp_path / "x.docx"))
    _assert_input_error(result, ".tmx")
    assert not (tmp_path / "x.docx").exists()


def test_failed_export_leaves_no_partial_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import alignkit.sheets as sheets

    class FullDisk:
        """Writes part of the workbook, then runs out of space."""

        def __init__(self, workbook: object, archive: zipfile.ZipFile) -> None:
            self.archive = archive

        def save(self) -> None:
            self.archive.writestr("[Content_Types].xml", "<Types/>")
            raise OSError(28, "No space left on device", str(tmp_path / "s.xlsx"))

    monkeypatch.setattr(sheets, "ExcelWriter", FullDisk)
    result = run("align", *SAMPLE_FILES, "-o", str(tmp_path / "s.xlsx"))
    assert result.exit_code == 2
    assert list(tmp_path.iterdir()) == []


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--debug", "align", str(tmp_path / "nope.en.txt"), SAMPLE_FILES[1]])
    assert result.exit_code != 0
    assert result.exception is not None


def test_every_command_is_documented_in_the_readme() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("# alignkit\n\n```sh\nmake demo")
    for name, command in cli.commands.items():
        assert f"alignkit {name}" in readme, name
        assert command.help, name


@pytest.fixture
def aligned_with(monkeypatch: pytest.MonkeyPatch) -> list[str | None]:
    """The glossary (its fingerprint, or None) of every alignment made, in order."""
    from alignkit import pipeline
    from alignkit.align import align_documents

    seen: list[str | None] = []

    def spy(documents: Sequence[Document], config: AlignConfig, *, glossary: Glossary | None = None,
            progress: Progress | None = None) -> Alignment:
        seen.append(None if glossary is None else glossary.fingerprint())
        return align_documents(documents, config, glossary=glossary, progress=progress)

    monkeypatch.setattr(pipeline, "align_documents", spy)
    return seen


def test_check_aligns_files_with_the_glossary_as_align_does(tmp_path: Path, aligned_with: list[str | None]) -> None:
    assert run("align", *SAMPLE_FILES, "-g", KOREAN, "-o", str(tmp_path / "s.tmx")).exit_code == 0
    assert run("check", *SAMPLE_FILES, "-g", KOREAN, "--fail-on", "never").exit_code == 0
    assert len(aligned_with) == 2 and aligned_with[0] is not None
    assert aligned_with[1] == aligned_with[0]


def test_one_bad_output_stops_the_run_before_any_work(tmp_path: Path, aligned_with: list[str | None]) -> None:
    good = tmp_path / "good.tmx"
    result = run("align", *SAMPLE_FILES, "-o", str(good), "-o", str(tmp_path / "bad.docx"))
    _assert_input_error(result, "unknown output format '.docx'")
    assert aligned_with == [] and not good.exists()


@pytest.mark.parametrize(("command", "registry"), [
    (["align"], "alignkit.export:WRITERS"),
    (["align"], "alignkit.terms.glossary:GLOSSARY_READERS"),
    (["check"], "alignkit.terms.reports:REPORT_WRITERS"),
    (["batch"], "alignkit.readers:READERS"),
    (["batch"], "alignkit.terms.glossary:GLOSSARY_READERS"),
    (["glossary", "convert"], "alignkit.terms.glossary:GLOSSARY_WRITERS"),
])
def test_help_lists_the_formats_of_the_registries(command: list[str], registry: str) -> None:
    import importlib

    module, _, name = registry.partition(":")
    listing = getattr(importlib.import_module(module), name).listing()
    result = CliRunner().invoke(cli, [*command, "--help"])
    assert result.exit_code == 0
    assert listing in " ".join(result.output.split())


def test_every_format_placeholder_names_a_registry() -> None:
    from alignkit.cli import FORMAT_LISTINGS, with_formats

    for name in FORMAT_LISTINGS:
        assert with_formats(f"{{{name}}}").startswith(".")


def test_an_alignment_runs_without_garbage_collections(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import gc

    import alignkit.pipeline as pipeline

    collecting_during_run: list[bool] = []
    original_run = pipeline.run

    def recording_run(*args: object, **kwargs: object) -> object:
        collecting_during_run.append(gc.isenabled())
        return original_run(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "run", recording_run)
    result = run("align", *SAMPLE_FILES[:2], "-o", str(tmp_path / "s.tmx"))
    assert result.exit_code == 0, result.output
    assert collecting_during_run == [False]
    assert gc.isenabled()


def test_an_alignment_leaves_no_garbage_in_reference_cycles(tmp_path: Path) -> None:
    """What the run without garbage collections relies on: reference counting frees everything
    an alignment drops, however many sentences it has."""
    import gc

    from alignkit.pipeline import Job
    from alignkit.pipeline import run as run_job

    words = ["alpha", "beta", "gamma", "delta", "Kappa", "7", "(note)", "S/2017/613", "July"]
    left: list[int] = []
    for count in (40, 400):
        en = [f"{' '.join(words[k % 9:] + words[:k % 5])} {k}." for k in range(count)]
        fr = [f"{' '.join(words[k % 9:] + words[:k % 5]).upper()} {k}." for k in range(count)]
        (tmp_path / f"{count}.en.txt").write_text("\n".join(en) + "\n", encoding="utf-8")
        (tmp_path / f"{count}.fr.txt").write_text("\n".join(fr) + "\n", encoding="utf-8")
        job = Job(files=(tmp_path / f"{count}.en.txt", tmp_path / f"{count}.fr.txt"),
                  config=AlignConfig(presegmented=True), outputs=(tmp_path / f"{count}.tmx",))
        gc.collect()
        gc.disable()
        try:
            run_job(job)
            left.append(gc.collect())
        finally:
            gc.enable()
    assert left == [0, 0]
