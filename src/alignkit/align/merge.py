"""Merging pivot↔other bead lists into multilingual alignment units.

Unit boundaries are the finest grouping of pivot sentences that every
pairwise alignment agrees with: a boundary may fall between pivot sentences
``p-1`` and ``p`` only when no bead of any language holds both.  If en s1–s2 ↔
zh z1 while en s1 ↔ ru r1 and en s2 ↔ ru r2, the unit holds en s1+s2, zh z1
and ru r1+r2.

A target sentence with no pivot counterpart (a 0-1 bead) stays where it is:
inside a unit when the unit spans its position, otherwise in a unit of its
own at that position, shared with the other languages' 0-1 beads at the same
spot (the k-th such bead of each language in the k-th unit).

Each bead is a *link* of its unit; its confidence and the reasons to review it
come from :mod:`.confidence`, from its shape, its lengths, whether the
paragraph labels fix its place (see :class:`ParagraphLabels`) and what the scorer
found in its texts.  A unit's score is the lowest of its links'.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import zip_longest

from ..model import AlignmentUnit, Bead, Document
from ..progress import Tally
from .confidence import ContentEvidence, Link, confidence, reasons
from .length import bead_delta
from .paragraphs import anchor_pairs
from .scorers import PairScorer
from .stats import LengthParams

#: The evidence of a bead its scorer said nothing about.
_NO_EVIDENCE = ContentEvidence()
#: Units whose score components a scorer computes together.
COMPONENTS_CHUNK = 4096


@dataclass
class _Draft:
    """A unit being built: pivot sentence range and the beads it holds per language."""

    pivot_range: range = range(0)
    beads: dict[str, list[Bead]] = field(default_factory=dict)

    def add(self, lang: str, bead: Bead) -> None:
        self.beads.setdefault(lang, []).append(bead)


@dataclass(frozen=True)
class _Pair:
    """One pivot↔other alignment, with what the units need to describe it."""

    document: Document
    beads: list[Bead]
    params: LengthParams
    evidence: dict[Bead, ContentEvidence] = field(default_factory=dict)


def merge_pairwise(
    pivot: Document,
    pairwise: Sequence[tuple[Document, list[Bead], LengthParams]],
    flag_below: float,
    *,
    describers: Mapping[str, PairScorer] | None = None,
    evidence: Mapping[str, Sequence[ContentEvidence]] | None = None,
    tally: Tally | None = None,
) -> list[AlignmentUnit]:
    """Units holding every language, from each other document's beads with the pivot.

    :param pairwise: per other document: the document, its beads with the
        pivot (pivot on the source side), and the pair's length model.
    :param flag_below: units scoring lower are flagged, with reasons.
    :param describers: per other language, the scorer that aligned it, which
        gives each unit its score components.
    :param evidence: per other language, what its scorer found in the texts of
        each of its beads (:meth:`~.scorers.PairScorer.evidence`, in the beads'
        order); nothing when not given.
    :param tally: told the pivot sentences of each unit as it is made (the progress of a long merge).
    :returns: units numbered from 1 covering every sentence of every document
        exactly once, in order.
    """
    found = evidence or {}
    pairs = [_Pair(document, beads, params, dict(zip(beads, found.get(document.lang, ()), strict=False)))
             for document, beads, params in pairwise]
    pivot_count = pivot.sentence_count
    drafts = _drafts(pivot_count, pairs)
    describer = _Describer(pivot, pairs, flag_below, describers or {})
    indices = [describer.indices(draft) for draft in drafts]
    components = describer.components(indices)
    units = []
    for number, (draft, unit_indices, unit_components) in enumerate(zip(drafts, indices, components, strict=True),
                                                                   start=1):
        units.append(describer.unit(number, draft, unit_indices, unit_components))
        if tally is not None:
            tally.add(len(draft.pivot_range))
    return units


def _drafts(pivot_count: int, pairs: list[_Pair]) -> list[_Draft]:
    """The units in order: pivot groups, with pivot-less units at their spots."""
    can_cut = _allowed_cuts(pivot_count, pairs)
    starts = [p for p in range(pivot_count + 1) if can_cut[p]]
    pivot_units = {start: _Draft(range(start, end)) for start, end in zip(starts, starts[1:], strict=False)}
    unit_starting = sorted(pivot_units)
    unit_of_pivot = [0] * pivot_count
    for start in unit_starting:
        for p in pivot_units[start].pivot_range:
            unit_of_pivot[p] = start
    spots: dict[int, dict[str, list[Bead]]] = {}
    for pair in pairs:
        lang = pair.document.lang
        seen = 0
        for bead in pair.beads:
            if bead.src:
                pivot_units[unit_of_pivot[bead.src[0]]].add(lang, bead)
                seen = bead.src[-1] + 1
            elif can_cut[seen]:
                spots.setdefault(seen, {}).setdefault(lang, []).append(bead)
            else:
                pivot_units[unit_of_pivot[seen]].add(lang, bead)
    return _in_order(pivot_count, pivot_units, spots)


def _allowed_cuts(pivot_count: int, pairs: list[_Pair]) -> list[bool]:
    """``cuts[p]``: may a unit boundary fall just before pivot sentence ``p``?"""
    cuts = [True] * (pivot_count + 1)
    for pair in pairs:
        for bead in pair.beads:
            for p in bead.src[1:]:
                cuts[p] = False
    return cuts


def _in_order(
    pivot_count: int, pivot_units: dict[int, _Draft], spots: dict[int, dict[str, list[Bead]]]
) -> list[_Draft]:
    drafts: list[_Draft] = []
    for position in range(pivot_count + 1):
        by_lang = spots.get(position, {})
        for beads in zip_longest(*by_lang.values()):
            draft = _Draft(range(position, position))
            for lang, bead in zip(by_lang, beads, strict=True):
                if bead is not None:
                    draft.add(lang, bead)
            drafts.append(draft)
        if position in pivot_units:
            drafts.append(pivot_units[position])
    return drafts


class _Describer:
    """Turns drafts into :class:`AlignmentUnit` rows: texts, type, score, reasons."""

    def __init__(self, pivot: Document, pairs: list[_Pair], flag_below: float,
                 describers: Mapping[str, PairScorer]) -> None:
        self.pivot = pivot
        self.describers = describers
        self.pairs = {pair.document.lang: pair for pair in pairs}
        self.langs = [pivot.lang, *self.pairs]
        documents = {pivot.lang: pivot, **{lang: pair.document for lang, pair in self.pairs.items()}}
        self.texts = {lang: document.sentence_texts() for lang, document in documents.items()}
        self.paragraph_of = {lang: _paragraph_numbers(document) for lang, document in documents.items()}
        self.lengths = {lang: [len(text) for text in texts] for lang, texts in self.texts.items()}
        self.paragraphs = {pair.document.lang: ParagraphLabels(pivot, pair.document) for pair in pairs}
        self.flag_below = flag_below

    def indices(self, draft: _Draft) -> dict[str, tuple[int, ...]]:
        """Per language, the sentences of the unit for ``draft``, ascending."""
        indices = {self.pivot.lang: tuple(draft.pivot_range)}
        for lang in self.pairs:
            indices[lang] = tuple(sorted(j for bead in draft.beads.get(lang, []) for j in bead.tgt))
        return indices

    def unit(self, number: int, draft: _Draft, indices: dict[str, tuple[int, ...]],
             components: dict[str, float]) -> AlignmentUnit:
        """The unit numbered ``number`` for ``draft``, with its sentences (:meth:`indices`) and score
        components (from :meth:`components`)."""
        links = [self._link(lang, bead) for lang, beads in draft.beads.items() for bead in beads]
        scores = [confidence(link) for link in links]
        score = min(scores, default=1.0)
        flagged = score < self.flag_below
        # Only a flagged unit has links scoring below the threshold (its score is their lowest).
        told = [reason for link, link_score in zip(links, scores, strict=True) if link_score < self.flag_below
                for reason in reasons(link)] if flagged else []
        return AlignmentUnit(
            id=number,
            segments={lang: tuple(map(self.texts[lang].__getitem__, indices[lang])) for lang in self.langs},
            indices=indices,
            paragraph=self._paragraph(indices),
            type="-".join([str(len(indices[lang])) for lang in self.langs]),
            score=score,
            flagged=flagged,
            reasons=tuple(dict.fromkeys(told)),
            components=components,
        )

    def _link(self, lang: str, bead: Bead) -> Link:
        """One bead as a link of its unit, with the evidence about it."""
        pair = self.pairs[lang]
        delta = 0.0
        if bead.src and bead.tgt:
            pivot_length = sum(map(self.lengths[self.pivot.lang].__getitem__, bead.src))
            other_length = sum(map(self.lengths[lang].__getitem__, bead.tgt))
            delta = bead_delta(pivot_length, other_length, pair.params)
        fixed, whole = self.paragraphs[lang].fixed_and_whole(bead)
        return Link(lang=lang, pivot=self.pivot.lang, relation=(len(bead.src), len(bead.tgt)), delta=delta,
                    fixed=fixed, whole=whole, content=pair.evidence.get(bead, _NO_EVIDENCE))

    def components(self, indices: Sequence[dict[str, tuple[int, ...]]]) -> list[dict[str, float]]:
        """Score components per language (``zh.anchors``...) of every unit (its :meth:`indices`), from
        the scorers, each asked for :data:`COMPONENTS_CHUNK` units at a time (its arrays for them
        stay small however long the documents)."""
        components: list[dict[str, float]] = [{} for _ in indices]
        pivot = self.pivot.lang
        for lang, scorer in self.describers.items():
            for first in range(0, len(indices), COMPONENTS_CHUNK):
                chunk = indices[first:first + COMPONENTS_CHUNK]
                units = [(unit[pivot], unit[lang]) for unit in chunk]
                described = scorer.components_of(self.texts[pivot], self.texts[lang], units, self.pairs[lang].params)
                for found, unit_described in zip(components[first:first + COMPONENTS_CHUNK], described, strict=True):
                    found.update({f"{lang}.{name}": value for name, value in unit_described.items()})
        return components

    def _paragraph(self, indices: dict[str, tuple[int, ...]]) -> str:
        """Key (else label) of the paragraph of the unit's first sentence, pivot first."""
        for lang in self.langs:
            if indices[lang]:
                paragraph = self._document(lang).paragraphs[self.paragraph_of[lang][indices[lang][0]]]
                return paragraph.key or paragraph.label
        return ""

    def _document(self, lang: str) -> Document:
        return self.pivot if lang == self.pivot.lang else self.pairs[lang].document


