"""Progress of long runs: the library reports it to a callback and says nothing itself; the command
line draws a bar on stderr only on a terminal, never when CI is set, and only after a moment."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from alignkit import display, progress
from alignkit.cli import cli
from alignkit.display import ProgressBar
from alignkit.pipeline import Job, run
from alignkit.progress import REPORTS_PER_STAGE, Tally

Report = tuple[str, int, int]


def _files(sample_dir: Path) -> tuple[Path, ...]:
    return tuple(sample_dir / name for name in ("en.txt", "zh.txt", "ru.txt"))


def test_the_library_reports_every_stage_and_prints_nothing(sample_dir: Path, tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    reports: list[Report] = []
    outputs = tuple(tmp_path / f"S-2017-613.{extension}" for extension in ("tmx", "csv", "jsonl", "xlsx"))
    run(Job(files=_files(sample_dir), outputs=outputs), progress=lambda *report: reports.append(report))
    assert capsys.readouterr() == ("", "")
    stages = list(dict.fromkeys(stage for stage, _, _ in reports))
    assert stages == ["read en.txt", "read zh.txt", "read ru.txt", "align en-zh", "align en-ru", "merge",
                      *(f"write {path}" for path in outputs)]
    for stage in stages:
        counts = [(done, total) for name, done, total in reports if name == stage]
        assert counts[-1][0] == counts[-1][1] > 0, stage  # every stage ends complete
        dones = [done for done, _ in counts]
        assert dones == sorted(dones) and all(done <= total for done, total in counts), stage
    units = max(total for stage, _, total in reports if stage.startswith("write"))
    assert units == len(run(Job(files=_files(sample_dir))).alignment.units)


def test_a_run_without_a_callback_prints_nothing(sample_dir: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    run(Job(files=_files(sample_dir)[:2], outputs=(tmp_path / "x.tmx", tmp_path / "x.csv")))
    assert capsys.readouterr() == ("", "")


def test_a_stage_reports_a_bounded_number_of_times() -> None:
    reports: list[Report] = []
    tally = Tally(lambda *report: reports.append(report), "align en-zh", 1_000_003)
    for _ in range(1_000_003):
        tally.add()
    tally.finish()
    assert reports[0] == ("align en-zh", 0, 1_000_003) and reports[-1] == ("align en-zh", 1_000_003, 1_000_003)
    assert len(reports) <= REPORTS_PER_STAGE + 2


def test_a_stage_ended_early_is_reported_complete() -> None:
    reports: list[Report] = []
    tally = Tally(lambda *report: reports.append(report), "align en-zh", 100)
    tally.add(50)  # the second pass was not needed
    tally.finish()
    assert reports == [("align en-zh", 0, 100), ("align en-zh", 50, 100), ("align en-zh", 100, 100)]


# ------------------------------------------------------------------ the bar of the command line


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """stderr taken for a terminal, CI unset, and the bar drawn at once (no delay)."""
    monkeypatch.setattr(progress, "stderr_is_terminal", lambda: True)
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr(display, "PROGRESS_DELAY", 0.0)
    return monkeypatch


def _align(sample_dir: Path, tmp_path: Path, *options: str) -> str:
    """alignkit align on the sample's English and Chinese with an output; its stderr."""
    en, zh, _ = _files(sample_dir)
    result = CliRunner().invoke(cli, ["align", str(en), str(zh), "-o", str(tmp_path / "x.tmx"), *options])
    assert result.exit_code == 0, result.output
    return result.stderr


def test_the_bar_is_drawn_on_a_terminal(terminal: pytest.MonkeyPatch, sample_dir: Path, tmp_path: Path) -> None:
    stderr = _align(sample_dir, tmp_path)
    assert "align en-zh: " in stderr and "%|" in stderr
    assert f"write {tmp_path / 'x.tmx'}: " in stderr
    assert stderr.rstrip().endswith(f"wrote {tmp_path / 'x.tmx'}")  # the bar is gone before the summary


def test_no_bar_when_ci_is_set(terminal: pytest.MonkeyPatch, sample_dir: Path, tmp_path: Path) -> None:
    terminal.setenv("CI", "true")
    assert "%|" not in _align(sample_dir, tmp_path)


def test_no_bar_when_stderr_is_not_a_terminal(terminal: pytest.MonkeyPatch, sample_dir: Path,
                                              tmp_path: Path) -> None:
    terminal.setattr(progress, "stderr_is_terminal", lambda: False)
    assert "%|" not in _align(sample_dir, tmp_path)


def test_no_bar_with_no_progress(terminal: pytest.MonkeyPatch, sample_dir: Path, tmp_path: Path) -> None:
    assert "%|" not in _align(sample_dir, tmp_path, "--no-progress")


def test_check_draws_the_bar_too(terminal: pytest.MonkeyPatch, sample_dir: Path) -> None:
    glossary = sample_dir.parent.parent / "glossaries" / "korean-peninsula.csv"
    en, zh, _ = _files(sample_dir)
    result = CliRunner().invoke(cli, ["check", str(en), str(zh), "-g", str(glossary), "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    assert "align en-zh: " in result.stderr and "check terms: " in result.stderr


def test_stderr_is_a_terminal_is_what_decides(monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr("sys.stderr", io.StringIO())
    assert not progress.progress_enabled(True)
    monkeypatch.setattr("sys.stderr", Terminal())
    assert progress.progress_enabled(True) and not progress.progress_enabled(False)


def test_a_short_run_draws_no_bar(capsys: pytest.CaptureFixture[str]) -> None:
    """Nothing is drawn before the delay; after it, the stage at hand is."""
    now = [0.0]
    with ProgressBar(delay=1.5, clock=lambda: now[0]) as bar:
        bar("read en.txt", 1, 3)
        now[0] = 1.4
        bar("align en-zh", 10, 100)
        assert capsys.readouterr().err == ""
        now[0] = 1.6
        bar("align en-zh", 20, 100)
        assert "align en-zh:  20%" in capsys.readouterr().err


def test_a_new_stage_starts_its_rate_afresh(capsys: pytest.CaptureFixture[str]) -> None:
    """A bar first drawn part way through a stage does not count that work in the next stage:
    the next stage shows no negative time left ('-00:00')."""
    now = [0.0]
    with ProgressBar(delay=1.5, clock=lambda: now[0]) as bar:
        now[0] = 2.0
        bar("read en.txt", 2, 3)
        bar("read en.txt", 3, 3)
        bar("read zh.txt", 0, 3)
        bar("read zh.txt", 1, 3)
        drawn = capsys.readouterr().err
    assert "read zh.txt:   0%" in drawn
    assert "-0" not in drawn


def test_the_merge_reports_its_way_through_the_units(sample_dir: Path) -> None:
    """A long merge moves the bar: the evidence of each language, then the units as they are made."""
    reports: list[Report] = []
    alignment = run(Job(files=_files(sample_dir)), progress=lambda *report: reports.append(report)).alignment
    merge = [(done, total) for stage, done, total in reports if stage == "merge"]
    pivot_sentences = len(alignment.documents["en"].segments())
    assert merge[0] == (0, 2 * pivot_sentences) and merge[-1] == (2 * pivot_sentences, 2 * pivot_sentences)
    between = {done for done, total in merge if 0 < done < total}
    half = pivot_sentences // 2
    assert sorted(between)[:2] == [half, 2 * half]  # the evidence of en-zh, then of en-ru
    assert len(between) > 10  # then unit by unit
