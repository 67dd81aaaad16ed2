"""Unicode clean-up: line breaks, NFC, invisible characters and unusual spaces."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from alignkit.text.normalize import normalize_text

CASES = [
    ("crlf", "a\r\nb\r\n", "a\nb\n"),
    ("lone cr", "a\rb\r", "a\nb\n"),
    ("mixed breaks", "a\r\nb\rc\nd", "a\nb\nc\nd"),
    ("nfc", "Charge\u0301 d\u2019affaires", "Chargé d\u2019affaires"),
    ("cyrillic nfc", "объедине\u0308нных", "объединённых"),
    ("bom at start", "\ufeffLetter", "Letter"),
    ("bom inside", "Let\ufeffter", "Letter"),
    ("zero width space", "North\u200bEast", "NorthEast"),
    ("zwnj zwj", "a\u200cb\u200dc", "abc"),
    ("word joiner", "a\u2060b", "ab"),
    ("soft hyphen", "settle\u00adment", "settlement"),
    ("line-final soft hyphen removed by default", "settle\u00ad\nment", "settle\nment"),
    ("nbsp", "4\u00a0July", "4 July"),
    ("narrow nbsp", "10\u202f000", "10 000"),
    ("en em thin hair spaces", "a\u2002b\u2003c\u2009d\u200ae", "a b c d e"),
    ("figure space", "1\u20072", "1 2"),
    ("ideographic space", "\u3000\u3000中国", "  中国"),
    ("tab is one space", "\tIndented", " Indented"),
    ("indentation width kept", "\u00a0\u00a0\u2003Title", "   Title"),
    ("form feed of pdftotext", "\fPage two", "Page two"),
    ("kept: punctuation", "“the Parties” — 1990–1995 «…» ，。！", "“the Parties” — 1990–1995 «…» ，。！"),
    ("kept: two spaces", "the  joint", "the  joint"),
    ("kept: blank lines", "a\n\n \n\nb", "a\n\n \n\nb"),
]


@pytest.mark.parametrize(("name", "raw", "expected"), CASES, ids=[case[0] for case in CASES])
def test_normalize_text(name: str, raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("settle\u00ad\nment", "settle\u00ad\nment"),
        ("settle\u00ad  \nment", "settle\u00ad  \nment"),
        ("settle\u00ad", "settle\u00ad"),
        ("settle\u00ad\r\nment", "settle\u00ad\nment"),
        ("set\u00adtle\u00ad\nment", "settle\u00ad\nment"),
    ],
)
def test_line_final_soft_hyphens_can_be_kept_for_the_layout_stage(raw: str, expected: str) -> None:
    assert normalize_text(raw, keep_line_final_soft_hyphens=True) == expected


def _line_count(text: str) -> int:
    return text.count("\n") + text.count("\r") - text.count("\r\n")


@given(st.text(alphabet=st.sampled_from("ab \t\r\n\u00a0\u200b\u00ad\ufeff\u3000e\u0301中")))
def test_line_count_is_kept_and_normalising_twice_changes_nothing(text: str) -> None:
    once = normalize_text(text, keep_line_final_soft_hyphens=True)
    assert once.count("\n") == _line_count(text)
    assert normalize_text(once, keep_line_final_soft_hyphens=True) == once
    assert "\r" not in once and "\u200b" not in once and "\ufeff" not in once


_REMOVED = "\u200b\u200c\u200d\u2060\ufeff\u180e\x0c"
_SPACED = "\t\x0b\x85\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"


@given(st.text(alphabet=st.sampled_from("ab \nй中\u00ad" + _REMOVED + _SPACED)))
def test_every_invisible_character_goes_and_every_unusual_space_becomes_one_space(text: str) -> None:
    expected = text.translate({ord(char): None for char in _REMOVED + "\u00ad"} | {ord(char): " " for char in _SPACED})
    assert normalize_text(text) == expected
