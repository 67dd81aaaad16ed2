"""The semantic scorer: sentence embeddings added to the length and lexical costs.

Every sentence of both documents is embedded once (batched, cached by text
hash; see :mod:`.encoders`).  A run of 2 or 3 consecutive sentences is
represented by the normalised sum of its sentences' vectors, so no window is
ever embedded: the cost of the semantic mode is one embedding per sentence.

A candidate unit is scored by its *margin*: the cosine of its two sides minus
the mean cosine of each side with the sentences just outside the other side
(as Bertalign does), which discounts sentences that resemble everything.

Search is in three passes.  The first uses the length and lexical costs alone
(fast, and usually right about most 1-1 units); its confident 1-1 units and
pairs a few sentences off them show what the margin of a true and of a false
unit looks like *in this document*: two normal distributions whose
log-likelihood ratio is the semantic evidence for a unit (clipped to
±:data:`MAX_EVIDENCE` nats).  The second pass adds that evidence to the costs,
in the same banded DP.  The third relearns the lexicon and the calibration from
the second pass, which is more often right than the first (so both are less
noisy), and aligns once more.  A unit's semantic cost is ``MAX_EVIDENCE`` per
sentence (a constant over any path) minus its evidence, so it is never negative.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..config import SENTENCE_RELATIONS
from ..model import Bead
from .encoders import Encoder
from .features import ConceptFinder
from .lengthdp import BeadCost
from .scorers import LengthScorer, PairScorer, Spans
from .stats import LengthParams

#: Largest run of sentences on one side of a unit that gets a vector.
MAX_WINDOW = 4
#: The semantic evidence of a unit is clipped to ± this many nats.
MAX_EVIDENCE = 12.0
#: Nats of cost per nat of semantic evidence.
SEMANTIC_WEIGHT = 1.0
#: Nats of cost per nat of the length and lexical costs in the second pass.
BASE_WEIGHT = 1.0
#: First-pass 1-1 units at least this confident calibrate the margins.
CONFIDENT = 0.6
#: Offsets of the "false" pairs taken beside each confident unit for calibration.
FALSE_OFFSETS = (-3, -2, 2, 3)
#: Fewer confident units than this and the default calibration is used.
MIN_CALIBRATION = 12
#: Standard deviations are kept at least this large.
MIN_SPREAD = 0.01


@dataclass(frozen=True)
class Calibration:
    """Normal models of the margin of true and of false units, and the evidence they give."""

    true_mean: float = 0.08
    true_spread: float = 0.05
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


class Windows:
    """Vectors of every run of 1..:data:`MAX_WINDOW` consecutive sentences of one side."""

    def __init__(self, vectors: np.ndarray) -> None:
        self.sentences = vectors.astype(np.float32)
        self.count = len(vectors)
        prefix = np.zeros((self.count + 1, vectors.shape[1] if vectors.ndim == 2 else 0), dtype=np.float32)
        np.cumsum(self.sentences, axis=0, out=prefix[1:])
        self._runs = {}
        for size in range(1, MAX_WINDOW + 1):
            runs = prefix[size:] - prefix[:-size] if self.count >= size else prefix[:0]
            norms = np.linalg.norm(runs, axis=1, keepdims=True)
            self._runs[size] = runs / np.maximum(norms, 1e-12)

    def run(self, size: int, first: np.ndarray) -> np.ndarray:
        """Vectors of the runs of ``size`` sentences starting at ``first``."""
        return np.asarray(self._runs[min(size, MAX_WINDOW)][first])

    def neighbour(self, index: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Vectors of sentences ``index`` (zeros where out of range) and whether they exist."""
        inside = (index >= 0) & (index < self.count)
        return self.sentences[np.clip(index, 0, max(self.count - 1, 0))], inside


def margins(src: Windows, tgt: Windows, a: int, b: int, src_end: np.ndarray, tgt_end: np.ndarray) -> np.ndarray:
    """Cosine of each unit's two sides minus their mean cosine with the sentences just outside."""
    x = src.run(a, src_end - a)
    y = tgt.run(b, tgt_end - b)
    cosine = np.einsum("ij,ij->i", x, y)
    beside_y = _mean_cosine(x, tgt, tgt_end - b - 1, tgt_end)
    beside_x = _mean_cosine(y, src, src_end - a - 1, src_end)
    return np.asarray(cosine - (beside_x + beside_y) / 2.0)


def _mean_cosine(vectors: np.ndarray, side: Windows, before: np.ndarray, after: np.ndarray) -> np.ndarray:
    total = np.zeros(len(vectors), dtype=np.float32)
    count = np.zeros(len(vectors), dtype=np.float32)
    for index in (before, after):
        neighbour, inside = side.neighbour(index)
        total += np.where(inside, np.einsum("ij,ij->i", vectors, neighbour), 0.0)
        count += inside
    return total / np.maximum(count, 1.0)


