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
span covers of each sentence of the other side is precomputed for a window of
cells per sentence: near each paragraph group's diagonal at first, then exactly
the cells the DP is about to fill (bands, by joining the keys' sentence lists;
see :class:`Coverage`), so a unit's cost is a few array look-ups.  It is built
a block of sentences at a time and only the last few blocks are kept, so the
memory it takes does not grow with the documents.
"""

from __future__ import annotations

import dataclasses
import math
from collections import Counter, OrderedDict, deque
from collections.abc import Iterable, Sequence
from itertools import chain, repeat

import numpy as np
from numpy.typing import ArrayLike

from ..model import Bead
from .compiled import CompiledCost, LexicalSide
from .confidence import ContentEvidence, Separation
from .dp import DEFAULT_BAND, SCORED_CHUNK, in_stretches, transposed_windows
from .features import (
    CHECKED_CLASSES,
    CLASS_WEIGHTS,
    ConceptFinder,
    Difference,
    Keys,
    compare_anchors,
    describe_difference,
    key_class,
    merge_keys,
    sentence_keys,
)
from .length import LengthCost, bead_delta, length_delta
from .lexicon import induce_lexicon, tokenizer
from .scorers import Spans, UnitSentences, bead_spans, beads_by_relation, span_centers
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
#: Longest span (sentences on one side of a unit) whose coverage is precomputed.
MAX_SPAN = 4
#: Half-width of the precomputed coverage bands, beyond the diagonal's own width: the DP's
#: first band (:data:`~.dp.DEFAULT_BAND`, 30) plus :data:`MAX_SPAN`, since a unit of up to
#: MAX_SPAN sentences ending in that band reads the coverage of rows up to MAX_SPAN back.
#: It decides only how much is precomputed, never a unit's cost (a cell outside the bands
#: widens them).  Measured on S/2017/613 and the UDHR (en-zh, en-ru), MAC-Dev chapters 1-2
#: and the Bleualign dev set: every value from 0 to 100 gives the same beads and scores;
#: the bands widened on every pair at 0, on one or two at 10 to 30, once at 34 (Bleualign)
#: and never from 40, while the cells precomputed grow slowly (MAC-Dev chapter 1: 0.54 M
#: at 34, 0.66 M at 100).
BAND_MARGIN = DEFAULT_BAND + MAX_SPAN
#: Coverage is precomputed in blocks of rows of about this many cells (a row's window is never cut),
#: of which the :data:`KEPT_BLOCKS` last used are kept.  Measured on the UDHR en-zh repeated to 4 MB
#: (4-6 matches a cell): a block of 2^15 cells takes about 25 MiB while it is built (its matches)
#: and 1 MiB once built, for every span size; 2^17 cells took 4 times that, for the same time.
BLOCK_CELLS = 1 << 15
KEPT_BLOCKS = 4
#: Of these, how many keep their matches, for sizes asked later (see :meth:`Coverage._band`).
MATCHED_BLOCKS = 2
#: Bands are widened by the steepest span's sentence ratio, up to this; beyond, on demand.
MAX_STEEPNESS = 16
#: 1-1 units with at least this confidence teach the lexicon.
CONFIDENT = 0.6
#: Offsets of the unrelated pairs a document's right 1-1 units are compared with (see
#: :meth:`LexicalScorer.evidence`), and of the neighbouring pairings a unit is compared with.
UNRELATED_OFFSETS = (-3, -2, 2, 3)
NEIGHBOUR_OFFSETS = (-3, -2, -1, 1, 2, 3)


class KeyRows:
    """The keys of a sequence of sentences as flat arrays, one entry per key of each sentence
    (sentence after sentence): the sentence's number, the key's id and its count."""

    def __init__(self, n_rows: int, numbers: ArrayLike, keys: ArrayLike, values: ArrayLike) -> None:
        self.n_rows = n_rows
        self.numbers = np.asarray(numbers, dtype=np.int64)
        self.keys = np.asarray(keys, dtype=np.int64)
        self.values = np.asarray(values, dtype=np.float64)
        self._by_key: KeyOccurrences | None = None
        self._starts: np.ndarray | None = None

    def per_row(self, per_key: np.ndarray | None = None) -> np.ndarray:
        """Per sentence, the sum of its keys' counts, each times ``per_key`` of the key when given."""
        weights = self.values if per_key is None else self.values * per_key[self.keys]
        return np.bincount(self.numbers, weights=weights, minlength=self.n_rows).astype(np.float64)

    def starts(self) -> np.ndarray:
        """Where each sentence's keys start (and, last, where they end), found once."""
        if self._starts is None:
            self._starts = np.searchsorted(self.numbers, np.arange(self.n_rows + 1)).astype(np.int64, copy=False)
        return self._starts

    def by_key(self) -> KeyOccurrences:
        """The same occurrences sorted by key, then sentence (sorted once, on first use)."""
        if self._by_key is None:
            self._by_key = KeyOccurrences(self)
        return self._by_key


class KeyOccurrences:
    """One side's key occurrences sorted by key then sentence, as ``codes`` = key · stride + sentence,
    with each occurrence's count and how many sentences further on the next occurrence of its key
    is (``stride`` for the last one)."""

    def __init__(self, rows: KeyRows) -> None:
        self.stride = stride = rows.n_rows + 1
        codes = rows.keys * stride + rows.numbers
        order = np.argsort(codes, kind="stable")
        self.codes, self.values = codes[order], rows.values[order]
        step = np.diff(self.codes)
        self.gap_to_next = np.append(np.where(step < stride, step, stride), stride)


