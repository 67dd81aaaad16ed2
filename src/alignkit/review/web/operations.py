"""The editor's operations: each takes the units and gives the units after it, or refuses.

Every operation moves whole sentences (:class:`~.state.Piece` s) between
neighbouring units, so no sentence can be lost, doubled or put out of order;
the one that changes text, :func:`edit_text`, checks the new text is still
recognisably the original sentence, as the import of a review does.  A unit
whose sentences change goes back to ``auto``: a confirmation was for what it held.

Positions are 0-based places in the units; an operation that cannot apply
raises :class:`EditRefused` with a message for the reviewer.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from ...config import AlignConfig
from ...errors import AlignkitError
from ...langs import is_unspaced
from ...model import AUTO, CONFIRMED, STATUSES, Alignment, Document, Paragraph, join_segments
from ..matching import match_language, normalise
from .state import EditorUnit, Piece, Reference

if TYPE_CHECKING:
    from ...terms import Glossary

Units = tuple[EditorUnit, ...]
#: Gives a key no unit of the session has had.
NewKey = Callable[[], int]
#: Aligns documents (one paragraph each) and gives their units: :func:`alignkit.align.align_documents`.
Aligner = Callable[[Sequence[Document]], Alignment]
#: The longest comment or sentence text the editor takes.
MAX_TEXT = 100_000


class EditRefused(AlignkitError):
    """An operation that cannot apply to the units as they are; the message says why."""


def _unit_at(units: Units, position: int) -> EditorUnit:
    if not 0 <= position < len(units):
        raise EditRefused(f"there is no unit {position + 1} (the document has {len(units)})")
    return units[position]


def _language(unit: EditorUnit, lang: str) -> tuple[Piece, ...]:
    if lang not in unit.pieces:
        raise EditRefused(f"the document has no language {lang!r}")
    return unit.pieces[lang]


def _changed(unit: EditorUnit, pieces: Mapping[str, tuple[Piece, ...]]) -> EditorUnit:
    """``unit`` holding ``pieces``: a unit whose sentences changed goes back to ``auto``."""
    return replace(unit, pieces=dict(pieces), status=AUTO)


def _splice(units: Units, start: int, stop: int, new: Sequence[EditorUnit]) -> Units:
    """``units`` with ``units[start:stop]`` replaced by the non-empty units of ``new``."""
    return (*units[:start], *(unit for unit in new if not unit.is_empty), *units[stop:])


# ----------------------------------------------------------------- structure


def merge_with_next(units: Units, position: int) -> Units:
    """The unit at ``position`` and the next one as one unit (comments joined)."""
    first = _unit_at(units, position)
    if position + 1 >= len(units):
        raise EditRefused("the last unit has no next unit to merge with")
    second = units[position + 1]
    pieces = {lang: first.pieces[lang] + second.pieces[lang] for lang in first.pieces}
    comment = "\n".join(text for text in (first.comment, second.comment) if text.strip())
    merged = replace(_changed(first, pieces), comment=comment, paragraph=first.paragraph or second.paragraph)
    return _splice(units, position, position + 2, [merged])


def split_unit(units: Units, position: int, cuts: Mapping[str, int], new_key: NewKey) -> Units:
    """The unit at ``position`` as two: in each language, the first ``cuts[lang]`` sentences stay
    and the rest go to a new unit after it (a language not in ``cuts`` stays whole).

    :raises EditRefused: a cut outside the language's sentences, or one of the two units would be empty.
    """
    unit = _unit_at(units, position)
    for lang, cut in cuts.items():
        pieces = _language(unit, lang)
        if not 0 <= cut <= len(pieces):
            raise EditRefused(f"{lang} has {len(pieces)} sentence(s) in this unit: cannot cut after {cut}")
    first = {lang: pieces[:cuts.get(lang, len(pieces))] for lang, pieces in unit.pieces.items()}
    second = {lang: pieces[cuts.get(lang, len(pieces)):] for lang, pieces in unit.pieces.items()}
    if not any(first.values()) or not any(second.values()):
        raise EditRefused("a split must leave sentences in both units")
    before = _changed(unit, first)
    after = EditorUnit(key=new_key(), pieces=second, paragraph=unit.paragraph)
    return _splice(units, position, position + 1, [before, after])


def move_sentence(units: Units, position: int, lang: str, direction: int) -> Units:
    """Move the first sentence of ``lang`` in the unit at ``position`` to the end of the unit
    above (``direction`` -1), or its last sentence to the start of the unit below (+1).
    A unit left with no sentence at all goes.
    """
    unit = _unit_at(units, position)
    pieces = _language(unit, lang)
    if direction not in (-1, 1):
        raise EditRefused("a sentence moves up (-1) or down (+1)")
    neighbour_at = position + direction
    if not 0 <= neighbour_at < len(units):
        raise EditRefused(f"there is no unit {'above' if direction < 0 else 'below'} the "
                          f"{'first' if direction < 0 else 'last'} one")
    if not pieces:
        raise EditRefused(f"this unit has no {lang} sentence to move")
    neighbour = units[neighbour_at]
    if direction < 0:
        moved, kept = pieces[0], pieces[1:]
        neighbour_pieces = {**neighbour.pieces, lang: neighbour.pieces[lang] + (moved,)}
    else:
        moved, kept = pieces[-1], pieces[:-1]
        neighbour_pieces = {**neighbour.pieces, lang: (moved,) + neighbour.pieces[lang]}
    changed = [_changed(neighbour, neighbour_pieces), _changed(unit, {**unit.pieces, lang: kept})]
    start = min(position, neighbour_at)
    return _splice(units, start, start + 2, changed if direction < 0 else changed[::-1])


# ----------------------------------------------------------------- the reviewer's verdict and text


def set_status(units: Units, start: int, stop: int, status: str) -> Units:
    """Units ``start`` to ``stop - 1`` given ``status`` (``auto``, ``confirmed`` or ``rejected``)."""
    if status not in STATUSES:
        raise EditRefused(f"status must be one of {', '.join(STATUSES)}, not {status!r}")
    _unit_at(units, start)
    _unit_at(units, stop - 1)
    if stop <= start:
        raise EditRefused("no unit to set the status of")
    if all(unit.status == status for unit in units[start:stop]):
        return units
    return (*units[:start], *(unit if unit.status == status else replace(unit, status=status)
                              for unit in units[start:stop]), *units[stop:])


def set_comment(units: Units, position: int, comment: str) -> Units:
    """The unit at ``position`` with the reviewer's ``comment`` (``""`` removes it)."""
    unit = _unit_at(units, position)
    if len(comment) > MAX_TEXT:
        raise EditRefused(f"a comment may hold at most {MAX_TEXT:,} characters")
    if comment.strip() == unit.comment:
        return units
    return (*units[:position], replace(unit, comment=comment.strip()), *units[position + 1:])


