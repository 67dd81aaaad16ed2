"""Find glossary terms in text: one multi-pattern matcher per language.

The words and their match keys come from :mod:`.analyzers`; this module indexes
the glossary's terms and finds them.

* Spaced languages are matched token by token (:class:`TokenMatcher`): each token
  of the text is turned, once, into its keys, and every term into a sequence of
  key sets.  Terms are indexed by the keys of their first two tokens, so a text is
  scanned once whatever the size of the glossary.
* Chinese and Japanese are matched as substrings of a normalised text
  (:class:`CharMatcher`) with an Aho-Corasick automaton.

In every language overlapping matches are resolved longest first
(:func:`select_longest`), so a longer term wins over a shorter one it contains
(``朝鲜半岛`` over ``朝鲜``).  Matching ignores case, except in case-sensitive
entries and, in spaced languages, for abbreviations (``UN``, ``DPRK``, ``ООН``),
which only match in capitals.  :func:`matcher_for` picks the matcher and analyzer
for a language; :class:`TermFinder` compiles a whole glossary, one language at a
time, on first use.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from ..langs import base_code, is_unspaced
from .analyzers import (
    CASED_PREFIX,
    CJK,
    ENGLISH,
    PLAIN,
    RUSSIAN,
    EnglishAnalyzer,
    TokenAnalyzer,
    analyzer_name,
    normalize_cjk,
    plain_analyzer,
    russian_analyzer,
)
from .concepts import Concept, Glossary

APPROVED = "approved"
VARIANT = "variant"
FORBIDDEN = "forbidden"


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


# --------------------------------------------------------------------------- spaced languages


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
            self._any_cased |= any(k.startswith(CASED_PREFIX) for keys in sequence for k in keys)
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


# --------------------------------------------------------------------------- Chinese, Japanese


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

def _analyzer_kind(lang: str) -> str:
    """Which analyzer matches the terms of ``lang``."""
    base = base_code(lang)
    if is_unspaced(base):
        return CJK
    return {"en": ENGLISH, "ru": RUSSIAN}.get(base, PLAIN)


def matcher_for(lang: str) -> Matcher:
    """A new, empty matcher suited to ``lang`` (``en``, ``ru``, ``zh``, ``zh-tw``...)."""
    kind = _analyzer_kind(lang)
    if kind == CJK:
        return CharMatcher()
    if kind == ENGLISH:
        return TokenMatcher(EnglishAnalyzer())
    if kind == RUSSIAN:
        return TokenMatcher(russian_analyzer())
    return TokenMatcher(plain_analyzer())


def matcher_name(lang: str) -> str:
    """How the terms of ``lang`` are matched, with the versions that decide it (see
    :func:`~.analyzers.analyzer_name`), for the term report's settings."""
    return analyzer_name(_analyzer_kind(lang))


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