class SemanticCost:
    """A base cost (length, lexical) plus the semantic cost of units (a :class:`~.lengthdp.BeadCost`)."""

    def __init__(self, base: BeadCost, src: Windows, tgt: Windows, calibration: Calibration,
                 weight: float | None = None) -> None:
        self.base = base
        self.src = src
        self.tgt = tgt
        self.calibration = calibration
        self.weight = SEMANTIC_WEIGHT if weight is None else weight

    def evidence(self, a: int, b: int, src_end: np.ndarray, tgt_end: np.ndarray) -> np.ndarray:
        """Semantic evidence (nats) for the units; 0 for 1-0 and 0-1."""
        if a == 0 or b == 0:
            return np.zeros(np.shape(src_end))
        return self.calibration.evidence(margins(self.src, self.tgt, a, b, src_end, tgt_end))

    def costs(self, a: int, b: int, src_end: np.ndarray, tgt_end: np.ndarray) -> np.ndarray:
        """Base cost plus ``MAX_EVIDENCE`` per sentence minus the semantic evidence."""
        semantic = MAX_EVIDENCE * (a + b) / 2.0 - self.evidence(a, b, src_end, tgt_end)
        return BASE_WEIGHT * self.base.costs(a, b, src_end, tgt_end) + self.weight * semantic

    def scores(self, a: int, b: int, src_end: np.ndarray, tgt_end: np.ndarray) -> np.ndarray:
        """The base confidence moved towards the semantic probability of the unit being right."""
        base = self.base.scores(a, b, src_end, tgt_end)
        if a == 0 or b == 0:
            return base
        probability = 1.0 / (1.0 + np.exp(-self.evidence(a, b, src_end, tgt_end)))
        return np.asarray(0.3 * base + 0.7 * probability)


class SemanticScorer:
    """Embeddings, plus the length scorer (with lexical anchors unless ``lexical=False``).

    :param encoder: the sentence encoder; ``None`` defers to :func:`~.encoders.get_encoder`.
    """

    name = "semantic"
    #: Embeddings can tell a 1-4 or 2-3 unit from its parts, which lengths cannot.
    relations = (*SENTENCE_RELATIONS, (1, 4), (4, 1), (2, 3), (3, 2))
    #: Alignments of each document pair: lengths and anchors, then twice with embeddings
    #: (the second with the lexicon and calibration relearnt from the first).
    passes = 3

    def __init__(self, src_lang: str, tgt_lang: str, *, encoder: Encoder | None = None,
                 concepts: ConceptFinder | None = None, lexical: bool = True, induce: bool = True) -> None:
        self.langs = (src_lang, tgt_lang)
        self._encoder = encoder
        self.base: PairScorer
        if lexical:
            from .lexical import LexicalScorer

            self.base = LexicalScorer(src_lang, tgt_lang, concepts=concepts, induce=induce)
        else:
            self.base = LengthScorer()
        self.calibration: Calibration | None = None

    @property
    def encoder(self) -> Encoder:
        """The encoder (loaded on first use)."""
        if self._encoder is None:
            from .encoders import get_encoder

            self._encoder = get_encoder()
        return self._encoder

    def prepare(self, src: Sequence[str], tgt: Sequence[str]) -> None:
        """Embed every sentence of both documents (once; later look-ups hit the cache)."""
        self.base.prepare(src, tgt)
        self.encoder.encode(list(src) + list(tgt))

    def bead_cost(self, src: Sequence[str], tgt: Sequence[str], params: LengthParams) -> BeadCost:
        """The base cost, plus the semantic cost once :meth:`learn` has calibrated it."""
        base = self.base.bead_cost(src, tgt, params)
        if self.calibration is None or not src or not tgt:
            return base
        return SemanticCost(base, self._windows(src), self._windows(tgt), self.calibration)

    def document_cost(self, src: Sequence[str], tgt: Sequence[str], spans: Spans,
                      params: LengthParams) -> BeadCost:
        """The base cost over the whole documents, plus the semantic cost once calibrated."""
        base = self.base.document_cost(src, tgt, spans, params)
        if self.calibration is None or not src or not tgt:
            return base
        return SemanticCost(base, self._windows(src), self._windows(tgt), self.calibration)

    def _windows(self, texts: Sequence[str]) -> Windows:
        return Windows(self.encoder.encode(list(texts)))

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
        src_windows, tgt_windows = self._windows(src), self._windows(tgt)
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
