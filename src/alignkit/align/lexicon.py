"""A bilingual lexicon induced from the documents being aligned (hunalign's idea).

After a first alignment, the confident 1-1 units are a small parallel corpus.
Words that occur together in those units much more often than chance are
taken as translations of each other: ``韦小宝`` ~ ``trinket``, ``Gipfel`` ~
``sommet``.  The second alignment then counts them as shared anchors.

Association is Dice's coefficient ``2·c(x, y) / (c(x) + c(y))`` over the units,
kept when the pair occurs at least :data:`MIN_PAIR_COUNT` times and at least
:data:`MIN_LIFT` times as often as chance (``c(x)·c(y)/N``), which rules out
frequent words that co-occur with everything (``的`` ~ ``the``).

Words are compared in the form :func:`~alignkit.align.features.normalise_word`
gives them (prefix of the lower-cased, transliterated word).  Chinese and
Japanese text is cut into overlapping character bigrams: on MAC-Dev they gave
a better lexicon (strict F1 0.638) than jieba's words (0.631) or single
characters (0.552), need no dictionary, and a name such as 韦小宝 still
associates with its translation through 韦小 and 小宝.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from itertools import chain

import numpy as np

from ..langs import is_unspaced
from .features import normalise_word

#: A word pair must occur in at least this many units.
MIN_PAIR_COUNT = 2
#: ... and at least this many times as often as chance.
MIN_LIFT = 2.0
#: ... with at least this Dice coefficient.
MIN_DICE = 0.3
#: At most this many translations are kept per source word.
MAX_TRANSLATIONS = 3
#: At most this many units are used (evenly spread), so induction costs the same for any length.
MAX_UNITS = 3000

_SPACED_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_CJK_WORD = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+|[^\W_\u3400-\u9fff\uf900-\ufaff]+")

#: One lexicon entry: source word, target word, Dice coefficient.
Entry = tuple[str, str, float]


#: How Chinese and Japanese are cut for the lexicon (part of the alignment's signature).
CJK_TOKENS = "bigrams"


def chinese_segmenter_name() -> str:
    """How Chinese is cut into tokens for the lexicon: ``bigrams`` (of characters)."""
    return CJK_TOKENS


def tokens(text: str, lang: str) -> list[str]:
    """The words of a sentence in comparable form, for counting co-occurrences."""
    return tokenizer(lang)(text)


def tokenizer(lang: str) -> Callable[[str], list[str]]:
    """:func:`tokens` for texts of one language (the language looked at once)."""
    return _cjk_tokens if is_unspaced(lang) else _spaced_tokens


def _spaced_tokens(text: str) -> list[str]:
    """The words, as :func:`normalise_word` gives them."""
    return list(map(normalise_word, _SPACED_WORD.findall(text)))


def _cjk_tokens(text: str) -> list[str]:
    """Character bigrams of CJK runs; other words (Latin names) as :func:`normalise_word` gives them."""
    out: list[str] = []
    for run in _CJK_WORD.findall(text):
        if "\u3400" <= run[0] <= "\u9fff" or "\uf900" <= run[0] <= "\ufaff":
            if len(run) > 1:
                out.extend(map(str.__add__, run[:-1], run[1:]))
            else:
                out.append(run)
        else:
            out.append(normalise_word(run))
    return out


def induce_lexicon(pairs: Sequence[tuple[Sequence[str], Sequence[str]]]) -> list[Entry]:
    """Word pairs that co-occur in the aligned ``(source tokens, target tokens)`` units.

    :returns: ``(source word, target word, dice)``, best first for each source word.
    """
    if len(pairs) > MAX_UNITS:
        step = len(pairs) / MAX_UNITS
        pairs = [pairs[int(k * step)] for k in range(MAX_UNITS)]
    src_vocab: dict[str, int] = {}
    tgt_vocab: dict[str, int] = {}
    src_units = _unit_words([src for src, _ in pairs], src_vocab)
    tgt_units = _unit_words([tgt for _, tgt in pairs], tgt_vocab)
    if not src_vocab or not tgt_vocab:
        return []
    src_count = np.bincount(src_units[1], minlength=len(src_vocab))
    tgt_count = np.bincount(tgt_units[1], minlength=len(tgt_vocab))
    pair_codes, together = _counted(_pair_codes(src_units, tgt_units, src_count, tgt_count, len(pairs)))
    frequent = together >= MIN_PAIR_COUNT
    pair_codes, together = pair_codes[frequent], together[frequent]
    x, y = np.divmod(pair_codes, len(tgt_vocab))
    dice = 2.0 * together / (src_count[x] + tgt_count[y])
    lift = together * len(pairs) / (src_count[x] * tgt_count[y])
    keep = (lift >= MIN_LIFT) & (dice >= MIN_DICE)
    x, y, dice = x[keep], y[keep], dice[keep]
    best = _best_per_source(x, y, dice)
    src_words, tgt_words = list(src_vocab), list(tgt_vocab)
    return list(zip(map(src_words.__getitem__, x[best].tolist()), map(tgt_words.__getitem__, y[best].tolist()),
                    dice[best].tolist(), strict=True))


def _best_per_source(x: np.ndarray, y: np.ndarray, dice: np.ndarray) -> np.ndarray:
    """Where the entries ``(x, y, dice)`` (``x`` ascending) kept in the lexicon are: for each source
    word ``x`` in turn, its :data:`MAX_TRANSLATIONS` best, by Dice coefficient then target id, both
    descending."""
    order = np.lexsort((-y, -dice, x))
    starts, sizes = _runs(x[order])
    rank = np.arange(len(order)) - np.repeat(starts, sizes)
    return np.asarray(order[rank < MAX_TRANSLATIONS])


def _unit_words(units: Sequence[Sequence[str]], vocab: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
    """Each unit's distinct words as ids (given in order of first appearance): the unit of each
    entry and the word, units in order, each unit's words ascending."""
    for word in dict.fromkeys(chain.from_iterable(units)):
        vocab.setdefault(word, len(vocab))
    sizes = np.fromiter(map(len, units), dtype=np.int64, count=len(units))
    total = int(sizes.sum())
    words = np.fromiter(map(vocab.__getitem__, chain.from_iterable(units)), dtype=np.int64, count=total)
    unit = np.repeat(np.arange(len(units)), sizes)
    codes, _ = _counted(unit * max(len(vocab), 1) + words)
    return np.divmod(codes, max(len(vocab), 1))


