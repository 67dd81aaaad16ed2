"""Sentence splitting for spaced languages with the rules of Moses ``split-sentences.perl``.

sacremoses supplies only the non-breaking prefix lists (its ``sent_tokenize`` is an
unfinished stub); the rules are implemented here with the ``regex`` module's Unicode
classes.  A boundary is a run of spaces where the text before ends a sentence and
the text after starts one:

* after ``?`` or ``!`` (closing quotes and brackets stay with the sentence) before
  an uppercase word, optionally preceded by opening quotes or brackets;
* after an ellipsis (``...``, ``…``) before an uppercase word;
* after a period before an uppercase word or a digit, unless the word before the
  period is a non-breaking prefix (``Mr.``, ``e.g.``, ``т. е.``, a single capital
  initial), an acronym with inner periods (``U.S.``), or a ``#NUMERIC_ONLY#``
  prefix followed by a number (``No. 5``, ``Art. 5``, ``p. 3``);
* never before a lowercase word, so ``e.g. the``, ``г. в`` and Russian lowercase
  after a period always continue the sentence.

Departures from the Perl script, each for UN text: a prefix also protects a period
before an opening quote; a ``#NUMERIC_ONLY#`` prefix also protects a period before a
document symbol (``Sales No. E.17.II.A.1``, ``Doc. A/72/100``); a label at the very
start of the text (``1.``, ``IV.``) never ends a sentence; ``… и т. д.`` / ``и т. п.``
/ ``и др.`` end a sentence before a capital although ``д``, ``п`` and ``др`` are
prefixes; and no-break spaces (U+00A0, U+202F, U+2007) never separate sentences.
"""

from __future__ import annotations

import importlib.metadata
import importlib.resources
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from enum import Enum
from functools import cache, lru_cache
from types import MappingProxyType

import regex

from ..errors import UnsupportedLanguageError

#: Languages with a sacremoses prefix list and an alignkit supplement.
MOSES_LANGUAGES: tuple[str, ...] = ("en", "ru")

_NUMERIC_ONLY_MARKER = "#NUMERIC_ONLY#"
_DATA_PACKAGE = "alignkit.segment"
# "2017г": a number glued to a unit abbreviation.
_NUMBER_WITH_UNIT = regex.compile(r"\d*(\d\p{L}+)")


class PrefixKind(Enum):
    """How a non-breaking prefix protects the period after it."""

    ALWAYS = "always"  # never a sentence end ("Mr.", "e.g.", "т.")
    NUMERIC_ONLY = "numeric-only"  # not an end before a number ("No. 5")


@dataclass(frozen=True)
class PrefixTable:
    """The non-breaking prefixes of one language, sacremoses list plus alignkit supplement."""

    lang: str
    prefixes: Mapping[str, PrefixKind]

    def kind(self, prefix: str) -> PrefixKind | None:
        """How ``prefix`` (the word before a period, without the period) protects it.

        A single capital letter of any script is an initial.  A number glued to a unit
        (``2017г``, ``15км``) is looked up as its last digit plus the unit, which is how
        the Moses Russian list spells those entries (``7г``).
        """
        found = self.prefixes.get(prefix)
        if found is not None:
            return found
        if len(prefix) == 1 and prefix.isupper():
            return PrefixKind.ALWAYS
        unit = _NUMBER_WITH_UNIT.fullmatch(prefix)
        return self.prefixes.get(unit.group(1)) if unit else None


def parse_prefix_lines(lines: Iterable[str]) -> dict[str, PrefixKind]:
    """Parse Moses prefix-file lines: one prefix a line, ``#`` comments, ``#NUMERIC_ONLY#`` marker."""
    prefixes: dict[str, PrefixKind] = {}
    for line in lines:
        entry = line.strip()
        if not entry or entry.startswith("#"):
            continue
        kind = PrefixKind.NUMERIC_ONLY if _NUMERIC_ONLY_MARKER in entry else PrefixKind.ALWAYS
        word = entry.split("#", 1)[0].strip()
        if word:
            prefixes[word] = kind
    return prefixes


