"""The lexical cost: what two sides of a candidate unit share, added to the length cost.

Every sentence has anchor keys (:mod:`.features`: numbers, dates, symbols,
names and cognates, punctuation, glossary concepts) and, once a lexicon has
been induced (:mod:`.lexicon`), the lexicon's word pairs.

Whether the other side of a unit *covers* a key (has it too) is evidence for
or against the unit, weighed as a log-likelihood ratio.  A key of class ``c``
is found in the true translation of its sentence with probability ``π_c``
(:data:`FOUND_IN_TRANSLATION`: 0.9 for a number, 0.6 for a cognate...), and in
an unrelated sentence with probability ``p``, the share of the other
document's sentences that have it.  So a covered key is worth ``log(π / p)``
nats and a missing one costs ``log((1 - π) / (1 - chance))`` (``chance`` of
a span of ``b`` sentences: ``1 - (1 - p)^b``): a rare number found is strong
evidence, a question mark found weak.  A span holding more keys than an
average sentence finds more by chance: each key it covers is worth ``log m``
less, ``m`` being how many average sentences' worth of keys it holds, so
merges are not rewarded for coverage they would get anyway (see
:class:`SideEvidence`).  Keys found on one side of the documents only are ignored.

The unit's lexical cost is ``STRENGTH / 2`` times the evidence against it,
from both directions (source keys covered by the target span and the
reverse), shifted by a per-sentence constant so it is never negative.  What a
span covers of each sentence of the other side is computed once per document
pair and pass, for the cells near each paragraph group's diagonal (dense
bands, by joining the keys' sentence lists; see :class:`Coverage`), so a
unit's cost is a few array look-ups.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence

import numpy as np

from ..model import Bead
from .features import (
    CHECKED_CLASSES,
    CLASS_WEIGHTS,
    ConceptFinder,
    Keys,
    describe_difference,
    key_class,
    merge_keys,
    sentence_keys,
)
from .lengthdp import LengthCost, length_delta
from .lexicon import induce_lexicon, tokens
from .scorers import Spans
from .stats import LengthParams

#: Multiplies the lexical evidence (in nats) before it is added to the length cost.
STRENGTH = 1.0
#: Probability that a key of each class is found in the translation of its sentence.
FOUND_IN_TRANSLATION: dict[str, float] = {
    "n": 0.9, "m": 0.9, "pct": 0.9, "s": 0.95, "g": 0.9, "w": 0.6, "p": 0.7,
}
#: The same for lexicon pairs is their Dice coefficient, kept in this range.
LEXICON_RANGE = (0.3, 0.8)
#: How much a span's keys beyond those of an average sentence raise the chance of finding a
#: key (1: fully, as unrelated sentences' keys would; 0: not at all).
SPAN_DISCOUNT = 1.0
#: Units with less possible evidence than this (nats) keep their length confidence.
MIN_EVIDENCE = 2.0
#: How far a full lexical match lifts a unit's confidence towards 1.
CONFIDENCE_BOOST = 0.7
#: Confidence is multiplied by this when both sides have numbers (or symbols) and some source
#: number is not found on the target side.
MISMATCH_FACTOR = 0.5
#: Half-width of the precomputed coverage bands, beyond the diagonal's own width.
BAND_MARGIN = 34
#: Bands are widened by the steepest span's sentence ratio, up to this; beyond, on demand.
MAX_STEEPNESS = 16
#: Longest span (sentences on one side of a unit) whose coverage is precomputed.
MAX_SPAN = 4
#: 1-1 units with at least this confidence teach the lexicon.
CONFIDENT = 0.6


class Coverage:
    """How much evidence the keys of sentence ``i`` of one side find in a span of the other side.

    ``value(size, i, end)`` is the gain of the keys of sentence ``i`` found in
    sentences ``end-size .. end-1`` of the other side (each key counted once,
    at most as often as it occurs there), with ``gains[size - 1]`` giving each
    key's gain for a span of that size.  Coverage adds up over the sentences
    of a unit's own side, so a unit's evidence is exact whatever its shape.
    Precomputed for spans ending within ``half_width`` of each row's ``center``
    (by default the diagonal); a cell outside widens the band.
    """

    def __init__(self, rows: Sequence[Mapping[int, float]], other: Sequence[Mapping[int, float]],
                 gains: Sequence[np.ndarray], half_width: int, center: np.ndarray | None = None) -> None:
        self.rows, self.other, self.gains = rows, other, gains
        self.n_rows, self.n_other = len(rows), len(other)
        self.half_width = half_width
        self.width = 2 * half_width + 1
        if center is None:
            center = (np.arange(self.n_rows) * (self.n_other / max(self.n_rows, 1))).astype(np.int64)
        self.center = center
        self.bands = self._bands(len(gains))

    def _bands(self, max_size: int) -> list[np.ndarray]:
        """One band per span size: ``band[i, end - center(i) + half_width]``."""
        empty = [np.zeros(self.n_rows * self.width, dtype=np.float32) for _ in range(max_size)]
        row_keys, row_numbers, row_values = _incidences(self.rows)
        other_keys, other_numbers, other_values = _incidences(self.other)
        if not len(row_keys) or not len(other_keys):
            return empty
        stride = self.n_other + 1
        codes = other_keys * stride + other_numbers
        order = np.argsort(codes, kind="stable")
        codes, other_values = codes[order], other_values[order]
        gap_to_next = np.append(np.where(np.diff(codes) < stride, np.diff(codes), stride), stride)
        center = self.center[row_numbers]
        lo = np.searchsorted(codes, row_keys * stride + np.maximum(center - self.half_width - max_size, 0))
        hi = np.searchsorted(codes, row_keys * stride + np.minimum(center + self.half_width, self.n_other - 1),
                             side="right")
        counts = hi - lo
        total = int(counts.sum())
        if not total:
            return empty
        owner = np.repeat(np.arange(len(row_keys)), counts)
        position = np.repeat(lo - np.cumsum(counts) + counts, counts) + np.arange(total)
        found_at = codes[position] - row_keys[owner] * stride
        shared = np.minimum(row_values[owner], other_values[position])
        keys = row_keys[owner]
        rows = row_numbers[owner]
        gap = gap_to_next[position]
        # The occurrence at found_at is the last one in spans ending at found_at + 1 .. found_at + gap.
        cells, usable = [], []
        for end_after in range(1, max_size + 1):
            offset = found_at + end_after - self.center[rows] + self.half_width
            usable.append((gap >= end_after) & (offset >= 0) & (offset < self.width))
            cells.append(rows[usable[-1]] * self.width + offset[usable[-1]])
        bands = []
        for size in range(1, max_size + 1):
            gain = shared * self.gains[size - 1][keys]
            covered = np.zeros(self.n_rows * self.width)
            for end_after in range(size):
                covered += np.bincount(cells[end_after], weights=gain[usable[end_after]], minlength=len(covered))
            bands.append(covered.astype(np.float32))
        return bands

    def value(self, size: int, i: np.ndarray, end: np.ndarray) -> np.ndarray:
        """Coverage of row sentences ``i`` by the spans of ``size`` ending before ``end``.

        A cell outside the band widens the band to hold it (the DP widens its
        own band the same way, so this happens a few times at most).
        """
        offset = end - self.center[i] + self.half_width
        if len(offset) and (offset.min() < 0 or offset.max() >= self.width):
            reach = int(max(-offset.min(), offset.max() - self.width + 1, 0))
            self._widen(self.half_width + reach + BAND_MARGIN)
            offset = end - self.center[i] + self.half_width
        return np.asarray(self.bands[size - 1].take(i * self.width + offset))

    def _widen(self, half_width: int) -> None:
        self.half_width = half_width
        self.width = 2 * half_width + 1
        self.bands = self._bands(len(self.bands))


def _incidences(rows: Sequence[Mapping[int, float]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(key ids, row numbers, values)`` of every key of every row."""
    keys = [key for row in rows for key in row]
    numbers = [number for number, row in enumerate(rows) for _ in row]
    values = [value for row in rows for value in row.values()]
    return np.asarray(keys, dtype=np.int64), np.asarray(numbers, dtype=np.int64), np.asarray(values, dtype=np.float64)


