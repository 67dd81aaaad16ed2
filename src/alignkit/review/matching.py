"""Finding a document's sentences in the cells of a reviewer's rows, one language at a time.

The original sentences of a language are known, in document order, and the cells of
the reviewer's rows (in row order) hold them, joined, perhaps moved to other rows,
some edited.  :func:`match_language` reads every cell from the left:

1. **Verbatim.**  Where an original sentence's text (white space collapsed) starts
   and ends at a word boundary (any character in Chinese and Japanese), it is taken
   as it is.  Among several that fit, the longest wins; among identical ones, the
   one of the row's own unit, then one not yet taken that comes after the last one
   taken, then the first.  Identical sentences found exactly as often as the
   document has them are then put in document order.
2. **Edited pieces.**  Text that is no original sentence is an edited piece; the
   next original may start inside it (a fresh one in order, or any long one).
3. **Duplicated, out of order.**  A sentence found twice is *duplicated*.  The
   longest run of sentences found in document order anchors the cells; one found
   outside it is *out of order* (moved past another sentence).
4. **Gaps.**  Between two anchors, the originals not found are paired, by a small
   dynamic programme over similarity, with the edited pieces there: runs of up to
   three sentences with runs of up to three pieces, similar enough to be the same
   text edited (a typo fixed) or split across rows.  An original left over is
   *lost*; a piece left over is text added, which joins the sentence beside it in its
   cell (words added to a sentence) or, alone in its cell, is a problem.

The result gives each cell's segments with the document-wide indices of the
sentences they hold, the problems found, and the edits to report.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher

#: A sentence found a second time.
DUPLICATED = "duplicated"
#: A sentence found in no cell.
LOST = "lost"
#: A sentence found before one that precedes it in the document.
OUT_OF_ORDER = "out of order"
#: Text, alone in its cell, that is no original sentence nor an edit of one.
ADDED = "added"

#: How alike an edited piece and the sentences it replaces must be (difflib's ratio).
MIN_SIMILARITY = 0.5
#: Longest runs of sentences and of pieces paired as one edit.
MAX_RUN = 3
#: A gap with more (sentences × pieces) than this is not searched for edits: all is lost or added.
MAX_GAP_CELLS = 10_000
#: Inside an edited piece, a sentence out of order or taken already is recognised only
#: from this length on (a short one may be a few words of the edited text).
LONG_SENTENCE = 20
#: Characters of a sentence that index it for lookup.
_KEY = 12
#: Cost of a sentence lost or a piece added in the gap programme (an edit costs less than 1).
_UNPAIRED_COST = 1.0
#: Extra cost per sentence or piece beyond one in an edit, so that 1-1 edits are preferred.
_RUN_COST = 0.01

_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """``text`` compared as a reviewer sees it: NFC, every run of white space one space, stripped."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


@dataclass(frozen=True)
class Original:
    """One sentence of the original alignment.

    :param text: the sentence as the alignment holds it.
    :param index: its document-wide index.
    :param unit: the id of the unit that held it.
    """

    text: str
    index: int
    unit: int


@dataclass(frozen=True)
class Segment:
    """A piece of a cell's text in the rebuilt unit.

    :param text: the text (an original sentence, or the reviewer's text when edited).
    :param indices: the indices of the original sentences it holds (none for the
        second part of a split sentence).
    :param edited: True when the text is not the original sentences as they were.
    """

    text: str
    indices: tuple[int, ...]
    edited: bool = False


@dataclass(frozen=True)
class Finding:
    """A problem in one language: what happened, in which cells, to which sentence.

    :param kind: :data:`LOST`, :data:`DUPLICATED`, :data:`OUT_OF_ORDER` or :data:`ADDED`.
    :param cells: the positions of the rows involved (none for a lost sentence).
    :param sentence: the position of the sentence among the originals, or None for added text.
    :param text: the sentence or the added text.
    """

    kind: str
    cells: tuple[int, ...]
    sentence: int | None
    text: str


@dataclass(frozen=True)
class Edit:
    """Text changed by the reviewer: in which cells, and whether only split across them."""

    cells: tuple[int, ...]
    split: bool = False


