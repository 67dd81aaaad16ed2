"""What the DP minimises: the scorer protocols, and the bare length scorer.

A scorer turns the sentences of two aligned stretches of text into a
:class:`~alignkit.align.dp.BeadCost` — vectorised costs and confidences
of candidate beads — which :func:`~alignkit.align.dp.align_with_costs`
minimises.  A :class:`PairScorer` serves one document pair: besides
:meth:`~Scorer.bead_cost` it may :meth:`~PairScorer.prepare` itself on the
whole documents, :meth:`~PairScorer.learn` from a first alignment, and
:meth:`~PairScorer.describe` a unit for the reviser.

The scorers:

* :class:`LengthScorer` (here): the bare Gale–Church length model
  (``--scorer length`` without lexical anchors).
* :class:`~alignkit.align.lexical.LexicalScorer`: lengths plus lexical anchors
  (numbers, names, punctuation, glossary concepts, a lexicon induced from the
  documents); ``--scorer length``, the default.
* :class:`~alignkit.align.semantic.SemanticScorer`: sentence embeddings added to
  one of those two (``--scorer semantic``).

:func:`alignkit.align.factory.pair_scorer` chooses and builds them from the config.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np

from ..model import Bead
from .confidence import ContentEvidence
from .dp import BeadCost, Relation
from .length import LengthCost
from .stats import LengthParams


class Scorer(Protocol):
    """Builds the bead costs of one pair of sentence sequences."""

    def bead_cost(self, src: Sequence[str], tgt: Sequence[str], params: LengthParams) -> BeadCost:
        """Costs and confidences of beads over ``src`` and ``tgt``.

        :param params: the document pair's length model; scorers that do not
            use lengths may ignore it.
        """
        ...


#: A unit's sentence numbers on each side of a document pair, ascending.
UnitSentences = tuple[Sequence[int], Sequence[int]]

#: Stretches of a document pair aligned separately (paragraph groups):
#: ``(first source sentence, source count, first target sentence, target count)``.
Spans = Sequence[tuple[int, int, int, int]]


def span_centers(spans: Spans, n_src: int, n_tgt: int) -> tuple[np.ndarray, np.ndarray]:
    """For every source sentence, the target sentence on its span's diagonal, and the reverse."""
    src_center = (np.arange(n_src) * (n_tgt / max(n_src, 1))).astype(np.int64)
    tgt_center = (np.arange(n_tgt) * (n_src / max(n_tgt, 1))).astype(np.int64)
    table = np.array(spans, dtype=np.int64).reshape(-1, 4)
    src_first, src_count, tgt_first, tgt_count = table.T
    _place_diagonals(src_center, src_first, src_count, tgt_first, tgt_count)
    _place_diagonals(tgt_center, tgt_first, tgt_count, src_first, src_count)
    return src_center, tgt_center


def _place_diagonals(centers: np.ndarray, first: np.ndarray, count: np.ndarray, other_first: np.ndarray,
                     other_count: np.ndarray) -> None:
    """``centers[first + k] = other_first + int(k * other_count / count)`` for ``k < count``, for every
    span (at once when the spans follow each other without overlapping, else one after the other)."""
    kept = count > 0
    first, count, other_first, other_count = first[kept], count[kept], other_first[kept], other_count[kept]
    if len(first) > 1 and np.any(first[:-1] + count[:-1] > first[1:]):
        for start, size, other_start, other_size in zip(first.tolist(), count.tolist(), other_first.tolist(),
                                                        other_count.tolist(), strict=True):
            steps = np.arange(size) * (other_size / size)
            centers[start:start + size] = other_start + steps.astype(np.int64)
        return
    total = int(count.sum())
    step = np.arange(total) - np.repeat(np.cumsum(count) - count, count)
    steps = step * np.repeat(other_count / count, count)
    centers[np.repeat(first, count) + step] = np.repeat(other_first, count) + steps.astype(np.int64)


