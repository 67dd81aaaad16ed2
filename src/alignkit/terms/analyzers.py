"""Language analyzers: how a word of the text, or of a glossary term, is turned into match keys.

* Spaced languages are cut into words, and each word into a small set of *keys*
  (its forms that a term may be written in); a term becomes a sequence of key
  sets (:class:`TokenAnalyzer`, used by :class:`~.matching.TokenMatcher`).
  - English keys: the word lower-cased, without accents and possessive ``'s``,
    plus its singular (``activities`` → ``activity``).  Hyphens separate tokens,
    and a hyphenated term also matches its closed form (``North-East Asia`` →
    ``Northeast Asia``, ``North East Asia``).
  - Russian keys: every lemma pymorphy3 gives the word (``полуострова`` →
    ``полуостров``), so inflected multi-word terms match in any case and number.
  - Any other spaced language: the word case-folded, no morphology.
* Chinese and Japanese text is normalised for substring matching
  (:func:`normalize_cjk`, used by :class:`~.matching.CharMatcher`): full-width
  forms folded, spaces, line breaks and quotation marks dropped.  Traditional
  characters are not converted to simplified ones (UN Chinese is simplified, and
  a conversion that depends on what happens to be installed would change the
  findings without a trace); a glossary that must match traditional text lists
  the traditional forms as variants (``朝鲜半岛|朝鮮半島``).

:func:`analyzer_name` names each analyzer with the version of the data it uses,
for the term report's settings.

Keys ignore case, except in case-sensitive entries and for abbreviations
(``UN``, ``DPRK``, ``ООН``), whose keys (prefixed with :data:`CASED_PREFIX`)
only match words in the same capitals.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

import regex

from ..errors import AlignkitError

if TYPE_CHECKING:
    import pymorphy3

#: Prefix of the keys used by case-sensitive entries (never produced by case folding).
CASED_PREFIX = "\x01"
_WORD = regex.compile(r"[\p{L}\p{N}\p{M}]+(?:['’][\p{L}\p{N}\p{M}]+)*")
_RUSSIAN_WORD = regex.compile(r"[\p{L}\p{N}\p{M}]+")
#: Hyphens and dashes that join the parts of a compound (North-East).
_HYPHENS = frozenset("-‐‑‒–")
_KEY_CACHE_SIZE = 500_000


# --------------------------------------------------------------------------- spaced languages


class TokenAnalyzer(Protocol):
    """How one spaced language is cut into tokens and turned into keys."""

    def tokenize(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, surface) of every word."""

    def keys(self, surface: str) -> tuple[frozenset[str], frozenset[str]]:
        """(case-folded keys, case-folded and case-sensitive keys) of one word."""

    def term_patterns(self, term: str, case_sensitive: bool) -> list[tuple[frozenset[str], ...]]:
        """The key-set sequences a glossary term matches."""


def _without_accents(word: str) -> str:
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


#: Plurals that the suffix rules get wrong or that are singular already.
_IRREGULAR_PLURALS = {
    "children": "child", "women": "woman", "men": "man", "criteria": "criterion",
    "phenomena": "phenomenon", "feet": "foot", "indices": "index",
}
_SINGULAR_ALREADY = frozenset({"news", "series", "species", "means", "headquarters", "status",
                               "analysis", "basis", "crisis", "thesis", "process", "congress",
                               "access", "progress", "politics", "economics", "affairs"})
_KEEP_ES = ("sses", "shes", "ches", "xes", "zes")


def english_singular(word: str) -> str:
    """The singular of an English plural noun by the regular rules (``parties`` → ``party``).

    Words that are not plurals come back unchanged or harmlessly shortened; the
    matcher only ever adds the singular next to the word itself.
    """
    lower = word.lower()
    if len(word) <= 3 or lower in _SINGULAR_ALREADY:
        return word
    if lower in _IRREGULAR_PLURALS:
        return _IRREGULAR_PLURALS[lower]
    if lower.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if lower.endswith(_KEEP_ES):
        return word[:-2]
    if lower.endswith(("ss", "us", "is")) or not lower.endswith("s"):
        return word
    return word[:-1]


