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
