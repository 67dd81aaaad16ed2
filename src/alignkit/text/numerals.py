"""Numerals: every numeral table alignkit knows, and the conversions both ways.

Reading (printed → int) serves paragraph labels (:mod:`alignkit.text.numbering`);
printing (int → printed) serves Word's list numbering
(:mod:`alignkit.readers.docx_numbering`).

* Chinese: :func:`chinese_to_int` (二十三 → 23, 二〇一七 → 2017, also ASCII and
  full-width digits); :func:`int_to_chinese` (23 → 二十三) and
  :func:`int_to_chinese_digits` (2017 → 二〇一七); :data:`ZH_NUMERAL_CHARS`.
* Heavenly stems: :func:`int_to_heavenly_stem` (3 → 丙).
* Roman: :func:`roman_to_int`, :func:`is_roman`, :func:`int_to_roman` (4 → iv).
* List letters: :func:`int_to_letters` (27 → aa), :func:`int_to_cyrillic_letters`
  (10 → к); :func:`cyrillic_letter_to_latin` (к → j) and :func:`letters_to_latin`
  (бб → bb) match a Russian item with the English one at the same position.
* Full-width digits: :func:`int_to_full_width` (12 → １２).
* Enclosed numerals (㈠ ㊀ ① ㉑ ⑴ ⒈): one :class:`EnclosedSeries` per Unicode run,
  :func:`enclosed_to_int` (㉑ → 21) and :func:`int_to_enclosed`.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

# --- Chinese ----------------------------------------------------------------------------

#: Chinese digits as printed, by value (〇 = 0 … 九 = 9).
CHINESE_DIGITS = "〇一二三四五六七八九"
#: Every character that reads as a digit, with its value, in value order (零 and 两 are other forms of 0 and 2).
_ZH_DIGITS = dict(sorted({**{ch: value for value, ch in enumerate(CHINESE_DIGITS)}, "零": 0, "两": 2}.items(),
                         key=lambda item: item[1]))
_ZH_UNITS = {"十": 10, "百": 100, "千": 1000}
_ZH_MYRIAD = "万"
#: The characters of a Chinese numeral.
ZH_NUMERAL_CHARS = "".join(_ZH_DIGITS) + "".join(_ZH_UNITS) + _ZH_MYRIAD


def chinese_to_int(numeral: str) -> int:
    """Convert a Chinese numeral to an int: ``"二十三"`` → 23, ``"一百零三"`` → 103.

    Numerals without unit characters are read digit by digit (``"二〇一七"`` → 2017).
    ASCII or full-width digits are accepted too.

    :raises ValueError: if ``numeral`` is empty or not a Chinese numeral.
    """
    if numeral.isdecimal():
        return int(numeral)
    if not numeral or any(ch not in ZH_NUMERAL_CHARS for ch in numeral):
        raise ValueError(f"not a Chinese numeral: {numeral!r}")
    if all(ch in _ZH_DIGITS for ch in numeral):
        return int("".join(str(_ZH_DIGITS[ch]) for ch in numeral))
    total = section = 0
    digit: int | None = None
    for ch in numeral:
        if ch in _ZH_DIGITS:
            digit = _ZH_DIGITS[ch]
        elif ch in _ZH_UNITS:
            # A bare unit means one of it: 十五 = 15.
            section += (1 if digit is None else digit) * _ZH_UNITS[ch]
            digit = None
        else:
            total += (section + (digit or 0)) * 10_000
            section, digit = 0, None
    return total + section + (digit or 0)


def int_to_chinese(value: int) -> str:
    """Chinese counting numeral, as Word's ``chineseCounting`` prints it: 一, 十, 十一, 二十三, 一百零五.

    Values outside 1…999 are printed in Arabic digits.
    """
    if value <= 0 or value >= 1000:
        return str(value)
    hundreds, rest = divmod(value, 100)
    tens, units = divmod(rest, 10)
    out = f"{CHINESE_DIGITS[hundreds]}百" if hundreds else ""
    if tens:
        out += ("" if tens == 1 and not hundreds else CHINESE_DIGITS[tens]) + "十"
    elif hundreds and units:
        out += "零"
    if units:
        out += CHINESE_DIGITS[units]
    return out


def int_to_chinese_digits(value: int) -> str:
    """A non-negative int written digit by digit in Chinese: 2017 → ``"二〇一七"``."""
    return "".join(CHINESE_DIGITS[int(digit)] for digit in str(value))


#: The ten heavenly stems, a Chinese counting series for 1 … 10.
HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"


def int_to_heavenly_stem(value: int) -> str:
    """The heavenly stem of 1 … 10 (3 → ``"丙"``); Arabic digits beyond."""
    return HEAVENLY_STEMS[value - 1] if 1 <= value <= len(HEAVENLY_STEMS) else str(value)


# --- roman ------------------------------------------------------------------------------

_ROMAN_VALUES = (
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
    (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
)
_VALID_ROMAN = regex.compile(r"(?i)M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")


def is_roman(numeral: str) -> bool:
    """True when ``numeral`` is a well-formed roman numeral (either case) below 4000."""
    return bool(numeral) and _VALID_ROMAN.fullmatch(numeral) is not None


def int_to_roman(value: int) -> str:
    """Lowercase roman numeral of a positive int: 4 → ``"iv"``."""
    if value <= 0:
        raise ValueError(f"no roman numeral for {value}")
    out = []
    for amount, numeral in _ROMAN_VALUES:
        count, value = divmod(value, amount)
        out.append(numeral * count)
    return "".join(out)


def roman_to_int(numeral: str) -> int:
    """Value of a roman numeral in either case: ``"IV"`` → 4.

    :raises ValueError: if ``numeral`` is not a well-formed roman numeral.
    """
    if not is_roman(numeral):
        raise ValueError(f"not a roman numeral: {numeral!r}")
    lowered = numeral.lower()
    total = 0
    for amount, symbol in _ROMAN_VALUES:
        while lowered.startswith(symbol):
            total += amount
            lowered = lowered[len(symbol) :]
    return total


# --- list letters -----------------------------------------------------------------------

#: The letters of a Latin list, in order.
LATIN_LIST_LETTERS = "abcdefghijklmnopqrstuvwxyz"
#: The letters of a Russian list, in order: ё, й, ъ, ы and ь are skipped (they cannot
#: stand alone or look like others).
CYRILLIC_LIST_LETTERS = "абвгдежзиклмнопрстуфхцчшщэюя"


def _list_letters(value: int, alphabet: str) -> str:
    """The list letter of a position: the alphabet, then its letters doubled, tripled…"""
    if value <= 0:
        raise ValueError(f"no list letter for {value}")
    repeat, index = divmod(value - 1, len(alphabet))
    return alphabet[index] * (repeat + 1)


def int_to_letters(value: int) -> str:
    """List letter of a position, UN style: 1 → ``"a"``, 26 → ``"z"``, 27 → ``"aa"``."""
    return _list_letters(value, LATIN_LIST_LETTERS)


def int_to_cyrillic_letters(value: int) -> str:
    """Russian list letter of a position: 1 → ``"а"``, 10 → ``"к"``, 29 → ``"аа"``."""
    return _list_letters(value, CYRILLIC_LIST_LETTERS)


def cyrillic_letter_to_latin(letter: str) -> str:
    """Latin letter at the same list position: ``"а"`` → ``"a"``, ``"в"`` → ``"c"``, ``"к"`` → ``"j"``.

    Russian list items run а) б) в) г) … и) к) л) … skipping ё, й, ъ, ы, ь; an item is
    matched with the English one at the same position, not with the look-alike letter.
    """
    position = CYRILLIC_LIST_LETTERS.index(letter.lower()) + 1
    return int_to_letters(position)


def letters_to_latin(printed: str) -> str:
    """A list letter as lowercase Latin: ``"a"`` → ``"a"``, ``"AA"`` → ``"aa"``, ``"бб"`` → ``"bb"``."""
    lowered = printed.lower()
    if lowered[0] in CYRILLIC_LIST_LETTERS:
        single = cyrillic_letter_to_latin(lowered[0])
        return single * len(lowered)
    return lowered


# --- full-width digits ------------------------------------------------------------------

_FULL_WIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


def int_to_full_width(value: int) -> str:
    """An int in full-width digits: 12 → ``"１２"`` (:func:`chinese_to_int` reads them back)."""
    return str(value).translate(_FULL_WIDTH_DIGITS)


# --- enclosed numerals ------------------------------------------------------------------


@dataclass(frozen=True)
class EnclosedSeries:
    """A run of consecutive enclosed numerals in Unicode.

    :param first: the code point of the numeral ``start``.
    :param count: how many numerals the run has.
    :param start: the value of the first one.
    """

    first: int
    count: int
    start: int = 1

    @property
    def last(self) -> int:
        """The code point of the run's last numeral."""
        return self.first + self.count - 1

    @property
    def char_range(self) -> str:
        """The run as the range of a regular expression's character class (``"㈠-㈩"``)."""
        return f"{chr(self.first)}-{chr(self.last)}"

    def value(self, char: str) -> int | None:
        """The value of ``char`` when it is in the run, else None."""
        code = ord(char)
        return self.start + code - self.first if self.first <= code <= self.last else None


