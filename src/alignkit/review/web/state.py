"""The editor's units: sentences that carry where they came from, and what follows from them.

An editor moves sentences between units, so it keeps each unit's text as
:class:`Piece` s — one sentence of the original (or a few, or part of one, when
an earlier review in a spreadsheet joined or split them), with the
document-wide indices of the original sentences it holds and whether its text
was edited.  An :class:`EditorUnit` is the pieces of each language plus what
the reviewer decides (status, comment) and its paragraph label.

Everything else about a unit is worked out from the pieces the way
:func:`alignkit.review.rebuild` works it out on saving (:class:`Reference`):
the relation type counts the sentences; a unit holding exactly the sentences of
an original unit keeps that unit's score, flag and reasons, any other takes the
lowest score of the units its sentences came from, flagged when one of them was.
So what the editor shows is what the saved file will say.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from ...langs import is_unspaced
from ...model import AUTO, Alignment, AlignmentUnit, join_segments
from ..matching import Original, match_language, normalise
from ..rebuild import original_sentences
from ..rows import ReviewRow


@dataclass(frozen=True)
class Piece:
    """One sentence of a unit in one language, as the editor moves it.

    :param text: the text shown (the original sentence, or the reviewer's version of it).
    :param indices: the document-wide indices of the original sentences it holds;
        none for the second part of a sentence split across units in a spreadsheet.
    :param edited: True when ``text`` is not the original sentences' text.
    """

    text: str
    indices: tuple[int, ...]
    edited: bool = False


@dataclass(frozen=True)
class EditorUnit:
    """One unit in the editor.

    :param key: the unit's name for the browser, unique in the session (a unit
        changed by an operation keeps it; a unit an operation creates gets a new one).
    :param pieces: per language, the unit's sentences in order.
    """

    key: int
    pieces: Mapping[str, tuple[Piece, ...]]
    status: str = AUTO
    comment: str = ""
    paragraph: str = ""

    def text(self, lang: str) -> str:
        """The unit's text in ``lang``, sentences joined as the language is written."""
        return join_segments(lang, [piece.text for piece in self.pieces.get(lang, ())])

    def indices(self, lang: str) -> tuple[int, ...]:
        """The original sentences the unit holds in ``lang``."""
        return tuple(index for piece in self.pieces.get(lang, ()) for index in piece.indices)

    @property
    def is_empty(self) -> bool:
        """True when the unit holds no sentence in any language."""
        return not any(self.pieces.values())


@dataclass(frozen=True)
class Described:
    """What follows from a unit's pieces: its relation type and the metadata it inherits."""

    type: str
    score: float
    flagged: bool
    reasons: tuple[str, ...]
    edited: tuple[str, ...]


@dataclass
class Reference:
    """The original alignment every save is checked against, indexed for the editor.

    :param original: that alignment.
    """

    original: Alignment
    sentences: dict[str, dict[int, Original]] = field(init=False)
    _by_key: dict[tuple[tuple[int, ...], ...], AlignmentUnit] = field(init=False)
    _owner: dict[tuple[str, int], AlignmentUnit] = field(init=False)

    def __post_init__(self) -> None:
        langs = self.original.langs
        found = original_sentences(self.original)
        self.sentences = {lang: {sentence.index: sentence for sentence in found[lang]} for lang in langs}
        by_id = {unit.id: unit for unit in self.original.units}
        held: dict[int, dict[str, list[int]]] = {unit.id: {lang: [] for lang in langs} for unit in self.original.units}
        for lang in langs:
            for sentence in found[lang]:
                held[sentence.unit][lang].append(sentence.index)
        self._by_key = {tuple(tuple(indices[lang]) for lang in langs): by_id[unit_id]
                        for unit_id, indices in held.items()}
        self._owner = {(lang, sentence.index): by_id[sentence.unit] for lang in langs for sentence in found[lang]}

    @property
    def langs(self) -> tuple[str, ...]:
        """The languages, pivot first."""
        return self.original.langs

    def originals(self, lang: str, indices: Iterable[int]) -> list[Original]:
        """The original sentences of ``lang`` at ``indices``."""
        return [self.sentences[lang][index] for index in indices]

    def describe(self, unit: EditorUnit) -> Described:
        """The unit's relation type, and its score, flag, reasons and edited languages as a save gives them."""
        langs = self.langs
        indices = {lang: unit.indices(lang) for lang in langs}
        kept = self._by_key.get(tuple(indices[lang] for lang in langs))
        edited_now = {lang for lang in langs if any(piece.edited for piece in unit.pieces.get(lang, ()))}
        type_ = "-".join(str(sum(max(1, len(piece.indices)) for piece in unit.pieces.get(lang, ()))) for lang in langs)
        if kept is not None:
            score, flagged, reasons, edited_before = kept.score, kept.flagged, kept.reasons, set(kept.edited)
        else:
            sources = list({id(found): found for lang in langs for index in indices[lang]
                            if (found := self._owner.get((lang, index))) is not None}.values())
            score = min((source.score for source in sources), default=1.0)
            flagged = any(source.flagged for source in sources)
            reasons = ()
            edited_before = {lang for source in sources for lang in source.edited}
        edited = tuple(lang for lang in langs if lang in edited_now or lang in edited_before)
        return Described(type_, score, flagged, reasons, edited)


def editor_units(alignment: Alignment, reference: Reference) -> tuple[EditorUnit, ...]:
    """The units of ``alignment`` (rebuilt from the reference's original) as the editor holds them."""
    return tuple(
        EditorUnit(key=position, pieces={lang: pieces_of(unit, lang, reference) for lang in alignment.langs},
                   status=unit.status, comment=unit.comment, paragraph=unit.paragraph)
        for position, unit in enumerate(alignment.units, start=1)
    )


def pieces_of(unit: AlignmentUnit, lang: str, reference: Reference) -> tuple[Piece, ...]:
    """A rebuilt unit's sentences in ``lang`` as pieces.

    Usually each segment is one original sentence, unchanged; otherwise (text edited,
    sentences joined or split in a spreadsheet) the unit's text is matched against its
    original sentences again to tell which segment holds which.
    """
    segments = tuple(unit.segments.get(lang, ()))
    indices = tuple(unit.indices.get(lang, ()))
    if len(segments) == len(indices):
        originals = reference.originals(lang, indices)
        if all(normalise(segment) == normalise(original.text) for segment, original in zip(segments, originals)):
            return tuple(Piece(segment, (index,)) for segment, index in zip(segments, indices))
    match = match_language(reference.originals(lang, indices), [unit.text(lang)], spaced=not is_unspaced(lang))
    if not match.findings:
        return tuple(Piece(segment.text, segment.indices, segment.edited) for segment in match.segments[0])
    # part of a sentence whose start is in another unit: each segment as it stands, the indices on the first
    return tuple(Piece(segment, indices if position == 0 else (), edited=True)
                 for position, segment in enumerate(segments))


def review_rows(units: Sequence[EditorUnit], langs: Sequence[str]) -> tuple[ReviewRow, ...]:
    """The units as the rows a review file would hold, for :func:`alignkit.review.rebuild`.

    Rows carry no unit number, so problems are named by row (``row 45``): the
    editor's position of the unit.
    """
    return tuple(ReviewRow(line=position, unit=None, texts={lang: unit.text(lang) for lang in langs},
                           status=unit.status, comment=unit.comment, paragraph=unit.paragraph)
                 for position, unit in enumerate(units, start=1))