def edit_text(units: Units, position: int, lang: str, sentence: int, text: str, reference: Reference) -> Units:
    """The unit at ``position`` with its ``sentence``-th sentence of ``lang`` (0-based) reading ``text``.

    The new text must still be recognisably the original sentence (the review import's
    test: about half of it the same); text equal to the original is no longer an edit.
    A typo fixed keeps the unit's status.

    :raises EditRefused: no such sentence, empty text, text that is another sentence, or
        the second part of a sentence split in a spreadsheet (merge the units first).
    """
    unit = _unit_at(units, position)
    pieces = _language(unit, lang)
    if not 0 <= sentence < len(pieces):
        raise EditRefused(f"this unit has {len(pieces)} {lang} sentence(s): there is no sentence {sentence + 1}")
    new_text = " ".join(text.split()) if not is_unspaced(lang) else text.strip()
    if not new_text:
        raise EditRefused("a sentence cannot be emptied: nothing may be lost (merge or move it instead)")
    if len(new_text) > MAX_TEXT:
        raise EditRefused(f"a sentence may hold at most {MAX_TEXT:,} characters")
    piece = pieces[sentence]
    if not piece.indices:
        raise EditRefused("this is the second part of a sentence split across units in a spreadsheet: "
                          "merge it with the unit holding the first part before editing it")
    originals = reference.originals(lang, piece.indices)
    original_text = join_segments(lang, [original.text for original in originals])
    match = match_language(originals, [new_text], spaced=not is_unspaced(lang))
    if match.findings:
        raise EditRefused(f"the new {lang} text is not recognisably the original sentence "
                          f"(\"{_excerpt(original_text)}\"): an edit fixes a sentence, it does not replace it")
    edited = normalise(new_text) != normalise(original_text)
    changed = replace(piece, text=new_text if edited else original_text, edited=edited)
    if changed == piece:
        return units
    new_pieces = {**unit.pieces, lang: pieces[:sentence] + (changed,) + pieces[sentence + 1:]}
    return (*units[:position], replace(unit, pieces=new_pieces), *units[position + 1:])