class EnglishAnalyzer:
    """English words: case-folded, accents and possessives dropped, singular added."""

    def tokenize(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, surface) of every word; hyphens and punctuation separate words."""
        return [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]

    def keys(self, surface: str) -> tuple[frozenset[str], frozenset[str]]:
        """(folded keys, folded and case-sensitive keys) of one word."""
        return _english_keys(surface)

    def term_patterns(self, term: str, case_sensitive: bool) -> list[tuple[frozenset[str], ...]]:
        """The split form of the term, and its closed form when it is hyphenated."""
        split = tuple(_term_keys(_english_keys, s, case_sensitive) for s in _surfaces(self, term))
        closed = tuple(_term_keys(_english_keys, s, case_sensitive) for s in _closed_compounds(term, self))
        return list(dict.fromkeys(seq for seq in (split, closed) if seq))


@functools.lru_cache(maxsize=_KEY_CACHE_SIZE)
def _english_keys(surface: str) -> tuple[frozenset[str], frozenset[str]]:
    word = _without_accents(surface.replace("’", "'"))
    if word.lower().endswith("'s"):
        word = word[:-2]
    forms = {word, english_singular(word)}
    folded = frozenset(f.lower() for f in forms)
    return folded, folded | frozenset(CASED_PREFIX + f for f in forms)


KeyFunction = Callable[[str], tuple[frozenset[str], frozenset[str]]]


def _term_keys(keys_of: KeyFunction, surface: str, case_sensitive: bool) -> frozenset[str]:
    """The keys one word of a glossary term matches.

    Case-sensitive entries, and abbreviations in any entry (``UN``, ``DPRK``,
    ``ООН``: two or more capitals), keep their capitals, so ``US`` is not ``us``.
    """
    folded, everything = keys_of(surface)
    if case_sensitive or is_abbreviation(surface):
        return frozenset(k for k in everything if k.startswith(CASED_PREFIX))
    return folded


def is_abbreviation(word: str) -> bool:
    """True for a word in capitals of two letters or more (``UN``, ``THAAD``, ``КНДР``)."""
    return len(word) >= 2 and word.isupper()


def _surfaces(analyzer: TokenAnalyzer, text: str) -> list[str]:
    return [surface for _, _, surface in analyzer.tokenize(text)]


def _closed_compounds(term: str, analyzer: TokenAnalyzer) -> list[str]:
    """The words of ``term`` with hyphenated compounds closed up, or [] when it has none."""
    tokens = analyzer.tokenize(term)
    if not any(term[a[1]:b[0]] in _HYPHENS for a, b in zip(tokens, tokens[1:])):
        return []
    words = [tokens[0][2]]
    for previous, token in zip(tokens, tokens[1:]):
        if term[previous[1]:token[0]] in _HYPHENS:
            words[-1] += token[2]
        else:
            words.append(token[2])
    return words


class WordAnalyzer:
    """Words found by a pattern, each turned into match keys by one function.

    :param word: the pattern of one word.
    :param word_keys: a word's (folded keys, folded and case-sensitive keys).
    """

    def __init__(self, word: regex.Pattern[str], word_keys: KeyFunction) -> None:
        self._word = word
        self._word_keys = word_keys

    def tokenize(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, surface) of every word."""
        return [(m.start(), m.end(), m.group()) for m in self._word.finditer(text)]

    def keys(self, surface: str) -> tuple[frozenset[str], frozenset[str]]:
        """(folded keys, folded and case-sensitive keys) of one word."""
        return self._word_keys(surface)

    def term_patterns(self, term: str, case_sensitive: bool) -> list[tuple[frozenset[str], ...]]:
        """One key-set sequence: the keys of each word of the term."""
        sequence = tuple(_term_keys(self._word_keys, s, case_sensitive) for s in _surfaces(self, term))
        return [sequence] if sequence else []


def russian_analyzer() -> WordAnalyzer:
    """Russian words (hyphenated words split): every lemma pymorphy3 gives a form, ``ё`` read as ``е``.

    Raises :class:`AlignkitError` at once, before any text is read, when pymorphy3 is missing.
    """
    _morph_analyzer()
    return WordAnalyzer(_RUSSIAN_WORD, _russian_keys)