class LexicalCost:
    """Length cost plus ``STRENGTH / 2`` times the lexical evidence against the unit
    (a :class:`~.lengthdp.BeadCost`)."""

    def __init__(self, length: LengthCost, evidence: tuple[SideEvidence, SideEvidence],
                 checked: tuple[Coverage, Coverage], checked_counts: tuple[np.ndarray, np.ndarray],
                 strength: float = STRENGTH) -> None:
        self.length = length
        self.evidence = evidence
        self.checked = checked
        self.strength = strength
        self._checked_prefix = tuple(_prefix(side) for side in checked_counts)

    def lexical(self, a: int, b: int, src_end: np.ndarray, tgt_end: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Evidence against the units (≥ 0), and the most there could be."""
        src, tgt = self.evidence
        against_src, possible_src = src.against(a, b, src_end, tgt_end)
        against_tgt, possible_tgt = tgt.against(b, a, tgt_end, src_end)
        return (against_src + against_tgt) / 2.0, (possible_src + possible_tgt) / 2.0

    def costs(self, a: int, b: int, src_end: np.ndarray, tgt_end: np.ndarray) -> np.ndarray:
        """Length cost plus the lexical evidence against the units."""
        against, _ = self.lexical(a, b, src_end, tgt_end)
        return self.length.costs(a, b, src_end, tgt_end) + self.strength * against

    def scores(self, a: int, b: int, src_end: np.ndarray, tgt_end: np.ndarray) -> np.ndarray:
        """Length confidence, raised by shared anchors, lowered when numbers disagree."""
        base = self.length.scores(a, b, src_end, tgt_end)
        if a == 0 or b == 0:
            return base
        against, possible = self.lexical(a, b, src_end, tgt_end)
        agreement = np.clip(1.0 - against / np.maximum(possible, 1e-9), 0.0, 1.0)
        raised = 1.0 - (1.0 - base) * (1.0 - CONFIDENCE_BOOST * agreement)
        score = np.where(possible >= MIN_EVIDENCE, raised, base)
        src_checked = self._checked_prefix[0][src_end] - self._checked_prefix[0][src_end - a]
        tgt_checked = self._checked_prefix[1][tgt_end] - self._checked_prefix[1][tgt_end - b]
        disagree = (src_checked > 0) & (tgt_checked > 0)
        if disagree.any():
            src_side, tgt_side = self.checked
            found = np.zeros(np.shape(src_end))
            for p in range(1, a + 1):
                found += src_side.value(min(b, MAX_SPAN), src_end - p, tgt_end)
            disagree &= found < src_checked - 1e-9
            score = np.where(disagree, score * MISMATCH_FACTOR, score)
        return score


class SideEvidence:
    """The evidence the keys of one side's sentences find in spans of the other side.

    For a unit holding ``own`` sentences of this side and ``other`` of the
    other side, the evidence against it from this side's keys is
    ``Σ_i (best[i] + missing[other][i] - coverage[other][i])`` over its sentences:
    ``best`` is what the keys would be worth all found by one sentence,
    ``missing`` what they cost all missing, ``coverage`` what the found ones
    gain back, less ``log m`` for each key found (``found``) when the other
    span holds ``m`` > 1 average sentences' worth of keys.  Spans longer than
    :data:`MAX_SPAN` are scored as that long.
    """

    def __init__(self, best: np.ndarray, missing: Sequence[np.ndarray], coverage: Coverage, found: Coverage,
                 other_keys: np.ndarray) -> None:
        self._best = _prefix(best)
        self._missing = [_prefix(values) for values in missing]
        self.coverage = coverage
        self.found = found
        self._other_keys = _prefix(other_keys)
        self._mean_keys = max(float(np.mean(other_keys)) if len(other_keys) else 1.0, 1.0)

    def against(self, own: int, other: int, own_end: np.ndarray, other_end: np.ndarray
                ) -> tuple[np.ndarray, np.ndarray]:
        """Evidence against the units from this side's keys, and the most possible."""
        size = min(other, MAX_SPAN)
        best = self._best[own_end] - self._best[own_end - own]
        missing = self._missing[size][own_end] - self._missing[size][own_end - own]
        total = best + missing
        if own and other:
            gained = np.zeros(np.shape(own_end))
            found = np.zeros(np.shape(own_end))
            for p in range(1, own + 1):
                gained += self.coverage.value(size, own_end - p, other_end)
                found += self.found.value(size, own_end - p, other_end)
            total = total - np.maximum(gained - found * self._spread(other, other_end), 0.0)
        return total, best + self._missing[0][own_end] - self._missing[0][own_end - own]

    def _spread(self, other: int, other_end: np.ndarray) -> np.ndarray:
        """``log`` of how many average sentences' worth of keys the other span has beyond one:
        a found key is worth that much less (its chance of being found is that many times higher)."""
        keys = self._other_keys[other_end] - self._other_keys[other_end - other]
        return np.asarray(np.log(np.maximum(1.0 + SPAN_DISCOUNT * (keys / self._mean_keys - 1.0), 1.0)))


def _prefix(values: np.ndarray) -> np.ndarray:
    prefix = np.zeros(len(values) + 1)
    np.cumsum(values, out=prefix[1:])
    return prefix


class LexicalScorer:
    """Length + lexical anchors for one document pair, with a lexicon induced from the documents.

    :param src_lang: language of the source sentences.
    :param tgt_lang: language of the target sentences.
    :param concepts: finds glossary concepts in a text (``--glossary``), or None.
    :param induce: learn a lexicon from a first alignment (:meth:`learn`).
    :param strength: nats of cost per nat of lexical evidence (default :data:`STRENGTH`).
    """

    name = "length"

    def __init__(self, src_lang: str, tgt_lang: str, *, concepts: ConceptFinder | None = None,
                 induce: bool = True, strength: float | None = None) -> None:
        self.langs = (src_lang, tgt_lang)
        self.concepts = concepts
        self.induce = induce
        self.strength = STRENGTH if strength is None else strength
        self._anchor_keys: tuple[dict[str, Keys], dict[str, Keys]] = ({}, {})
        self._keys: tuple[dict[str, Keys], dict[str, Keys]] = ({}, {})
        self._tokens: tuple[dict[str, list[str]], dict[str, list[str]]] = ({}, {})
        self._lexicon: tuple[dict[str, list[str]], dict[str, list[str]]] = ({}, {})
        self._found: dict[str, float] = {}
        self._key_ids: dict[str, int] = {}
        self._chance: tuple[dict[str, float], dict[str, float]] = ({}, {})
        self._gain_cache: dict[int, tuple[np.ndarray, list[np.ndarray], list[np.ndarray]]] = {}
        self._prepared = False

    # -- keys

    def keys(self, side: int, text: str) -> Keys:
        """Anchor keys of a sentence of side 0 (source) or 1 (target), lexicon pairs included."""
        cache = self._keys[side]
        if text not in cache:
            anchors = self._anchor_keys[side]
            if text not in anchors:
                anchors[text] = sentence_keys(text, self.langs[side], self.concepts)
            cache[text] = {**anchors[text], **self._lexicon_keys(side, text)} if self._lexicon[side] else anchors[text]
        return cache[text]

    def tokens(self, side: int, text: str) -> list[str]:
        """The sentence's words for the lexicon (cached)."""
        cache = self._tokens[side]
        if text not in cache:
            cache[text] = tokens(text, self.langs[side])
        return cache[text]

    def _lexicon_keys(self, side: int, text: str) -> Keys:
        translations = self._lexicon[side]
        found: Keys = {}
        for token in dict.fromkeys(self.tokens(side, text)):
            for pair in translations.get(token, ()):
                found[pair] = 1.0
        return found

    def prepare(self, src: Sequence[str], tgt: Sequence[str]) -> None:
        """Measure how often each key occurs in each document (the chance of finding it)."""
        df_src = Counter(key for text in src for key in self.keys(0, text))
        df_tgt = Counter(key for text in tgt for key in self.keys(1, text))
        shared = [key for key in df_src if key in df_tgt]
        # A source key is found by chance in a target sentence as often as target sentences have it.
        self._chance = ({key: df_tgt[key] / len(tgt) for key in shared},
                        {key: df_src[key] / len(src) for key in shared})
        for key in shared:
            self._key_ids.setdefault(key, len(self._key_ids))
        self._gain_cache = {}
        self._prepared = True

    def _found_in_translation(self, key: str) -> float:
        cls = key_class(key)
        if cls == "x":
            low, high = LEXICON_RANGE
            return min(max(self._found.get(key, low), low), high)
        return FOUND_IN_TRANSLATION.get(cls, 0.5)

    def _rows(self, side: int, texts: Sequence[str]) -> list[dict[int, float]]:
        """Per sentence, its usable keys as ``{key id: count}``."""
        chance = self._chance[side]
        ids = self._key_ids
        rows = []
        for text in texts:
            rows.append({ids.setdefault(key, len(ids)): value
                         for key, value in self.keys(side, text).items() if key in chance})
        return rows

    def _checked_rows(self, side: int, texts: Sequence[str]) -> list[dict[int, float]]:
        """Per sentence, its numbers, months and symbols (found on one side only too)."""
        ids = self._key_ids
        return [{ids.setdefault(key, len(ids)): value for key, value in self.keys(side, text).items()
                 if key_class(key) in CHECKED_CLASSES} for text in texts]

    def _gains(self, side: int) -> tuple[np.ndarray, list[np.ndarray], list[np.ndarray]]:
        """Per key id: worth when found by one sentence, cost when missing and gain when found,
        by span size (0..MAX_SPAN).  Computed once per :meth:`prepare` (every usable key has
        its id by then; ids given later, to one-sided numbers, are worth nothing here)."""
        size = len(self._key_ids) + 1
        if side not in self._gain_cache:
            self._gain_cache[side] = self._compute_gains(side, size)
        best, missing, gains = self._gain_cache[side]
        if len(best) < size:
            pad = size - len(best)
            best = np.pad(best, (0, pad))
            missing = [np.pad(values, (0, pad)) for values in missing]
            gains = [np.pad(values, (0, pad)) for values in gains]
            self._gain_cache[side] = (best, missing, gains)
        return best, missing, gains

    def _compute_gains(self, side: int, size: int) -> tuple[np.ndarray, list[np.ndarray], list[np.ndarray]]:
        chance = np.full(size, 0.5)
        found = np.full(size, 0.5)
        usable = np.zeros(size, dtype=bool)
        for key, number in self._key_ids.items():
            if key in self._chance[side]:
                chance[number] = min(self._chance[side][key], 0.99)
                found[number] = self._found_in_translation(key)
                usable[number] = True
        missing, gains = [], []
        best = np.zeros(size)
        for span in range(MAX_SPAN + 1):
            by_chance = 1.0 - (1.0 - chance) ** span
            # Found in a span, a key earns what one sentence finding it would; the span's extra
            # chance is taken off per unit by SideEvidence (it depends on the span's own keys).
            reward = np.maximum(np.log(found / chance), 0.0)
            cost = np.maximum(np.log((1.0 - by_chance) / (1.0 - found)), 0.0)
            missing.append(np.where(usable, cost, 0.0))
            gains.append(np.where(usable, reward + cost, 0.0))
            if span == 1:
                best = np.where(usable, reward, 0.0)
        return best, missing, gains

    # -- the Scorer protocol

    def bead_cost(self, src: Sequence[str], tgt: Sequence[str], params: LengthParams) -> LexicalCost:
        """Length plus lexical costs of beads over ``src`` and ``tgt``."""
        return self._cost(src, tgt, [(0, len(src), 0, len(tgt))], params)

    def document_cost(self, src: Sequence[str], tgt: Sequence[str], spans: Spans,
                      params: LengthParams) -> LexicalCost:
        """Length plus lexical costs over the whole documents, bands along each span's diagonal."""
        return self._cost(src, tgt, spans, params)

    def _cost(self, src: Sequence[str], tgt: Sequence[str], spans: Spans, params: LengthParams) -> LexicalCost:
        if not self._prepared:
            self.prepare(src, tgt)
        length = LengthCost([len(s) for s in src], [len(t) for t in tgt], params)
        rows = (self._rows(0, src), self._rows(1, tgt))
        checked = (self._checked_rows(0, src), self._checked_rows(1, tgt))
        centers = span_centers(spans, len(src), len(tgt))
        steepest = max((max(ns, nt) / max(1, min(ns, nt)) for _, ns, _, nt in spans), default=1.0)
        widest = max((max(ns, nt) for _, ns, _, nt in spans), default=0)
        # A span's cells lie within its own size of its diagonal: no wider band is needed.
        half_width = min(BAND_MARGIN + math.ceil(min(steepest, MAX_STEEPNESS)), widest + MAX_SPAN)
        evidence = []
        checked_coverage = []
        for side in (0, 1):
            best, missing, gains = self._gains(side)
            own, other = rows[side], rows[1 - side]
            coverage = Coverage(own, other, gains[1:], half_width, centers[side])
            ones = [(gain > 0).astype(np.float64) for gain in gains[1:]]
            found = Coverage(own, other, ones, half_width, centers[side])
            other_keys = np.array([sum(row.values()) for row in other], dtype=np.float64)
            evidence.append(SideEvidence(_per_row(own, best), [_per_row(own, m) for m in missing], coverage,
                                         found, other_keys))
            ones = [np.ones(len(gain)) for gain in gains[1:]]
            checked_coverage.append(Coverage(checked[side], checked[1 - side], ones, half_width, centers[side]))
        counts = tuple(np.array([float(sum(row.values())) for row in side_rows]) for side_rows in checked)
        return LexicalCost(length, (evidence[0], evidence[1]), (checked_coverage[0], checked_coverage[1]),
                           counts, self.strength)  # type: ignore[arg-type]

    def learn(self, beads: Sequence[Bead], src: Sequence[str], tgt: Sequence[str]) -> bool:
        """Induce a lexicon from the confident 1-1 beads; True when it found word pairs."""
        if not self.induce:
            return False
        pairs = [
            (self.tokens(0, src[bead.src[0]]), self.tokens(1, tgt[bead.tgt[0]]))
            for bead in beads if len(bead.src) == 1 and len(bead.tgt) == 1 and bead.score >= CONFIDENT
        ]
        lexicon = induce_lexicon(pairs)
        if not lexicon:
            return False
        src_pairs: dict[str, list[str]] = {}
        tgt_pairs: dict[str, list[str]] = {}
        for src_word, tgt_word, dice in lexicon:
            pair = f"x:{src_word}|{tgt_word}"
            src_pairs.setdefault(src_word, []).append(pair)
            tgt_pairs.setdefault(tgt_word, []).append(pair)
            self._found[pair] = dice
        self._lexicon = (src_pairs, tgt_pairs)
        self._keys = ({}, {})
        self.prepare(src, tgt)
        return True

    def describe(self, src: Sequence[str], tgt: Sequence[str], params: LengthParams) -> tuple[dict[str, float], str]:
        """Score components of one unit (length σ, share of anchors found) and what disagrees, if anything."""
        src_keys: Keys = {}
        tgt_keys: Keys = {}
        for text in src:
            merge_keys(src_keys, self.keys(0, text))
        for text in tgt:
            merge_keys(tgt_keys, self.keys(1, text))
        components: dict[str, float] = {}
        if src and tgt:
            delta = float(length_delta(sum(map(len, src)), sum(map(len, tgt)), params))
            components["length_sigma"] = round(abs(delta), 2)
            usable = [(k, v) for k, v in src_keys.items() if k in self._chance[0]]
            usable += [(k, v) for k, v in tgt_keys.items() if k in self._chance[1]]
            total = sum(_class_weight(k) * v for k, v in usable)
            if total > 0:
                shared = sum(_class_weight(k) * min(v, tgt_keys[k]) for k, v in src_keys.items() if k in tgt_keys)
                components["anchors"] = round(min(1.0, 2 * shared / total), 2)
        return components, describe_difference(src_keys, tgt_keys)


def span_centers(spans: Spans, n_src: int, n_tgt: int) -> tuple[np.ndarray, np.ndarray]:
    """For every source sentence, the target sentence on its span's diagonal, and the reverse."""
    src_center = (np.arange(n_src) * (n_tgt / max(n_src, 1))).astype(np.int64)
    tgt_center = (np.arange(n_tgt) * (n_src / max(n_tgt, 1))).astype(np.int64)
    for src_first, src_count, tgt_first, tgt_count in spans:
        if src_count:
            steps = np.arange(src_count) * (tgt_count / src_count)
            src_center[src_first:src_first + src_count] = tgt_first + steps.astype(np.int64)
        if tgt_count:
            steps = np.arange(tgt_count) * (src_count / tgt_count)
            tgt_center[tgt_first:tgt_first + tgt_count] = src_first + steps.astype(np.int64)
    return src_center, tgt_center


def _class_weight(key: str) -> float:
    return CLASS_WEIGHTS.get(key_class(key), 0.5)


def _per_row(rows: Sequence[Mapping[int, float]], per_key: np.ndarray) -> np.ndarray:
    """Per row, the sum of ``per_key`` over its keys times their counts."""
    keys, numbers, values = _incidences(rows)
    return np.bincount(numbers, weights=values * per_key[keys], minlength=len(rows)).astype(np.float64)
