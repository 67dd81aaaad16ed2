"""Length statistics of a document pair: the ratio and variance the length model uses.

The model (Gale & Church 1993) says a target text translating ``l`` source
characters has about ``ratio * l`` characters, and that the difference,
measured in *source-equivalent* characters (target length divided by the
ratio), is normally distributed with variance ``variance * l``.  Measuring in
source-equivalent characters makes ``variance`` comparable across language
pairs: en→zh (ratio ≈ 0.3) and en→ru (ratio ≈ 1.1) both start from Gale and
Church's 6.8 and are then estimated from the documents themselves.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

#: Gale & Church's variance per source character (English–German/French).
DEFAULT_VARIANCE = 6.8
#: Below this many usable paragraph pairs the ratio is the documents' total ratio.
MIN_PAIRS_FOR_RATIO = 3
#: Below this many usable paragraph pairs the variance keeps its default.
MIN_PAIRS_FOR_VARIANCE = 8
#: Estimated variances are kept in this range so a few odd documents cannot
#: make the model absurdly strict or absurdly lax.  The floor is above what
#: carefully translated paragraphs give (UDHR: ~2.5): sentence boundaries move
#: clauses between sentences, so sentences vary more than their paragraphs, and
#: sentence alignment of the gold test sets got worse below ~4.
VARIANCE_BOUNDS = (4.0, 60.0)
#: Median of a squared standard normal variable: median(z²) = 0.4549·σ².
_MEDIAN_CHI2_1 = 0.454936


@dataclass(frozen=True)
class LengthParams:
    """Parameters of the length model.

    :param ratio: expected target characters per source character.
    :param variance: variance of the length difference per source character,
        in source-equivalent characters (target length / ratio).
    """

    ratio: float = 1.0
    variance: float = DEFAULT_VARIANCE


def length_ratio(src_lengths: Iterable[int], tgt_lengths: Iterable[int]) -> float:
    """Total target characters per total source character (1.0 when either is empty)."""
    src_total = sum(src_lengths)
    tgt_total = sum(tgt_lengths)
    if src_total <= 0 or tgt_total <= 0:
        return 1.0
    return tgt_total / src_total


def estimate_from_paragraph_pairs(
    pairs: Iterable[tuple[int, int]], ratio: float | None = None
) -> LengthParams:
    """Estimate the model from paragraphs known to translate each other.

    Each pair gives ``z = (l_tgt/ratio - l_src) / sqrt((l_src + l_tgt/ratio) / 2)``,
    which the model says is normal with mean 0 and variance ``variance``.  The
    variance is estimated robustly as ``median(z²) / 0.4549`` (the median of a
    χ²₁ variable), so a few wrongly paired paragraphs barely move it.  With
    fewer than :data:`MIN_PAIRS_FOR_VARIANCE` usable pairs the default is kept.

    :param pairs: ``(source length, target length)`` of matched paragraphs.
    :param ratio: the ratio to use; by default the median of the pairs'
        ratios weighted by their source length (close to their total ratio,
        but not moved by a few wrongly paired paragraphs).
    """
    usable = [(s, t) for s, t in pairs if s > 0 and t > 0]
    if ratio is None:
        ratio = _weighted_median([t / s for s, t in usable], [s for s, _ in usable]) if usable else 1.0
    if len(usable) < MIN_PAIRS_FOR_VARIANCE:
        return LengthParams(ratio, DEFAULT_VARIANCE)
    squares = sorted(_standardised_square(s, t, ratio) for s, t in usable)
    variance = _median(squares) / _MEDIAN_CHI2_1
    low, high = VARIANCE_BOUNDS
    return LengthParams(ratio, min(max(variance, low), high))


def estimate_length_params(
    src_lengths: Sequence[int],
    tgt_lengths: Sequence[int],
    pairs: Sequence[tuple[int, int]] = (),
) -> LengthParams:
    """Estimate the length model of one document pair.

    :param src_lengths: character lengths of every source item (e.g. sentence).
    :param tgt_lengths: character lengths of every target item.
    :param pairs: optional ``(source, target)`` lengths of paragraphs known to
        match (anchors).
    :returns: with at least :data:`MIN_PAIRS_FOR_RATIO` usable pairs, the
        ratio estimated from them (a paragraph missing from one version would
        bias the documents' total ratio, and through it the variance) and the
        variance too when there are enough (see
        :func:`estimate_from_paragraph_pairs`); otherwise total target / total
        source characters and :data:`DEFAULT_VARIANCE`.
    """
    usable = [(s, t) for s, t in pairs if s > 0 and t > 0]
    if len(usable) >= MIN_PAIRS_FOR_RATIO:
        return estimate_from_paragraph_pairs(usable)
    return LengthParams(length_ratio(src_lengths, tgt_lengths), DEFAULT_VARIANCE)


def _standardised_square(src_length: int, tgt_length: int, ratio: float) -> float:
    equivalent = tgt_length / ratio
    mean_length = (src_length + equivalent) / 2
    return (equivalent - src_length) ** 2 / mean_length


def _weighted_median(values: Sequence[float], weights: Sequence[float]) -> float:
    """The value below and above which half of the total weight lies."""
    ordered = sorted(zip(values, weights, strict=True))
    half = sum(weights) / 2
    accumulated = 0.0
    for value, weight in ordered:
        accumulated += weight
        if accumulated >= half:
            return value
    return ordered[-1][0]


def _median(sorted_values: Sequence[float]) -> float:
    middle = len(sorted_values) // 2
    if len(sorted_values) % 2:
        return sorted_values[middle]
    return (sorted_values[middle - 1] + sorted_values[middle]) / 2


def is_valid(params: LengthParams) -> bool:
    """True when ratio and variance are positive finite numbers."""
    return all(math.isfinite(v) and v > 0 for v in (params.ratio, params.variance))
