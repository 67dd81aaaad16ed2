"""Paragraph labels: recognise ``1.``, ``(a)``, ``Article 29``, ``第二十九条``, ``一、`` ...

Two steps:

* :func:`split_label` looks at one paragraph's text and returns the printed label,
  its normalised number, its :class:`LabelClass` and the remaining text.
* :func:`label_paragraphs` runs over a whole document, resolves what one paragraph
  cannot tell (is ``(i)`` a roman numeral or the letter after ``(h)``? is ``（一）``
  an item or a sub-item?) and gives every labelled paragraph a hierarchical *key*
  that is the same in the English, Chinese and Russian versions.

Keys are built with a stack of label classes in order of appearance, the way word
processors build list levels: a class already on the stack pops back to its level
and replaces the value there; a new class is pushed below the current one.  Article
and chapter labels are anchors: they are numbered through the whole document, so a
key starts at the innermost anchor (``"A26.1"``, not ``"C3.A26.1"``), which keeps keys
equal when one version lost its chapter headings.

Examples (en / zh / ru give the same keys)::

    Article 26 / 第二十六条 / Статья 26   -> "A26"
    1.         / ㈠          / 1.         -> "A26.1"
    1.         / 一、        / 1.         -> "1"      (top level)
    (a)        / (a) or （一）/ а)         -> "1.a"    (Cyrillic letters by position)
    (i)        / ㈠          / i)         -> "1.a.i"  (㈠ under a letter is roman)
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum

import regex

from ..errors import UnsupportedLanguageError
from ..langs import base_code
from ..model import Paragraph
from .numerals import (
    CIRCLED_21_35,
    CIRCLED_36_50,
    CIRCLED_DIGITS,
    PARENTHESIZED_DIGITS,
    PARENTHESIZED_IDEOGRAPHS,
    ZH_NUMERAL_CHARS,
    chinese_to_int,
    enclosed_to_int,
    int_to_letters,
    int_to_roman,
    is_roman,
    letters_to_latin,
    roman_to_int,
)

#: Languages whose labels this module knows.
SUPPORTED_LANGUAGES: tuple[str, ...] = ("en", "ru", "zh")


class LabelClass(Enum):
    """The printed style of a label; each style is one list level in a document."""

    ARTICLE = "article"  # Article 29, Art. 29, Статья 29, 第二十九条, 第29条
    CHAPTER = "chapter"  # Chapter I, Глава 1, 第一章
    DECIMAL = "decimal"  # 1.  12.  1.1.  1.2
    NUMBER_CLOSE = "number)"  # 1)
    NUMBER_PAREN = "(number)"  # (1)  ⑴
    LETTER_PAREN = "(letter)"  # (a)  (aa)  (а)
    LETTER_CLOSE = "letter)"  # a)  а)
    LETTER_UPPER = "LETTER."  # A.
    ROMAN_PAREN = "(roman)"  # (i)  (iv)
    ROMAN_CLOSE = "roman)"  # i)  iv)
    ROMAN_UPPER = "ROMAN."  # I.  IV.  一.
    ZH_ENUM = "一、"  # 一、  二十三、
    ZH_PAREN = "（一）"  # （一）  (一)
    ZH_ENCLOSED = "㈠"  # ㈠ … ㈩
    CIRCLED = "①"  # ① … ㊿


#: Label classes whose number is a letter (``"a"``).
LETTER_CLASSES = frozenset({LabelClass.LETTER_PAREN, LabelClass.LETTER_CLOSE, LabelClass.LETTER_UPPER})

#: Anchors: numbered through the whole document; a higher rank sits above a lower one.
_ANCHOR_RANK = {LabelClass.CHAPTER: 2, LabelClass.ARTICLE: 1}
_ANCHOR_PREFIX = {LabelClass.CHAPTER: "C", LabelClass.ARTICLE: "A"}
#: The letter class that reads the same characters as each roman class.
_LETTER_TWIN = {
    LabelClass.ROMAN_PAREN: LabelClass.LETTER_PAREN,
    LabelClass.ROMAN_CLOSE: LabelClass.LETTER_CLOSE,
    LabelClass.ROMAN_UPPER: LabelClass.LETTER_UPPER,
}
#: Parents under which （一） counts as a lettered sub-item rather than a number.
_NUMERIC_PARENTS = frozenset({LabelClass.ZH_ENUM, LabelClass.DECIMAL})


@dataclass(frozen=True)
class LabelMatch:
    """A label found at the start of a paragraph.

    :param label: the label as printed (``"1."``, ``"(a)"``, ``"第二十九条"``).
    :param number: the label normalised: Arabic digits for numeric classes (``"29"``,
        ``"1.1"``), a lowercase Latin letter for letter items (``"a"``, also for
        Cyrillic ``а)``), a lowercase roman numeral for roman items (``"iv"``).
    :param label_class: the label's printed style.
    :param rest: the paragraph text after the label, stripped.
    """

    label: str
    number: str
    label_class: LabelClass
    rest: str

    @property
    def is_heading(self) -> bool:
        """True when an article or chapter label is the whole paragraph."""
        return self.label_class in _ANCHOR_RANK and not self.rest


# --- patterns ---------------------------------------------------------------------------

# After an article/chapter number: end of paragraph, or an explicit separator.  A
# following word ("Article 29 of the Convention", "第二十九条规定") means content.
_ANCHOR_END = r"(?:\.(?!\d)|(?=\s*$|\s*[:：—–]|\t|\s{2,}|\u3000))"
_ZH_ANCHOR_END = r"(?=\s|$|[:：.．、])"
_ZH_NUM = f"[{ZH_NUMERAL_CHARS}0-9０-９]+"
_NO_DIGIT_AFTER = r"(?![0-9０-９])"
_CIRCLED = "".join(series.char_range for series in (CIRCLED_DIGITS, CIRCLED_21_35, CIRCLED_36_50))
# "A. Background" is a label, "J. S. Bach" starts with initials.
_NOT_AN_INITIAL = r"(?=\s+(?!\p{Lu}\.)\S)"


@dataclass(frozen=True)
class _Pattern:
    label_class: LabelClass
    regex: regex.Pattern[str]
    normalise: Callable[[str], str]


def _arabic(printed: str) -> str:
    return str(int(printed))


def _any_to_arabic(printed: str) -> str:
    if printed.isdecimal():
        return _arabic(printed)
    if is_roman(printed):
        return str(roman_to_int(printed))
    return str(chinese_to_int(printed))


def _decimal(printed: str) -> str:
    return ".".join(str(int(part)) for part in regex.split(r"[.．]", printed))


def _chinese_as_roman(printed: str) -> str:
    return int_to_roman(chinese_to_int(printed))


def _enclosed(printed: str) -> str:
    return str(enclosed_to_int(printed))


def _pattern(label_class: LabelClass, source: str, normalise: Callable[[str], str]) -> _Pattern:
    return _Pattern(label_class, regex.compile(r"(?P<label>" + source + ")", regex.V1), normalise)


_ROMAN_UPPER = r"(?=[IVXLC])M{0,3}(?:C[MD]|D?C{0,3})(?:X[CL]|L?X{0,3})(?:I[XV]|V?I{0,3})"
_ROMAN_LOWER = r"(?=[ivx])(?:x[cl]|l?x{0,3})(?:i[xv]|v?i{0,3})"

_GENERIC_PATTERNS = (
    # 1.1.  1.2  (a multi-level number without the final dot must not run into
    # lowercase text: "1.5 million").
    _pattern(LabelClass.DECIMAL, r"(?P<num>\d{1,3}(?:\.\d{1,3})+)(?:\.(?![\d])|(?=\s+[^\p{Ll}\s]))", _decimal),
    _pattern(LabelClass.DECIMAL, r"(?P<num>\d{1,3})[.．](?=\s|$|[^\p{Ll}\d.,;:．，])", _decimal),
    _pattern(LabelClass.NUMBER_CLOSE, r"(?P<num>\d{1,3})[)）]" + _NO_DIGIT_AFTER, _arabic),
    _pattern(LabelClass.NUMBER_PAREN, r"[(（](?P<num>\d{1,3})[)）]" + _NO_DIGIT_AFTER, _arabic),
    _pattern(LabelClass.NUMBER_PAREN, f"(?P<num>[{PARENTHESIZED_DIGITS.char_range}])", _enclosed),
    _pattern(LabelClass.ROMAN_PAREN, rf"[(（](?P<num>{_ROMAN_LOWER})[)）]", str.lower),
    _pattern(LabelClass.LETTER_PAREN, r"[(（](?P<num>(?P<ch>[a-z])(?P=ch)?)[)）]", letters_to_latin),
    _pattern(LabelClass.ROMAN_CLOSE, rf"(?P<num>{_ROMAN_LOWER})[)）]", str.lower),
    _pattern(LabelClass.LETTER_CLOSE, r"(?P<num>(?P<ch>[a-z])(?P=ch)?)[)）]", letters_to_latin),
    # A. B. C. …, but not an initial ("J. S. Bach"); L, C, D and M alone are letters.
    _pattern(LabelClass.ROMAN_UPPER, rf"(?![LC]\.)(?P<num>{_ROMAN_UPPER})\.{_NOT_AN_INITIAL}", str.lower),
    _pattern(LabelClass.LETTER_UPPER, r"(?P<num>[A-Z])\." + _NOT_AN_INITIAL, str.lower),
)

_EN_PATTERNS = (
    _pattern(LabelClass.ARTICLE, rf"(?i:article|art\.)\s*(?P<num>\d+|{_ROMAN_UPPER}){_ANCHOR_END}", _any_to_arabic),
    _pattern(LabelClass.CHAPTER, rf"(?i:chapter)\s+(?P<num>\d+|{_ROMAN_UPPER}){_ANCHOR_END}", _any_to_arabic),
)

_RU_PATTERNS = (
    _pattern(LabelClass.ARTICLE, rf"(?i:статья|ст\.)\s*(?P<num>\d+|{_ROMAN_UPPER}){_ANCHOR_END}", _any_to_arabic),
    _pattern(LabelClass.CHAPTER, rf"(?i:глава)\s+(?P<num>\d+|{_ROMAN_UPPER}){_ANCHOR_END}", _any_to_arabic),
    _pattern(LabelClass.LETTER_PAREN, r"[(（](?P<num>(?P<ch>[а-ик-щэ-я])(?P=ch)?)[)）]", letters_to_latin),
    _pattern(LabelClass.LETTER_CLOSE, r"(?P<num>(?P<ch>[а-ик-щэ-я])(?P=ch)?)\)", letters_to_latin),
)

_ZH_PATTERNS = (
    _pattern(LabelClass.ARTICLE, rf"第\s*(?P<num>{_ZH_NUM})\s*条{_ZH_ANCHOR_END}", _any_to_arabic),
    _pattern(LabelClass.CHAPTER, rf"第\s*(?P<num>{_ZH_NUM})\s*章{_ZH_ANCHOR_END}", _any_to_arabic),
    _pattern(LabelClass.ZH_ENUM, rf"(?P<num>{_ZH_NUM})、", _any_to_arabic),
    # UN Chinese editions print section "I." as "一." (the ministry style is "一、").
    _pattern(LabelClass.ROMAN_UPPER, rf"(?P<num>[{ZH_NUMERAL_CHARS}]+)[.．](?![\d])", _chinese_as_roman),
    _pattern(LabelClass.ZH_PAREN, rf"[(（](?P<num>[{ZH_NUMERAL_CHARS}]+)[)）]", _any_to_arabic),
    _pattern(LabelClass.ZH_ENCLOSED, f"(?P<num>[{PARENTHESIZED_IDEOGRAPHS.char_range}])", _enclosed),
    _pattern(LabelClass.CIRCLED, f"(?P<num>[{_CIRCLED}])", _enclosed),
)

_PATTERNS: dict[str, tuple[_Pattern, ...]] = {
    "en": _EN_PATTERNS + _GENERIC_PATTERNS,
    "ru": _RU_PATTERNS + _GENERIC_PATTERNS,
    "zh": _ZH_PATTERNS + _GENERIC_PATTERNS,
}

# Separators printed between a label and its text ("Article 1: Scope", "Статья 1 — …").
_SEPARATOR = regex.compile(r"^[\s:：—–]*")


def base_language(lang: str) -> str:
    """The supported base language of ``lang`` (``"zh-Hans"`` → ``"zh"``).

    :raises UnsupportedLanguageError: for a language this module has no rules for.
    """
    base = base_code(lang)
    if base not in _PATTERNS:
        supported = ", ".join(SUPPORTED_LANGUAGES)
        raise UnsupportedLanguageError(f"no paragraph-label rules for language {lang!r}; supported: {supported}")
    return base


def split_label(text: str, lang: str) -> LabelMatch | None:
    """Recognise a label at the start of a paragraph's text.

    Returns ``None`` when the text does not start with a label.  A bare number that is
    content is not a label (``"2017 was…"``, ``"4 July 2017"``, ``"1.5 million"``), nor
    is an article reference that runs on into the sentence (``"Article 29 of the
    Convention…"``, ``"第二十九条规定…"``).  Only article and chapter labels may be the
    whole paragraph; a bare ``"1."`` is not a label.

    >>> split_label("(a) To ensure that", "en")
    LabelMatch(label='(a)', number='a', label_class=<LabelClass.LETTER_PAREN: '(letter)'>, rest='To ensure that')

    :raises UnsupportedLanguageError: for a language other than en, ru or zh.
    """
    return _match_label(text, base_language(lang), allow_bare=False)


def _match_label(text: str, base: str, allow_bare: bool) -> LabelMatch | None:
    stripped = text.strip()
    for pattern in _PATTERNS[base]:
        found = pattern.regex.match(stripped)
        if found is None:
            continue
        rest = _SEPARATOR.sub("", stripped[found.end() :], count=1).strip()
        if not rest and not allow_bare and pattern.label_class not in _ANCHOR_RANK:
            continue
        number = pattern.normalise(found.group("num"))
        return LabelMatch(found.group("label"), number, pattern.label_class, rest)
    return None


# --- the document pass ------------------------------------------------------------------


@dataclass
class _Level:
    label_class: LabelClass
    value: str


def label_paragraphs(paragraphs: Sequence[Paragraph], lang: str) -> list[Paragraph]:
    """Give every paragraph its label, normalised number and hierarchical key.

    Returns new paragraphs; labelled ones lose the label from their text.  A
    paragraph that is only an article or chapter label (``"Article 29"``,
    ``"第二十九条"``, ``"Chapter I"``) keeps its text and becomes ``kind="heading"``.
    Unlabelled paragraphs get ``key=""``.  A paragraph whose ``label`` is already set
    (a reader took it from list numbering) keeps its text; its label is parsed only
    for the key, so running this twice gives the same result.

    :raises UnsupportedLanguageError: for a language other than en, ru or zh.
    """
    base = base_language(lang)
    stack: list[_Level] = []
    previous: Paragraph | None = None
    out: list[Paragraph] = []
    for paragraph in paragraphs:
        found = _paragraph_label(paragraph, base)
        if found is None:
            out.append(paragraph if not paragraph.key else dataclasses.replace(paragraph, key=""))
            continue
        label_class = _resolve_roman_or_letter(found, stack, previous)
        value = _place(stack, label_class, found)
        labelled = _labelled(paragraph, found, value, _key(stack))
        out.append(labelled)
        previous = labelled
    return out


def _paragraph_label(paragraph: Paragraph, base: str) -> LabelMatch | None:
    if not paragraph.label:
        return _match_label(paragraph.text, base, allow_bare=False)
    label = paragraph.label.strip()
    # Some labels ("A.", "IV.") are only recognised with text after them.
    found = _match_label(label, base, allow_bare=True)
    if found is None:
        found = _match_label(f"{label} {paragraph.text}", base, allow_bare=True)
    if found is None or found.label != label:
        return None
    return dataclasses.replace(found, rest=paragraph.text)


def _resolve_roman_or_letter(found: LabelMatch, stack: list[_Level], previous: Paragraph | None) -> LabelClass:
    """Read ``(i)``, ``(v)``, ``(x)`` (and ``I.``…) as letters when they follow ``(h)``, ``(u)``, ``(w)``.

    They stay roman when the letter item right before ends with a colon: then they
    open its list of sub-items.
    """
    twin = _LETTER_TWIN.get(found.label_class)
    if twin is None or not _is_letter_like(found.number):
        return found.label_class
    letter_level = next((level for level in stack if level.label_class == twin), None)
    if letter_level is None or _next_letter(letter_level.value) != found.number:
        return found.label_class
    opens_sub_list = previous is not None and previous.number == letter_level.value and _ends_with_colon(previous)
    return found.label_class if opens_sub_list else twin


def _is_letter_like(number: str) -> bool:
    return len(set(number)) == 1 and len(number) <= 2


def _next_letter(letter: str) -> str:
    if not letter or not letter.isascii() or not letter.isalpha():
        return ""
    if letter[0] == "z":
        return "a" * (len(letter) + 1)
    return chr(ord(letter[0]) + 1) * len(letter)


def _ends_with_colon(paragraph: Paragraph) -> bool:
    return paragraph.text.rstrip().endswith((":", "："))


def _place(stack: list[_Level], label_class: LabelClass, found: LabelMatch) -> str:
    """Put the label on the stack at its level and return the key value stored there."""
    index = _level_index(stack, label_class)
    del stack[index:]
    value = _key_value(found, label_class, stack[-1] if stack else None)
    stack.append(_Level(label_class, value))
    return value


def _level_index(stack: list[_Level], label_class: LabelClass) -> int:
    rank = _ANCHOR_RANK.get(label_class)
    for index, level in enumerate(stack):
        if rank is not None and _ANCHOR_RANK.get(level.label_class, 0) <= rank:
            return index
        if level.label_class == label_class:
            return index
    return len(stack)


def _key_value(found: LabelMatch, label_class: LabelClass, parent: _Level | None) -> str:
    parent_class = parent.label_class if parent is not None else None
    if label_class == LabelClass.ZH_PAREN and parent_class in _NUMERIC_PARENTS:
        # （一） under 一、 or 1. is the Chinese print of (a).
        return int_to_letters(int(found.number))
    if label_class == LabelClass.ZH_ENCLOSED and parent_class in LETTER_CLASSES:
        # UN Chinese editions print the (i) under (a) as ㈠.
        return int_to_roman(int(found.number))
    return found.number


def _key(stack: list[_Level]) -> str:
    start = max((i for i, level in enumerate(stack) if level.label_class in _ANCHOR_RANK), default=0)
    return ".".join(_ANCHOR_PREFIX.get(level.label_class, "") + level.value for level in stack[start:])


def _labelled(paragraph: Paragraph, found: LabelMatch, number: str, key: str) -> Paragraph:
    if found.is_heading:
        return dataclasses.replace(paragraph, label=found.label, number=number, key=key, kind="heading")
    text = paragraph.text if paragraph.label else found.rest
    return dataclasses.replace(paragraph, label=found.label, number=number, key=key, text=text)
