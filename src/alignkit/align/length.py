"""The Gale–Church length model: the cost of a bead from its sides' character counts.

:class:`LengthCost` is a :class:`~.dp.BeadCost` for the DP of :mod:`.dp`:

``cost = -log prior(a, b) - log P(|Z| ≥ |δ|)`` with
``δ = (l_tgt/ratio - l_src) / sqrt(variance · (l_src + l_tgt/ratio) / 2)``

where ``l_src``/``l_tgt`` are the bead's character counts and ``Z`` is
standard normal; ``ratio`` and ``variance`` are the document pair's
:class:`~.stats.LengthParams`.  Dividing the target length by the ratio puts both sides in
source-equivalent characters; the variance is scaled by their *mean* rather
than by ``l_src`` alone (as Gale & Church did) so the cost is symmetric — it
does not matter which language is the source — and a bead with a tiny source
side next to a long target side is not judged with a near-zero variance.

A 1-0 or 0-1 bead has a fixed cost, ``-log prior + SKIP_PENALTY``, independent
of length: deleting a sentence is about as plausible whatever its length, and a
length-dependent cost makes real deletions almost impossible to detect.

The bead's confidence (:meth:`LengthCost.scores`) is
``RELATION_CONFIDENCE[(a, b)] · exp(-δ²/8)``: the normal density of δ relative
to its peak with the standard deviation doubled, so a typical 1-1 pair
(|δ| ≤ 1) scores ≥ 0.88, |δ| = 2 scores 0.61 and |δ| = 3 only 0.32.  1-0 and
0-1 beads score :data:`SKIP_CONFIDENCE`, below the default review threshold.

:func:`align_by_length` runs the DP under this cost alone (paragraphs, and the
bare Gale–Church aligner).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike

from ..errors import AlignkitError
from ..model import Bead
from .compiled import CompiledCost
from .dp import DEFAULT_BAND, SENTENCE_RELATIONS, Relation, align_with_costs
from .stats import LengthParams, is_valid

#: Prior probability of each relation (Gale & Church's figures, with the
#: 1-3/3-1 relations taken from the 2-1 mass).  Other relations get
#: :data:`UNLISTED_PRIOR`.
RELATION_PRIORS: dict[Relation, float] = {
    (1, 1): 0.89,
    (1, 0): 0.005,
    (0, 1): 0.005,
    (2, 1): 0.042,
    (1, 2): 0.042,
    (2, 2): 0.01,
    (3, 1): 0.003,
    (1, 3): 0.003,
}
UNLISTED_PRIOR = 1e-4
#: Extra cost of a 1-0/0-1 bead: that of a 2.5σ length deviation (-log 0.0124),
#: so a 1-1 pair is only split into a deletion and an insertion beyond ~5σ.
SKIP_PENALTY = 4.39
#: Confidence of a bead with |δ| = 0, by relation; merges are a little less sure.
RELATION_CONFIDENCE: dict[Relation, float] = {
    (1, 1): 1.0,
    (2, 1): 0.9,
    (1, 2): 0.9,
    (2, 2): 0.8,
    (3, 1): 0.8,
    (1, 3): 0.8,
}
UNLISTED_CONFIDENCE = 0.7
#: Confidence of a 1-0 or 0-1 bead.
SKIP_CONFIDENCE = 0.3

# Abramowitz & Stegun 7.1.26: erfc(x) ≈ t·poly(t)·exp(-x²), t = 1/(1 + p·x).
_AS_P = 0.3275911
_AS_COEFFICIENTS = (1.061405429, -1.453152027, 1.421413741, -0.284496736, 0.254829592)


def neg_log_tail(delta: np.ndarray) -> np.ndarray:
    """``-log P(|Z| ≥ |δ|)`` for standard normal Z, stable for large |δ|.

    Uses ``P = erfc(|δ|/√2)`` with the Abramowitz–Stegun rational
    approximation of erfc, evaluated in log space.
    """
    x = np.abs(delta) / math.sqrt(2.0)
    t = 1.0 / (1.0 + _AS_P * x)
    poly = np.zeros_like(t)
    for coefficient in _AS_COEFFICIENTS:
        poly = poly * t + coefficient
    return np.asarray(np.maximum(x * x - np.log(t * poly), 0.0), dtype=np.float64)


#: ``neg_log_tail`` tabulated every 1/TAIL_STEPS σ up to TAIL_LIMIT σ (beyond, the
#: cost stays at its value at TAIL_LIMIT σ, already far above any alternative).
TAIL_STEPS = 100
TAIL_LIMIT = 40.0
_TAIL_TABLE = neg_log_tail(np.arange(int(TAIL_LIMIT * TAIL_STEPS) + 1) / TAIL_STEPS)


def length_delta(src_length: ArrayLike, tgt_length: ArrayLike, params: LengthParams) -> np.ndarray:
    """δ of beads with these character counts: standard deviations from the expected length."""
    source = np.asarray(src_length, dtype=np.float64)
    equivalent = np.asarray(tgt_length, dtype=np.float64) / params.ratio
    mean_length = np.maximum((source + equivalent) / 2.0, 1.0)
    return np.asarray((equivalent - source) / np.sqrt(params.variance * mean_length), dtype=np.float64)


def bead_delta(src_length: float, tgt_length: float, params: LengthParams) -> float:
    """δ of one bead with these character counts: :func:`length_delta` in plain floats (the same
    operations, so the same value, without numpy's cost per call)."""
    equivalent = tgt_length / params.ratio
    mean_length = max((src_length + equivalent) / 2.0, 1.0)
    return (equivalent - src_length) / math.sqrt(params.variance * mean_length)


def relation_cost(relation: Relation) -> float:
    """``-log prior`` of a relation, plus the skip penalty for 1-0/0-1."""
    cost = -math.log(RELATION_PRIORS.get(relation, UNLISTED_PRIOR))
    return cost + SKIP_PENALTY if 0 in relation else cost


def length_cost(relation: Relation, src_length: float, tgt_length: float, params: LengthParams) -> float:
    """Cost of one bead of ``relation`` with these character counts (as :meth:`LengthCost.costs`)."""
    if 0 in relation:
        return relation_cost(relation)
    delta = length_delta(np.array([src_length]), np.array([tgt_length]), params)
    return relation_cost(relation) + float(neg_log_tail(delta)[0])


class LengthCost:
    """The Gale–Church length cost of beads over two sequences of lengths."""

    def __init__(self, src_lengths: Sequence[int], tgt_lengths: Sequence[int], params: LengthParams) -> None:
        if not is_valid(params):
            raise AlignkitError(f"invalid length parameters {params}: ratio and variance must be positive")
        self.params = params
        self._src_prefix = _prefix_sums(src_lengths)
        self._tgt_prefix = _prefix_sums(tgt_lengths)
        self._equivalent_prefix = self._tgt_prefix / params.ratio
        self._src_spans: dict[int, np.ndarray] = {}
        self._equivalent_spans: dict[int, np.ndarray] = {}

    @staticmethod
    def _span_lengths(prefix: np.ndarray, size: int, cache: dict[int, np.ndarray]) -> np.ndarray:
        """Total length of every run of ``size`` items, by first item."""
        if size not in cache:
            cache[size] = prefix[size:] - prefix[:-size]
        return cache[size]

    def delta(self, a: int, b: int, src_end: np.ndarray, tgt_end: np.ndarray) -> np.ndarray:
        """δ of each bead (see :func:`length_delta`)."""
        src_length = self._src_prefix[src_end] - self._src_prefix[src_end - a]
        tgt_length = self._tgt_prefix[tgt_end] - self._tgt_prefix[tgt_end - b]
        return length_delta(src_length, tgt_length, self.params)

    def costs(self, a: int, b: int, src_end: np.ndarray, tgt_end: np.ndarray) -> np.ndarray:
        """``-log prior(a, b) - log P(|Z| ≥ |δ|)``; a fixed cost for 1-0/0-1.

        The DP's hot spot: the same δ as :meth:`delta`, computed in place, and
        the tail probability looked up in a table.
        """
        if a == 0 or b == 0:
            return np.full(np.shape(src_end), relation_cost((a, b)))
        src_length = self._span_lengths(self._src_prefix, a, self._src_spans).take(src_end - a)
        equivalent = self._span_lengths(self._equivalent_prefix, b, self._equivalent_spans).take(tgt_end - b)
        spread = src_length + equivalent
        np.maximum(spread, 2.0, out=spread)
        spread *= self.params.variance / 2.0
        np.sqrt(spread, out=spread)
        equivalent -= src_length
        np.abs(equivalent, out=equivalent)
        equivalent /= spread
        equivalent *= TAIL_STEPS
        steps = equivalent.astype(np.intp)
        np.minimum(steps, len(_TAIL_TABLE) - 1, out=steps)
        cost = _TAIL_TABLE.take(steps)
        cost += relation_cost((a, b))
        return cost

    def compiled(self) -> CompiledCost:
        """The arrays the compiled DP computes these costs from (see :mod:`.compiled`)."""
        return CompiledCost(self._src_prefix, self._equivalent_prefix, self.params.variance / 2.0, _TAIL_TABLE,
                            relation_cost)

    def scores(self, a: int, b: int, src_end: np.ndarray, tgt_end: np.ndarray) -> np.ndarray:
        """``confidence(a, b) · exp(-δ²/8)``; :data:`SKIP_CONFIDENCE` for 1-0/0-1."""
        if a == 0 or b == 0:
            return np.full(np.shape(src_end), SKIP_CONFIDENCE)
        delta = self.delta(a, b, src_end, tgt_end)
        confidence = RELATION_CONFIDENCE.get((a, b), UNLISTED_CONFIDENCE)
        return np.asarray(confidence * np.exp(-delta * delta / 8.0), dtype=np.float64)


def align_by_length(
    src_lengths: Sequence[int],
    tgt_lengths: Sequence[int],
    params: LengthParams,
    *,
    relations: Sequence[Relation] = SENTENCE_RELATIONS,
    band: int = DEFAULT_BAND,
) -> list[Bead]:
    """Align two sequences of character lengths with the Gale–Church length model.

    :param src_lengths: length of each source item.
    :param tgt_lengths: length of each target item.
    :param params: the length model (see :mod:`alignkit.align.stats`).
    :param relations: allowed bead shapes ``(source items, target items)``.
    :param band: initial half-width of the DP band, in items.
    :returns: beads covering every index of both sides exactly once, in order.
    """
    cost = LengthCost(src_lengths, tgt_lengths, params)
    return align_with_costs(len(src_lengths), len(tgt_lengths), cost, relations=relations, band=band)


def _prefix_sums(lengths: Sequence[int]) -> np.ndarray:
    prefix = np.zeros(len(lengths) + 1, dtype=np.float64)
    np.cumsum(np.asarray(lengths, dtype=np.float64), out=prefix[1:])
    return prefix
