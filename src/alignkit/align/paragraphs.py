"""Paragraph alignment: numbered paragraphs anchor it, lengths align the rest.

1. Anchors.  A paragraph whose ``key`` is set ("3", "A26.1") matches the
   paragraph of the other document with the same key and the same occurrence
   number of that key (the second "1" matches the second "1").  Of these
   matches the longest chain increasing in both documents is kept, so the
   anchors never cross.  A key found in one document only anchors nothing.
2. Gaps.  Before the first anchor, between anchors and after the last, the
   unanchored paragraphs are aligned by length (Gale–Church) allowing 1-2,
   2-1, 1-3, 3-1, 2-2 merges and 1-0/0-1.
3. One-sided gaps.  When a gap has paragraphs on one side only (a numbered
   paragraph continued in an unnumbered one that the other language kept in
   one paragraph), they join the neighbouring anchor's group when that fits
   the lengths better than leaving them without a counterpart.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

from ..model import Document, Paragraph
from .dp import DEFAULT_BAND, SENTENCE_RELATIONS, Relation
from .length import align_by_length, length_cost
from .stats import LengthParams

#: A group of source paragraphs aligned with a group of target paragraphs.
ParagraphGroup = tuple[tuple[int, ...], tuple[int, ...]]
#: Relations allowed between unanchored paragraphs.
PARAGRAPH_RELATIONS: tuple[Relation, ...] = SENTENCE_RELATIONS


def paragraph_length(paragraph: Paragraph) -> int:
    """Characters of the paragraph's sentences (of its text when it has none)."""
    if paragraph.sentences:
        return sum(len(sentence) for sentence in paragraph.sentences)
    return len(paragraph.text)


def anchor_pairs(src: Document, tgt: Document) -> list[tuple[int, int]]:
    """``(source, target)`` paragraph indices matched by key, monotone in both documents."""
    src_positions = _keyed_positions(src)
    matches = [
        (src_positions[keyed], tgt_index)
        for keyed, tgt_index in _keyed_positions(tgt).items()
        if keyed in src_positions
    ]
    matches.sort(key=lambda match: match[1])
    return longest_increasing_chain(matches)


def longest_increasing_chain(matches: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest sub-sequence of ``matches`` whose first items strictly increase.

    ``matches`` must be sorted by their (distinct) second items.  Patience
    sorting: O(k log k) for k matches.
    """
    tail_values: list[int] = []  # smallest last first-item of a chain of each length
    tail_positions: list[int] = []
    previous = [-1] * len(matches)
    for position, (value, _) in enumerate(matches):
        length = bisect_left(tail_values, value)
        previous[position] = tail_positions[length - 1] if length else -1
        if length == len(tail_values):
            tail_values.append(value)
            tail_positions.append(position)
        else:
            tail_values[length] = value
            tail_positions[length] = position
    chain: list[tuple[int, int]] = []
    position = tail_positions[-1] if tail_positions else -1
    while position >= 0:
        chain.append(matches[position])
        position = previous[position]
    return chain[::-1]


def align_paragraphs(
    src: Document, tgt: Document, params: LengthParams, *, band: int = DEFAULT_BAND
) -> list[ParagraphGroup]:
    """Group the paragraphs of two documents into aligned groups.

    :param params: the document pair's length model.
    :param band: DP band half-width for the unanchored stretches.
    :returns: groups covering every paragraph of both documents exactly once,
        in order; a side may be empty (a paragraph without counterpart).
    """
    lengths = _Lengths(src, tgt, params)
    anchors = anchor_pairs(src, tgt)
    bounds = [(-1, -1), *anchors, (len(src.paragraphs), len(tgt.paragraphs))]
    groups: list[ParagraphGroup] = []
    for gap_number, ((prev_src, prev_tgt), (next_src, next_tgt)) in enumerate(zip(bounds, bounds[1:], strict=False)):
        gap = (tuple(range(prev_src + 1, next_src)), tuple(range(prev_tgt + 1, next_tgt)))
        next_anchor = ((next_src,), (next_tgt,)) if gap_number < len(anchors) else None
        absorbed = False
        if gap[0] and gap[1]:
            groups.extend(_align_gap(gap, lengths, band))
        elif gap[0] or gap[1]:
            previous = groups.pop() if gap_number > 0 else None
            placed, absorbed = _place_one_sided(gap, previous, next_anchor, lengths)
            groups.extend(placed)
        if next_anchor is not None and not absorbed:
            groups.append(next_anchor)
    return groups


class _Lengths:
    """Paragraph lengths of both documents, and the length cost of a group."""

    def __init__(self, src: Document, tgt: Document, params: LengthParams) -> None:
        self.src = [paragraph_length(p) for p in src.paragraphs]
        self.tgt = [paragraph_length(p) for p in tgt.paragraphs]
        self.params = params

    def group_cost(self, group: ParagraphGroup) -> float:
        """Length cost of aligning the group's two sides as one bead."""
        src_side, tgt_side = group
        relation = (min(len(src_side), 3), min(len(tgt_side), 3))
        src_length = sum(self.src[i] for i in src_side)
        tgt_length = sum(self.tgt[j] for j in tgt_side)
        return length_cost(relation, src_length, tgt_length, self.params)


def _keyed_positions(document: Document) -> dict[tuple[str, int], int]:
    """Paragraph index of each ``(key, occurrence number)`` of the document."""
    seen: dict[str, int] = {}
    positions: dict[tuple[str, int], int] = {}
    for index, paragraph in enumerate(document.paragraphs):
        if paragraph.key:
            occurrence = seen.get(paragraph.key, 0)
            seen[paragraph.key] = occurrence + 1
            positions[(paragraph.key, occurrence)] = index
    return positions


def _align_gap(gap: ParagraphGroup, lengths: _Lengths, band: int) -> list[ParagraphGroup]:
    """Length alignment of the unanchored paragraphs between two anchors."""
    src_side, tgt_side = gap
    beads = align_by_length(
        [lengths.src[i] for i in src_side],
        [lengths.tgt[j] for j in tgt_side],
        lengths.params,
        relations=PARAGRAPH_RELATIONS,
        band=band,
    )
    return [
        (tuple(src_side[i] for i in bead.src), tuple(tgt_side[j] for j in bead.tgt))
        for bead in beads
    ]


def _place_one_sided(
    gap: ParagraphGroup,
    previous: ParagraphGroup | None,
    next_anchor: ParagraphGroup | None,
    lengths: _Lengths,
) -> tuple[list[ParagraphGroup], bool]:
    """Groups for a gap with paragraphs on one side only, the previous anchor's group included.

    The gap joins the previous group, joins the next anchor, or stays as
    paragraphs without counterpart — whichever costs least.

    :returns: the groups, and whether the next anchor is among them.
    """
    before = [previous] if previous is not None else []
    alone = [((i,), ()) for i in gap[0]] + [((), (j,)) for j in gap[1]]
    options: list[tuple[list[ParagraphGroup], bool]] = [([*before, *alone], False)]
    if previous is not None:
        options.append(([_joined(previous, gap)], False))
    if next_anchor is not None:
        options.append(([*before, _joined(gap, next_anchor)], True))

    def cost(option: tuple[list[ParagraphGroup], bool]) -> float:
        placed, absorbs_next = option
        total = sum(lengths.group_cost(group) for group in placed)
        if next_anchor is not None and not absorbs_next:
            total += lengths.group_cost(next_anchor)
        return total

    return min(options, key=cost)


def _joined(first: ParagraphGroup, second: ParagraphGroup) -> ParagraphGroup:
    return (first[0] + second[0], first[1] + second[1])