@dataclass(frozen=True)
class LanguageMatch:
    """The outcome for one language: each cell's segments, the problems and the edits."""

    segments: tuple[tuple[Segment, ...], ...]
    findings: tuple[Finding, ...]
    edits: tuple[Edit, ...]


# ----------------------------------------------------------------- reading cells


class _Text:
    """A cell's text normalised (see :func:`normalise`), able to give back raw slices."""

    def __init__(self, raw: str) -> None:
        self.raw = unicodedata.normalize("NFC", raw)
        chars: list[str] = []
        starts: list[int] = []
        pending_space = False
        for position, char in enumerate(self.raw):
            if char.isspace():
                pending_space = bool(chars)
                continue
            if pending_space:
                chars.append(" ")
                starts.append(position)
                pending_space = False
            chars.append(char)
            starts.append(position)
        self.text = "".join(chars)
        self._starts = starts

    def raw_slice(self, start: int, end: int) -> str:
        """The raw text behind ``text[start:end]``, stripped."""
        if end <= start:
            return ""
        return self.raw[self._starts[start]:self._starts[end - 1] + 1].strip()


class _Lookup:
    """The original sentences of one language, found by the text they start with."""

    def __init__(self, originals: Sequence[Original], spaced: bool) -> None:
        self.norms = [normalise(original.text) for original in originals]
        self.units = [original.unit for original in originals]
        self.spaced = spaced
        self._by_key: dict[str, list[int]] = defaultdict(list)
        self._short: dict[str, list[int]] = defaultdict(list)
        for position, norm in enumerate(self.norms):
            if len(norm) >= _KEY:
                self._by_key[norm[:_KEY]].append(position)
            elif norm:
                self._short[norm].append(position)
        self._short_lengths = sorted({len(norm) for norm in self._short})

    def at(self, text: str, start: int) -> list[int]:
        """The originals whose text starts at ``start`` and ends at a boundary."""
        found = [position for position in self._by_key.get(text[start:start + _KEY], ())
                 if text.startswith(self.norms[position], start)]
        for length in self._short_lengths:
            if start + length > len(text):
                break
            found.extend(self._short.get(text[start:start + length], ()))
        return [position for position in found if self._ends_at_boundary(text, start + len(self.norms[position]))]

    def _ends_at_boundary(self, text: str, end: int) -> bool:
        return not self.spaced or end == len(text) or text[end] == " "


@dataclass
class _Piece:
    """A verbatim sentence or an edited piece, in reading order."""

    cell: int
    text: str
    norm: str
    sentence: int | None = None


@dataclass
class _Reader:
    """Reads cells one after the other, remembering which sentences were taken."""

    lookup: _Lookup
    used: Counter[int] = field(default_factory=Counter)
    last: int = -1

    def read(self, cell: int, raw: str, unit: int | None) -> list[_Piece]:
        """The pieces of one cell, left to right; ``unit`` is the row's unit number."""
        text = _Text(raw)
        pieces: list[_Piece] = []
        chunk_start: int | None = None
        position = 0
        while position < len(text.text):
            if text.text[position] == " ":
                position += 1
                continue
            candidates = self.lookup.at(text.text, position)
            sentence = self._choose(candidates, inside=chunk_start is not None, unit=unit)
            if sentence is None:
                chunk_start = position if chunk_start is None else chunk_start
                position = self._next_start(text.text, position)
                continue
            if chunk_start is not None:
                pieces.append(self._chunk(cell, text, chunk_start, position))
                chunk_start = None
            norm = self.lookup.norms[sentence]
            pieces.append(_Piece(cell, "", norm, sentence))
            self.used[sentence] += 1
            self.last = max(self.last, sentence)
            position += len(norm)
        if chunk_start is not None:
            pieces.append(self._chunk(cell, text, chunk_start, len(text.text)))
        return pieces

    def _choose(self, candidates: list[int], *, inside: bool, unit: int | None) -> int | None:
        """The longest sentence that fits; among identical ones, the row's own, then a fresh one in order."""
        if inside:
            candidates = [c for c in candidates
                          if self._fresh_in_order(c) or len(self.lookup.norms[c]) >= LONG_SENTENCE]
        if not candidates:
            return None
        longest = max(len(self.lookup.norms[c]) for c in candidates)
        twins = [c for c in candidates if len(self.lookup.norms[c]) == longest]
        return min(twins, key=lambda c: (self.lookup.units[c] != unit, self._category(c), c))

    def _fresh_in_order(self, sentence: int) -> bool:
        return not self.used[sentence] and sentence > self.last

    def _category(self, sentence: int) -> int:
        return 0 if self._fresh_in_order(sentence) else 1 if not self.used[sentence] else 2

    def _next_start(self, text: str, position: int) -> int:
        if not self.lookup.spaced:
            return position + 1
        space = text.find(" ", position)
        return len(text) if space < 0 else space + 1

    @staticmethod
    def _chunk(cell: int, text: _Text, start: int, end: int) -> _Piece:
        norm = text.text[start:end].strip()
        end = start + len(text.text[start:end].rstrip())
        return _Piece(cell, text.raw_slice(start, end), norm)