def _counted(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values of ``codes``, ascending, and how often each occurs (``np.unique``'s, by a
    stable sort, which is several times quicker on the runs of ascending codes these arrays hold)."""
    ordered = np.sort(codes, kind="stable")
    starts, sizes = _runs(ordered)
    return ordered[starts], sizes


def _runs(ordered: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where each run of equal values of ``ordered`` starts, and how long it is."""
    starts = np.flatnonzero(np.concatenate((ordered[:1] == ordered[:1], ordered[1:] != ordered[:-1])))
    return starts, np.diff(np.append(starts, len(ordered)))


def _pair_codes(src: tuple[np.ndarray, np.ndarray], tgt: tuple[np.ndarray, np.ndarray], src_count: np.ndarray,
                tgt_count: np.ndarray, n_units: int) -> np.ndarray:
    """``source id · target vocabulary + target id`` of every word pair of every unit (a pair once
    per unit that holds both).  Words in fewer than :data:`MIN_PAIR_COUNT` units are left out:
    no pair of theirs can be kept."""
    src_unit, src_word = src
    tgt_unit, tgt_word = tgt
    src_kept = src_count[src_word] >= MIN_PAIR_COUNT
    tgt_kept = tgt_count[tgt_word] >= MIN_PAIR_COUNT
    src_unit, src_word = src_unit[src_kept], src_word[src_kept]
    tgt_unit, tgt_word = tgt_unit[tgt_kept], tgt_word[tgt_kept]
    tgt_sizes = np.bincount(tgt_unit, minlength=n_units)
    tgt_start = np.cumsum(tgt_sizes) - tgt_sizes
    # Each source entry is paired with every (kept) target word of its unit.
    repeats = tgt_sizes[src_unit]
    block_start = np.repeat(np.cumsum(repeats) - repeats, repeats)
    within = np.arange(len(block_start)) - block_start
    tgt_of_pair = tgt_word[np.repeat(tgt_start[src_unit], repeats) + within]
    return np.asarray(np.repeat(src_word, repeats) * len(tgt_count) + tgt_of_pair)
