"""Progress of long runs: the library reports it to a callback and says nothing itself."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from alignkit import progress
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


def test_stderr_is_a_terminal_is_what_decides(monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr("sys.stderr", io.StringIO())
    assert not progress.progress_enabled(True)
    monkeypatch.setattr("sys.stderr", Terminal())
    assert progress.progress_enabled(True) and not progress.progress_enabled(False)