class Coverage:
    """How much evidence the keys of sentence ``i`` of one side find in a span of the other side.

    The coverage of row ``i`` by the span of ``size`` sentences ending before
    ``end`` is the gain of the keys of sentence ``i`` found in sentences
    ``end-size .. end-1`` of the other side (each key counted once, at most as
    often as it occurs there), with ``gains[size - 1]`` giving each key's gain
    for a span of that size; several such weightings are computed together
    (``weightings[w][size - 1]``), and :meth:`total` gives them side by side.
    Coverage adds up over the sentences of a unit's own side, so a unit's
    evidence is exact whatever its shape.

    Precomputed for spans ending in a window of each row: at first within
    ``half_width`` of the row's ``center`` (where its span's diagonal, or the
    last alignment, puts it);
    :meth:`expect` fits the windows to the cells a DP is about to ask for, and
    a cell outside them widens every row's window around its center.

    The windows' cells are cut into blocks of consecutive rows of about
    :data:`BLOCK_CELLS` cells, precomputed when first asked for, and only the
    :data:`KEPT_BLOCKS` last used are kept: memory stays bounded however long
    the documents, as long as callers ask for rows roughly in order (the DP
    does; :meth:`LexicalScorer.evidence` and :func:`~.dp.align_with_costs`'s
    scores go through beads in order, a chunk at a time).
    """

    def __init__(self, rows: KeyRows, other: KeyRows, weightings: Sequence[Sequence[np.ndarray]],
                 half_width: int, center: np.ndarray) -> None:
        self.rows, self.other, self.weightings = rows, other, weightings
        self.n_rows, self.n_other = rows.n_rows, other.n_rows
        self.max_size = len(weightings[0])
        self.center = center
        #: Where each row's key occurrences start in ``rows`` (they are in sentence order).
        self.row_starts = rows.starts()
        #: The span sizes asked for so far: a block builds them all at once.
        self.sizes_asked: set[int] = set()
        self._set_windows(center - half_width, center + half_width)

    def _set_windows(self, lo: np.ndarray, hi: np.ndarray) -> None:
        """Hold spans ending at ``lo[i] .. hi[i]`` for each row ``i`` (at least: the windows are made
        to move forward only, so that :meth:`total` checks a unit's rows at once); blocks are
        computed on first use."""
        self.lo = np.minimum.accumulate(np.clip(lo, 0, self.n_other)[::-1])[::-1]
        self.hi = np.maximum(np.maximum.accumulate(np.clip(hi, 0, self.n_other)), self.lo)
        self.width = self.hi - self.lo + 1
        #: Per row, its first cell in the whole of the windows (and one past the last row's end).
        self.cell_start = np.concatenate(([0], np.cumsum(self.width)))
        self.row_base = self.cell_start[:-1] - self.lo  # the cell of (row, end): row_base[row] + end
        #: Per row, its block: rows whose first cell falls in the same stretch of BLOCK_CELLS.
        self.block_of = self.cell_start[:-1] // BLOCK_CELLS
        self._block_rows = np.searchsorted(self.block_of, np.arange(int(self.block_of[-1]) + 2 if self.n_rows else 1))
        self._blocks: OrderedDict[int, CoverageBlock] = OrderedDict()
        self._dropped = False  # whether a block was dropped since the windows were set
        self._matched: deque[CoverageBlock] = deque()  # the blocks that keep their matches, oldest first

    def expect(self, lo: np.ndarray, hi: np.ndarray) -> None:
        """Hold spans ending at ``lo[i] .. hi[i]`` for each row ``i`` from now on: the windows become
        exactly these while every block built is still kept (none, or all, to be used again), else
        they grow to hold them too."""
        if self._blocks and not self._dropped:
            if np.all(self.lo <= lo) and np.all(hi <= self.hi):
                return
            lo, hi = np.minimum(self.lo, lo), np.maximum(self.hi, hi)
        self._set_windows(lo, hi)

    def block(self, number: int) -> CoverageBlock:
        """The block of rows ``number`` (built if it is not among the last :data:`KEPT_BLOCKS` used)."""
        found = self._blocks.get(number)
        if found is None:
            first, last = int(self._block_rows[number]), int(self._block_rows[number + 1])
            first_cell, end_cell = int(self.cell_start[first]), int(self.cell_start[last])
            found = self._blocks[number] = CoverageBlock(first, last, first_cell, end_cell - first_cell)
            if len(self._blocks) > KEPT_BLOCKS:
                self._blocks.popitem(last=False)
                self._dropped = True
        else:
            self._blocks.move_to_end(number)
        return found

    def total(self, size: int, count: int, row_end: np.ndarray, end: np.ndarray) -> np.ndarray:
        """Coverage of row sentences ``row_end-count .. row_end-1`` by the spans of ``size`` ending
        before ``end``, summed: one row per weighting (``count`` ≥ 1).

        A cell outside the windows widens them all to hold it (the DP widens
        its own band the same way, so this happens a few times at most).
        """
        rows = [row_end - p for p in range(1, count + 1)]
        # The windows move forward only: the last row has the highest start, the first the lowest end.
        if len(end) and np.any((end < self.lo.take(rows[0])) | (end > self.hi.take(rows[-1]))):
            reach = max(int(np.abs(end - self.center.take(row)).max()) for row in rows) + BAND_MARGIN
            self._set_windows(np.minimum(self.lo, self.center - reach), np.maximum(self.hi, self.center + reach))
        covered = np.zeros((len(self.weightings), len(end)))
        for row in rows:
            covered += self._cells(size, row, end)
        return covered

    def _cells(self, size: int, row: np.ndarray, end: np.ndarray) -> np.ndarray:
        """The coverage of each ``row`` by the span of ``size`` ending before ``end``, per weighting."""
        cells = self.row_base.take(row) + end
        if not len(row):
            return np.zeros((len(self.weightings), 0), dtype=np.float32)
        blocks = self.block_of.take(row)
        first, last = int(blocks.min()), int(blocks.max())
        if first == last:
            block = self.block(first)
            inside_one: np.ndarray = self._band(block, size).take(cells - block.first_cell, axis=1)
            return inside_one
        values = np.empty((len(self.weightings), len(row)), dtype=np.float32)
        for number in np.unique(blocks).tolist():
            block = self.block(number)
            inside = blocks == number
            values[:, inside] = self._band(block, size).take(cells[inside] - block.first_cell, axis=1)
        return values

    def _band(self, block: CoverageBlock, size: int) -> np.ndarray:
        """The block's band of spans of ``size``.

        A block builds the bands of every size asked so far at once, from the matches of its
        rows' keys.  Only the last :data:`MATCHED_BLOCKS` blocks built keep their matches (they
        take several times the bands' memory), for the sizes asked of them next (a stretch of
        beads asks for one relation after another); an earlier block asked for a new size finds
        them again.
        """
        if size not in block.bands:
            self.sizes_asked.add(size)
            self._build(block, sorted(other for other in self.sizes_asked if other not in block.bands))
        return block.bands[size]

    def _build(self, block: CoverageBlock, sizes: list[int]) -> None:
        """Build the block's bands of these sizes (ascending), each from the one before when it can."""
        if block.matched is None:
            # placed: per span end, the usable matches; sums: per weighting, the last size built, unrounded
            block.matched = (self._find_matches(block), [], {})
            self._matched.append(block)
            if len(self._matched) > MATCHED_BLOCKS:
                self._matched.popleft().matched = None
        matches, placed, sums = block.matched
        for size in sizes:
            block.bands[size] = self._summed(block.cells, size, matches, placed, sums)

    def _summed(self, cells: int, size: int, matches: tuple[np.ndarray, ...],
                placed: list[tuple[np.ndarray, np.ndarray]], sums: dict[int, tuple[int, np.ndarray]]) -> np.ndarray:
        """Sum, for every cell, each usable match's shared count times its key's gain."""
        covered = np.zeros((len(self.weightings), cells))
        shared, keys = matches[0], matches[1]
        if len(keys):
            _place(matches, placed, size)
            for number, (weighting, gains) in enumerate(zip(covered, self.weightings, strict=True)):
                done = 0
                shorter = sums.get(number)
                # With the same gains as one size less, spans add what one sentence further back holds.
                if shorter is not None and shorter[0] == size - 1 and np.array_equal(gains[size - 1], gains[size - 2]):
                    weighting += shorter[1]
                    done = size - 1
                gain = shared * gains[size - 1].take(keys)
                for where, usable in placed[done:size]:
                    weighting += np.bincount(where, weights=gain[usable], minlength=cells)
                sums[number] = (size, weighting)
        return covered.astype(np.float32)

    def _find_matches(self, block: CoverageBlock) -> tuple[np.ndarray, ...]:
        """Every occurrence of a block row's key in the other side that spans ending in the row's
        window can hold: the count both share, the key, where it is (offset from the window's
        start, the window's width and the block cell) and how far the key's next occurrence is."""
        rows, other = self.rows, self.other.by_key()
        stride = other.stride
        occurrences = slice(int(self.row_starts[block.first]), int(self.row_starts[block.last]))
        numbers, row_keys, values = rows.numbers[occurrences], rows.keys[occurrences], rows.values[occurrences]
        lo, hi = self.lo.take(numbers), self.hi.take(numbers)
        # Searched in key order, where the windows (monotone) make the sought codes ascending, which
        # searchsorted finds much faster; the matches stay in the rows' order.
        order = np.argsort(row_keys, kind="stable")
        keys = row_keys.take(order)
        first, last = np.empty_like(order), np.empty_like(order)
        first[order] = np.searchsorted(other.codes, keys * stride + np.maximum(lo.take(order) - self.max_size, 0))
        last[order] = np.searchsorted(other.codes, keys * stride + np.minimum(hi.take(order), self.n_other - 1),
                                      side="right")
        counts = last - first
        total = int(counts.sum())
        owner = np.repeat(np.arange(len(row_keys)), counts)
        position = np.repeat(first - np.cumsum(counts) + counts, counts) + np.arange(total)
        keys = row_keys.take(owner)
        found_at = other.codes.take(position) - keys * stride
        row = numbers.take(owner)
        shared = np.minimum(values.take(owner), other.values.take(position))
        return (shared, keys, found_at - lo.take(owner), self.width.take(row),
                self.row_base.take(row) - block.first_cell + found_at, other.gap_to_next.take(position))


