# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False, cdivision=True
"""The banded DP of :mod:`.dp` compiled, its costs computed cell by cell.

Built by setup.py when the package is installed (Cython, a C compiler); used
through :mod:`.compiled`, which falls back to the numpy DP when this module is
missing or was built from another version of this file.  It computes exactly
what :meth:`.dp._BandedDP._fill` computes with a :class:`~.length.LengthCost`
or a :class:`~.lexical.LexicalCost` (possibly shifted and transposed), with the
same floating-point operations in the same order (and no contraction into
fused multiply-adds: setup.py compiles it with ``-ffp-contract=off``), so both
give the same costs to the last bit and the same beads:

* the length cost as :meth:`~.length.LengthCost.costs` computes it (δ from
  prefix sums, the tabulated tail);
* the lexical evidence as :meth:`~.lexical.SideEvidence.against` computes it:
  the coverage of a sentence by a span of the other side summed per span offset
  over the sentence's keys in order, then over the offsets, rounded to float32
  (as :class:`~.lexical.Coverage` stores its bands);
* the 0-1 relation by the running minimum over prefix sums of the 0-1 costs,
  the prefix sums running over a chunk of rows as in :meth:`.dp._BandedDP._chunk`
  (:data:`.dp.CHUNK_CELLS` cells × relations a chunk).

Nothing is precomputed over the whole band.  The coverage of a row sentence
by the column spans is computed when the DP leaves that row, for the columns
the next rows can reach (a ring of the last rows), and the coverage of the
column sentences by the row spans ending at the current row from the last
row each key was seen in, for the columns sharing a key with the last rows.
Memory beyond the choices (a byte a cell) is O(band width + sentences + keys),
and a widening or a second pass costs one fill and nothing else.  A unit that
cannot beat the cheapest unit found for its cell so far is not length-costed:
the length tail is never negative and rounding is monotone, so this changes no
choice.

The arrays (built by :mod:`.compiled`): the length model's ``src_prefix``,
``equivalent_prefix`` (target lengths / ratio), ``tail`` and ``half_variance``;
per lexical side, in the cost's orientation (side 0: the source sentences'
keys against target spans), a tuple ``(starts, keys, values, gains, unfound,
spread, codes, occurrence_values, gaps, stride)``: the CSR of its sentences'
keys, ``gains[weighting, size - 1, key]`` (weighting 0 the evidence, 1 one per
usable key), ``unfound[own, size, end]``, ``spread[other, other end]``, and
the other side's key occurrences sorted by key then sentence (``codes`` =
key · ``stride`` + sentence, their counts, how far on each key's next
occurrence is).
"""

from libc.math cimport sqrt, INFINITY
from libc.stdint cimport int64_t

import numpy as np

#: A key not seen in the rows yet (far enough back for any span size).
cdef int64_t NEVER = -1099511627776

# setup.py defines KERNEL_SOURCE_HASH as the SHA-256 of this file; .compiled refuses a
# module built from another version of it (an editable install not rebuilt).
cdef extern from *:
    """
    #ifndef KERNEL_SOURCE_HASH
    #define KERNEL_SOURCE_HASH ""
    #endif
    """
    const char* KERNEL_SOURCE_HASH

SOURCE_HASH = KERNEL_SOURCE_HASH.decode("ascii")


cdef inline double clamped_loss(double gained, double found, double spread) noexcept nogil:
    """``max(gained - found · spread, 0)`` as :func:`numpy.maximum` computes it."""
    cdef double loss = gained - found * spread
    if loss >= 0.0:
        return loss
    return 0.0


cdef inline int64_t lower_bound(const int64_t* codes, int64_t n_codes, int64_t value) noexcept nogil:
    """The first index whose code is at least ``value`` (:func:`numpy.searchsorted`)."""
    cdef int64_t low = 0
    cdef int64_t high = n_codes
    cdef int64_t middle
    while low < high:
        middle = (low + high) >> 1
        if codes[middle] < value:
            low = middle + 1
        else:
            high = middle
    return low