# ----------------------------------------------------------------- the analysis


def match_language(originals: Sequence[Original], cells: Sequence[str], *, spaced: bool,
                   units: Sequence[int | None] = ()) -> LanguageMatch:
    """Find the ``originals`` (one language, document order) in ``cells`` (row order).

    :param spaced: the language puts spaces between words (not Chinese or Japanese).
    :param units: the unit number of each cell's row (None for a new row): of identical
        sentences, a row takes its own unit's first.
    """
    lookup = _Lookup(originals, spaced)
    reader = _Reader(lookup)
    numbers = list(units) or [None] * len(cells)
    pieces = [piece for cell, raw in enumerate(cells) for piece in reader.read(cell, raw, numbers[cell])]
    _order_twins(pieces, lookup)
    analysis = _Analysis(originals, lookup, pieces, " " if spaced else "")
    return analysis.result(len(cells))


def _order_twins(pieces: list[_Piece], lookup: _Lookup) -> None:
    """Identical sentences found as often as the document has them take their places in reading order.

    Reading cell by cell prefers a row's own unit's copy, which names the right units
    when a copy is doubled, but can swap two copies a reviewer moved; once every copy
    is accounted for, the first found is the first in the document.
    """
    twins: dict[str, list[int]] = defaultdict(list)
    for position, norm in enumerate(lookup.norms):
        twins[norm].append(position)
    found: dict[str, list[_Piece]] = defaultdict(list)
    for piece in pieces:
        if piece.sentence is not None and len(twins[piece.norm]) > 1:
            found[piece.norm].append(piece)
    for norm, copies in found.items():
        if len(copies) == len(twins[norm]):
            for piece, sentence in zip(copies, twins[norm]):
                piece.sentence = sentence


def _longest_increasing(values: Sequence[int]) -> set[int]:
    """Positions in ``values`` of one longest strictly increasing subsequence."""
    tails: list[int] = []
    tail_at: list[int] = []
    previous = [-1] * len(values)
    for position, value in enumerate(values):
        slot = bisect_left(tails, value)
        if slot == len(tails):
            tails.append(value)
            tail_at.append(position)
        else:
            tails[slot] = value
            tail_at[slot] = position
        previous[position] = tail_at[slot - 1] if slot else -1
    chosen: set[int] = set()
    position = tail_at[-1] if tail_at else -1
    while position >= 0:
        chosen.add(position)
        position = previous[position]
    return chosen


@dataclass
class _Group:
    """Originals paired with the edited pieces that replace them."""

    sentences: list[int]
    pieces: list[int]
    changed: bool