def _excerpt(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit - 1].rstrip() + "…"


# ----------------------------------------------------------------- re-aligning a stretch


def pending_stretch(units: Units, position: int) -> tuple[int, int]:
    """The units around ``position`` that are not confirmed: from after the confirmed unit above
    it to before the confirmed unit below it (``start``, ``stop``)."""
    _unit_at(units, position)
    start = position
    while start > 0 and units[start - 1].status != CONFIRMED:
        start -= 1
    stop = position + 1
    while stop < len(units) and units[stop].status != CONFIRMED:
        stop += 1
    return start, stop


def realign(units: Units, start: int, stop: int, aligner: Aligner, new_key: NewKey) -> Units:
    """Units ``start`` to ``stop - 1`` aligned again by ``aligner``; confirmed units among them stay
    as they are and split the stretch, each run of the others is aligned on its own.

    The new units are ``auto``; each keeps the key, paragraph and comment of the old unit its
    first sentence came from (a comment whose unit is gone goes to the unit that took its first sentence).

    :raises EditRefused: fewer than two units to re-align.
    """
    _unit_at(units, start)
    _unit_at(units, stop - 1)
    runs: list[tuple[int, int]] = []
    position = start
    while position < stop:
        if units[position].status == CONFIRMED:
            position += 1
            continue
        run_start = position
        while position < stop and units[position].status != CONFIRMED:
            position += 1
        if position - run_start >= 2:
            runs.append((run_start, position))
    if not runs:
        raise EditRefused("nothing to re-align: select at least two units that are not confirmed")
    for run_start, run_stop in reversed(runs):
        units = _splice(units, run_start, run_stop, _aligned_run(units[run_start:run_stop], aligner, new_key))
    return units


def _aligned_run(old: Sequence[EditorUnit], aligner: Aligner, new_key: NewKey) -> list[EditorUnit]:
    langs = tuple(old[0].pieces)
    flat: dict[str, list[tuple[Piece, int]]] = {lang: [(piece, number) for number, unit in enumerate(old)
                                                       for piece in unit.pieces[lang]] for lang in langs}
    documents = [Document(lang, (Paragraph(" ".join(piece.text for piece, _ in flat[lang]),
                                           sentences=tuple(piece.text for piece, _ in flat[lang])),))
                 for lang in langs]
    aligned = aligner(documents)
    keys = [unit.key for unit in old]
    used: set[int] = set()
    result: list[EditorUnit] = []
    for new in aligned.units:
        pieces = {lang: tuple(flat[lang][index][0] for index in new.indices.get(lang, ())) for lang in langs}
        sources = [flat[lang][index][1] for lang in langs for index in new.indices.get(lang, ())]
        if not sources:
            continue
        origin = min(sources)
        key = keys[origin] if origin not in used else new_key()
        used.add(origin)
        result.append(EditorUnit(key=key, pieces=pieces, paragraph=old[origin].paragraph))
    return _with_comments(result, old, flat)


def _with_comments(result: list[EditorUnit], old: Sequence[EditorUnit],
                   flat: Mapping[str, list[tuple[Piece, int]]]) -> list[EditorUnit]:
    """Each old comment on the first new unit holding a sentence of its old unit."""
    origin = {id(piece): number for pieces in flat.values() for piece, number in pieces}
    home: dict[int, int] = {}
    for position, unit in enumerate(result):
        for pieces in unit.pieces.values():
            for piece in pieces:
                home.setdefault(origin[id(piece)], position)
    comments: dict[int, list[str]] = {}
    for number, unit in enumerate(old):
        if unit.comment.strip() and number in home:
            comments.setdefault(home[number], []).append(unit.comment)
    return [replace(unit, comment="\n".join(comments[position])) if position in comments else unit
            for position, unit in enumerate(result)]


def default_aligner(config: AlignConfig, glossary: Glossary | None = None) -> Aligner:
    """An :data:`Aligner` running :func:`alignkit.align.align_documents` with ``config``
    (its pivot replaced by the first document's language) and the glossary's concepts as anchors."""
    from ...align import align_documents

    def aligner(documents: Sequence[Document]) -> Alignment:
        return align_documents(documents, replace(config, pivot=documents[0].lang), glossary=glossary)

    return aligner