class ParagraphLabels:
    """The paragraphs of the pivot and of another document, and the labels they share.

    A bead is *whole* when its sentences on each side are all the sentences of
    consecutive paragraphs.  The labels *fix* its place when it is whole and
    holds either one paragraph of each side whose labels match (an anchor of
    :func:`~.paragraphs.anchor_pairs`), or everything between two consecutive
    anchors (or an anchor and a document's start or end).
    """

    def __init__(self, pivot: Document, other: Document) -> None:
        self.offsets = (pivot.sentence_offsets(), other.sentence_offsets())
        self.paragraph_of = (_paragraph_numbers(pivot), _paragraph_numbers(other))
        anchors = anchor_pairs(pivot, other)
        self.anchors = set(anchors)
        bounds = [(-1, -1), *anchors, (len(pivot.paragraphs), len(other.paragraphs))]
        self.gaps = {(start[0] + 1, start[1] + 1): (end[0] - 1, end[1] - 1)
                     for start, end in zip(bounds, bounds[1:], strict=False)}

    def _span(self, side: int, sentences: tuple[int, ...]) -> tuple[int, int] | None:
        """First and last paragraph when ``sentences`` are all the sentences of consecutive paragraphs."""
        if not sentences:
            return None
        offsets, paragraph_of = self.offsets[side], self.paragraph_of[side]
        first, last = paragraph_of[sentences[0]], paragraph_of[sentences[-1]]
        if sentences[0] != offsets[first] or sentences[-1] + 1 != offsets[last + 1]:
            return None
        return first, last

    def fixed_and_whole(self, bead: Bead) -> tuple[bool, bool]:
        """:meth:`fixed` and :meth:`whole` of the bead, its spans found once."""
        pivot_span, other_span = self._span(0, bead.src), self._span(1, bead.tgt)
        whole = (pivot_span is not None or not bead.src) and (other_span is not None or not bead.tgt)
        if pivot_span is None or other_span is None:
            return False, whole
        return self._fixed_spans(pivot_span, other_span), whole

    def whole(self, bead: Bead) -> bool:
        """The bead's sentences are whole paragraphs on each side that has any."""
        return all(self._span(side, part) is not None for side, part in enumerate((bead.src, bead.tgt)) if part)

    def fixed(self, bead: Bead) -> bool:
        """The paragraph labels fix the bead's place (see the class)."""
        pivot_span, other_span = self._span(0, bead.src), self._span(1, bead.tgt)
        if pivot_span is None or other_span is None:
            return False
        return self._fixed_spans(pivot_span, other_span)

    def _fixed_spans(self, pivot_span: tuple[int, int], other_span: tuple[int, int]) -> bool:
        (pivot_first, pivot_last), (other_first, other_last) = pivot_span, other_span
        if pivot_first == pivot_last and other_first == other_last and (pivot_first, other_first) in self.anchors:
            return True
        return self.gaps.get((pivot_first, other_first)) == (pivot_last, other_last)




def _paragraph_numbers(document: Document) -> list[int]:
    """The paragraph of each sentence: the :attr:`~alignkit.model.Segment.paragraph` of each of
    :meth:`~alignkit.model.Document.segments`."""
    return [number for number, paragraph in enumerate(document.paragraphs) for _ in paragraph.sentences]