class _Analysis:
    """Duplicates, order, gaps and edits of one language's pieces."""

    def __init__(self, originals: Sequence[Original], lookup: _Lookup, pieces: list[_Piece],
                 separator: str) -> None:
        self.originals = originals
        self.lookup = lookup
        self.pieces = pieces
        self.separator = separator
        self.findings: list[Finding] = []
        self.groups: list[_Group] = []
        self.group_of: dict[int, _Group] = {}
        self.attached: dict[int, int] = {}  # added piece → the piece it joins
        self._similarities: dict[tuple[str, str], float] = {}

    def result(self, cell_count: int) -> LanguageMatch:
        anchors, present = self._anchors()
        self._gaps(anchors, present)
        segments: list[list[Segment]] = [[] for _ in range(cell_count)]
        for index, piece in enumerate(self.pieces):
            segment = self._segment(index)
            if segment is not None:
                segments[piece.cell].append(segment)
        return LanguageMatch(tuple(map(tuple, segments)), tuple(self.findings), self._edits())

    # ------------------------------------------------------------- anchors

    def _anchors(self) -> tuple[list[int], set[int]]:
        """The pieces that anchor the cells (first occurrences in document order), and every sentence found."""
        occurrences: dict[int, list[int]] = defaultdict(list)
        for index, piece in enumerate(self.pieces):
            if piece.sentence is not None:
                occurrences[piece.sentence].append(index)
        for sentence, indices in sorted(occurrences.items()):
            if len(indices) > 1:
                cells = tuple(dict.fromkeys(self.pieces[i].cell for i in indices))
                self.findings.append(Finding(DUPLICATED, cells, sentence, self.originals[sentence].text))
        firsts = sorted(indices[0] for indices in occurrences.values())
        in_order = _longest_increasing([self.pieces[i].sentence or 0 for i in firsts])
        for position, index in enumerate(firsts):
            if position not in in_order:
                piece = self.pieces[index]
                assert piece.sentence is not None
                self.findings.append(Finding(OUT_OF_ORDER, (piece.cell,), piece.sentence,
                                             self.originals[piece.sentence].text))
        return [firsts[position] for position in sorted(in_order)], set(occurrences)

    # ------------------------------------------------------------- gaps

    def _gaps(self, anchors: list[int], present: set[int]) -> None:
        bounds = [(-1, -1)] + [(index, self.pieces[index].sentence or 0) for index in anchors]
        bounds.append((len(self.pieces), len(self.originals)))
        added: list[int] = []
        for (piece_a, sentence_a), (piece_b, sentence_b) in zip(bounds, bounds[1:]):
            chunks = [i for i in range(piece_a + 1, piece_b) if self.pieces[i].sentence is None]
            missing = [s for s in range(sentence_a + 1, sentence_b) if s not in present and self.lookup.norms[s]]
            lost, extra = self._pair(missing, chunks)
            for sentence in lost:
                self.findings.append(Finding(LOST, (), sentence, self.originals[sentence].text))
            added.extend(extra)
        for index in added:
            self._attach(index, set(added))

    def _pair(self, missing: list[int], chunks: list[int]) -> tuple[list[int], list[int]]:
        """Pair missing sentences with edited pieces; return the sentences and pieces left over."""
        if not missing or not chunks or len(missing) * len(chunks) > MAX_GAP_CELLS:
            return missing, chunks
        steps = self._programme(missing, chunks)
        lost: list[int] = []
        extra: list[int] = []
        i = h = 0
        for a, b in steps:
            if a and b:
                self._group(missing[i:i + a], chunks[h:h + b])
            else:
                lost.extend(missing[i:i + a])
                extra.extend(chunks[h:h + b])
            i, h = i + a, h + b
        return lost, extra

    def _programme(self, missing: list[int], chunks: list[int]) -> list[tuple[int, int]]:
        """The cheapest steps (sentences taken, pieces taken) through the gap."""
        k, m = len(missing), len(chunks)
        infinity = float("inf")
        cost = [[infinity] * (m + 1) for _ in range(k + 1)]
        back: dict[tuple[int, int], tuple[int, int]] = {}
        cost[0][0] = 0.0
        for i in range(k + 1):
            for h in range(m + 1):
                here = cost[i][h]
                if here == infinity:
                    continue
                for (a, b), step_cost in self._steps(missing, chunks, i, h):
                    if here + step_cost < cost[i + a][h + b]:
                        cost[i + a][h + b] = here + step_cost
                        back[(i + a, h + b)] = (a, b)
        steps: list[tuple[int, int]] = []
        i, h = k, m
        while (i, h) != (0, 0):
            a, b = back[(i, h)]
            steps.append((a, b))
            i, h = i - a, h - b
        return steps[::-1]

    def _steps(self, missing: list[int], chunks: list[int], i: int, h: int) -> list[tuple[tuple[int, int], float]]:
        steps: list[tuple[tuple[int, int], float]] = []
        if i < len(missing):
            steps.append(((1, 0), _UNPAIRED_COST))
        if h < len(chunks):
            steps.append(((0, 1), _UNPAIRED_COST))
        for a in range(1, min(MAX_RUN, len(missing) - i) + 1):
            original = self.separator.join(self.lookup.norms[s] for s in missing[i:i + a])
            for b in range(1, min(MAX_RUN, len(chunks) - h) + 1):
                edited = self.separator.join(self.pieces[c].norm for c in chunks[h:h + b])
                similarity = self._similarity(original, edited)
                if similarity >= MIN_SIMILARITY:
                    steps.append(((a, b), 1 - similarity + _RUN_COST * (a + b - 2)))
        return steps

    def _similarity(self, original: str, edited: str) -> float:
        key = (original, edited)
        if key not in self._similarities:
            matcher = SequenceMatcher(None, normalise(original), normalise(edited), autojunk=False)
            fast = matcher.real_quick_ratio() >= MIN_SIMILARITY and matcher.quick_ratio() >= MIN_SIMILARITY
            self._similarities[key] = matcher.ratio() if fast else 0.0
        return self._similarities[key]

    def _group(self, sentences: list[int], pieces: list[int]) -> None:
        original = normalise(self.separator.join(self.lookup.norms[s] for s in sentences))
        edited = normalise(self.separator.join(self.pieces[p].norm for p in pieces))
        group = _Group(sentences, pieces, changed=original != edited)
        self.groups.append(group)
        for piece in pieces:
            self.group_of[piece] = group

    def _attach(self, index: int, added: set[int]) -> None:
        """Join added text to the nearest piece of its cell that is not added text, or report it."""
        cell = self.pieces[index].cell
        for direction in (-1, 1):
            neighbour = index + direction
            while 0 <= neighbour < len(self.pieces) and self.pieces[neighbour].cell == cell:
                if neighbour not in added:
                    self.attached[index] = neighbour
                    return
                neighbour += direction
        piece = self.pieces[index]
        self.findings.append(Finding(ADDED, (cell,), None, piece.text))

    # ------------------------------------------------------------- segments

    def _segment(self, index: int) -> Segment | None:
        """The segment piece ``index`` starts, with the added text joined to it; None for joined text."""
        if index in self.attached:
            return None
        piece = self.pieces[index]
        if piece.sentence is not None:
            original = self.originals[piece.sentence]
            segment = Segment(original.text, (original.index,))
        elif index in self.group_of:
            segment = self._group_segment(index, self.group_of[index])
        else:
            segment = Segment(piece.text, (), edited=True)
        before = [self.pieces[i].text for i, host in self.attached.items() if host == index and i < index]
        after = [self.pieces[i].text for i, host in self.attached.items() if host == index and i > index]
        if before or after:
            text = self.separator.join([*before, segment.text, *after])
            segment = Segment(text, segment.indices, edited=True)
        return segment

    def _group_segment(self, index: int, group: _Group) -> Segment:
        indices = tuple(self.originals[s].index for s in group.sentences)
        if not group.changed and len(group.pieces) == 1:
            return Segment(self.separator.join(self.originals[s].text for s in group.sentences), indices)
        first = index == group.pieces[0]
        return Segment(self.pieces[index].text, indices if first else (), edited=True)

    def _edits(self) -> tuple[Edit, ...]:
        edits = [Edit(tuple(dict.fromkeys(self.pieces[p].cell for p in group.pieces)), split=not group.changed)
                 for group in self.groups if group.changed or len(group.pieces) > 1]
        edits.extend(Edit((self.pieces[host].cell,)) for host in dict.fromkeys(self.attached.values()))
        return tuple(edits)