cdef inline void summed_band(float* band, int64_t size_stride, int64_t weighting_stride, double* sums,
                             int64_t max_size) noexcept nogil:
    """One cell of a band (``band[(size - 1) · size_stride + weighting · weighting_stride]``) from its
    sums by span offset (``sums[(size · (max_size + 1) + offset) · 2 + weighting]``), added over the
    offsets in order and rounded to float32 as :meth:`.lexical.Coverage._band` does; the sums are
    cleared for the next use."""
    cdef int64_t size, offset, weighting, at
    cdef double total
    for size in range(1, max_size + 1):
        for weighting in range(2):
            total = 0.0
            for offset in range(1, size + 1):
                at = (size * (max_size + 1) + offset) * 2 + weighting
                total += sums[at]
                sums[at] = 0.0
            band[(size - 1) * size_stride + weighting * weighting_stride] = <float>total


cdef void row_band(float[:, :, :, ::1] band, int64_t slot, int64_t row, int64_t first_end, int64_t last_end,
                   int64_t max_size, const int64_t[::1] starts, const int64_t[::1] keys, const double[::1] values,
                   const double[:, :, ::1] gains, const int64_t[::1] codes, const double[::1] occurrence_values,
                   const int64_t[::1] gaps, int64_t stride, double[:, :, :, ::1] sums, unsigned char[::1] touched,
                   int64_t[::1] touched_cells) noexcept nogil:
    """Coverage of row sentence ``row`` by the spans of 1 .. ``max_size`` column sentences ending
    at ``first_end .. last_end``, into ``band[slot, size - 1, weighting, end - first_end]``.

    The gain of each key of the row (in the row's key order) whose last occurrence in a span
    lies ``offset`` before its end goes to ``sums[cell, size, offset, weighting]``, as the
    bincounts of :meth:`.lexical.Coverage._band` add them; only those cells are summed."""
    cdef int64_t width = last_end - first_end + 1
    cdef int64_t n_touched = 0
    cdef int64_t n_codes = codes.shape[0]
    cdef int64_t size, weighting, cell, entry, key, base, at, found_at, offset, end, reach, n
    cdef double value, shared
    for size in range(max_size):
        for weighting in range(2):
            for cell in range(width):
                band[slot, size, weighting, cell] = 0.0
    for entry in range(starts[row], starts[row + 1]):
        key = keys[entry]
        value = values[entry]
        base = key * stride
        at = lower_bound(&codes[0], n_codes, base + max(first_end - max_size, 0))
        while at < n_codes and codes[at] < base + last_end:
            found_at = codes[at] - base
            shared = min(value, occurrence_values[at])
            reach = min(gaps[at], max_size)
            for offset in range(1, reach + 1):
                end = found_at + offset
                if end < first_end or end > last_end:
                    continue
                cell = end - first_end
                if not touched[cell]:
                    touched[cell] = 1
                    touched_cells[n_touched] = cell
                    n_touched += 1
                for size in range(offset, max_size + 1):
                    sums[cell, size, offset, 0] += shared * gains[0, size - 1, key]
                    sums[cell, size, offset, 1] += shared * gains[1, size - 1, key]
            at += 1
    for n in range(n_touched):
        cell = touched_cells[n]
        touched[cell] = 0
        summed_band(&band[slot, 0, 0, cell], band.strides[1] // 4, band.strides[2] // 4, &sums[cell, 0, 0, 0],
                    max_size)


