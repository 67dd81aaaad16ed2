"""The banded dynamic-programming alignment every scorer uses.

The DP (:func:`align_with_costs`) finds the cheapest sequence of beads — groups
of ``a`` source and ``b`` target items for each allowed relation ``(a, b)``,
by default :data:`SENTENCE_RELATIONS` — that covers both sequences in order.
The cost and confidence of a bead come from a :class:`BeadCost`: the length
model (:class:`~.length.LengthCost`), the lexical cost (:class:`~.lexical.LexicalCost`)
or the semantic cost (:class:`~.semantic.SemanticCost`).

The DP only fills cells within ``band`` columns of the diagonal's path through
each row (rows are the shorter sequence), so time and memory are
O((n + m) · band).  When the best path touches the edge of that band, the DP is
redone with the band doubled, around both the diagonal and the path it found
(see :func:`_widening_search`); a later pass can start around an earlier
pass's path as well (``guide``).

Each attempt fills the band one of two ways, with the same choices and costs
to the last bit (:mod:`.compiled`): a compiled kernel that computes the length
and lexical costs itself, cell by cell, when the cost has a compiled form
(:class:`~.length.LengthCost`, :class:`~.lexical.LexicalCost`, shifted or
transposed) and the kernel was built; otherwise a dozen numpy operations per
row, whatever its width, after telling the cost which cells will be asked for
(:func:`expect_windows`) so it can precompute just those.  The beads' scores
are computed with numpy either way, the cost told beforehand that only the
cells along the path will be asked for.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from typing import Protocol

import numpy as np

from ..config import AlignConfig
from ..errors import AlignkitError
from ..model import Bead
from . import compiled
from .compiled import CompiledCost

Relation = tuple[int, int]

#: Relations the sentence aligner may use, as (pivot sentences, other sentences).
SENTENCE_RELATIONS: tuple[Relation, ...] = (
    (1, 1), (1, 0), (0, 1), (1, 2), (2, 1), (2, 2), (1, 3), (3, 1),
)
#: Half-width of the DP's first band around the diagonal, in items, when the caller does not
#: say: the configured default (``AlignConfig.band``).
DEFAULT_BAND = AlignConfig.band
#: How many times the band may be doubled when the best path touches its edge.
MAX_WIDENINGS = 5
#: Entries (cells × advancing relations) of the arrays the DP builds at once for a chunk of
#: rows (:meth:`_BandedDP._chunk`: predecessors as int64 and costs as float64, 2.4 MB each
#: at 300,000).  Smaller chunks cost more numpy calls, larger ones outgrow the caches and
#: raise the peak memory; no value changes a result.  Measured (best of 3, same beads for
#: all values) on bench_align's pair of 50,000 sentences (length DP) and on MAC-Dev
#: concatenated 3× (length mode): 10,000 → 9.7 s / 2.7 s; 100,000 → 6.0 s / 1.84 s;
#: 300,000 → 5.05 s / 1.82 s (peak 43 MiB on the first); 1,000,000 → 5.09 s / 1.95 s
#: (82 MiB); 10,000,000 → 10.4 s / 1.9 s (573 MiB).
CHUNK_CELLS = 300_000
#: Beads scored together (per relation) in :func:`align_with_costs`: the path is scored a stretch
#: of this many beads at a time, in order.
SCORED_CHUNK = 2048


class BeadCost(Protocol):
    """Costs and confidences of candidate beads, for :func:`align_with_costs`.

    A bead ``(a, b)`` ending at ``(src_end, tgt_end)`` holds source items
    ``src_end-a .. src_end-1`` and target items ``tgt_end-b .. tgt_end-1``.
    Both methods take integer arrays of equal shape (always in range) and
    return float arrays of that shape.  A cost may also have an
    ``expect(lo, hi)`` method (see :func:`expect_windows`).
    """

    def costs(self, a: int, b: int, src_end: np.ndarray, tgt_end: np.ndarray) -> np.ndarray:
        """Non-negative costs (lower is better) of the beads."""
        ...

    def scores(self, a: int, b: int, src_end: np.ndarray, tgt_end: np.ndarray) -> np.ndarray:
        """Confidences in [0, 1] of the beads."""
        ...


def expect_windows(bead_cost: BeadCost, lo: np.ndarray, hi: np.ndarray) -> None:
    """Tell ``bead_cost`` that beads ending at source item ``i`` and target items ``lo[i] .. hi[i]``
    are about to be asked for, if it has an ``expect(lo, hi)`` method (to precompute just those)."""
    expect = getattr(bead_cost, "expect", None)
    if expect is not None:
        expect(lo, hi)


def transposed_windows(lo: np.ndarray, hi: np.ndarray, n_cols: int) -> tuple[np.ndarray, np.ndarray]:
    """For windows of columns ``lo[i] .. hi[i]`` per row, the rows whose windows hold each
    column ``0 .. n_cols`` (of the windows made monotone, which hold the originals)."""
    rising_hi = np.maximum.accumulate(hi)
    rising_lo = np.minimum.accumulate(lo[::-1])[::-1]
    columns = np.arange(n_cols + 1)
    return np.searchsorted(rising_hi, columns), np.searchsorted(rising_lo, columns, side="right") - 1


def align_with_costs(
    n_src: int,
    n_tgt: int,
    bead_cost: BeadCost,
    *,
    relations: Sequence[Relation] = SENTENCE_RELATIONS,
    band: int = DEFAULT_BAND,
    guide: Sequence[Bead] = (),
) -> list[Bead]:
    """Cheapest in-order alignment of ``n_src`` with ``n_tgt`` items under ``bead_cost``.

    :param relations: allowed bead shapes ``(source items, target items)``.
    :param band: half-width of the DP band around the diagonal, in items.  When
        the best path touches the band's edge the DP is redone with the band
        doubled, around the diagonal and that path, up to :data:`MAX_WIDENINGS`
        times.
    :param guide: an earlier alignment of the same items (beads covering both
        sides, in order), for instance a first pass with a simpler cost: the
        first band is taken around the diagonal and the guide's path, so a path
        near the guide is found without redoing the widenings the earlier
        search needed.
    :returns: beads covering every index of both sides exactly once, in order,
        with the scores of ``bead_cost``.
    :raises AlignkitError: when ``relations`` are invalid or cannot cover the two sequences.
    """
    relations = _checked_relations(relations)
    if n_src == 0 or n_tgt == 0:
        return _one_sided_beads(n_src, n_tgt, bead_cost)
    transposed = n_src > n_tgt
    guide_path = _bead_path(guide, transposed) if _covers(guide, n_src, n_tgt) else None
    if transposed:
        bead_cost = _Transposed(bead_cost)
        relations = sorted((b, a) for a, b in relations)
        n_src, n_tgt = n_tgt, n_src
    dp = _BandedDP(n_src, n_tgt, bead_cost, relations)
    path = _widening_search(dp, max(1, band), guide_path)
    if _expects(bead_cost):
        # Scores need the cost's precomputations only along the path.
        followed = dp.path_windows(path, 0)
        expect_windows(bead_cost, followed.lo, followed.hi)
    return _scored_beads(path, bead_cost, transposed)


def _expects(bead_cost: BeadCost) -> bool:
    """Whether :func:`expect_windows` would reach an ``expect`` method of the cost (not that of a
    :class:`_Transposed` over a cost without one, such as a :class:`ShiftedCost`)."""
    if isinstance(bead_cost, _Transposed):
        bead_cost = bead_cost.inner
    return getattr(bead_cost, "expect", None) is not None


Path = list[tuple[int, int, Relation]]


def path_cost(beads: Sequence[Bead], bead_cost: BeadCost) -> float:
    """Total cost of consecutive beads starting at item 0 of both sides, under ``bead_cost``."""
    ends: dict[Relation, tuple[list[int], list[int]]] = {}
    src_end = tgt_end = 0
    for bead in beads:
        src_end += len(bead.src)
        tgt_end += len(bead.tgt)
        src_ends, tgt_ends = ends.setdefault((len(bead.src), len(bead.tgt)), ([], []))
        src_ends.append(src_end)
        tgt_ends.append(tgt_end)
    return float(
        sum(
            bead_cost.costs(a, b, np.array(src_ends), np.array(tgt_ends)).sum()
            for (a, b), (src_ends, tgt_ends) in ends.items()
        )
    )


def _bead_path(beads: Sequence[Bead], transposed: bool) -> Path:
    """The DP path of consecutive beads: ``(row end, column end, relation)`` steps."""
    path: Path = []
    i = j = 0
    for bead in beads:
        relation = (len(bead.tgt), len(bead.src)) if transposed else (len(bead.src), len(bead.tgt))
        i += relation[0]
        j += relation[1]
        path.append((i, j, relation))
    return path


def _covers(beads: Sequence[Bead], n_src: int, n_tgt: int) -> bool:
    """Whether ``beads`` hold as many items of each side as there are (every item, if in order)."""
    return bool(beads) and sum(len(b.src) for b in beads) == n_src and sum(len(b.tgt) for b in beads) == n_tgt


def _widening_search(dp: _BandedDP, band: int, guide: Path | None = None) -> Path:
    """The best path: first around the diagonal (and the guide's path), then around the last path found.

    While the path touches the band's edge, the band is doubled, at most
    :data:`MAX_WIDENINGS` times, and the DP redone over the cells within the
    band of the diagonal *or* of the last path: the path may have drifted away
    from the diagonal (as a random walk does over a long document), or been
    trapped near it by the narrow band while the best path lies further out.
    With a guide, the first band is around the diagonal and the guide's path:
    a later pass's path is mostly near the earlier one, and where it leaves
    it, it touches the band's edge and widens it as above.  (Measured on
    MAC-Dev, its chapters as one block and the Bleualign dev set: the same
    beads as starting with the band doubled until the diagonal's band holds
    the guide, in 63 % of the cells on one block.)
    """
    windows = dp.diagonal_windows(band)
    if guide is not None:
        windows = windows.hull(dp.path_windows(guide, band))
    for _ in range(MAX_WIDENINGS + 1):
        path, touched = dp.best_path(windows)
        full_width = band >= dp.n_cols
        if path is not None and (not touched or full_width):
            return path
        if path is None and full_width:
            raise AlignkitError(f"relations {dp.relations} cannot align {dp.n_rows} with {dp.n_cols} items")
        band *= 2
        windows = dp.diagonal_windows(band)
        if path is not None:
            windows = windows.hull(dp.path_windows(path, band))
    if path is None:
        raise AlignkitError(f"no alignment found within a band of {band} items")
    return path


def _checked_relations(relations: Sequence[Relation]) -> list[Relation]:
    """Sorted, distinct relations; sizes must be positive except in 1-0 and 0-1."""
    checked = sorted({(int(a), int(b)) for a, b in relations})
    if not checked or any(min(a, b) < 0 or (min(a, b) == 0 and max(a, b) != 1) for a, b in checked):
        raise AlignkitError(f"invalid alignment relations: {list(relations)} (one-sided ones must be 1-0 or 0-1)")
    return checked


def _one_sided_beads(n_src: int, n_tgt: int, bead_cost: BeadCost) -> list[Bead]:
    """All 1-0 (or all 0-1) beads, for when one side is empty."""
    if n_src:
        ends = np.arange(1, n_src + 1)
        scores = bead_cost.scores(1, 0, ends, np.zeros_like(ends))
        return [Bead((i,), (), _unit_interval(s)) for i, s in enumerate(scores.tolist())]
    ends = np.arange(1, n_tgt + 1)
    scores = bead_cost.scores(0, 1, np.zeros_like(ends), ends)
    return [Bead((), (j,), _unit_interval(s)) for j, s in enumerate(scores.tolist())]


def _scored_beads(path: Path, bead_cost: BeadCost, transposed: bool = False) -> list[Bead]:
    """Beads of a path of ``(row end, column end, relation)`` steps, with their scores (in [0, 1];
    0 where the cost gives no finite score); rows are the beads' target side when ``transposed``."""
    count = len(path)
    row_ends = np.fromiter((step[0] for step in path), dtype=np.int64, count=count)
    col_ends = np.fromiter((step[1] for step in path), dtype=np.int64, count=count)
    numbers: dict[Relation, int] = {}
    shapes = np.fromiter((numbers.setdefault(relation, len(numbers)) for _, _, relation in path), dtype=np.int64,
                         count=count)
    scores = np.zeros(count)
    grouped = {}
    for relation, number in numbers.items():
        positions = np.flatnonzero(shapes == number)
        grouped[relation] = (positions, row_ends[positions], col_ends[positions])
    for (a, b), (positions, rows, columns) in in_stretches(grouped, count):
        scores[positions] = bead_cost.scores(a, b, rows, columns)
    scores = np.where(np.isfinite(scores), np.minimum(np.maximum(scores, 0.0), 1.0), 0.0)
    if transposed:
        return [
            Bead(tuple(range(j - b, j)), tuple(range(i - a, i)), score)
            for (i, j, (a, b)), score in zip(path, scores.tolist(), strict=True)
        ]
    return [
        Bead(tuple(range(i - a, i)), tuple(range(j - b, j)), score)
        for (i, j, (a, b)), score in zip(path, scores.tolist(), strict=True)
    ]