@cache
def load_prefixes(lang: str) -> PrefixTable:
    """The merged prefix table of ``lang`` (``en`` or ``ru``), read once and cached.

    Entries of the alignkit supplement ``segment/data/nonbreaking_extra.<lang>``
    override the sacremoses entries of the same word.

    :raises UnsupportedLanguageError: for a language without Moses rules.
    """
    if lang not in MOSES_LANGUAGES:
        supported = ", ".join(MOSES_LANGUAGES)
        raise UnsupportedLanguageError(f"no Moses sentence rules for language {lang!r}; supported: {supported}")
    # Imported here: importing sacremoses pulls in its tokenizer and joblib (~0.2 s).
    from sacremoses.corpus import NonbreakingPrefixes

    merged = parse_prefix_lines(NonbreakingPrefixes().words(lang))
    merged.update(parse_prefix_lines(_supplement_lines(lang)))
    return PrefixTable(lang, MappingProxyType(merged))


def _supplement_lines(lang: str) -> list[str]:
    resource = importlib.resources.files(_DATA_PACKAGE).joinpath(f"data/nonbreaking_extra.{lang}")
    return resource.read_text(encoding="utf-8").splitlines()


@lru_cache(maxsize=1)
def sacremoses_version() -> str:
    """Installed sacremoses version, part of the segmenter's signature."""
    return importlib.metadata.version("sacremoses")


# --- character classes --------------------------------------------------------------------

# Spaces that separate words; no-break spaces join "No.\u00a05" into one word.
_SPACE = r"[^\S\u00a0\u2007\u202f]"
_WORD_CHAR = r"[\S\u00a0\u2007\u202f]"
_OPENERS = r"[\"'(\[¿¡\p{Pi}\p{Ps}]"
_CLOSERS = r"[\"')\]\p{Pf}\p{Pe}]"
_ENDER = r"[.?!…‼⁇⁈⁉]"

# One candidate boundary: sentence punctuation, closing punctuation (possibly detached
# by a space: "end. ” The"), then the spaces.  The words around it are looked up
# afterwards, which keeps the scan itself fast.
_CANDIDATE = regex.compile(
    rf"{_ENDER}{_CLOSERS}*(?:{_SPACE}+{_CLOSERS}+(?!{_WORD_CHAR}))?(?P<gap>{_SPACE}+)(?={_WORD_CHAR})",
    regex.V1,
)
_LAST_SPACE = regex.compile(rf"(?r){_SPACE}", regex.V1)
# The next word, with any detached opening punctuation before it.
_NEXT_WORD = regex.compile(rf"(?:{_OPENERS}+{_SPACE}*)?{_WORD_CHAR}+", regex.V1)
_RIGHT_START = regex.compile(rf"{_OPENERS}*{_SPACE}*(?P<first>.)", regex.V1 | regex.DOTALL)
_DETACHED_CLOSER = regex.compile(rf"{_SPACE}+(?={_CLOSERS}+$)", regex.V1)
_QUESTION_END = regex.compile(rf"[?!‼⁇⁈⁉]+{_CLOSERS}*$", regex.V1)
_ELLIPSIS_END = regex.compile(rf"(?:\.{{2,}}|…)[.…]*{_CLOSERS}*$", regex.V1)
_BRACKETED_ELLIPSIS = regex.compile(r"[\[(](?:\.{3}|…)[\])]$")
_PERIOD_THEN_CLOSERS = regex.compile(rf"[.?!]{_CLOSERS}+$", regex.V1)
# Moses: the word before the final period(s), then any closing punctuation.
_PERIOD_WORD = regex.compile(r"(?P<prefix>[\w.\-]*)(?P<punct>[\"')\]%\p{Pf}\p{Pe}]*)\.$", regex.V1)
_ACRONYM = regex.compile(r"\.[\p{Lu}\-]+\.+$")
_LEADING_LABEL = regex.compile(r"(?:\d{1,3}(?:\.\d{1,3})*|[IVXLC]{1,6}|[ivx]{1,5}|\p{L})\.")
# After a NUMERIC_ONLY prefix, a document symbol counts as a number.
_NUMBER_OR_SYMBOL = regex.compile(r"\d|\p{Lu}{1,4}[./]\S")