cdef void column_band(float[:, :, :, ::1] band, int64_t row, int64_t first_column, int64_t last_column,
                      int64_t column_offset, int64_t max_size, const int64_t[::1] latest_row,
                      const int64_t[::1] starts, const int64_t[::1] keys, const double[::1] values,
                      const double[:, :, ::1] gains, const int64_t[::1] last_row, const double[::1] last_value,
                      double[:, :, :, ::1] sums) noexcept nogil:
    """Coverage of column sentences ``first_column .. last_column`` by the spans of 1 ..
    ``max_size`` rows ending at ``row``, into ``band[0, size - 1, weighting, column - first_column]``:
    a key of the column sentence counts when the last row holding it (``last_row``) lies in
    the span.  Only columns that share a key with one of those rows (``latest_row``, the last
    row a column shares a key with) can have any."""
    cdef int64_t width = last_column - first_column + 1
    cdef int64_t size, weighting, cell, sentence, entry, key, offset
    cdef double shared
    for size in range(max_size):
        for weighting in range(2):
            for cell in range(width):
                band[0, size, weighting, cell] = 0.0
    for cell in range(width):
        if latest_row[first_column + cell] < row - max_size:
            continue
        sentence = first_column + cell + column_offset
        for entry in range(starts[sentence], starts[sentence + 1]):
            key = keys[entry]
            offset = row - last_row[key]
            if offset > max_size:
                continue
            shared = min(values[entry], last_value[key])
            for size in range(offset, max_size + 1):
                sums[cell, size, offset, 0] += shared * gains[0, size - 1, key]
                sums[cell, size, offset, 1] += shared * gains[1, size - 1, key]
        summed_band(&band[0, 0, 0, cell], band.strides[1] // 4, band.strides[2] // 4, &sums[cell, 0, 0, 0],
                    max_size)


