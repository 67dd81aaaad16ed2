"""Letting the languages agree on unit boundaries before the pairwise alignments are merged.

Merging takes the finest grouping of pivot sentences *every* pairwise
alignment agrees with, so one language's merge coarsens the unit for all.
Often the length model had two nearly equal choices there, and another
language shows which is right.  The UDHR's preamble ends with "Whereas …," /
"Now, therefore," / "The General Assembly" / "Proclaims …": Chinese keeps
"Whereas …" alone, while Russian, by length alone, slightly prefers joining
"Now, therefore," to "Whereas …" rather than to "The General Assembly".

So, for each unit where the languages disagree, each language's own cuts
inside the unit are tried as forced cuts for the others: the others are
re-aligned within the unit with beads forbidden to straddle those cuts.  The
finest such split whose total extra cost stays within :data:`CONSENSUS_MARGIN`
is adopted.  Forcing a cut where a language really merged two sentences
costs a 1-0 bead (about 10) and is refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..model import Bead
from .dp import SENTENCE_RELATIONS, BeadCost, align_with_costs, path_cost
from .scorers import PairScorer
from .stats import LengthParams

#: Extra cost (in nats; e^3 ≈ 20 in likelihood) the disagreeing languages may
#: pay in total for a finer unit split that another language proposes.
CONSENSUS_MARGIN = 3.0
#: Rounds of reconciliation (each round can only split units further).
MAX_ROUNDS = 3


@dataclass
class PairToReconcile:
    """One pivot↔other alignment and what is needed to redo parts of it.

    :param lang: the other document's language.
    :param pivot_sentences: all pivot sentences.
    :param other_sentences: all sentences of the other document.
    :param beads: the alignment (pivot on the source side); replaced when reconciled.
    """

    lang: str
    pivot_sentences: Sequence[str]
    other_sentences: Sequence[str]
    beads: list[Bead]
    params: LengthParams
    scorer: PairScorer


def reconcile(pairs: Sequence[PairToReconcile], band: int) -> None:
    """Split units the languages disagree on where that costs little; updates ``pairs[i].beads``."""
    if len(pairs) < 2:
        return
    pivot_count = len(pairs[0].pivot_sentences)
    for _ in range(MAX_ROUNDS):
        cuts = {pair.lang: _bead_cuts(pair.beads, pivot_count) for pair in pairs}
        disputed = _disputed_units(cuts, pivot_count)
        spans = {pair.lang: _bead_spans(pair.beads, disputed) for pair in pairs}
        changed = False
        # Last unit first, so replacing a unit's beads leaves the earlier spans valid.
        for number in reversed(range(len(disputed))):
            unit_spans = {lang: lang_spans[number] for lang, lang_spans in spans.items()}
            changed |= _settle(pairs, cuts, disputed[number], unit_spans, band)
        if not changed:
            return


def _bead_cuts(beads: Sequence[Bead], pivot_count: int) -> list[bool]:
    """``cuts[p]``: does no bead hold both pivot sentences ``p-1`` and ``p``?"""
    cuts = [True] * (pivot_count + 1)
    for bead in beads:
        for p in bead.src[1:]:
            cuts[p] = False
    return cuts


def _disputed_units(cuts: dict[str, list[bool]], pivot_count: int) -> list[tuple[int, int]]:
    """Pivot ranges of the merged units inside which some language cuts."""
    agreed = [p for p in range(pivot_count + 1) if all(lang_cuts[p] for lang_cuts in cuts.values())]
    return [
        (start, end)
        for start, end in zip(agreed, agreed[1:], strict=False)
        if any(any(lang_cuts[start + 1 : end]) for lang_cuts in cuts.values())
    ]


def _bead_spans(beads: Sequence[Bead], units: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """For each unit (pivot range, in order), the positions ``[first, last)`` of its beads.

    A bead belongs to the unit holding its first pivot sentence; a 0-1 bead to
    the unit its position is strictly inside of.
    """
    spans = [(-1, -1)] * len(units)
    number = 0
    seen = 0
    for position, bead in enumerate(beads):
        where = bead.src[0] if bead.src else seen
        seen += len(bead.src)
        while number < len(units) and units[number][1] <= where:
            number += 1
        if number == len(units):
            break
        start = units[number][0]
        if start < where or (bead.src and start == where):
            first = spans[number][0] if spans[number][0] >= 0 else position
            spans[number] = (first, position + 1)
    return spans


def _settle(
    pairs: Sequence[PairToReconcile],
    cuts: dict[str, list[bool]],
    unit: tuple[int, int],
    spans: dict[str, tuple[int, int]],
    band: int,
) -> bool:
    """Adopt the finest affordable split of one disputed unit; True when one was adopted."""
    start, end = unit
    proposals = {tuple(p for p in range(start + 1, end) if cuts[pair.lang][p]) for pair in pairs} - {()}
    best: tuple[int, float, dict[str, list[Bead]]] | None = None
    for proposal in sorted(proposals):
        extra_cost, realigned = _forced(pairs, cuts, unit, spans, proposal, band)
        if extra_cost <= CONSENSUS_MARGIN and (best is None or (len(proposal), -extra_cost) > best[:2]):
            best = (len(proposal), -extra_cost, realigned)
    if best is None:
        return False
    for pair in pairs:
        if pair.lang in best[2]:
            first, last = spans[pair.lang]
            pair.beads[first:last] = best[2][pair.lang]
    return True


def _forced(
    pairs: Sequence[PairToReconcile],
    cuts: dict[str, list[bool]],
    unit: tuple[int, int],
    spans: dict[str, tuple[int, int]],
    proposal: tuple[int, ...],
    band: int,
) -> tuple[float, dict[str, list[Bead]]]:
    """Total extra cost of cutting the unit at ``proposal`` in every language, and the new beads."""
    start, end = unit
    extra_cost = 0.0
    realigned: dict[str, list[Bead]] = {}
    for pair in pairs:
        if all(cuts[pair.lang][p] for p in proposal):
            continue
        first, last = spans[pair.lang]
        inside = pair.beads[first:last]
        tgt_start = min((j for bead in inside for j in bead.tgt), default=0)
        tgt_end = max((j + 1 for bead in inside for j in bead.tgt), default=0)
        bead_cost = pair.scorer.bead_cost(
            pair.pivot_sentences[start:end], pair.other_sentences[tgt_start:tgt_end], pair.params
        )
        forced = _NoStraddling(bead_cost, [p - start for p in proposal])
        relations = getattr(pair.scorer, "relations", SENTENCE_RELATIONS)
        local = align_with_costs(end - start, tgt_end - tgt_start, forced, relations=relations, band=band)
        current = [_shifted(bead, -start, -tgt_start) for bead in inside]
        extra_cost += path_cost(local, bead_cost) - path_cost(current, bead_cost)
        realigned[pair.lang] = [_shifted(bead, start, tgt_start) for bead in local]
    return extra_cost, realigned


def _shifted(bead: Bead, src_by: int, tgt_by: int) -> Bead:
    return Bead(tuple(i + src_by for i in bead.src), tuple(j + tgt_by for j in bead.tgt), bead.score)


class _NoStraddling:
    """A :class:`BeadCost` forbidding beads whose source side straddles one of ``cuts``."""

    def __init__(self, inner: BeadCost, cuts: Sequence[int]) -> None:
        self._inner = inner
        self._cuts = np.asarray(sorted(cuts))

    def costs(self, a: int, b: int, src_end: np.ndarray, tgt_end: np.ndarray) -> np.ndarray:
        costs = self._inner.costs(a, b, src_end, tgt_end)
        if a < 2:
            return costs
        straddles = np.searchsorted(self._cuts, src_end, "left") > np.searchsorted(self._cuts, src_end - a, "right")
        return np.where(straddles, np.inf, costs)

    def scores(self, a: int, b: int, src_end: np.ndarray, tgt_end: np.ndarray) -> np.ndarray:
        return self._inner.scores(a, b, src_end, tgt_end)
