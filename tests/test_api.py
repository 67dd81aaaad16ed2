"""The public Python API: every advertised name resolves, and the README example runs."""

from __future__ import annotations

from pathlib import Path

import pytest

import alignkit

SAMPLE = Path(__file__).resolve().parent.parent / "texts" / "S-2017-613"
GLOSSARY = Path(__file__).resolve().parent.parent / "glossaries" / "korean-peninsula.csv"


@pytest.mark.parametrize("name", alignkit.__all__)
def test_every_public_name_resolves(name: str) -> None:
    assert getattr(alignkit, name) is not None


def test_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError):
        alignkit.no_such_thing  # noqa: B018


def test_library_round_trip(tmp_path: Path) -> None:
    alignment = alignkit.align_files([SAMPLE / "en.txt", SAMPLE / "zh.txt", SAMPLE / "ru.txt"])
    assert alignment.langs == ("en", "zh", "ru")
    assert alignment.name == "S/2017/613"
    (written,) = alignkit.export_alignment(alignment, tmp_path / "s.tmx")
    assert written.stat().st_size > 0
    report = alignkit.check_terms(alignment, alignkit.load_glossary(GLOSSARY))
    assert not [f for f in report.findings if f.severity == "error"]


def test_one_run_aligns_checks_and_writes(tmp_path: Path) -> None:
    from alignkit.pipeline import Job, run

    files = tuple(SAMPLE / f"{lang}.txt" for lang in ("en", "zh", "ru"))
    result = run(Job(files=files, glossaries=(GLOSSARY,), outputs=(tmp_path / "s.tmx", tmp_path / "s.xlsx"),
                     reports=(tmp_path / "terms.json",)))
    assert result.alignment.name == "S/2017/613"
    assert [(source.path, source.lang) for source in result.inputs] == list(zip(files, ("en", "zh", "ru")))
    assert result.report is not None and result.report.document == "S/2017/613"
    assert result.written == (tmp_path / "s.tmx", tmp_path / "s.xlsx", tmp_path / "terms.json")
    again = run(Job(tmx=tmp_path / "s.tmx", glossaries=(GLOSSARY,)))
    assert again.alignment.name == "S/2017/613" and again.written == () and again.inputs == ()
    assert again.report is not None and again.report.findings == result.report.findings


@pytest.mark.parametrize(("fields", "message"), [
    ({"files": (SAMPLE / "en.txt",)}, "give at least two files"),
    ({"files": (SAMPLE / "en.txt", SAMPLE / "zh.txt"), "tmx": Path("s.tmx")}, "either files to align or a TMX"),
    ({"tmx": Path("s.tmx"), "reports": (Path("r.json"),)}, "a term report needs a glossary"),
])
def test_a_job_that_cannot_run_is_refused_when_made(fields: dict[str, object], message: str) -> None:
    from alignkit.pipeline import Job

    with pytest.raises(alignkit.AlignkitError, match=message):
        Job(**fields)  # type: ignore[arg-type]
