"""Find glossary terms in text: one multi-pattern matcher per language.

* Spaced languages are matched token by token.  Each token of the text is turned,
  once, into a small set of *keys* (its forms that a term may be written in), and
  every term becomes a sequence of key sets.  Terms are indexed by the keys of
  their first two tokens, so a text is scanned once whatever the size of the
  glossary.
  - English keys: the word lower-cased, without accents and possessive ``'s``,
    plus its singular (``activities`` → ``activity``).  Hyphens separate tokens,
    and a hyphenated term also matches its closed form (``North-East Asia`` →
    ``Northeast Asia``, ``North East Asia``).
  - Russian keys: every lemma pymorphy3 gives the word (``полуострова`` →
    ``полуостров``), so inflected multi-word terms match in any case and number.
* Chinese and Japanese are matched as substrings of a normalised text (full-width
  forms folded, spaces, line breaks and quotation marks dropped, traditional
  characters simplified when OpenCC is installed) with an Aho-Corasick automaton.

In every language overlapping matches are resolved longest first, so a longer
term wins over a shorter one it contains (``朝鲜半岛`` over ``朝鲜``).  Matching
ignores case, except in case-sensitive entries and for abbreviations (``UN``,
``DPRK``, ``ООН``), which only match in capitals.
"""

from __future__ import annotations

import functools
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

import regex

from ..errors import AlignkitError
from ..langs import base_code, is_unspaced
from .concepts import Concept, Glossary

if TYPE_CHECKING:
    import pymorphy3

APPROVED = "approved"
VARIANT = "variant"
FORBIDDEN = "forbidden"

#: Prefix of the keys used by case-sensitive entries (never produced by case folding).
_CASED = "\x01"
_WORD = regex.compile(r"[\p{L}\p{N}\p{M}]+(?:['’][\p{L}\p{N}\p{M}]+)*")
_RUSSIAN_WORD = regex.compile(r"[\p{L}\p{N}\p{M}]+")
#: Hyphens and dashes that join the parts of a compound (North-East).
_HYPHENS = frozenset("-‐‑‒–")
_KEY_CACHE_SIZE = 500_000


@dataclass(frozen=True)
class TermRef:
    """Which glossary term a pattern stands for.

    :param concept: the concept id.
    :param status: ``approved``, ``variant`` or ``forbidden``.
    :param term: the term as written in the glossary.
    """

    concept: str
    status: str
    term: str


@dataclass(frozen=True)
class TermMatch:
    """One occurrence of a glossary term in a text.

    :param start: offset of the first character in the text.
    :param end: offset after the last character.
    :param text: the text as written in the document.
    :param refs: the glossary terms it is (usually one; several when two concepts
        share a rendering, such as 中俄 for both China and Russia).
    """

    start: int
    end: int
    text: str
    refs: tuple[TermRef, ...]


class Matcher(Protocol):
    """Finds the terms of one language."""

    def add(self, term: str, ref: TermRef, case_sensitive: bool) -> bool:
        """Register ``term``; False when it has nothing to match (no word characters)."""

    def find(self, text: str) -> list[TermMatch]:
        """Every non-overlapping occurrence in ``text``, longest first, in text order."""


# --------------------------------------------------------------------------- selection

#: A candidate occurrence: first unit, unit after the last, weight (longer wins), pattern id.
Candidate = tuple[int, int, tuple[int, int], int]


def select_longest(candidates: Sequence[Candidate], size: int) -> list[tuple[int, int, list[int]]]:
    """Keep the longest candidates that do not overlap a longer one already kept.

    Candidates with exactly the same span are kept together (their pattern ids
    merged).  Returns ``(first, after_last, pattern ids)`` in text order.
    """
    by_span: dict[tuple[int, int], list[int]] = defaultdict(list)
    weight: dict[tuple[int, int], tuple[int, int]] = {}
    for first, after, span_weight, pattern in candidates:
        by_span[(first, after)].append(pattern)
        weight[(first, after)] = span_weight
    covered = bytearray(size)
    chosen = []
    for span in sorted(by_span, key=lambda s: (-weight[s][0], -weight[s][1], s[0])):
        first, after = span
        if any(covered[first:after]):
            continue
        covered[first:after] = b"\x01" * (after - first)
        chosen.append((first, after, by_span[span]))
    chosen.sort()
    return chosen


# --------------------------------------------------------------------------- token languages


