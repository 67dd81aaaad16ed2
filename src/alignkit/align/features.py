"""Language-independent anchors in sentences: what two translations of a sentence share.

Each sentence becomes a bag of *keys* that mean the same in every language:

* ``n:2017`` — numbers in all their forms: Arabic digits with any thousands or
  decimal separator (``8 848``, ``8,848``, ``8847,60``), Chinese numerals
  (``二〇一七``, ``七十二``), number words (``seven``, ``семь``, ``sept``);
  ``m:7`` — months (``July``, ``июля``, ``juillet``, ``七月``); ``pct`` — a
  percentage (``%``, ``per cent``, ``процентов``, ``百分之``).
* ``s:s/2017/613`` — UN document symbols.
* ``w:denuk`` — words in Latin script, or transliterated from Cyrillic, cut to
  :data:`PREFIX` letters: names and cognates (``THAAD`` inside Chinese text,
  ``денуклеаризация`` ~ ``denuclearization``, ``Expedition`` ~ ``expédition``).
* ``p:?``, ``p:!``, ``p:"``, ``p:(`` — question and exclamation marks,
  quotation marks (pairs), brackets.
* ``g:<concept>`` — glossary concepts, when a glossary is given.

:func:`sentence_keys` gives the keys of one sentence with their counts; the
weight of a key's class (:data:`CLASS_WEIGHTS`) says how much a shared key is
worth.  :func:`describe_difference` explains, for reports, why two sides
disagree (``numbers differ: 2017 vs 2016``).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

#: Anchor keys of a text with their counts (weights).
Keys = dict[str, float]

#: Words are compared on their first PREFIX letters (inflection and cognate endings differ).
PREFIX = 5
#: Shorter words are not compared at all (function words, ambiguous across languages).
MIN_WORD = 4
#: How much a shared key of each class is worth, relative to a shared number.
CLASS_WEIGHTS: dict[str, float] = {"n": 1.0, "m": 1.0, "pct": 1.0, "s": 1.5, "w": 0.5, "p": 0.6, "g": 1.0}
#: Numbers written in words or Chinese numerals count this much of a digit-written one
#: (they are often translated loosely: 两人 "both", 一 "a").
WORD_NUMBER_WEIGHT = 0.5

_CYRILLIC = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p", "r", "s", "t",
     "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya"],
    strict=True,
))
_CYRILLIC_TABLE = str.maketrans(_CYRILLIC)
#: Spelling differences that cognates show across en/fr/de and transliterated Russian, applied in
#: this order: first the groups of letters, then the single letters (none of whose replacements is
#: replaced again, so they are applied at once, with the hyphens and apostrophes dropped).
_SPELLING = [("shch", "s"), ("kh", "h"), ("ph", "f"), ("ts", "c"), ("ck", "k")]
_SPELLING_LETTERS = str.maketrans({"c": "k", "q": "k", "w": "v", "x": "ks", "y": "i", "j": "i", "z": "s",
                                   "-": None, "'": None, "’": None})

# Digits grouped by thousands (8 848) or a run of digits with separators (8,848.5); the first
# digit is outside the alternation so the regex engine can skip quickly to a digit.
_DIGIT_NUMBER = re.compile(r"\d(?:\d{0,2}(?:[ \u00a0\u202f\u2009]\d{3})+(?!\d)|\d*(?:[.,'’]\d+)*)")
_CHINESE_NUMBER = re.compile(r"[零〇一二两三四五六七八九十百千万亿]+")
_CHINESE_DIGITS = {ch: v for v, chars in enumerate(["零〇", "一", "二两", "三", "四", "五", "六", "七", "八", "九"])
                   for ch in chars}
_CHINESE_UNITS = {"十": 10, "百": 100, "千": 1000}
_CHINESE_SECTIONS = {"万": 10_000, "亿": 100_000_000}
_SYMBOL = re.compile(r"\b[A-Z]{1,4}(?:/[A-Z0-9][A-Za-z0-9.\-]*){2,}")
_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_LATIN_OR_CYRILLIC = re.compile(r"[A-Za-z\u00c0-\u024f\u0400-\u04ff]")
#: Quotation marks, and apostrophes not between two letters (one character class first, so the
#: regex engine can skip quickly to a candidate).
_QUOTES = re.compile(r"[“”«»„「」『』\"'‘’](?:(?<![^\W\d_]['‘’])|(?![^\W\d_]))")
_PERCENT = re.compile(r"%|％|\bper ?cent\b|процент|\bprozent|\bpour ?cent|百分之", re.IGNORECASE)
#: What every match of _PERCENT contains, lower-cased (much quicker to look for than the regex).
_PERCENT_HINTS = ("%", "％", "cent", "процент", "prozent", "百分之")

_MONTHS: dict[str, int] = {}
for _number, _forms in enumerate([
    "january jan janvier januar январ", "february feb février fevrier februar феврал", "march mar mars märz марта март",
    "april apr avril апрел", "may mai мая май", "june jun juin juni июн", "july jul juillet juli июл",
    "august aug août aout август", "september sep sept septembre сентябр", "october oct octobre oktober октябр",
    "november nov novembre ноябр", "december dec décembre decembre dezember декабр",
], start=1):
    for _form in _forms.split():
        _MONTHS[_form] = _number
#: Month names that are also common words: only taken when capitalised (``May``, ``March``).
_CAPITALISED_MONTHS = frozenset({"may", "mar", "march", "jan", "jun", "jul", "aug", "sep", "oct", "nov", "dec", "sept"})
_RUSSIAN_MONTH_STEMS = [(stem, n) for stem, n in _MONTHS.items() if "\u0400" <= stem[0] <= "\u04ff"]

_NUMBER_WORDS: dict[str, int] = {}
for _value, _forms in {
    2: "two deux zwei два две двух двум", 3: "three trois drei три трех трёх", 4: "four quatre vier четыре четырех",
    5: "five cinq fünf пять пяти", 6: "six sechs шесть шести", 7: "seven sept sieben семь семи",
    8: "eight huit восемь восьми", 9: "nine neuf neun девять девяти", 10: "ten dix zehn десять десяти",
    11: "eleven onze elf", 12: "twelve douze zwölf", 20: "twenty vingt zwanzig двадцать",
    100: "hundred hundert сто", 1000: "thousand mille tausend тысяча тысячи тысяч",
    1_000_000: "million millions millionen миллион миллиона миллионов",
}.items():
    for _form in _forms.split():
        _NUMBER_WORDS[_form] = _value


@lru_cache(maxsize=200_000)
def normalise_word(word: str) -> str:
    """A word in comparable form: lower case, no accents, Cyrillic transliterated, cognate
    spellings unified (``c``/``k``, ``ph``/``f``...), cut to :data:`PREFIX` letters."""
    stripped = word.lower()
    if not stripped.isascii():
        latin = stripped.translate(_CYRILLIC_TABLE)
        stripped = "".join(ch for ch in unicodedata.normalize("NFKD", latin) if not unicodedata.combining(ch))
    for written, unified in _SPELLING:
        stripped = stripped.replace(written, unified)
    return stripped.translate(_SPELLING_LETTERS)[:PREFIX]


def chinese_numeral_value(numeral: str) -> int:
    """The value of a Chinese numeral: ``二〇一七`` → 2017, ``七十二`` → 72, ``三万五千`` → 35000."""
    if not any(ch in _CHINESE_UNITS or ch in _CHINESE_SECTIONS for ch in numeral):
        return int("".join(str(_CHINESE_DIGITS[ch]) for ch in numeral))
    total = section = digit = 0
    for ch in numeral:
        if ch in _CHINESE_DIGITS:
            digit = _CHINESE_DIGITS[ch]
        elif ch in _CHINESE_UNITS:
            section += (digit or 1) * _CHINESE_UNITS[ch]
            digit = 0
        else:
            total += (section + digit) * _CHINESE_SECTIONS[ch]
            section = digit = 0
    return total + section + digit


def _digit_value(text: str) -> str:
    digits = re.sub(r"\D", "", text).lstrip("0")
    return digits or "0"


def number_keys(text: str, lang: str) -> Keys:
    """Numbers, months and percentages of a sentence, with their weights."""
    keys: Keys = defaultdict(float)
    _add_numbers(_SYMBOL.sub(" ", text), lang, keys)
    merge_keys(keys, {key: value for key, value in _word_anchors(text).items() if key_class(key) in ("n", "m")})
    return dict(keys)


def _add_numbers(text: str, lang: str, keys: Keys) -> None:
    """Count the numbers written in digits or Chinese numerals, and percentages, into ``keys``
    (a ``defaultdict(float)``, as all the ``_add_`` functions take)."""
    for match in _DIGIT_NUMBER.finditer(text):
        after = text[match.end():match.end() + 1]
        keys[("m:" if after == "月" else "n:") + _digit_value(match.group())] += 1.0
    if lang.startswith(("zh", "ja")):
        _add_chinese_numbers(text, keys)
        _read_month_dot_day(text, keys)
    if _has_percent(text):
        keys["pct"] += 1.0


def _has_percent(text: str) -> bool:
    lowered = text.lower()
    return any(hint in lowered for hint in _PERCENT_HINTS) and _PERCENT.search(text) is not None


#: "9·19" names a date by month and day in Chinese (the Joint Statement of 19 September).
_MONTH_DOT_DAY = re.compile(r"(?<![\d.])(1[0-2]|0?[1-9])[·・](3[01]|[12]\d|0?[1-9])(?![\d.])")


def _read_month_dot_day(text: str, keys: Keys) -> None:
    """Count the month of a "9·19" date as a month, as "September" is on the other side."""
    for match in _MONTH_DOT_DAY.finditer(text):
        month = str(int(match.group(1)))
        keys[f"n:{month}"] -= 1.0
        if keys[f"n:{month}"] <= 0:
            del keys[f"n:{month}"]
        keys[f"m:{month}"] += 1.0


#: Counters after an ordinal that name a numbered part (第二十九条 "article 29", 第七十二届 "seventy-second
#: session"): such an ordinal is a label the translation keeps.  Other ordinals are words
#: (第三方 "third parties", 第一 "first") and count as number words do.
_NUMBERED_PARTS = frozenset("条款章节项段届次号页卷编期轮部")


def _add_chinese_numbers(text: str, keys: Keys) -> None:
    for match in _CHINESE_NUMBER.finditer(text):
        numeral = match.group()
        # An ordinal of a numbered part (第一条 "Article 1", 第二十九条) is exact, even 一.
        ordinal = (text[match.start() - 1:match.start()] == "第"
                   and text[match.end():match.end() + 1] in _NUMBERED_PARTS)
        if (numeral == "一" or numeral == "零") and not ordinal:
            continue  # "a", "one": rarely a number a translation keeps
        value = chinese_numeral_value(numeral)
        after = text[match.end():match.end() + 1]
        if after == "月" and 1 <= value <= 12:
            keys[f"m:{value}"] += 1.0
        elif value > 1 or ordinal:
            exact = ordinal or after in "年日号" or "〇" in numeral or "零" in numeral
            keys[f"n:{value}"] += 1.0 if exact else WORD_NUMBER_WEIGHT


@lru_cache(maxsize=200_000)
def word_anchor(word: str) -> tuple[str, float] | None:
    """The key a word gives, with its weight: a number word, a month, a long Latin or
    Cyrillic word (cut to :data:`PREFIX` letters); None for other words."""
    lowered = word.lower()
    if lowered in _NUMBER_WORDS:
        return f"n:{_NUMBER_WORDS[lowered]}", WORD_NUMBER_WEIGHT
    month = _month(word, lowered)
    if month:
        return f"m:{month}", 1.0
    if len(word) >= MIN_WORD and _LATIN_OR_CYRILLIC.match(word):
        return "w:" + normalise_word(word), 1.0
    return None


def _word_anchors(text: str) -> Keys:
    keys: Keys = defaultdict(float)
    _add_word_anchors(text, keys)
    return keys


def _add_word_anchors(text: str, keys: Keys) -> None:
    for key, weight in filter(None, map(word_anchor, _WORD.findall(text))):
        keys[key] += weight


def _month(word: str, lowered: str) -> int:
    if lowered in _MONTHS:
        return _MONTHS[lowered] if lowered not in _CAPITALISED_MONTHS or word[0].isupper() else 0
    if "\u0400" <= lowered[0] <= "\u04ff":
        for stem, month in _RUSSIAN_MONTH_STEMS:
            if lowered.startswith(stem) and len(lowered) <= len(stem) + 2:
                return month
    return 0


def word_keys(text: str, lang: str) -> Keys:
    """Latin-script (or transliterated Cyrillic) words of at least :data:`MIN_WORD` letters.

    In Chinese text only the Latin-script words count (``THAAD``, names).
    """
    return {key: value for key, value in _word_anchors(text).items() if key_class(key) == "w"}


def punctuation_keys(text: str) -> Keys:
    """Question and exclamation marks, quotation-mark pairs and brackets."""
    keys: Keys = defaultdict(float)
    _add_punctuation(text, keys)
    return dict(keys)


def _add_punctuation(text: str, keys: Keys) -> None:
    for key, count in (
        ("p:?", text.count("?") + text.count("？")),
        ("p:!", text.count("!") + text.count("！")),
        ("p:\"", (len(_QUOTES.findall(text)) + 1) // 2),
        ("p:(", text.count("(") + text.count("（") + text.count("[") + text.count("【")),
    ):
        if count:
            keys[key] += float(count)


def symbol_keys(text: str) -> Keys:
    """UN document symbols (``S/2017/613``, ``A/RES/71/1``)."""
    keys: Keys = defaultdict(float)
    _add_symbols(text, keys)
    return dict(keys)


def _add_symbols(text: str, keys: Keys) -> None:
    if "/" in text:  # every symbol has at least two
        for symbol in _SYMBOL.findall(text):
            keys["s:" + symbol.lower().rstrip(".")] += 1.0


#: Finds glossary concepts in a text of a language: returns their ids.
ConceptFinder = Callable[[str, str], Iterable[str]]


def sentence_keys(text: str, lang: str, concepts: ConceptFinder | None = None) -> Keys:
    """Every anchor key of one sentence with its count (see the module docstring)."""
    normalised = unicodedata.normalize("NFKC", text) if not text.isascii() else text
    # One dict for all: the keys keep the order of the classes (and counts are small multiples of
    # 0.5, so adding them in another order gives the same sums).
    keys: Keys = defaultdict(float)
    _add_symbols(normalised, keys)
    _add_numbers(_SYMBOL.sub(" ", normalised) if keys else normalised, lang, keys)
    _add_word_anchors(normalised, keys)
    _add_punctuation(text, keys)
    if concepts is not None:
        for concept in concepts(text, lang):
            keys["g:" + concept] = keys.get("g:" + concept, 0.0) + 1.0
    return dict(keys)


def merge_keys(target: Keys, source: Mapping[str, float]) -> None:
    """Add the counts of ``source`` to ``target``."""
    for key, value in source.items():
        target[key] = target.get(key, 0.0) + value


def key_class(key: str) -> str:
    """The class of a key: ``n``, ``m``, ``pct``, ``s``, ``w``, ``p`` or ``g``."""
    return key.partition(":")[0]


#: Key classes whose mismatch is worth telling the reviser about.
CHECKED_CLASSES = ("n", "m", "s")


@dataclass(frozen=True)
class Difference:
    """Numbers (or months, or document symbols) two sides of a unit do not share.

    :param label: ``"numbers"``, ``"months"`` or ``"document symbols"``.
    :param only_src: the values found on the source side only (at most three).
    :param only_tgt: the values found on the target side only (at most three).
    """

    label: str
    only_src: tuple[str, ...]
    only_tgt: tuple[str, ...]

    @property
    def contradicts(self) -> bool:
        """Both sides have values the other lacks: they state different facts (2017 vs 2016)."""
        return bool(self.only_src and self.only_tgt)


def compare_anchors(src: Mapping[str, float], tgt: Mapping[str, float]) -> Difference | None:
    """The first class of numbers, months or symbols the two sides disagree on, or None.

    A number written in words (or Chinese numerals other than dates) counts
    only when the other side has it too: such numbers are often translated
    loosely ("both", "a").

    :param src: keys of the source side (:func:`sentence_keys` of its sentences, summed).
    :param tgt: keys of the target side.
    """
    src_found, tgt_found = _checked_values(src), _checked_values(tgt)
    if not src_found and not tgt_found:
        return None
    for cls, label in (("n", "numbers"), ("m", "months"), ("s", "document symbols")):
        src_values = sorted(src_found.get(cls, ()), key=_natural)
        tgt_values = sorted(tgt_found.get(cls, ()), key=_natural)
        if cls == "n":
            src_values = [v for v in src_values if src.get(f"n:{v}", 0) >= 1.0 or v in tgt_values]
            tgt_values = [v for v in tgt_values if tgt.get(f"n:{v}", 0) >= 1.0 or v in src_values]
        only_src = tuple(v for v in src_values if v not in tgt_values)[:3]
        only_tgt = tuple(v for v in tgt_values if v not in src_values)[:3]
        if only_src or only_tgt:
            return Difference(label, only_src, only_tgt)
    return None


def describe_difference(src: Mapping[str, float], tgt: Mapping[str, float]) -> str:
    """Why two sides disagree on numbers or symbols (``numbers differ: 2017 vs 2016``,
    ``numbers missing on the target side: 2017``), or ``""``.

    :param src: keys of the source side (:func:`sentence_keys` of its sentences, summed).
    :param tgt: keys of the target side.
    """
    difference = compare_anchors(src, tgt)
    if difference is None:
        return ""
    if difference.contradicts:
        return f"{difference.label} differ: {', '.join(difference.only_src)} vs {', '.join(difference.only_tgt)}"
    side = "target" if difference.only_src else "source"
    return f"{difference.label} missing on the {side} side: {', '.join(difference.only_src or difference.only_tgt)}"


def _checked_values(keys: Iterable[str]) -> dict[str, set[str]]:
    """The values of the keys of each of :data:`CHECKED_CLASSES` present (``n:2017`` → ``2017``), in one pass."""
    found: dict[str, set[str]] = {}
    for key in keys:
        cls, _, value = key.partition(":")
        if cls in CHECKED_CLASSES:
            found.setdefault(cls, set()).add(value)
    return found


def _natural(value: str) -> tuple[int, str]:
    return (int(value), "") if value.isdigit() and len(value) < 19 else (0, value)