#: Abbreviations that are prefixes but usually close a list at a sentence's end.
_SENTENCE_FINAL = {
    "ru": regex.compile(r"(?:(?<!\w)т\.\s?[дп]|(?<!\w)и\s+др)\.$"),
}
_FINAL_CONTEXT = 12


class MosesSegmenter:
    """Splits English or Russian text into sentences with the Moses rules.

    Building one is cheap: the prefix lists are read once per language and cached.

    :param lang: ``"en"`` or ``"ru"``.
    :raises UnsupportedLanguageError: for another language (:func:`alignkit.segment.get_segmenter`
        also accepts region codes such as ``en-GB``).
    """

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.prefixes = load_prefixes(lang)
        self.name = f"moses-{lang}+sacremoses-{sacremoses_version()}"
        self._sentence_final = _SENTENCE_FINAL.get(lang)

    def __repr__(self) -> str:
        return f"MosesSegmenter({self.lang!r})"

    def split(self, text: str) -> list[str]:
        """The sentences of ``text``, stripped, in order; ``[]`` for blank text."""
        sentences = []
        start = 0
        for cut in self._boundaries(text):
            sentences.append(text[start:cut].strip())
            start = cut
        sentences.append(text[start:].strip())
        return [sentence for sentence in sentences if sentence]

    def _boundaries(self, text: str) -> Iterator[int]:
        first_word_start = len(text) - len(text.lstrip())
        for candidate in _CANDIDATE.finditer(text):
            space = _LAST_SPACE.search(text, 0, candidate.start())
            word_start = space.end() if space else 0
            gap_start, gap_end = candidate.span("gap")
            right = _NEXT_WORD.match(text, gap_end)
            if right is None:
                continue
            left = text[word_start:gap_start]
            if self._ends_sentence(text, gap_start, left, right.group(), word_start == first_word_start):
                yield gap_start

    def _ends_sentence(self, text: str, left_end: int, left: str, right: str, at_start: bool) -> bool:
        first = _RIGHT_START.match(right)
        next_char = first.group("first") if first else ""
        starts_upper = next_char.isupper() or next_char.istitle()
        if not (starts_upper or next_char.isdigit()):
            return False
        left = _DETACHED_CLOSER.sub("", left)
        if at_start and _LEADING_LABEL.fullmatch(left):
            return False
        if _QUESTION_END.search(left):
            return starts_upper
        if _ELLIPSIS_END.search(left):
            return starts_upper and not _BRACKETED_ELLIPSIS.search(left)
        if starts_upper and self._closes_list(text, left_end):
            return True
        if _PERIOD_THEN_CLOSERS.search(left):
            return starts_upper
        return self._period_ends_sentence(left, right)

    def _closes_list(self, text: str, left_end: int) -> bool:
        if self._sentence_final is None:
            return False
        return bool(self._sentence_final.search(text, max(0, left_end - _FINAL_CONTEXT), left_end))

    def _period_ends_sentence(self, left: str, right: str) -> bool:
        word = _PERIOD_WORD.search(left)
        if word is None:
            return False
        prefix, punct = word.group("prefix"), word.group("punct")
        kind = self.prefixes.kind(prefix) if prefix and not punct else None
        if kind is PrefixKind.ALWAYS or _ACRONYM.search(left):
            return False
        if kind is PrefixKind.NUMERIC_ONLY and _NUMBER_OR_SYMBOL.match(right):
            return False
        return True