def fill(int64_t n_rows, int64_t n_cols, const int64_t[::1] lo, const int64_t[::1] hi, const int64_t[::1] start,
         int64_t stride, int64_t rows_per_chunk, const int64_t[::1] advancing_a, const int64_t[::1] advancing_b,
         bint has_insertion, bint transposed, int64_t row_offset, int64_t column_offset,
         const double[::1] relation_costs, const double[::1] src_prefix, const double[::1] equivalent_prefix,
         const double[::1] tail, double half_variance, bint lexical, double strength, int64_t max_size,
         tuple side0, tuple side1, int64_t n_keys):
    """Fill the windows (``lo``/``hi``/``start`` as :class:`.dp._Windows`); return each cell's
    choice (an index into the advancing relations, or their count for 0-1) and the final cost.

    Relations are in the DP's orientation (rows: the shorter side); the cost's orientation is
    the transpose when ``transposed``, its items numbered from ``row_offset`` and
    ``column_offset`` (a :class:`.dp.ShiftedCost`).  ``relation_costs`` holds ``-log prior``
    (and the skip penalty) of each advancing relation, then of 0-1, in the cost's orientation.
    """
    cdef tuple row_side = side1 if transposed else side0
    cdef tuple column_side = side0 if transposed else side1
    cdef const int64_t[::1] row_starts = row_side[0]
    cdef const int64_t[::1] row_keys = row_side[1]
    cdef const double[::1] row_values = row_side[2]
    cdef const double[:, :, ::1] row_gains = row_side[3]
    cdef const double[:, :, ::1] row_unfound = row_side[4]
    cdef const double[:, ::1] row_spread = row_side[5]
    cdef const int64_t[::1] row_codes = row_side[6]
    cdef const double[::1] row_occurrence_values = row_side[7]
    cdef const int64_t[::1] row_gaps = row_side[8]
    cdef int64_t row_stride = row_side[9]
    cdef const int64_t[::1] column_starts = column_side[0]
    cdef const int64_t[::1] column_keys = column_side[1]
    cdef const double[::1] column_values = column_side[2]
    cdef const double[:, :, ::1] column_gains = column_side[3]
    cdef const double[:, :, ::1] column_unfound = column_side[4]
    cdef const double[:, ::1] column_spread = column_side[5]
    cdef const double[::1] row_prefix = equivalent_prefix if transposed else src_prefix
    cdef const double[::1] column_prefix = src_prefix if transposed else equivalent_prefix

    cdef int64_t n_advancing = advancing_a.shape[0]
    cdef int64_t insertion = n_advancing
    cdef int64_t max_a = 1, max_b = 1, r
    for r in range(n_advancing):
        max_a = max(max_a, advancing_a[r])
        max_b = max(max_b, advancing_b[r])
    cdef int64_t ring_rows = max_a + 1

    # The coverage of the last max_a row sentences by column spans (a ring of bands), and of the
    # column sentences by the row spans ending at the current row (one band).
    cdef int64_t band_stride = 1, row, reader, first_end, last_end
    if lexical:
        for row in range(n_rows):
            first_end = lo[row + 1]
            last_end = hi[row + 1]
            for reader in range(row + 2, min(row + max_a, n_rows) + 1):
                first_end = min(first_end, lo[reader])
                last_end = max(last_end, hi[reader])
            band_stride = max(band_stride, last_end - first_end + 1)
    cdef int64_t band_width = max(band_stride, stride + max_b)

    choices_array = np.zeros(start[n_rows + 1], dtype=np.int8)
    cdef signed char[::1] choices = choices_array
    cdef double[::1] ring = np.full(ring_rows * stride, np.inf)
    cdef double[::1] entry = np.empty(stride)
    cdef double[::1] prefix = np.empty(stride)
    cdef int64_t[::1] slots = np.zeros(max_a + 1, dtype=np.int64)
    cdef float[:, :, :, ::1] rows_band = np.zeros((ring_rows, max_size, 2, band_stride), dtype=np.float32)
    cdef int64_t[::1] rows_band_start = np.zeros(ring_rows, dtype=np.int64)
    cdef float[:, :, :, ::1] columns_band = np.zeros((1, max_size, 2, stride + max_b), dtype=np.float32)
    cdef double[:, :, :, ::1] sums = np.zeros((band_width, max_size + 1, max_size + 1, 2))
    cdef unsigned char[::1] touched = np.zeros(band_width, dtype=np.uint8)
    cdef int64_t[::1] touched_cells = np.zeros(band_width, dtype=np.int64)
    cdef int64_t[::1] last_row = np.full(max(n_keys, 1), NEVER, dtype=np.int64)
    cdef int64_t[::1] latest_row = np.full(n_cols + 1, NEVER, dtype=np.int64)
    cdef int64_t n_row_codes = row_codes.shape[0], key, base, at, first_marked
    cdef double[::1] last_value = np.zeros(max(n_keys, 1))

    cdef int64_t i, j, k, a, b, back, slot, cell, cells, width, row_lo, row_hi, column_first, sentence
    cdef int64_t previous, previous_lo, first_j, last_j, ring_base, row_sentence, column_sentence
    cdef int64_t row_size, column_size
    cdef double accumulated = 0.0, row_first_sum, insertion_cost, row_unfound_none, cost, candidate, before
    cdef double relation_cost, row_length, column_length, gained, found, row_against, column_against
    cdef double row_unfound_here, column_spread_here, running, shifted, lexical_cost, spread, difference
    cdef int64_t step
    cdef const double* tail_pointer = &tail[0]
    cdef int64_t last_step = tail.shape[0] - 1
    with nogil:
        for i in range(n_rows + 1):
            if i % rows_per_chunk == 0:
                accumulated = 0.0
            row_lo = lo[i]
            row_hi = hi[i]
            width = row_hi - row_lo + 1
            cells = start[i]
            for back in range(min(i, max_a) + 1):
                slots[back] = (i - back) % ring_rows
            column_first = max(row_lo - max_b, 0)
            if lexical and i >= 1:
                # Row i - 1 is read by the units ending at rows i .. i - 1 + max_a.
                first_end = row_lo
                last_end = row_hi
                for reader in range(i + 1, min(i - 1 + max_a, n_rows) + 1):
                    first_end = min(first_end, lo[reader])
                    last_end = max(last_end, hi[reader])
                sentence = i - 1 + row_offset
                first_marked = max(first_end - max_b, 0) + column_offset
                for k in range(row_starts[sentence], row_starts[sentence + 1]):
                    key = row_keys[k]
                    last_row[key] = i - 1
                    last_value[key] = row_values[k]
                    # The columns holding the key, as far as those units reach.
                    base = key * row_stride
                    at = lower_bound(&row_codes[0], n_row_codes, base + first_marked)
                    while at < n_row_codes and row_codes[at] < base + last_end + column_offset:
                        latest_row[row_codes[at] - base - column_offset] = i - 1
                        at += 1
                column_band(columns_band, i, column_first, row_hi - 1, column_offset, max_size, latest_row,
                            column_starts, column_keys, column_values, column_gains, last_row, last_value, sums)
                rows_band_start[slots[1]] = first_end
                row_band(rows_band, slots[1], sentence, first_end + column_offset, last_end + column_offset,
                         max_size, row_starts, row_keys, row_values, row_gains, row_codes, row_occurrence_values,
                         row_gaps, row_stride, sums, touched, touched_cells)

            # Prefix sums of the 0-1 costs along the chunk, and this row's part of them.
            row_first_sum = accumulated
            prefix[0] = 0.0
            if has_insertion:
                insertion_cost = relation_costs[insertion]
                row_unfound_none = row_unfound[0, 1, i + row_offset] if lexical else 0.0
                for k in range(1, width):
                    cost = insertion_cost
                    if lexical:
                        # 0-1 in the DP: one column sentence, no row sentence.
                        cost = cost + strength * (
                            (column_unfound[1, 0, row_lo + k + column_offset] + row_unfound_none) / 2.0)
                    accumulated += cost
                    prefix[k] = accumulated - row_first_sum

            # The advancing relations, one after the other over the row; the first cheapest wins.
            for k in range(width):
                entry[k] = INFINITY
                choices[cells + k] = 0
            if i == 0:
                entry[0] = 0.0
            row_sentence = i + row_offset
            for r in range(n_advancing):
                a = advancing_a[r]
                b = advancing_b[r]
                previous = i - a
                if previous < 0:
                    continue
                previous_lo = lo[previous]
                first_j = max(row_lo, previous_lo + b)
                last_j = min(row_hi, hi[previous] + b)
                ring_base = slots[a] * stride - b - previous_lo
                relation_cost = relation_costs[r]
                if b == 0:
                    cost = relation_cost
                    if lexical:
                        # 1-0 in the DP: one row sentence, no column sentence.
                        cost = cost + strength * ((row_unfound[a, 0, row_sentence] + 0.0) / 2.0)
                    for j in range(first_j, last_j + 1):
                        candidate = ring[ring_base + j] + cost
                        if candidate < entry[j - row_lo]:
                            entry[j - row_lo] = candidate
                            choices[cells + j - row_lo] = <signed char>r
                    continue
                row_length = row_prefix[row_sentence] - row_prefix[row_sentence - a]
                if not lexical:
                    for j in range(first_j, last_j + 1):
                        before = ring[ring_base + j]
                        # The tail costs ≥ 0: a unit that cannot win without it is not costed.
                        if before + relation_cost >= entry[j - row_lo]:
                            continue
                        column_sentence = j + column_offset
                        column_length = column_prefix[column_sentence] - column_prefix[column_sentence - b]
                        # tail_cost written out: the compiler does not inline it into this long function.
                        spread = row_length + column_length
                        if spread < 2.0:
                            spread = 2.0
                        spread = sqrt(spread * half_variance)
                        difference = column_length - row_length
                        if difference < 0.0:
                            difference = -difference
                        step = <int64_t>(difference / spread * 100.0)
                        if step > last_step:
                            step = last_step
                        cost = tail_pointer[step] + relation_cost
                        candidate = before + cost
                        if candidate < entry[j - row_lo]:
                            entry[j - row_lo] = candidate
                            choices[cells + j - row_lo] = <signed char>r
                    continue
                row_size = min(b, max_size)
                column_size = min(a, max_size)
                row_unfound_here = row_unfound[a, row_size, row_sentence]
                column_spread_here = column_spread[a, row_sentence]
                for j in range(first_j, last_j + 1):
                    before = ring[ring_base + j]
                    if before == INFINITY:
                        continue
                    column_sentence = j + column_offset
                    gained = 0.0
                    found = 0.0
                    for back in range(1, a + 1):
                        slot = slots[back]
                        cell = j - rows_band_start[slot]
                        gained += <double>rows_band[slot, row_size - 1, 0, cell]
                        found += <double>rows_band[slot, row_size - 1, 1, cell]
                    row_against = row_unfound_here - clamped_loss(gained, found, row_spread[b, column_sentence])
                    gained = 0.0
                    found = 0.0
                    for back in range(1, b + 1):
                        cell = j - back - column_first
                        gained += <double>columns_band[0, column_size - 1, 0, cell]
                        found += <double>columns_band[0, column_size - 1, 1, cell]
                    column_against = (column_unfound[b, column_size, column_sentence]
                                      - clamped_loss(gained, found, column_spread_here))
                    lexical_cost = strength * ((row_against + column_against) / 2.0)
                    # The tail costs ≥ 0: a unit that cannot win without it is not costed further
                    # (rounding is monotone, so the bound holds to the bit).
                    if before + (relation_cost + lexical_cost) >= entry[j - row_lo]:
                        continue
                    column_length = column_prefix[column_sentence] - column_prefix[column_sentence - b]
                    # tail_cost written out: the compiler does not inline it into this long function.
                    spread = row_length + column_length
                    if spread < 2.0:
                        spread = 2.0
                    spread = sqrt(spread * half_variance)
                    difference = column_length - row_length
                    if difference < 0.0:
                        difference = -difference
                    step = <int64_t>(difference / spread * 100.0)
                    if step > last_step:
                        step = last_step
                    cost = tail_pointer[step] + relation_cost
                    candidate = before + (cost + lexical_cost)
                    if candidate < entry[j - row_lo]:
                        entry[j - row_lo] = candidate
                        choices[cells + j - row_lo] = <signed char>r

            if has_insertion:
                running = INFINITY
                for k in range(width):
                    shifted = entry[k] - prefix[k]
                    if k == 0 or shifted < running:
                        running = shifted
                    elif running < shifted:
                        choices[cells + k] = <signed char>insertion
                    entry[k] = running + prefix[k]
            slot = slots[0] * stride
            for k in range(width):
                ring[slot + k] = entry[k]
    return choices_array, entry[n_cols - lo[n_rows]]