def in_stretches(grouped: Mapping[Relation, tuple[np.ndarray, ...]],
                 count: int) -> Iterator[tuple[Relation, tuple[np.ndarray, ...]]]:
    """Beads grouped by relation — per relation their positions (ascending, below ``count``) and
    arrays of the same length — a stretch of :data:`SCORED_CHUNK` positions at a time, in order:
    each relation's part of the stretch.  A cost asked for the beads so goes through the
    documents once, in order, and its precomputation along them can stay bounded (see
    :class:`~.lexical.Coverage`)."""
    for first in range(0, count, SCORED_CHUNK):
        for relation, (positions, *arrays) in grouped.items():
            part = slice(*np.searchsorted(positions, (first, first + SCORED_CHUNK)).tolist())
            if part.stop > part.start:
                yield relation, (positions[part], *(array[part] for array in arrays))


def _unit_interval(value: float) -> float:
    return min(max(float(value), 0.0), 1.0) if math.isfinite(value) else 0.0


class ShiftedCost:
    """A :class:`BeadCost` over a stretch of a longer sequence pair: ``inner`` costs the whole
    pair, this one the items from ``src_first`` and ``tgt_first`` on.

    It passes no :func:`expect_windows` on: the inner cost serves many stretches, and fitting
    it to each in turn would redo its precomputation for each.
    """

    def __init__(self, inner: BeadCost, src_first: int, tgt_first: int) -> None:
        self.inner = inner
        self.src_first = src_first
        self.tgt_first = tgt_first

    def costs(self, a: int, b: int, src_end: np.ndarray, tgt_end: np.ndarray) -> np.ndarray:
        """The inner costs of the same beads, in the inner numbering."""
        return self.inner.costs(a, b, src_end + self.src_first, tgt_end + self.tgt_first)

    def scores(self, a: int, b: int, src_end: np.ndarray, tgt_end: np.ndarray) -> np.ndarray:
        """The inner confidences of the same beads."""
        return self.inner.scores(a, b, src_end + self.src_first, tgt_end + self.tgt_first)