class TokenAnalyzer(Protocol):
    """How one spaced language is cut into tokens and turned into keys."""

    def tokenize(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, surface) of every word."""

    def keys(self, surface: str) -> tuple[frozenset[str], frozenset[str]]:
        """(case-folded keys, case-folded and case-sensitive keys) of one word."""

    def term_patterns(self, term: str, case_sensitive: bool) -> list[tuple[frozenset[str], ...]]:
        """The key-set sequences a glossary term matches."""


class TokenMatcher:
    """Multi-pattern matcher over token key sets.

    One-word terms are indexed by their keys, longer terms by the pairs of keys
    of their first two words, so a text token costs a few dictionary look-ups
    however many terms start with the same word.
    """

    def __init__(self, analyzer: TokenAnalyzer) -> None:
        self._analyzer = analyzer
        self._patterns: list[tuple[frozenset[str], ...]] = []
        self._refs: list[list[TermRef]] = []
        self._ids: dict[tuple[frozenset[str], ...], int] = {}
        self._single: dict[str, list[int]] = defaultdict(list)
        self._pairs: dict[tuple[str, str], list[int]] = defaultdict(list)
        self._first_keys: set[str] = set()
        self._any_cased = False

    def add(self, term: str, ref: TermRef, case_sensitive: bool) -> bool:
        """Register ``term``; False when it has no word in it."""
        sequences = self._analyzer.term_patterns(term, case_sensitive)
        for sequence in sequences:
            pattern_id = self._ids.get(sequence)
            if pattern_id is None:
                pattern_id = self._ids[sequence] = len(self._patterns)
                self._patterns.append(sequence)
                self._refs.append([])
                self._index(sequence, pattern_id)
            if ref not in self._refs[pattern_id]:
                self._refs[pattern_id].append(ref)
            self._any_cased |= any(k.startswith(_CASED) for keys in sequence for k in keys)
        return bool(sequences)

    def _index(self, sequence: tuple[frozenset[str], ...], pattern_id: int) -> None:
        self._first_keys.update(sequence[0])
        if len(sequence) == 1:
            for key in sequence[0]:
                self._single[key].append(pattern_id)
            return
        for first in sequence[0]:
            for second in sequence[1]:
                self._pairs[(first, second)].append(pattern_id)

    def find(self, text: str) -> list[TermMatch]:
        """Every non-overlapping occurrence in ``text``, longest first, in text order."""
        tokens = self._analyzer.tokenize(text)
        which = 1 if self._any_cased else 0
        keys = [self._analyzer.keys(surface)[which] for _, _, surface in tokens]
        candidates = [c for i in range(len(tokens)) if not self._first_keys.isdisjoint(keys[i])
                      for c in self._matches_at(i, keys, tokens)]
        return [
            TermMatch(tokens[first][0], tokens[after - 1][1],
                      text[tokens[first][0]:tokens[after - 1][1]], self._merged_refs(ids))
            for first, after, ids in select_longest(candidates, len(tokens))
        ]

    def _candidate_ids(self, i: int, keys: list[frozenset[str]]) -> set[int]:
        ids: set[int] = set()
        for first in keys[i]:
            ids.update(self._single.get(first, ()))
            if i + 1 < len(keys):
                for second in keys[i + 1]:
                    ids.update(self._pairs.get((first, second), ()))
        return ids

    def _matches_at(self, i: int, keys: list[frozenset[str]],
                    tokens: list[tuple[int, int, str]]) -> list[Candidate]:
        found: list[Candidate] = []
        for pattern_id in self._candidate_ids(i, keys):
            pattern = self._patterns[pattern_id]
            after = i + len(pattern)
            if after <= len(keys) and all(
                not pattern[j].isdisjoint(keys[i + j]) for j in range(2, len(pattern))
            ):
                chars = tokens[after - 1][1] - tokens[i][0]
                found.append((i, after, (len(pattern), chars), pattern_id))
        return found

    def _merged_refs(self, pattern_ids: list[int]) -> tuple[TermRef, ...]:
        refs = (ref for pattern_id in pattern_ids for ref in self._refs[pattern_id])
        return tuple(dict.fromkeys(refs))


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
    return folded, folded | frozenset(_CASED + f for f in forms)


KeyFunction = Callable[[str], tuple[frozenset[str], frozenset[str]]]


def _term_keys(keys_of: KeyFunction, surface: str, case_sensitive: bool) -> frozenset[str]:
    """The keys one word of a glossary term matches.

    Case-sensitive entries, and abbreviations in any entry (``UN``, ``DPRK``,
    ``ООН``: two or more capitals), keep their capitals, so ``US`` is not ``us``.
    """
    folded, everything = keys_of(surface)
    if case_sensitive or is_abbreviation(surface):
        return frozenset(k for k in everything if k.startswith(_CASED))
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

    def __init__(self, word: regex.Pattern[str],
                 word_keys: Callable[[str], tuple[frozenset[str], frozenset[str]]]) -> None:
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
    """Russian words (hyphenated words split): every lemma pymorphy3 gives a form, ``ё`` read as ``е``."""
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
    cased = {_CASED + _case_like(word, lemma) for lemma in lemmas} | {_CASED + word}
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
    return folded, folded | {_CASED + surface}


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


@functools.lru_cache(maxsize=1)
def _simplifier() -> Callable[[str], str] | None:
    """OpenCC's traditional-to-simplified converter when OpenCC is installed, else None."""
    try:
        import opencc  # optional: several packages provide this module name
    except ImportError:
        return None
    for config in ("t2s", "t2s.json"):
        try:
            convert: Callable[[str], str] = opencc.OpenCC(config).convert
            return convert
        except Exception:  # noqa: BLE001 - the bindings raise assorted errors for unknown configs
            continue
    return None