@dataclasses.dataclass
class CoverageBlock:
    """The precomputed coverage of the windows of a block of rows ``first .. last-1`` of a
    :class:`Coverage`: per span size, ``bands[size][weighting, cell - first_cell]`` (cells
    numbered as :attr:`Coverage.row_base` numbers them)."""

    first: int
    last: int
    first_cell: int
    cells: int
    bands: dict[int, np.ndarray] = dataclasses.field(default_factory=dict)
    #: The matches of the rows' keys, the usable ones by span end and the unrounded sums of the
    #: last size built per weighting, while the block is among the last few built.
    matched: tuple[tuple[np.ndarray, ...], list[tuple[np.ndarray, np.ndarray]],
                   dict[int, tuple[int, np.ndarray]]] | None = None


class LexicalCost:
    """Length cost plus ``STRENGTH / 2`` times the lexical evidence against the unit
    (a :class:`~.dp.BeadCost`)."""

    def __init__(self, length: LengthCost, evidence: tuple[SideEvidence, SideEvidence],
                 checked: tuple[Coverage, Coverage], checked_counts: tuple[np.ndarray, np.ndarray]) -> None:
        self.length = length
        self.evidence = evidence
        self.checked = checked
        self._checked_prefix = tuple(_prefix(side) for side in checked_counts)
        self._compiled: CompiledCost | None = None

    def lexical(self, a: int, b: int, src_end: np.ndarray, tgt_end: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Evidence against the units (≥ 0), and the most there could be."""
        src, tgt = self.evidence
        possible = (src.possible(a, src_end) + tgt.possible(b, tgt_end)) / 2.0
        return self._against(a, b, src_end, tgt_end), possible

    def agreement(self, a: int, b: int, src_end: np.ndarray, tgt_end: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The lexical evidence for the units (a log-likelihood ratio, in nats: what the keys
        found are worth less what the missing ones cost), and the most there could be against them."""
        src, tgt = self.evidence
        against, possible = self.lexical(a, b, src_end, tgt_end)
        all_found = (src.all_found(a, src_end) + tgt.all_found(b, tgt_end)) / 2.0
        return all_found - against, possible

    def _against(self, a: int, b: int, src_end: np.ndarray, tgt_end: np.ndarray) -> np.ndarray:
        src, tgt = self.evidence
        return np.asarray((src.against(a, b, src_end, tgt_end) + tgt.against(b, a, tgt_end, src_end)) / 2.0)

    def expect(self, lo: np.ndarray, hi: np.ndarray) -> None:
        """Fit the coverage windows to units ending at source sentence ``i`` and target sentences
        ``lo[i] .. hi[i]`` (see :func:`~.dp.expect_windows`)."""
        src, tgt = self.evidence
        # A unit of up to MAX_SPAN sentences ending at row i reads the coverage of rows i-MAX_SPAN .. i-1.
        src_windows = _windows_ahead(lo, hi, MAX_SPAN)
        src.coverage.expect(*src_windows)
        self.checked[0].expect(*src_windows)
        tgt_lo, tgt_hi = transposed_windows(lo, hi, tgt.coverage.n_rows)
        tgt_windows = _windows_ahead(tgt_lo, tgt_hi, MAX_SPAN)
        tgt.coverage.expect(*tgt_windows)
        self.checked[1].expect(*tgt_windows)

    def compiled(self) -> CompiledCost:
        """The arrays the compiled DP computes these costs from (see :mod:`.compiled`): the length
        model's, and per side its keys, their gains, the other side's key occurrences and the
        per-sentence sums :class:`SideEvidence` starts from (built once)."""
        if self._compiled is None:
            sides = (self.evidence[0].compiled(), self.evidence[1].compiled())
            self._compiled = dataclasses.replace(
                self.length.compiled(), sides=sides, strength=STRENGTH, max_size=MAX_SPAN, max_items=MAX_SPAN,
                n_keys=max(side[3].shape[2] for side in sides))
        return self._compiled

    def costs(self, a: int, b: int, src_end: np.ndarray, tgt_end: np.ndarray) -> np.ndarray:
        """Length cost plus the lexical evidence against the units."""
        return self.length.costs(a, b, src_end, tgt_end) + STRENGTH * self._against(a, b, src_end, tgt_end)

    def scores(self, a: int, b: int, src_end: np.ndarray, tgt_end: np.ndarray) -> np.ndarray:
        """Length confidence, raised by shared anchors, lowered when numbers disagree."""
        base = self.length.scores(a, b, src_end, tgt_end)
        if a == 0 or b == 0:
            return base
        against, possible = self.lexical(a, b, src_end, tgt_end)
        agreement = np.minimum(np.maximum(1.0 - against / np.maximum(possible, 1e-9), 0.0), 1.0)
        raised = 1.0 - (1.0 - base) * (1.0 - CONFIDENCE_BOOST * agreement)
        score = np.where(possible >= MIN_EVIDENCE, raised, base)
        src_checked = self._checked_prefix[0][src_end] - self._checked_prefix[0][src_end - a]
        tgt_checked = self._checked_prefix[1][tgt_end] - self._checked_prefix[1][tgt_end - b]
        disagree = (src_checked > 0) & (tgt_checked > 0)
        if disagree.any():
            found = self.checked[0].total(min(b, MAX_SPAN), a, src_end, tgt_end)[0]
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
    span holds ``m`` > 1 average sentences' worth of keys.  ``coverage`` has
    two weightings: the gains, and 1 for each usable key found.  Spans longer
    than :data:`MAX_SPAN` are scored as that long.
    """

    def __init__(self, best: np.ndarray, missing: Sequence[np.ndarray], coverage: Coverage,
                 other_keys: np.ndarray) -> None:
        self._best = _prefix(best)
        self._missing = [_prefix(values) for values in missing]
        self.coverage = coverage
        self._other_keys = _prefix(other_keys)
        self._mean_keys = max(float(np.mean(other_keys)) if len(other_keys) else 1.0, 1.0)
        self._unfound: dict[tuple[int, int], np.ndarray] = {}
        self._spreads: dict[int, np.ndarray] = {}

    def against(self, own: int, other: int, own_end: np.ndarray, other_end: np.ndarray) -> np.ndarray:
        """Evidence against the units from this side's keys."""
        size = min(other, MAX_SPAN)
        total = self._all_missing(own, size).take(own_end)
        if own and other:
            gained, found = self.coverage.total(size, own, own_end, other_end)
            total -= np.maximum(gained - found * self._spread(other).take(other_end), 0.0)
        return total

    def compiled(self) -> LexicalSide:
        """This side for the compiled DP (see :mod:`.compiled`): its sentences' keys, their gains
        by span size, the evidence against units that find none of them (``unfound[own, size]``),
        the discount of found keys (``spread[other]``) and the other side's key occurrences."""
        coverage = self.coverage
        rows, occurrences = coverage.rows, coverage.other.by_key()
        starts = coverage.row_starts
        gains = np.stack([np.stack(weighting) for weighting in coverage.weightings])
        n_own, n_other = len(self._best), len(self._other_keys)
        # Units of more sentences than a side has are never asked for (zeros stand in for them).
        unfound = np.stack([np.stack([self._all_missing(own, size) if own < n_own else np.zeros(n_own)
                                      for size in range(MAX_SPAN + 1)]) for own in range(MAX_SPAN + 1)])
        spread = np.stack([self._spread(other) if other < n_other else np.zeros(n_other)
                           for other in range(MAX_SPAN + 1)])
        return (starts, rows.keys, rows.values, gains, unfound, spread, occurrences.codes, occurrences.values,
                occurrences.gap_to_next.astype(np.int64, copy=False), int(occurrences.stride))

    def possible(self, own: int, own_end: np.ndarray) -> np.ndarray:
        """The most evidence there could be against units ending at ``own_end``."""
        return np.asarray(self.all_found(own, own_end) + self._missing[0][own_end] - self._missing[0][own_end - own])

    def all_found(self, own: int, own_end: np.ndarray) -> np.ndarray:
        """What the keys of units ending at ``own_end`` are worth when all are found."""
        return np.asarray(self._best[own_end] - self._best[own_end - own])

    def _all_missing(self, own: int, size: int) -> np.ndarray:
        """By end, the evidence against every run of ``own`` sentences when the other span of
        ``size`` finds none of their keys."""
        if (own, size) not in self._unfound:
            self._unfound[own, size] = (_run_sums(self._best, own) + _run_sums(self._missing[size], own))
        return self._unfound[own, size]

    def _spread(self, other: int) -> np.ndarray:
        """By end of the other span of ``other`` sentences, ``log`` of how many average
        sentences' worth of keys it has beyond one: a found key is worth that much less (its chance
        of being found is that many times higher)."""
        if other not in self._spreads:
            keys = _run_sums(self._other_keys, other)
            self._spreads[other] = np.log(np.maximum(1.0 + SPAN_DISCOUNT * (keys / self._mean_keys - 1.0), 1.0))
        return self._spreads[other]


def _place(matches: tuple[np.ndarray, ...], placed: list[tuple[np.ndarray, np.ndarray]], size: int) -> None:
    """Extend ``placed`` to ``end_after`` = 1 .. ``size``: the block cell of the span ending
    ``end_after`` after each usable match, and which matches are usable (the last occurrence of
    their key in the span, and in the window)."""
    _, _, offset, width, cell, gap = matches
    for end_after in range(len(placed) + 1, size + 1):
        usable = (gap >= end_after) & (offset >= -end_after) & (offset < width - end_after)
        placed.append((cell[usable] + end_after, usable))


def _windows_ahead(lo: np.ndarray, hi: np.ndarray, rows: int) -> tuple[np.ndarray, np.ndarray]:
    """For windows ``lo[i] .. hi[i]`` of rows ``0 .. n``: per row ``0 .. n-1``, the hull of the
    windows of rows ``i .. i+rows``."""
    n = len(lo) - 1
    ahead_lo, ahead_hi = lo[:n].copy(), hi[:n].copy()
    for step in range(1, min(rows, n) + 1):
        np.minimum(ahead_lo[:n + 1 - step], lo[step:], out=ahead_lo[:n + 1 - step])
        np.maximum(ahead_hi[:n + 1 - step], hi[step:], out=ahead_hi[:n + 1 - step])
    return ahead_lo, ahead_hi


def _run_sums(prefix: np.ndarray, size: int) -> np.ndarray:
    """From prefix sums, the sum of every run of ``size`` items, by end (0 for ends before ``size``)."""
    return np.concatenate((np.zeros(size), prefix[size:] - prefix[:len(prefix) - size]))


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
    """

    def __init__(self, src_lang: str, tgt_lang: str, *, concepts: ConceptFinder | None = None,
                 induce: bool = True) -> None:
        self.langs = (src_lang, tgt_lang)
        self.concepts = concepts
        self.induce = induce
        self._anchor_keys: tuple[dict[str, Keys], dict[str, Keys]] = ({}, {})
        self._keys: tuple[dict[str, Keys], dict[str, Keys]] = ({}, {})
        self._tokens: tuple[dict[str, list[str]], dict[str, list[str]]] = ({}, {})
        self._tokenizers = (tokenizer(src_lang), tokenizer(tgt_lang))
        self._lexicon: tuple[dict[str, list[str]], dict[str, list[str]]] = ({}, {})
        self._found: dict[str, float] = {}
        self._key_ids: dict[str, int] = {}
        self._chance: tuple[dict[str, float], dict[str, float]] = ({}, {})
        self._gain_cache: dict[int, tuple[np.ndarray, list[np.ndarray], list[np.ndarray]]] = {}
        self._weights = _ClassWeights()
        #: Per side, :meth:`_usable_weights` of single sentences (until the next :meth:`prepare`).
        self._usable: tuple[dict[str, tuple[float, ...]], dict[str, tuple[float, ...]]] = ({}, {})
        #: Per side, the last texts given to :meth:`_key_rows` and their rows (until the next :meth:`prepare`).
        self._last_rows: list[tuple[list[str], tuple[KeyRows, KeyRows]] | None] = [None, None]
        self._prepared = False

    # -- keys

    def keys(self, side: int, text: str) -> Keys:
        """Anchor keys of a sentence of side 0 (source) or 1 (target), lexicon pairs included."""
        cache = self._keys[side]
        if text not in cache:
            anchors = self.anchor_keys(side, text)
            cache[text] = {**anchors, **self._lexicon_keys(side, text)} if self._lexicon[side] else anchors
        return cache[text]

    def anchor_keys(self, side: int, text: str) -> Keys:
        """Anchor keys of a sentence of side 0 (source) or 1 (target), without lexicon pairs."""
        anchors = self._anchor_keys[side]
        if text not in anchors:
            anchors[text] = sentence_keys(text, self.langs[side], self.concepts)
        return anchors[text]

    def tokens(self, side: int, text: str) -> list[str]:
        """The sentence's words for the lexicon (cached)."""
        cache = self._tokens[side]
        if text not in cache:
            cache[text] = self._tokenizers[side](text)
        return cache[text]

    def _document_keys(self, side: int, texts: Sequence[str]) -> list[Keys]:
        """:meth:`keys` of each of ``texts`` (each distinct text's found once)."""
        cache = self._keys[side]
        for text in dict.fromkeys(texts):
            if text not in cache:
                self.keys(side, text)
        return list(map(cache.__getitem__, texts))

    def _lexicon_keys(self, side: int, text: str) -> Keys:
        """The lexicon's pairs of the sentence's words (each once, 1.0), in the order of the words."""
        pairs = map(self._lexicon[side].get, dict.fromkeys(self.tokens(side, text)), repeat(()))
        return dict.fromkeys(chain.from_iterable(pairs), 1.0)

    def prepare(self, src: Sequence[str], tgt: Sequence[str]) -> None:
        """Measure how often each key occurs in each document (the chance of finding it)."""
        df_src = Counter(chain.from_iterable(self._document_keys(0, src)))
        df_tgt = Counter(chain.from_iterable(self._document_keys(1, tgt)))
        shared = [key for key in df_src if key in df_tgt]
        # A source key is found by chance in a target sentence as often as target sentences have it.
        self._chance = ({key: df_tgt[key] / len(tgt) for key in shared},
                        {key: df_src[key] / len(src) for key in shared})
        for key in shared:
            self._key_ids.setdefault(key, len(self._key_ids))
        self._gain_cache = {}
        self._usable = ({}, {})
        self._last_rows = [None, None]
        self._prepared = True

    def _found_in_translation(self, key: str) -> float:
        cls = key_class(key)
        if cls == "x":
            low, high = LEXICON_RANGE
            return min(max(self._found.get(key, low), low), high)
        return FOUND_IN_TRANSLATION.get(cls, 0.5)

    def _key_rows(self, side: int, texts: Sequence[str]) -> tuple[KeyRows, KeyRows]:
        """Per sentence, its usable keys (found in both documents), and its numbers, months and
        symbols (found on one side only too); those of the last texts of the side are kept until the
        next :meth:`prepare` (the evidence reads the documents the last pass aligned)."""
        last = self._last_rows[side]
        if last is not None and last[0] == texts:
            return last[1]
        rows = self._find_key_rows(side, texts)
        self._last_rows[side] = (list(texts), rows)
        return rows

    def _find_key_rows(self, side: int, texts: Sequence[str]) -> tuple[KeyRows, KeyRows]:
        ids = self._key_ids
        keyed = self._document_keys(side, texts)
        flat = list(chain.from_iterable(keyed))
        unique = dict.fromkeys(flat)
        checked = [ids.setdefault(key, len(ids)) for key in unique if key_class(key) in CHECKED_CLASSES]
        chance = self._chance[side]
        usable = [ids[key] for key in unique if key in chance]
        # Keys without an id get -1, which reads the last, False, entry of these masks.
        is_usable, is_checked = np.zeros(len(ids) + 1, dtype=bool), np.zeros(len(ids) + 1, dtype=bool)
        is_usable[usable] = True
        is_checked[checked] = True
        key_ids = np.fromiter(map(ids.get, flat, repeat(-1)), dtype=np.int64, count=len(flat))
        numbers = np.repeat(np.arange(len(texts)), np.fromiter(map(len, keyed), dtype=np.int64, count=len(keyed)))
        values = np.fromiter(chain.from_iterable(map(dict.values, keyed)), dtype=np.float64, count=len(flat))
        usable_mask, checked_mask = is_usable[key_ids], is_checked[key_ids]
        return (KeyRows(len(texts), numbers[usable_mask], key_ids[usable_mask], values[usable_mask]),
                KeyRows(len(texts), numbers[checked_mask], key_ids[checked_mask], values[checked_mask]))

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
        shares = self._chance[side]
        numbers = np.fromiter(map(self._key_ids.__getitem__, shares), dtype=np.int64, count=len(shares))
        chance[numbers] = np.minimum(np.fromiter(shares.values(), dtype=np.float64, count=len(shares)), 0.99)
        found[numbers] = np.fromiter(map(self._found_in_translation, shares), dtype=np.float64, count=len(shares))
        usable[numbers] = True
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
        (src_rows, src_checked), (tgt_rows, tgt_checked) = self._key_rows(0, src), self._key_rows(1, tgt)
        rows, checked = (src_rows, tgt_rows), (src_checked, tgt_checked)
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
            found = [(gain > 0).astype(np.float64) for gain in gains[1:]]
            coverage = Coverage(own, other, (gains[1:], found), half_width, centers[side])
            evidence.append(SideEvidence(own.per_row(best), [own.per_row(m) for m in missing], coverage,
                                         other.per_row()))
            ones = [np.ones(len(gain)) for gain in gains[1:]]
            checked_coverage.append(Coverage(checked[side], checked[1 - side], (ones,), half_width, centers[side]))
        counts = (src_checked.per_row(), tgt_checked.per_row())
        return LexicalCost(length, (evidence[0], evidence[1]), (checked_coverage[0], checked_coverage[1]),
                           counts)

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
        # Numbers, months and symbols are anchor keys: the lexicon's pairs need not be looked through.
        return self.components(src, tgt, params), describe_difference(self._unit_keys(0, src, anchors=True),
                                                                      self._unit_keys(1, tgt, anchors=True))

    def components(self, src: Sequence[str], tgt: Sequence[str], params: LengthParams) -> dict[str, float]:
        """Score components of one unit: its length σ and the share of its anchors found on the other side
        (weighted by class, over the keys found in both documents)."""
        components: dict[str, float] = {}
        if not src or not tgt:
            return components
        delta = bead_delta(sum(map(len, src)), sum(map(len, tgt)), params)
        components["length_sigma"] = round(abs(delta), 2)
        src_keys, tgt_keys = self._unit_keys(0, src), self._unit_keys(1, tgt)
        total = sum(chain(self._usable_weights(0, src, src_keys), self._usable_weights(1, tgt, tgt_keys)))
        if total > 0:
            weights = self._weights
            shared = sum(weights[k] * min(v, tgt_keys[k]) for k, v in src_keys.items() if k in tgt_keys)
            components["anchors"] = round(min(1.0, 2 * shared / total), 2)
        return components

    def components_of(self, src: Sequence[str], tgt: Sequence[str], units: Sequence[UnitSentences],
                      params: LengthParams) -> list[dict[str, float]]:
        """:meth:`components` of many units of the documents ``src`` and ``tgt`` (each unit: its source
        and target sentence numbers, ascending), computed for all of them at once with the same
        operations in the same order, so the same values."""
        components: list[dict[str, float]] = [{} for _ in units]
        both = [number for number, (src_part, tgt_part) in enumerate(units) if src_part and tgt_part]
        if not both:
            return components
        sides = ([units[number][0] for number in both], [units[number][1] for number in both])
        lengths = [[sum(len(texts[i]) for i in part) for part in parts] for texts, parts in zip((src, tgt), sides)]
        deltas = np.abs(length_delta(lengths[0], lengths[1], params)).tolist()
        shared, total = self._shared_weights(src, tgt, sides)
        for number, delta, found, possible in zip(both, deltas, shared.tolist(), total.tolist(), strict=True):
            components[number]["length_sigma"] = round(delta, 2)
            if possible > 0:
                components[number]["anchors"] = round(min(1.0, 2 * found / possible), 2)
        return components

    def _shared_weights(self, src: Sequence[str], tgt: Sequence[str],
                        sides: tuple[list[Sequence[int]], list[Sequence[int]]]) -> tuple[np.ndarray, np.ndarray]:
        """Per unit (its sentence numbers on each side), the weight of the usable keys both sides share
        and of all of both sides' usable keys, as :meth:`components` adds them: key after key in
        the order of :meth:`_unit_keys`, the source side's first."""
        (src_unit, src_key, src_count), (tgt_unit, tgt_key, tgt_count) = (
            _unit_keys_of(self._key_rows(side, texts)[0], sides[side]) for side, texts in enumerate((src, tgt)))
        weights = self._key_weights()
        n_units, n_keys = len(sides[0]), len(weights) + 1
        unit = np.concatenate((src_unit, tgt_unit))
        term = np.concatenate((weights[src_key] * src_count, weights[tgt_key] * tgt_count))
        order = np.argsort(2 * unit + (np.arange(len(unit)) >= len(src_unit)), kind="stable")
        total = np.bincount(unit[order], weights=term[order], minlength=n_units)
        both, other = _matches(src_unit * n_keys + src_key, tgt_unit * n_keys + tgt_key)
        found = weights[src_key[both]] * np.minimum(src_count[both], tgt_count[other])
        return np.bincount(src_unit[both], weights=found, minlength=n_units), total

    def _key_weights(self) -> np.ndarray:
        """The class weight of every key id (ids number the keys in the order they were given)."""
        return np.fromiter(map(self._weights.__getitem__, self._key_ids), dtype=np.float64, count=len(self._key_ids))

    def _usable_weights(self, side: int, texts: Sequence[str], keys: Keys) -> Sequence[float]:
        """Class weight times count of each of a unit side's keys found in both documents, in the
        keys' order (``keys``: the side's :meth:`_unit_keys`; a single sentence's are cached)."""
        weights, chance = self._weights, self._chance[side]
        if len(texts) != 1:
            return [weights[k] * v for k, v in keys.items() if k in chance]
        cache = self._usable[side]
        found = cache.get(texts[0])
        if found is None:
            found = cache[texts[0]] = tuple([weights[k] * v for k, v in keys.items() if k in chance])
        return found

    def _unit_keys(self, side: int, texts: Sequence[str], *, anchors: bool = False) -> Keys:
        """The keys of a unit's sentences on one side (only the anchor keys, without the lexicon's
        pairs, with ``anchors``), counts added; not to be changed (a single sentence's are its
        cached keys)."""
        keys = self.anchor_keys if anchors else self.keys
        if len(texts) == 1:
            return keys(side, texts[0])
        merged: Keys = {}
        for text in texts:
            merge_keys(merged, keys(side, text))
        return merged


    def evidence(self, beads: Sequence[Bead], src: Sequence[str], tgt: Sequence[str],
                 params: LengthParams) -> list[ContentEvidence]:
        """What the anchors say about each bead of a finished alignment of the documents.

        * ``unrelated``: the bead's lexical evidence as a share of the most there could be
          (:meth:`LexicalCost.agreement`), against how that share is spread over this
          alignment's confident 1-1 units and over the same sentences paired
          :data:`UNRELATED_OFFSETS` sentences off (:class:`~.confidence.Separation`);
          nothing for beads with less than :data:`MIN_EVIDENCE` nats at stake;
        * ``elsewhere``: its evidence less the best of the same sentences paired
          :data:`NEIGHBOUR_OFFSETS` sentences off on either side, when that is higher;
        * ``numbers``: numbers, months or symbols its sides do not share.
        """
        if not self._prepared:
            self.prepare(src, tgt)
        cost = self._cost(src, tgt, bead_spans(beads), params)
        by_relation = beads_by_relation(beads)
        cost.expect(*_asked_windows(by_relation.values(), len(src), len(tgt)))
        separation = self._separation(cost, beads, len(tgt))
        unrelated = np.zeros(len(beads))
        elsewhere = np.zeros(len(beads))
        grouped = {relation: (np.asarray(positions, dtype=np.int64), src_end, tgt_end)
                   for relation, (positions, src_end, tgt_end) in by_relation.items()}
        for (a, b), (positions, src_end, tgt_end) in in_stretches(grouped, len(beads)):
            found, possible = cost.agreement(a, b, src_end, tgt_end)
            if separation is not None:
                share = found / np.maximum(possible, 1.0)
                unrelated[positions] = np.where(possible >= MIN_EVIDENCE, separation.against(share), 0.0)
            nearby = _best_nearby(cost, (a, b), (src_end, tgt_end), (len(src), len(tgt)))
            elsewhere[positions] = np.minimum(found - nearby, 0.0)
        # Which sentences have a number, month or symbol (the keys the checked coverage counts).
        numbered = (_has_rows(cost.checked[0].rows), _has_rows(cost.checked[1].rows))
        return [ContentEvidence(unrelated=float(u), elsewhere=float(e), numbers=self._numbers(bead, src, tgt, numbered))
                for bead, u, e in zip(beads, unrelated.tolist(), elsewhere.tolist(), strict=True)]

    def _separation(self, cost: LexicalCost, beads: Sequence[Bead], n_tgt: int) -> Separation | None:
        """How the share of evidence found is spread over the confident 1-1 beads and over their
        sentences paired a few sentences off."""
        confident = [(bead.src[0] + 1, bead.tgt[0] + 1) for bead in beads
                     if len(bead.src) == 1 and len(bead.tgt) == 1 and bead.score >= CONFIDENT]
        if not confident:
            return None
        rows = np.array([i for i, _ in confident])
        cols = np.array([j for _, j in confident])
        right = _share(*_agreement_in_order(cost, rows, cols))
        # Each bead's unrelated pairings beside it, so that the rows are asked for in order.
        off_rows = np.repeat(rows, len(UNRELATED_OFFSETS))
        off_cols = (cols[:, None] + np.array(UNRELATED_OFFSETS)[None, :]).ravel()
        keep = (off_cols >= 1) & (off_cols <= n_tgt)
        unrelated = _share(*_agreement_in_order(cost, off_rows[keep], off_cols[keep]))
        return Separation.fit(right, unrelated)

    def _numbers(self, bead: Bead, src: Sequence[str], tgt: Sequence[str],
                 numbered: tuple[list[bool], list[bool]]) -> Difference | None:
        """Numbers, months or symbols the bead's two sides do not share (``numbered``: per side, which
        sentences have any)."""
        if not bead.src or not bead.tgt:
            return None
        if not any(numbered[0][i] for i in bead.src) and not any(numbered[1][j] for j in bead.tgt):
            return None
        return compare_anchors(self._unit_keys(0, [src[i] for i in bead.src], anchors=True),
                               self._unit_keys(1, [tgt[j] for j in bead.tgt], anchors=True))


class _ClassWeights(dict[str, float]):
    """The weight of each key's class (:data:`~.features.CLASS_WEIGHTS`), looked up once per key."""

    def __missing__(self, key: str) -> float:
        weight = self[key] = _class_weight(key)
        return weight


def _asked_windows(grouped: Iterable[tuple[list[int], np.ndarray, np.ndarray]], n_src: int,
                   n_tgt: int) -> tuple[np.ndarray, np.ndarray]:
    """Per source end ``0 .. n_src``, the lowest and highest target end of the units whose
    evidence :meth:`LexicalScorer.evidence` asks for (its :func:`~.scorers.beads_by_relation`):
    the beads' own, and those paired up to :data:`NEIGHBOUR_OFFSETS` or :data:`UNRELATED_OFFSETS`
    sentences off on either side (so just those cells are precomputed; lo > hi where none)."""
    reach = max(abs(offset) for offset in (*NEIGHBOUR_OFFSETS, *UNRELATED_OFFSETS))
    ends = list(grouped)
    src_end = np.concatenate([group[1] for group in ends] or [np.zeros(0, dtype=np.int64)]).astype(np.int64)
    tgt_end = np.concatenate([group[2] for group in ends] or [np.zeros(0, dtype=np.int64)]).astype(np.int64)
    lo, hi = np.full(n_src + 1, n_tgt + 1, dtype=np.int64), np.full(n_src + 1, -1, dtype=np.int64)
    np.minimum.at(lo, src_end, tgt_end - reach)
    np.maximum.at(hi, src_end, tgt_end + reach)
    for offset in range(-reach, reach + 1):
        rows = src_end + offset
        inside = (rows >= 0) & (rows <= n_src)
        np.minimum.at(lo, rows[inside], tgt_end[inside])
        np.maximum.at(hi, rows[inside], tgt_end[inside])
    return lo, hi


def _agreement_in_order(cost: LexicalCost, src_end: np.ndarray, tgt_end: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:meth:`LexicalCost.agreement` of 1-1 units given in order, asked :data:`~.dp.SCORED_CHUNK` at a time."""
    found, possible = np.empty(len(src_end)), np.empty(len(src_end))
    for first in range(0, len(src_end), SCORED_CHUNK):
        part = slice(first, first + SCORED_CHUNK)
        found[part], possible[part] = cost.agreement(1, 1, src_end[part], tgt_end[part])
    return found, possible


def _unit_keys_of(rows: KeyRows, units: Sequence[Sequence[int]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The keys of each unit's sentences (``units``: sentence numbers, ascending) among ``rows``, counts
    added, in the order :func:`~.features.merge_keys` gives them: each key's unit, id and count."""
    starts = rows.starts()
    sizes = np.fromiter(map(len, units), dtype=np.int64, count=len(units))
    sentence = np.fromiter(chain.from_iterable(units), dtype=np.int64, count=int(sizes.sum()))
    counts = starts[sentence + 1] - starts[sentence]
    entry = np.repeat(starts[sentence] - (np.cumsum(counts) - counts), counts) + np.arange(int(counts.sum()))
    unit = np.repeat(np.repeat(np.arange(len(units)), sizes), counts)
    stride = int(rows.keys.max(initial=0)) + 1
    codes, first, group = np.unique(unit * stride + rows.keys.take(entry), return_index=True, return_inverse=True)
    summed = np.bincount(group.reshape(-1), weights=rows.values.take(entry), minlength=len(codes))
    order = np.argsort(first, kind="stable")
    return codes[order] // stride, codes[order] % stride, summed[order]


def _matches(codes: np.ndarray, other: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Which of ``codes`` are among the distinct ``other``, and where each of those is in ``other``."""
    if not len(other):
        return np.zeros(len(codes), dtype=bool), np.zeros(0, dtype=np.int64)
    order = np.argsort(other, kind="stable")
    place = order.take(np.minimum(np.searchsorted(other, codes, sorter=order), len(other) - 1))
    found = other.take(place) == codes
    return found, place[found]


def _has_rows(rows: KeyRows) -> list[bool]:
    """Per sentence, whether it has any of the keys ``rows`` holds."""
    has_keys: list[bool] = (np.diff(rows.starts()) > 0).tolist()
    return has_keys


def _share(found: np.ndarray, possible: np.ndarray) -> np.ndarray:
    """Lexical evidence as a share of the most there could be."""
    return np.asarray(found / np.maximum(possible, 1.0))


def _best_nearby(cost: LexicalCost, relation: tuple[int, int], ends: tuple[np.ndarray, np.ndarray],
                 sizes: tuple[int, int]) -> np.ndarray:
    """The highest lexical evidence of the units' sentences with the other side's paired
    :data:`NEIGHBOUR_OFFSETS` sentences off (-inf where none fits in the documents)."""
    a, b = relation
    src_end, tgt_end = ends
    best = np.full(len(src_end), -np.inf)
    for offset in NEIGHBOUR_OFFSETS:
        for side, (end, size, count) in enumerate(((tgt_end, b, sizes[1]), (src_end, a, sizes[0]))):
            shifted = end + offset
            fits = (shifted >= size) & (shifted <= count)
            if not fits.any():
                continue
            rows = src_end[fits] if side == 0 else shifted[fits]
            cols = shifted[fits] if side == 0 else tgt_end[fits]
            best[fits] = np.maximum(best[fits], cost.agreement(a, b, rows, cols)[0])
    return best


def _class_weight(key: str) -> float:
    return CLASS_WEIGHTS.get(key_class(key), 0.5)