def trace(const signed char[::1] choices, int64_t n_rows, int64_t n_cols, const int64_t[::1] lo,
          const int64_t[::1] hi, const int64_t[::1] start, const int64_t[::1] relation_a,
          const int64_t[::1] relation_b):
    """Follow the choices back from the last cell: each step's row end, column end and relation
    index, last step first, and whether a window's edge was touched (as :meth:`.dp._BandedDP._trace`)."""
    cdef int64_t steps = n_rows + n_cols
    row_array = np.empty(steps, dtype=np.int64)
    column_array = np.empty(steps, dtype=np.int64)
    relation_array = np.empty(steps, dtype=np.int64)
    cdef int64_t[::1] row_ends = row_array
    cdef int64_t[::1] column_ends = column_array
    cdef int64_t[::1] relations = relation_array
    cdef bint touched = False
    cdef int64_t i = n_rows, j = n_cols, count = 0, relation
    with nogil:
        while i > 0 or j > 0:
            if (j == lo[i] and j > 0) or (j == hi[i] and j < n_cols):
                touched = True
            relation = choices[start[i] + j - lo[i]]
            row_ends[count] = i
            column_ends[count] = j
            relations[count] = relation
            count += 1
            i -= relation_a[relation]
            j -= relation_b[relation]
    return row_array[:count], column_array[:count], relation_array[:count], touched
