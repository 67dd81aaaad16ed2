"""Numerals both ways: Chinese, roman, list letters (Latin and Cyrillic), full-width and enclosed digits."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from alignkit.text.numerals import (
    CIRCLED_21_35,
    CIRCLED_36_50,
    CIRCLED_DIGITS,
    ENCLOSED_SERIES,
    PARENTHESIZED_IDEOGRAPHS,
    chinese_to_int,
    cyrillic_letter_to_latin,
    enclosed_to_int,
    int_to_chinese,
    int_to_chinese_digits,
    int_to_cyrillic_letters,
    int_to_enclosed,
    int_to_full_width,
    int_to_heavenly_stem,
    int_to_letters,
    int_to_roman,
    is_roman,
    letters_to_latin,
    roman_to_int,
)

# --- reading ----------------------------------------------------------------------------

CHINESE_NUMERALS = [
    ("〇", 0), ("零", 0), ("一", 1), ("九", 9), ("十", 10), ("十五", 15), ("二十", 20),
    ("二十三", 23), ("九十九", 99), ("一百", 100), ("一百零三", 103), ("一百一十", 110),
    ("一百一十五", 115), ("三百四十五", 345), ("两百", 200), ("一千零五", 1005),
    ("一千零一十", 1010), ("二〇一七", 2017), ("一万二千", 12000), ("29", 29), ("２９", 29),
]


@pytest.mark.parametrize(("numeral", "value"), CHINESE_NUMERALS)
def test_chinese_to_int(numeral: str, value: int) -> None:
    assert chinese_to_int(numeral) == value


@pytest.mark.parametrize("numeral", ["", "abc", "一a", "第一"])
def test_chinese_to_int_rejects(numeral: str) -> None:
    with pytest.raises(ValueError):
        chinese_to_int(numeral)


@given(st.integers(min_value=1, max_value=3999))
def test_roman_round_trip(value: int) -> None:
    assert roman_to_int(int_to_roman(value)) == value
    assert roman_to_int(int_to_roman(value).upper()) == value


@pytest.mark.parametrize("numeral", ["", "IIII", "VV", "IC", "abc"])
def test_roman_to_int_rejects(numeral: str) -> None:
    with pytest.raises(ValueError):
        roman_to_int(numeral)


@pytest.mark.parametrize(("value", "letters"), [(1, "a"), (9, "i"), (26, "z"), (27, "aa"), (28, "bb")])
def test_int_to_letters(value: int, letters: str) -> None:
    assert int_to_letters(value) == letters


CYRILLIC = [
    ("а", "a"), ("б", "b"), ("в", "c"), ("г", "d"), ("д", "e"), ("е", "f"), ("ж", "g"),
    ("з", "h"), ("и", "i"), ("к", "j"), ("л", "k"), ("м", "l"), ("н", "m"), ("э", "z"),
    ("ю", "aa"), ("Б", "b"),
]


@pytest.mark.parametrize(("cyrillic", "latin"), CYRILLIC)
def test_cyrillic_letters_map_by_list_position(cyrillic: str, latin: str) -> None:
    assert cyrillic_letter_to_latin(cyrillic) == latin


@pytest.mark.parametrize(("printed", "latin"), [("a", "a"), ("AA", "aa"), ("б", "b"), ("бб", "bb"), ("К", "j")])
def test_letters_to_latin(printed: str, latin: str) -> None:
    assert letters_to_latin(printed) == latin


@pytest.mark.parametrize(("char", "value"), [("㈠", 1), ("㈩", 10), ("①", 1), ("⑳", 20), ("㉑", 21), ("㉟", 35),
                                             ("㊱", 36), ("㊿", 50), ("⑴", 1), ("⒇", 20)])
def test_enclosed_to_int(char: str, value: int) -> None:
    assert enclosed_to_int(char) == value


def test_enclosed_to_int_rejects() -> None:
    with pytest.raises(ValueError):
        enclosed_to_int("1")


def test_is_roman() -> None:
    assert is_roman("XIV") and is_roman("xiv")
    assert not is_roman("") and not is_roman("IIII")


# --- printing ---------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "printed"), [(1, "一"), (10, "十"), (11, "十一"), (20, "二十"), (23, "二十三"),
                                                (100, "一百"), (105, "一百零五"), (110, "一百一十"), (999, "九百九十九"),
                                                (0, "0"), (1000, "1000")])
def test_int_to_chinese(value: int, printed: str) -> None:
    assert int_to_chinese(value) == printed


@given(st.integers(min_value=1, max_value=999))
def test_chinese_round_trip(value: int) -> None:
    assert chinese_to_int(int_to_chinese(value)) == value
    assert chinese_to_int(int_to_chinese_digits(value)) == value
    assert chinese_to_int(int_to_full_width(value)) == value


def test_chinese_digits_stems_and_full_width() -> None:
    assert int_to_chinese_digits(2017) == "二〇一七"
    assert [int_to_heavenly_stem(n) for n in (1, 3, 10, 11)] == ["甲", "丙", "癸", "11"]
    assert int_to_full_width(12) == "１２"


@pytest.mark.parametrize(("value", "letters"), [(1, "а"), (9, "и"), (10, "к"), (28, "я"), (29, "аа")])
def test_int_to_cyrillic_letters(value: int, letters: str) -> None:
    assert int_to_cyrillic_letters(value) == letters


@given(st.integers(min_value=1, max_value=26))
def test_cyrillic_letters_read_back_at_their_position(value: int) -> None:
    assert letters_to_latin(int_to_cyrillic_letters(value)) == int_to_letters(value)


@pytest.mark.parametrize("value", [0, -1])
def test_no_letter_or_roman_numeral_below_one(value: int) -> None:
    with pytest.raises(ValueError):
        int_to_letters(value)
    with pytest.raises(ValueError):
        int_to_roman(value)


def test_enclosed_round_trip_and_digits_outside_a_series() -> None:
    for series in ENCLOSED_SERIES:
        for value in range(series.start, series.start + series.count):
            assert enclosed_to_int(int_to_enclosed(value, series)) == value
    assert int_to_enclosed(2, CIRCLED_DIGITS) == "②"
    assert int_to_enclosed(21, CIRCLED_DIGITS) == "21"
    assert int_to_enclosed(21, CIRCLED_21_35) == "㉑"
    assert int_to_enclosed(0, PARENTHESIZED_IDEOGRAPHS) == "0"
    assert CIRCLED_36_50.char_range == "㊱-㊿"
