"""Page furniture: job numbers, barcodes, page numbers, running headers, footers — and nothing else."""

from __future__ import annotations

import pytest

from alignkit.text.furniture import is_page_furniture

FURNITURE = [
    # UN job numbers, as printed on the first page and in later footers
    "17-12345 (E)",
    "17-12345 (C)",
    "17-12345 (R)",
    "17-12345(E)",
    "17-12345 (E)    180717    180717",
    "17-12345X1 (E)",
    "1712345E",
    "GE.17-12345",
    "GE.17-12345 (E)",
    "V.17-12345 (E)",
    "2/3 17-12345",
    "17-12345 3/3",
    # barcodes
    "*1712345*",
    "* 1712345 *",
    # page numbers
    "3",
    "  12  ",
    "- 3 -",
    "– 3 –",
    "-3-",
    "Page 3",
    "page 3",
    "Page 3 of 12",
    "3/12",
    "第 3 页",
    "第3页",
    "第 3 页，共 12 页",
    "Стр. 3",
    "стр. 3",
    "Страница 3",
    # document symbol in the running header, with or without the page number
    "S/2017/613",
    "A/RES/71/1",
    "A/HRC/35/2",
    "E/CN.4/2005/L.10/Add.1",
    "S/RES/2371 (2017)",
    "S/2017/613 3",
    "3 S/2017/613",
    "S/2017/613\t3",
    # footers
    "Please recycle",
    "♲ Please recycle ♲",
    "请回收",
    "Просьба отправить на вторичную переработку",
]

CONTENT = [
    "2017.",
    "2017",
    "1.",
    "(a)",
    "I.",
    "Article 29",
    "第二十九条",
    "Статья 29",
    "Annex",
    "Preamble",
    "3 July 2017",
    "12345",
    "1/2 of the members",
    "Page three",
    "A/B/C",
    "See S/2017/613.",
    "The letter was issued as document S/2017/613 on 17 July 2017.",
    "S/2017/613 was circulated",
    "17-12345 is a job number",
    "(Signed) Liu Jieyi",
    "Please recycle this document after the meeting.",
    "",
    "   ",
]


@pytest.mark.parametrize("line", FURNITURE)
def test_furniture_lines_are_recognised(line: str) -> None:
    assert is_page_furniture(line)


@pytest.mark.parametrize("line", CONTENT)
def test_content_lines_are_never_furniture(line: str) -> None:
    assert not is_page_furniture(line)


def test_a_bare_number_is_a_page_number() -> None:
    assert is_page_furniture("1")


def test_a_very_long_line_is_content_even_if_it_starts_like_a_header() -> None:
    assert not is_page_furniture("S/2017/613 " + "word " * 30)
