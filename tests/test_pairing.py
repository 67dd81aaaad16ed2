"""Pairing files into documents by UN symbol and language tag in their names."""

from __future__ import annotations

from pathlib import Path

import pytest

from alignkit.errors import InputFormatError
from alignkit.names import parse_file_name, symbol_to_name
from alignkit.pairing import DocumentSet, find_documents

NAMES = [
    # (file name, symbol, language)
    ("S-2017-613-E.pdf", "S/2017/613", "en"),
    ("S_2017_613_C.docx", "S/2017/613", "zh"),
    ("S-2017-613-R.txt", "S/2017/613", "ru"),
    ("A-RES-71-1-R.txt", "A/RES/71/1", "ru"),
    ("A_HRC_35_2_EN.docx", "A/HRC/35/2", "en"),
    ("A_HRC_35_2_ZH.docx", "A/HRC/35/2", "zh"),
    ("a_hrc_35_2_ru.docx", "A/hrc/35/2", "ru"),
    ("S-2017-613.en.txt", "S/2017/613", "en"),
    ("S.2017.613-F.pdf", None, None),  # dots belong to the symbol: "S.2017.613" is not one
    ("A-72-L.1-E.pdf", "A/72/L.1", "en"),
    ("S-2017-613-Add.1-S.docx", "S/2017/613/Add.1", "es"),
    ("E-CN.4-2005-1-A.pdf", "E/CN.4/2005/1", "ar"),
    ("A_RES_70_1_cn.txt", "A/RES/70/1", "zh"),
]


@pytest.mark.parametrize(("name", "symbol", "lang"), [n for n in NAMES if n[1]])
def test_symbol_and_language_from_name(name: str, symbol: str, lang: str) -> None:
    named = parse_file_name(Path("/in") / name)
    assert (named.symbol, named.lang) == (symbol, lang)


@pytest.mark.parametrize(("name", "reason"), [
    ("S-2017-613.pdf", "no language tag"),
    ("notes-E.txt", "not a UN document symbol"),
    ("S-2017-613-X.pdf", "'X' at the end of the name is not a language tag"),
    ("S.2017.613-F.pdf", "not a UN document symbol"),
    ("annual-report-EN.txt", "has no number"),
    ("N1712345.pdf", "no language tag"),
])
def test_names_that_do_not_pair_say_why(name: str, reason: str) -> None:
    with pytest.raises(InputFormatError, match=reason):
        parse_file_name(Path("/in") / name)


def test_language_only_names_take_the_symbol_from_their_folder() -> None:
    named = parse_file_name(Path("texts/S-2017-613/zh.txt"))
    assert (named.symbol, named.lang) == ("S/2017/613", "zh")


def test_symbol_to_name() -> None:
    assert symbol_to_name("S/2017/613") == "S-2017-613"
    assert DocumentSet("A/HRC/35/2", {}).name == "A-HRC-35-2"


def _touch(root: Path, *names: str) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")


def test_find_documents_groups_by_symbol_and_lists_the_rest(tmp_path: Path) -> None:
    _touch(
        tmp_path,
        "S-2017-613-E.pdf", "S_2017_613_C.docx", "S-2017-613-R.txt",
        "A_HRC_35_2_EN.docx", "A-HRC-35-2-R.pdf",
        "A-RES-71-1-R.txt",  # only one language
        "S-2018-1-E.txt", "S-2018-1-E.docx", "S-2018-1-C.txt",  # duplicate English
        "notes.md", "report-E.txt", ".DS_Store", ".hidden/S-2017-613-F.txt",
        "sub/S-2019-5-E.txt", "sub/S-2019-5-F.txt",
    )
    documents, unpaired = find_documents(tmp_path)
    assert [(d.symbol, d.langs) for d in documents] == [
        ("A/HRC/35/2", ("en", "ru")),
        ("S/2017/613", ("en", "ru", "zh")),
        ("S/2019/5", ("en", "fr")),
    ]
    assert documents[1].files_by_lang["zh"] == tmp_path / "S_2017_613_C.docx"
    reasons = {item.path.name: item.reason for item in unpaired}
    assert reasons["A-RES-71-1-R.txt"] == "the only language version of A/RES/71/1 found"
    assert reasons["S-2018-1-E.txt"].startswith("several en files for S/2018/1")
    assert "S-2018-1-E.docx" in reasons
    assert reasons["S-2018-1-C.txt"] == "the only language version of S/2018/1 found"
    assert reasons["notes.md"].startswith("not a supported format")
    assert "not a UN document symbol" in reasons["report-E.txt"]
    assert ".DS_Store" not in reasons and "S-2017-613-F.txt" not in reasons


def test_find_documents_on_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(InputFormatError, match="is not a folder"):
        find_documents(tmp_path / "nowhere")