def plain_analyzer() -> WordAnalyzer:
    """Any other spaced language: whole words, case-folded, no morphology."""
    return WordAnalyzer(_WORD, _plain_keys)


@functools.lru_cache(maxsize=1)
def _morph_analyzer() -> pymorphy3.MorphAnalyzer:
    try:
        import pymorphy3
    except ImportError:
        raise AlignkitError("matching Russian terms needs pymorphy3: "
                            "pip install pymorphy3 pymorphy3-dicts-ru") from None
    return pymorphy3.MorphAnalyzer()


@functools.lru_cache(maxsize=_KEY_CACHE_SIZE)
def _russian_keys(surface: str) -> tuple[frozenset[str], frozenset[str]]:
    word = surface.replace("ё", "е").replace("Ё", "Е")
    lower = word.lower()
    lemmas = {parse.normal_form.replace("ё", "е") for parse in _morph_analyzer().parse(lower)}
    folded = frozenset(lemmas | {lower})
    cased = {CASED_PREFIX + _case_like(word, lemma) for lemma in lemmas} | {CASED_PREFIX + word}
    return folded, folded | frozenset(cased)


def _case_like(model: str, word: str) -> str:
    """``word`` capitalised the way ``model`` is (КНДР, Совет, совет)."""
    if len(model) > 1 and model.isupper():
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


@functools.lru_cache(maxsize=_KEY_CACHE_SIZE)
def _plain_keys(surface: str) -> tuple[frozenset[str], frozenset[str]]:
    folded = frozenset({surface.casefold()})
    return folded, folded | {CASED_PREFIX + surface}


# --------------------------------------------------------------------------- Chinese, Japanese

#: Characters dropped before matching: spaces and line breaks (PDF artefacts) and quotation marks.
_CJK_SKIPPED = frozenset(" \t\n\r\x0b\x0c\u00a0\u3000\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
                         "\u2007\u2008\u2009\u200a\u200b\u202f\u205f\ufeff"
                         "\"'“”‘’「」『』〝〞〟«»＂＇")


def _cjk_table(fold_case: bool) -> dict[int, str]:
    """A one-to-one character map: full-width forms to ASCII, every middle dot to U+00B7."""
    table = {code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)}
    for dot in "・･‧∙•⋅":
        table[ord(dot)] = "·"
    if fold_case:
        for code, char in list(table.items()):
            table[code] = char.lower()
        table.update({ord(c): c.lower() for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"})
    return table


_FOLDED_TABLE = _cjk_table(True)
_CASED_TABLE = _cjk_table(False)


def normalize_cjk(text: str, fold_case: bool = True) -> tuple[str, list[int]]:
    """``text`` normalised for matching, and for each of its characters the offset in ``text``.

    Full-width forms folded, middle dots unified, spaces, line breaks and quotation
    marks dropped; nothing else (no traditional-to-simplified conversion).
    """
    offsets = [i for i, ch in enumerate(text) if ch not in _CJK_SKIPPED]
    kept = "".join(text[i] for i in offsets)
    return kept.translate(_FOLDED_TABLE if fold_case else _CASED_TABLE), offsets


# --------------------------------------------------------------------------- names, for the report

#: What :func:`analyzer_name` calls each kind of analyzer.
ENGLISH, RUSSIAN, CJK, PLAIN = "english", "russian", "cjk", "plain"


def analyzer_name(kind: str) -> str:
    """The analyzer of ``kind`` with what decides its matches besides alignkit's own version:
    ``english-forms``, ``pymorphy3-2.0.6(dicts-ru-2.4...)``, ``cjk-substring(width+quotes)``,
    ``words(casefold)``."""
    if kind == RUSSIAN:
        return f"pymorphy3-{_version('pymorphy3')}(dicts-ru-{_version('pymorphy3-dicts-ru')})"
    if kind == ENGLISH:
        return "english-forms"
    if kind == CJK:
        return "cjk-substring(width+quotes)"
    return "words(casefold)"


def _version(distribution: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(distribution)
    except PackageNotFoundError:
        return "missing"