class PairScorer(Scorer, Protocol):
    """A scorer for one document pair, which may look at the whole documents first."""

    def document_cost(self, src: Sequence[str], tgt: Sequence[str], spans: Spans,
                      params: LengthParams) -> BeadCost:
        """Costs over the whole documents, for aligning each of ``spans`` separately
        (built once, so many small paragraph groups cost little)."""
        ...

    def prepare(self, src: Sequence[str], tgt: Sequence[str]) -> None:
        """See every sentence of both documents once (weights, embeddings)."""
        ...

    def learn(self, beads: Sequence[Bead], src: Sequence[str], tgt: Sequence[str]) -> bool:
        """Learn from a first alignment of the documents; True when a second pass is worth it."""
        ...

    def describe(self, src: Sequence[str], tgt: Sequence[str], params: LengthParams) -> tuple[dict[str, float], str]:
        """Score components of one unit, and a reason when something disagrees (or ``""``)."""
        ...

    def components(self, src: Sequence[str], tgt: Sequence[str], params: LengthParams) -> dict[str, float]:
        """Score components of one unit: :meth:`describe`'s first part, without looking for a reason."""
        ...

    def components_of(self, src: Sequence[str], tgt: Sequence[str], units: Sequence[UnitSentences],
                      params: LengthParams) -> list[dict[str, float]]:
        """:meth:`components` of many units of the documents ``src`` and ``tgt`` (nothing for a unit
        with no sentence on a side)."""
        ...

    def evidence(self, beads: Sequence[Bead], src: Sequence[str], tgt: Sequence[str],
                 params: LengthParams) -> list[ContentEvidence]:
        """What the texts of each bead of a finished alignment of the documents say about it
        (see :mod:`.confidence`)."""
        ...


class LengthScorer:
    """Gale–Church: compares character counts (see :class:`~alignkit.align.length.LengthCost`)."""

    def bead_cost(self, src: Sequence[str], tgt: Sequence[str], params: LengthParams) -> BeadCost:
        """Length costs over the sentences' character counts."""
        return LengthCost([len(s) for s in src], [len(t) for t in tgt], params)

    def document_cost(self, src: Sequence[str], tgt: Sequence[str], spans: Spans,
                      params: LengthParams) -> BeadCost:
        """Length costs over the whole documents."""
        return self.bead_cost(src, tgt, params)

    def prepare(self, src: Sequence[str], tgt: Sequence[str]) -> None:
        """Nothing to prepare."""

    def learn(self, beads: Sequence[Bead], src: Sequence[str], tgt: Sequence[str]) -> bool:
        """Nothing to learn."""
        return False

    def describe(self, src: Sequence[str], tgt: Sequence[str], params: LengthParams) -> tuple[dict[str, float], str]:
        """No components beyond the length deviation the merge reports itself."""
        return {}, ""

    def components(self, src: Sequence[str], tgt: Sequence[str], params: LengthParams) -> dict[str, float]:
        """No components beyond the length deviation the merge reports itself."""
        return {}

    def components_of(self, src: Sequence[str], tgt: Sequence[str], units: Sequence[UnitSentences],
                      params: LengthParams) -> list[dict[str, float]]:
        """No components for any unit."""
        return [{} for _ in units]

    def evidence(self, beads: Sequence[Bead], src: Sequence[str], tgt: Sequence[str],
                 params: LengthParams) -> list[ContentEvidence]:
        """Lengths say nothing about the texts themselves."""
        return [ContentEvidence() for _ in beads]


def bead_ends(beads: Sequence[Bead]) -> list[tuple[int, int]]:
    """Where each bead of an alignment ends: source and target sentences up to and including it."""
    ends = []
    src_end = tgt_end = 0
    for bead in beads:
        src_end += len(bead.src)
        tgt_end += len(bead.tgt)
        ends.append((src_end, tgt_end))
    return ends


def bead_spans(beads: Sequence[Bead]) -> list[tuple[int, int, int, int]]:
    """Each bead of an alignment as a span (first source sentence, count, first target sentence, count)."""
    return [(src_end - len(bead.src), len(bead.src), tgt_end - len(bead.tgt), len(bead.tgt))
            for bead, (src_end, tgt_end) in zip(beads, bead_ends(beads), strict=True)]


def beads_by_relation(beads: Sequence[Bead]) -> dict[Relation, tuple[list[int], np.ndarray, np.ndarray]]:
    """The two-sided beads grouped by relation: their positions, source ends and target ends."""
    grouped: dict[Relation, tuple[list[int], list[int], list[int]]] = {}
    for position, (bead, (src_end, tgt_end)) in enumerate(zip(beads, bead_ends(beads), strict=True)):
        if bead.src and bead.tgt:
            positions, src_ends, tgt_ends = grouped.setdefault((len(bead.src), len(bead.tgt)), ([], [], []))
            positions.append(position)
            src_ends.append(src_end)
            tgt_ends.append(tgt_end)
    return {relation: (positions, np.array(src_ends), np.array(tgt_ends))
            for relation, (positions, src_ends, tgt_ends) in grouped.items()}