class _Transposed:
    """A :class:`BeadCost` with source and target swapped."""

    def __init__(self, inner: BeadCost) -> None:
        self.inner = inner

    def costs(self, a: int, b: int, src_end: np.ndarray, tgt_end: np.ndarray) -> np.ndarray:
        return self.inner.costs(b, a, tgt_end, src_end)

    def scores(self, a: int, b: int, src_end: np.ndarray, tgt_end: np.ndarray) -> np.ndarray:
        return self.inner.scores(b, a, tgt_end, src_end)

    def expect(self, lo: np.ndarray, hi: np.ndarray) -> None:
        expect_windows(self.inner, *transposed_windows(lo, hi, int(hi.max())))


def _compiled_view(bead_cost: BeadCost) -> tuple[CompiledCost, bool, int, int] | None:
    """The compiled form of a cost the DP was given — whether it is transposed, and the first row
    and column item of its numbering — or None when the cost has no compiled form."""
    transposed = isinstance(bead_cost, _Transposed)
    if isinstance(bead_cost, _Transposed):
        bead_cost = bead_cost.inner
    src_first = tgt_first = 0
    if isinstance(bead_cost, ShiftedCost):
        src_first, tgt_first = bead_cost.src_first, bead_cost.tgt_first
        bead_cost = bead_cost.inner
    make = getattr(bead_cost, "compiled", None)
    model: CompiledCost | None = make() if make is not None else None
    if model is None:
        return None
    return (model, True, tgt_first, src_first) if transposed else (model, False, src_first, tgt_first)


