"""Telling each file's language: --langs, the file name, the script."""

from __future__ import annotations

from pathlib import Path

import pytest

from alignkit.errors import AlignkitError, UnsupportedLanguageError
from alignkit.langs import base_code, check_code, detect_language, normalize_code
from alignkit.names import language_from_filename, resolve_languages


@pytest.mark.parametrize(("name", "expected"), [
    ("texts/S-2017-613/en.txt", "en"),
    ("texts/S-2017-613/zh.txt", "zh"),
    ("udhr.ru.txt", "ru"),
    ("report_EN.txt", "en"),
    ("report-zh.docx", "zh"),
    ("S-2017-613-E.pdf", "en"),
    ("S_2017_613_C.docx", "zh"),
    ("A-RES-71-1-R.txt", "ru"),
    ("A_HRC_35_2_EN.docx", "en"),
    ("dev.de", None),            # ".de" is the extension, not a tag
    ("statement_of.txt", None),  # "of" is no language
    ("notes.txt", None),
])
def test_language_from_filename(name: str, expected: str | None) -> None:
    assert language_from_filename(name) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("The Parties express grave concern on the ballistic missile launch.", "en"),
    ("双方对朝鲜宣布发射弹道导弹表示严重关切。", "zh"),
    ("Стороны выражают серьезную обеспокоенность.", "ru"),
    ("Les Parties expriment leur vive préoccupation.", None),  # Latin script, not English
    ("12345 67890", None),
])
def test_detect_language_from_script(text: str, expected: str | None) -> None:
    assert detect_language(text) == expected


@pytest.mark.parametrize(("code", "expected"), [
    ("EN", "en"), ("cn", "zh"), ("zh-CN", "zh-CN"), ("rus", "ru"), (" ru ", "ru"),
])
def test_normalize_code(code: str, expected: str) -> None:
    assert normalize_code(code) == expected


@pytest.mark.parametrize(("code", "expected"), [("zh-Hans-CN", "zh"), ("ru_RU", "ru"), ("EN", "en")])
def test_base_code(code: str, expected: str) -> None:
    assert base_code(code) == expected


@pytest.mark.parametrize("code", ["xx1", "english", "", "e"])
def test_check_code_rejects_what_is_no_language_code(code: str) -> None:
    with pytest.raises(UnsupportedLanguageError, match="ISO 639-1"):
        check_code(code)


def test_resolve_from_langs_option() -> None:
    assert resolve_languages([Path("a.txt"), Path("b.txt")], ["EN", "zh"]) == ["en", "zh"]


def test_resolve_counts_must_match() -> None:
    with pytest.raises(AlignkitError, match="one per file"):
        resolve_languages([Path("a.txt"), Path("b.txt")], ["en"])


def test_resolve_falls_back_to_the_script() -> None:
    paths = [Path("a.txt"), Path("b.txt")]
    sniff = {paths[0]: "The Parties and the Council of the United Nations.", paths[1]: "双方对此表示关切。"}
    assert resolve_languages(paths, None, sniff) == ["en", "zh"]


def test_resolve_reports_what_it_cannot_tell() -> None:
    with pytest.raises(AlignkitError, match="pass --langs"):
        resolve_languages([Path("a.txt")], None, {Path("a.txt"): "1234"})


def test_two_files_of_one_language_is_an_error() -> None:
    with pytest.raises(AlignkitError, match="both in language 'en'"):
        resolve_languages([Path("x/en.txt"), Path("y.en.txt")], None)