PARENTHESIZED_IDEOGRAPHS = EnclosedSeries(0x3220, 10)  # ㈠ … ㈩
CIRCLED_IDEOGRAPHS = EnclosedSeries(0x3280, 10)  # ㊀ … ㊉
CIRCLED_DIGITS = EnclosedSeries(0x2460, 20)  # ① … ⑳
CIRCLED_21_35 = EnclosedSeries(0x3251, 15, 21)  # ㉑ … ㉟
CIRCLED_36_50 = EnclosedSeries(0x32B1, 15, 36)  # ㊱ … ㊿
PARENTHESIZED_DIGITS = EnclosedSeries(0x2474, 20)  # ⑴ … ⒇
FULL_STOP_DIGITS = EnclosedSeries(0x2488, 20)  # ⒈ … ⒛

#: Every run of enclosed numerals alignkit reads or prints.
ENCLOSED_SERIES = (
    PARENTHESIZED_IDEOGRAPHS, CIRCLED_IDEOGRAPHS, CIRCLED_DIGITS, CIRCLED_21_35, CIRCLED_36_50,
    PARENTHESIZED_DIGITS, FULL_STOP_DIGITS,
)


def enclosed_to_int(char: str) -> int:
    """Value of an enclosed numeral: ㈠ → 1, ① → 1, ⑴ → 1, ㉑ → 21.

    :raises ValueError: if ``char`` is not an enclosed numeral.
    """
    for series in ENCLOSED_SERIES:
        value = series.value(char)
        if value is not None:
            return value
    raise ValueError(f"not an enclosed numeral: {char!r}")


def int_to_enclosed(value: int, series: EnclosedSeries) -> str:
    """``value`` as a numeral of ``series`` (2, circled digits → ``"②"``); Arabic digits outside it."""
    if series.start <= value < series.start + series.count:
        return chr(series.first + value - series.start)
    return str(value)