class _Windows:
    """The cells the DP fills: columns ``lo[i] .. hi[i]`` of each row ``i``, stored row after row."""

    def __init__(self, lo: np.ndarray, hi: np.ndarray) -> None:
        self.lo = lo
        self.hi = hi
        self.width = hi - lo + 1
        self.start = np.zeros(len(lo) + 1, dtype=np.int64)
        np.cumsum(self.width, out=self.start[1:])

    def hull(self, other: _Windows) -> _Windows:
        """Per row, the smallest window holding both windows."""
        return _Windows(np.minimum(self.lo, other.lo), np.maximum(self.hi, other.hi))

    def holds(self, other: _Windows) -> bool:
        """Whether every row's window holds the other's."""
        return bool(np.all(self.lo <= other.lo) and np.all(other.hi <= self.hi))


class _BandedDP:
    """The DP over ``n_rows ≤ n_cols`` items, restricted to a window of columns per row.

    Cell ``(i, j)`` is the cheapest alignment of the first ``i`` row items with
    the first ``j`` column items.  Relations with ``a ≥ 1`` read the last few
    rows, kept in a small ring buffer; a predecessor outside its row's window
    reads a sentinel ``inf``.  The relation ``(0, 1)`` reads the same row:
    ``D[j] = min(E[j], D[j-1] + c[j])`` is solved for the whole row at once as
    the running minimum of ``E - C`` plus ``C``, where ``C`` holds the prefix
    sums of the 0-1 costs ``c`` along the row.  Each row thus costs a dozen
    numpy operations whatever its width.
    """

    def __init__(self, n_rows: int, n_cols: int, bead_cost: BeadCost, relations: list[Relation]) -> None:
        self.n_rows = n_rows
        self.n_cols = n_cols
        self.bead_cost = bead_cost
        self.relations = relations
        self.advancing = [r for r in relations if r[0] >= 1]
        self.has_insertion = (0, 1) in relations
        self.ring_rows = max(a for a, _ in relations) + 1

    def diagonal_windows(self, band: int) -> _Windows:
        """Columns within ``band`` of the segment the diagonal crosses in each row."""
        rows = np.arange(self.n_rows + 2)
        crossing = (rows * self.n_cols) // self.n_rows
        return self._clipped(crossing[:-1] - band, crossing[1:] + band)

    def path_windows(self, path: Path, band: int) -> _Windows:
        """Columns within ``band`` of the columns ``path`` passes through in each row."""
        row_end = np.array([i for i, _, _ in path])
        col_end = np.array([j for _, j, _ in path])
        sizes = np.array([relation for _, _, relation in path]).reshape(-1, 2)
        rows_spanned = sizes[:, 0] + 1
        first = np.repeat(np.cumsum(rows_spanned) - rows_spanned, rows_spanned)
        rows = np.repeat(row_end - sizes[:, 0], rows_spanned) + np.arange(len(first)) - first
        low = np.full(self.n_rows + 1, self.n_cols, dtype=np.int64)
        high = np.zeros(self.n_rows + 1, dtype=np.int64)
        low[0] = 0
        np.minimum.at(low, rows, np.repeat(col_end - sizes[:, 1], rows_spanned))
        np.maximum.at(high, rows, np.repeat(col_end, rows_spanned))
        return self._clipped(low - band, high + band)

    def _clipped(self, lo: np.ndarray, hi: np.ndarray) -> _Windows:
        # np.minimum/np.maximum rather than np.clip: the same integers, without np.clip's per-call
        # overhead, which dominated the many small DPs of documents with many paragraph groups.
        return _Windows(np.minimum(np.maximum(lo, 0), self.n_cols), np.minimum(np.maximum(hi, 0), self.n_cols))

    def best_path(self, windows: _Windows) -> tuple[Path | None, bool]:
        """The cheapest path within ``windows`` (or None), and whether it touches their edge:
        compiled when the cost can be and the DP is large enough (:mod:`.compiled`), else with numpy."""
        found = self._compiled_path(windows)
        if found is not None:
            return found
        expect_windows(self.bead_cost, windows.lo, windows.hi)
        choices, final_cost = self._fill(windows)
        if not math.isfinite(final_cost):
            return None, False
        return self._trace(choices, windows)

    def _compiled_path(self, windows: _Windows) -> tuple[Path | None, bool] | None:
        """:meth:`best_path` by the compiled kernel, or None when it cannot run."""
        filled = self._compiled_fill(windows)
        if filled is None:
            return None
        choices, final_cost = filled
        if not math.isfinite(final_cost):
            return None, False
        kernel = compiled.kernel()
        assert kernel is not None
        relations = [*self.advancing, (0, 1)]
        row_ends, column_ends, chosen, touched = kernel.trace(
            choices, self.n_rows, self.n_cols, windows.lo, windows.hi, windows.start,
            np.array([a for a, _ in relations], dtype=np.int64), np.array([b for _, b in relations], dtype=np.int64))
        path: Path = [(i, j, relations[r]) for i, j, r in zip(row_ends[::-1].tolist(), column_ends[::-1].tolist(),
                                                               chosen[::-1].tolist())]
        return path, bool(touched)

    def _compiled_fill(self, windows: _Windows) -> tuple[np.ndarray, float] | None:
        """:meth:`_fill` by the compiled kernel — the same choices and total cost — or None when the
        kernel is missing or unwanted, or the cost has no compiled form (see :mod:`.compiled`)."""
        if not self.advancing or not compiled.wanted():
            return None
        view = _compiled_view(self.bead_cost)
        if view is None or not view[0].fits(self.relations):
            return None
        kernel = compiled.kernel()
        if kernel is None:
            return None
        model, transposed, row_offset, column_offset = view
        stride = int(windows.width.max())
        rows_per_chunk = max(1, CHUNK_CELLS // (stride * max(1, len(self.advancing))))
        oriented = [(b, a) if transposed else (a, b) for a, b in [*self.advancing, (0, 1)]]
        relation_costs = np.array([model.relation_cost(relation) for relation in oriented])
        max_size = min(model.max_size, max(max(relation) for relation in self.relations))
        sides = model.sides if model.sides is not None else (compiled.NO_SIDE, compiled.NO_SIDE)
        choices, final_cost = kernel.fill(
            self.n_rows, self.n_cols, windows.lo, windows.hi, windows.start, stride, rows_per_chunk,
            np.array([a for a, _ in self.advancing], dtype=np.int64),
            np.array([b for _, b in self.advancing], dtype=np.int64), self.has_insertion, transposed, row_offset,
            column_offset, relation_costs, model.src_prefix, model.equivalent_prefix, model.tail, model.half_variance,
            model.sides is not None, model.strength, max_size, sides[0], sides[1], model.n_keys)
        return choices, float(final_cost)

    def _fill(self, windows: _Windows) -> tuple[np.ndarray, float]:
        """Fill the windows; return each cell's choice (relation index) and the total cost."""
        stride = int(windows.width.max())
        ring = np.full(self.ring_rows * stride + 1, np.inf)
        choices = np.zeros(int(windows.start[-1]), dtype=np.int8)
        start = windows.start.tolist()
        rows_per_chunk = max(1, CHUNK_CELLS // (stride * max(1, len(self.advancing))))
        row_zero = np.full(start[1], np.inf)
        row_zero[0] = 0.0
        entry = row_zero
        for first in range(0, self.n_rows + 1, rows_per_chunk):
            stop = min(first + rows_per_chunk, self.n_rows + 1)
            sources, costs, prefix = self._chunk(windows, first, stop, stride)
            entry = self._fill_rows(ring, choices, start, first, stop, sources, costs, prefix, row_zero, stride)
        return choices, float(entry[self.n_cols - windows.lo[self.n_rows]])

    def _fill_rows(
        self,
        ring: np.ndarray,
        choices: np.ndarray,
        start: list[int],
        first: int,
        stop: int,
        sources: np.ndarray,
        costs: np.ndarray,
        prefix: np.ndarray,
        row_zero: np.ndarray,
        stride: int,
    ) -> np.ndarray:
        """The inner loop over the rows of one chunk; returns the last row's costs."""
        # Local names: this loop runs once per row and dominates the run time.
        take, running_min = ring.take, np.minimum.accumulate
        insertion, has_insertion, ring_rows = len(self.advancing), self.has_insertion, self.ring_rows
        columns = np.arange(stride)
        base = start[first]
        entry = row_zero
        for i in range(first, stop):
            begin, end = start[i], start[i + 1]
            cells = slice(begin - base, end - base)
            if i == 0:
                entry = row_zero.copy()
                best = np.zeros(end - begin, dtype=np.int8)
            else:
                candidates = take(sources[:, cells])
                candidates += costs[:, cells]
                best = candidates.argmin(axis=0)
                entry = candidates[best, columns[: end - begin]]
            if has_insertion:
                row_prefix = prefix[cells]
                entry -= row_prefix
                running = running_min(entry)
                best[running < entry] = insertion
                entry = running
                entry += row_prefix
            choices[begin:end] = best
            slot = (i % ring_rows) * stride
            ring[slot : slot + end - begin] = entry
        return entry

    def _chunk(
        self, windows: _Windows, first: int, stop: int, stride: int
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """For the cells of rows ``first..stop-1``: predecessor ring indices and costs
        ``[relation, cell]`` of the advancing relations, and the prefix sums of 0-1 costs."""
        widths = windows.width[first:stop]
        row_of = np.repeat(np.arange(first, stop), widths)
        offset_in_row = np.arange(len(row_of)) - np.repeat(windows.start[first:stop] - windows.start[first], widths)
        col_of = windows.lo[row_of] + offset_in_row
        sentinel = self.ring_rows * stride
        sources = np.full((len(self.advancing), len(row_of)), sentinel, dtype=np.int64)
        costs = np.zeros((len(self.advancing), len(row_of)))
        by_rows_back: dict[int, tuple[np.ndarray, ...]] = {}
        for r, (a, b) in enumerate(self.advancing):
            if a not in by_rows_back:
                previous = np.maximum(row_of - a, 0)
                by_rows_back[a] = (
                    col_of - windows.lo[previous],
                    windows.width[previous],
                    (previous % self.ring_rows) * stride,
                    row_of >= a,
                    np.maximum(row_of, a),
                )
            offset_in_previous, previous_width, previous_slot, row_ok, row_ends = by_rows_back[a]
            local = offset_in_previous - b
            valid = row_ok & (local >= 0) & (local < previous_width)
            if not valid.any():
                continue
            sources[r] = np.where(valid, previous_slot + local, sentinel)
            # A valid predecessor implies a valid bead; elsewhere the sentinel's inf wins.
            costs[r] = self.bead_cost.costs(a, b, row_ends, np.maximum(col_of, b))
        prefix = np.zeros(len(row_of))
        if self.has_insertion:
            counted = (offset_in_row > 0) & (col_of >= 1)
            insertion = self.bead_cost.costs(0, 1, row_of, np.where(counted, col_of, 1))
            np.cumsum(np.where(counted, insertion, 0.0), out=prefix)
            row_first = windows.start[first:stop] - windows.start[first]
            prefix -= np.repeat(prefix[row_first], widths)
        return sources, costs, prefix

    def _trace(self, choices: np.ndarray, windows: _Windows) -> tuple[Path, bool]:
        """Follow the choices back from the last cell; note whether a window's edge was touched."""
        relations = [*self.advancing, (0, 1)]
        lo, hi, start = windows.lo.tolist(), windows.hi.tolist(), windows.start.tolist()
        path: Path = []
        touched = False
        i, j = self.n_rows, self.n_cols
        while i > 0 or j > 0:
            touched = touched or (j == lo[i] and j > 0) or (j == hi[i] and j < self.n_cols)
            relation = relations[choices[start[i] + j - lo[i]]]
            path.append((i, j, relation))
            i -= relation[0]
            j -= relation[1]
        path.reverse()
        return path, touched