def normalize_cjk(text: str, fold_case: bool = True) -> tuple[str, list[int]]:
    """``text`` normalised for matching, and for each of its characters the offset in ``text``."""
    offsets = [i for i, ch in enumerate(text) if ch not in _CJK_SKIPPED]
    kept = "".join(text[i] for i in offsets)
    normalized = kept.translate(_FOLDED_TABLE if fold_case else _CASED_TABLE)
    simplify = _simplifier()
    if simplify is not None:
        simplified = simplify(normalized)
        if len(simplified) == len(normalized):  # offsets stay valid only one-to-one
            normalized = simplified
    return normalized, offsets


class CharMatcher:
    """Substring matcher for unspaced languages, on Aho-Corasick automatons."""

    def __init__(self) -> None:
        import ahocorasick

        self._automatons = {True: ahocorasick.Automaton(), False: ahocorasick.Automaton()}
        self._ids: dict[tuple[bool, str], int] = {}
        self._refs: list[list[TermRef]] = []
        self._dirty = True

    def add(self, term: str, ref: TermRef, case_sensitive: bool) -> bool:
        """Register ``term``; False when nothing of it is left after normalisation."""
        fold = not case_sensitive
        pattern, _ = normalize_cjk(term, fold)
        if not pattern:
            return False
        pattern_id = self._ids.get((fold, pattern))
        if pattern_id is None:
            pattern_id = self._ids[(fold, pattern)] = len(self._refs)
            self._refs.append([])
            self._automatons[fold].add_word(pattern, (len(pattern), pattern_id))
            self._dirty = True
        if ref not in self._refs[pattern_id]:
            self._refs[pattern_id].append(ref)
        return True

    def find(self, text: str) -> list[TermMatch]:
        """Every non-overlapping occurrence in ``text``, longest first, in text order."""
        self._compile()
        candidates: list[Candidate] = []
        offsets: list[int] = []
        for fold, automaton in self._automatons.items():
            if len(automaton) == 0:
                continue
            normalized, offsets = normalize_cjk(text, fold)
            for last, (length, pattern_id) in automaton.iter(normalized):
                candidates.append((last - length + 1, last + 1, (length, length), pattern_id))
        matches = []
        for first, after, ids in select_longest(candidates, len(offsets)):
            start, end = offsets[first], offsets[after - 1] + 1
            refs = tuple(dict.fromkeys(ref for i in ids for ref in self._refs[i]))
            matches.append(TermMatch(start, end, text[start:end], refs))
        return matches

    def _compile(self) -> None:
        if self._dirty:
            for automaton in self._automatons.values():
                if len(automaton):
                    automaton.make_automaton()
            self._dirty = False


# --------------------------------------------------------------------------- per language

def matcher_for(lang: str) -> Matcher:
    """A new, empty matcher suited to ``lang`` (``en``, ``ru``, ``zh``, ``zh-tw``...)."""
    base = base_code(lang)
    if is_unspaced(base):
        return CharMatcher()
    if base == "en":
        return TokenMatcher(EnglishAnalyzer())
    if base == "ru":
        _morph_analyzer()  # fail early, before any text is read, when pymorphy3 is missing
        return TokenMatcher(russian_analyzer())
    return TokenMatcher(plain_analyzer())


def glossary_language(glossary_langs: Sequence[str], lang: str) -> str | None:
    """The glossary column for a document language: the same code, else the same base language."""
    if lang in glossary_langs:
        return lang
    base = base_code(lang)
    return next((g for g in glossary_langs if base_code(g) == base), None)


class TermFinder:
    """Every term of a glossary, compiled once per language on first use."""

    def __init__(self, glossary: Glossary) -> None:
        self.glossary = glossary
        self._matchers: dict[str, Matcher] = {}

    def covers(self, lang: str) -> bool:
        """True when the glossary has a column for ``lang``."""
        return glossary_language(self.glossary.langs, lang) is not None

    def find(self, text: str, lang: str) -> list[TermMatch]:
        """The glossary terms in ``text`` (``[]`` for a language the glossary lacks)."""
        column = glossary_language(self.glossary.langs, lang)
        if column is None or not text:
            return []
        matcher = self._matchers.get(column)
        if matcher is None:
            matcher = self._matchers[column] = self._compile(column)
        return matcher.find(text)

    def _compile(self, column: str) -> Matcher:
        matcher = matcher_for(column)
        for concept in self.glossary:
            for term, status in _terms_with_status(concept, column):
                matcher.add(term, TermRef(concept.id, status, term), concept.case_sensitive)
        return matcher


def _terms_with_status(concept: Concept, lang: str) -> list[tuple[str, str]]:
    renderings = concept.terms.get(lang, ())
    pairs = [(term, APPROVED if i == 0 else VARIANT) for i, term in enumerate(renderings)]
    return pairs + [(term, FORBIDDEN) for term in concept.forbidden.get(lang, ())]
