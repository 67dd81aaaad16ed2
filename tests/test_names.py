"""What file names say: the document and the language (:mod:`alignkit.names`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from alignkit.names import document_name, language_from_filename


@pytest.mark.parametrize(
    ("relative", "name"),
    [
        ("texts/S-2017-613/en.txt", "S-2017-613"),
        ("texts/S-2017-613/zh-CN.txt", "S-2017-613"),
        ("S-2017-613.en.txt", "S-2017-613"),
        ("S-2017-613_ru.txt", "S-2017-613"),
        ("S-2017-613-E.pdf", "S-2017-613"),
        ("A_HRC_35_2_EN.docx", "A-HRC-35-2"),
        ("x_EN.txt", "x"),
        ("novel.zh_Hans.txt", "novel"),
        ("report-fr.text", "report"),
        ("A-RES-71-1.txt", "A-RES-71-1"),
        ("letter.txt", "letter"),
        ("notes_2017.txt", "notes_2017"),
        ("minutes_xy.txt", "minutes_xy"),
    ],
)
def test_document_name(tmp_path: Path, relative: str, name: str) -> None:
    assert document_name(tmp_path / relative, "en") == name


def test_the_language_given_counts_as_a_tag() -> None:
    assert document_name(Path("minutes_xy.txt"), "xy") == "minutes"


@pytest.mark.parametrize("file_name", ["novel.en.txt", "novel_EN.txt", "novel-zh-CN.txt", "novel.ru.txt",
                                       "S-2017-613-R.pdf", "S_2017_613_C.docx"])
def test_a_name_that_gives_a_language_leaves_the_document_name_without_it(file_name: str) -> None:
    assert language_from_filename(file_name) is not None
    assert document_name(Path(file_name)) in {"novel", "S-2017-613"}
