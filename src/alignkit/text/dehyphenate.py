"""Join the printed lines of one paragraph and repair the hyphenation the printing broke.

PDF extraction leaves three kinds of damage this module repairs:

* words broken at a line end ("non-" / "aggression", "settle-" / "ment", a soft
  hyphen at the end of a Russian line);
* a stray space next to a hyphen ("above -" / "mentioned", "North -East");
* a stray space inside a word ("settl ement"), repaired only when the document's
  own vocabulary proves it (:func:`rejoin_split_words`).

A hyphen with spaces on both sides ("peace - and"), or before "and"/"or"/"to"
("pre- and post-war"), is a dash or a suspended compound and is left alone.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping
from collections.abc import Set as AbstractSet

from ..langs import is_unspaced
from .normalize import SOFT_HYPHEN

_HYPHENS = "-\u2010\u2011"
_HYPHEN_CLASS = "\\-\u2010\u2011"  # the same, escaped for use inside [...]
_LETTER = r"[^\W\d_]"
#: A word form: letters, possibly joined by internal hyphens or apostrophes ("People's", "non-use").
_WORD = re.compile(rf"{_LETTER}+(?:[{_HYPHEN_CLASS}'\u2019]{_LETTER}+)*")
_LEADING_LETTERS = re.compile(rf"{_LETTER}+")
_TRAILING_LETTERS = re.compile(rf"{_LETTER}+$")
_SPACE_RUN = re.compile(r" {2,}")

#: Words that, after a hyphen and a space, show a suspended compound ("pre- and post-war").
_SUSPENSION_WORDS = "and|or|nor|to|und|oder|et|ou|и|или|либо|а"
_SUSPENSION_WORD = re.compile(rf"(?:{_SUSPENSION_WORDS})\b", re.IGNORECASE)
_SPACE_BEFORE_HYPHEN = re.compile(rf"(?<={_LETTER}) +([{_HYPHEN_CLASS}])(?={_LETTER})")
_SPACE_AFTER_HYPHEN = re.compile(
    rf"(?<={_LETTER})([{_HYPHEN_CLASS}]) +(?={_LETTER})(?!(?:{_SUSPENSION_WORDS})\b)", re.IGNORECASE
)

_NOT_AFTER_WORD = rf"(?<![\w{_HYPHEN_CLASS}'\u2019])"
_NOT_BEFORE_WORD = rf"(?![\w{_HYPHEN_CLASS}'\u2019])"
#: A split word is only rejoined when the result is at least this long.
_MIN_REJOINED_LENGTH = 6

#: CJK ideographs, kana, hangul, CJK punctuation and full-width forms: no space around them.
_CJK = re.compile(
    "[\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3100-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0002ffff]"
)


def build_vocabulary(text: str) -> set[str]:
    """The lowercased word forms of a document ("settlement", "non-aggression", ...)."""
    return set(count_words(text))


def count_words(text: str) -> Counter[str]:
    """How often each lowercased word form occurs in a document."""
    return Counter(match.group().lower() for match in _WORD.finditer(text))


def join_wrapped_lines(lines: list[str], lang: str, vocabulary: AbstractSet[str] | None = None) -> str:
    """Join the printed lines of one paragraph into one line of text.

    Lines are stripped and joined with one space (nothing between CJK characters
    in Chinese and Japanese); runs of spaces collapse to one.  A line ending in a
    hyphen joins the next without a space and keeps the hyphen ("non-aggression"),
    unless ``vocabulary`` has the word without the hyphen and not with it
    ("settle-" + "ment" → "settlement").  A soft hyphen at a line end always joins
    the word.  Stray spaces next to a hyphen between two words are removed
    ("above -" + "mentioned", "North -East" → "above-mentioned", "North-East").
    """
    unspaced = is_unspaced(lang)
    parts: list[str] = []
    for line in lines:
        piece = line.strip()
        if not piece:
            continue
        if parts:
            parts[-1], separator = _line_break(parts[-1], piece, unspaced, vocabulary)
            parts.append(separator)
        parts.append(piece)
    return repair_hyphen_spacing(_SPACE_RUN.sub(" ", "".join(parts)))


def repair_hyphen_spacing(text: str) -> str:
    """Remove a stray space on one side of a hyphen between two words.

    "North -East" and "North- East" become "North-East"; a dash with spaces on both
    sides ("peace - and"), number ranges ("1990 -1995") and suspended compounds
    ("pre- and post-war") are left alone.
    """
    text = _SPACE_BEFORE_HYPHEN.sub(r"\1", text)
    return _SPACE_AFTER_HYPHEN.sub(r"\1", text)


def rejoin_split_words(text: str, counts: Mapping[str, int]) -> str:
    """Remove a stray space inside a word when the document's own words prove it.

    "settl ement" becomes "settlement" when "settlement" occurs elsewhere in the
    document while "settl" and "ement" occur nowhere else.  ``counts`` are the
    document's word counts (:func:`count_words`).  Only for spaced languages.
    """
    return split_word_fixer(counts)(text)


def split_word_fixer(counts: Mapping[str, int]) -> Callable[[str], str]:
    """The :func:`rejoin_split_words` repair for one document, prepared once for all its paragraphs."""
    splits = _provable_splits(counts)
    if not splits:
        return _unchanged
    fragments = "|".join(re.escape(first) + " " + re.escape(second) for first, second in splits)
    pattern = re.compile(rf"{_NOT_AFTER_WORD}(?:{fragments}){_NOT_BEFORE_WORD}", re.IGNORECASE)

    def rejoin(match: re.Match[str]) -> str:
        first, second = match.group().split(" ")
        return first + second if second[0].islower() else match.group()

    return lambda text: pattern.sub(rejoin, text)


def _provable_splits(counts: Mapping[str, int]) -> list[tuple[str, str]]:
    """Each (head, tail) of a document word whose two halves occur once each, as words of their own."""
    once = {word for word, count in counts.items() if count == 1 and word.isalpha()}
    splits: list[tuple[str, str]] = []
    for word in counts:
        if len(word) < _MIN_REJOINED_LENGTH or not word.isalpha():
            continue
        cuts = (cut for cut in range(1, len(word)) if word[:cut] in once and word[cut:] in once)
        splits.extend((word[:cut], word[cut:]) for cut in cuts)
    return splits


def _unchanged(text: str) -> str:
    return text


def _line_break(
    previous: str, following: str, unspaced: bool, vocabulary: AbstractSet[str] | None
) -> tuple[str, str]:
    """What the line break between two printed lines becomes: (previous line, separator)."""
    if previous.endswith(SOFT_HYPHEN):
        return previous[:-1], ""
    if len(previous) > 1 and previous[-1] in _HYPHENS:
        return _hyphen_break(previous, following, vocabulary)
    if unspaced and (_CJK.match(previous[-1]) or _CJK.match(following[0])):
        return previous, ""
    return previous, " "


def _hyphen_break(previous: str, following: str, vocabulary: AbstractSet[str] | None) -> tuple[str, str]:
    """Join a line ending in a hyphen to the next line."""
    before_hyphen = previous[:-1]
    if before_hyphen.endswith(" ") and (not following[0].isalpha() or _SUSPENSION_WORD.match(following)):
        return previous, " "  # a dash between spaces ("peace -" / "and"), not a broken word
    if vocabulary and following[0].islower() and _hyphen_is_line_break(before_hyphen, following, vocabulary):
        return before_hyphen, ""
    return previous, ""


def _hyphen_is_line_break(before_hyphen: str, following: str, vocabulary: AbstractSet[str]) -> bool:
    """True when the document spells the broken word without its hyphen, and never with it."""
    head = _TRAILING_LETTERS.search(before_hyphen)
    tail = _LEADING_LETTERS.match(following)
    if head is None or tail is None:
        return False
    joined = (head.group() + tail.group()).lower()
    hyphenated = f"{head.group()}-{tail.group()}".lower()
    return joined in vocabulary and hyphenated not in vocabulary
