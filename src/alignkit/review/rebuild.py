"""Rebuild an alignment from a reviewer's rows, checking that no sentence was lost or doubled.

:func:`rebuild` takes the alignment a review file was written from (the *original*)
and the rows as the reviewer left them.  Every language is matched on its own
(:func:`alignkit.review.matching.match_language`); then each row with text
becomes a unit:

* its sentences, and their document-wide indices, are those found in its cells;
* its relation type is recounted (``2-1-2`` when two English sentences were merged);
* it keeps the id of the original unit with exactly the same sentences in every
  language (a unit the reviewer did not restructure, even if a typo was fixed or
  the rows were sorted); any other unit gets a new id, after the largest original one;
* its status and comment are the row's; its score, flag, reasons and components
  are the original unit's when it kept its id, otherwise the lowest score of the
  units its sentences came from, flagged when one of them was, without reasons;
* the languages whose text the reviewer changed are in ``edited`` (with those
  changed in an earlier review, which the original records).

A sentence in no row, in two rows or moved past another, and text that is in no
original sentence, are problems: :func:`find_problems` lists them and
:func:`rebuild` raises :class:`ReviewError` naming every one (unit and language).
Rows sorted in the spreadsheet are put back in unit order first.

:func:`rows_to_alignment` is the way for rows with no original to check them
against (a CSV from elsewhere): every row is a unit as it stands.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from ..errors import AlignkitError
from ..langs import is_unspaced
from ..model import Alignment, AlignmentUnit
from .matching import (
    ADDED,
    DUPLICATED,
    LOST,
    OUT_OF_ORDER,
    Finding,
    LanguageMatch,
    Original,
    Segment,
    match_language,
)
from .rows import ReviewRow

#: A unit's text in a language was changed by the reviewer.
EDITED = "edited"
#: A sentence was split between units without changing its text.
SPLIT = "split"
#: How many problems a :class:`ReviewError` message quotes; the others are named without their sentences.
PROBLEMS_NAMED = 12
#: Characters of a sentence quoted in a message.
EXCERPT = 60

#: Splits a cell's text into sentences: ``split(lang, text)``.
Splitter = Callable[[str, str], Sequence[str]]


@dataclass(frozen=True)
class Problem:
    """Something the review lost or broke, in one language.

    :param lang: the language.
    :param kind: ``lost``, ``duplicated``, ``out of order`` or ``added``
        (the constants of :mod:`alignkit.review.matching`).
    :param where: the units or rows involved (``unit 12``, ``row 45``), first the one to look at.
    :param text: the sentence, or the added text.
    """

    lang: str
    kind: str
    where: tuple[str, ...]
    text: str

    @property
    def short(self) -> str:
        """``unit 37 en lost``: where and what, without the sentence."""
        return f"{' and '.join(self.where)} {self.lang} {self.kind}"

    @property
    def message(self) -> str:
        """One line for the reviewer: ``unit 37 en: sentence lost: "The Parties…"``."""
        first, others = self.where[0], self.where[1:]
        what = {
            LOST: "sentence lost (in no row)",
            DUPLICATED: f"sentence also in {', '.join(others)}" if others else "sentence twice in the row",
            OUT_OF_ORDER: "sentence moved past another (out of document order)",
            ADDED: "text that is in no sentence of the original",
        }[self.kind]
        return f"{first} {self.lang}: {what}: \"{excerpt(self.text)}\""


@dataclass(frozen=True)
class Change:
    """A change the reviewer made to a unit's text, reported on import.

    :param unit: the unit's id in the rebuilt alignment.
    :param lang: the language.
    :param kind: :data:`EDITED` or :data:`SPLIT`.
    :param units: for a split, every unit holding part of the sentence.
    """

    unit: int
    lang: str
    kind: str
    units: tuple[int, ...] = ()

    @property
    def message(self) -> str:
        """``unit 37 ru: text edited``, ``unit 38 zh: sentence split across units 37, 38``."""
        if self.kind == SPLIT:
            return f"unit {self.unit} {self.lang}: sentence split across units {', '.join(map(str, self.units))}"
        return f"unit {self.unit} {self.lang}: text edited"


@dataclass(frozen=True)
class Reviewed:
    """The alignment rebuilt from the rows, and the changes to report.

    :param checked: True when the rows were checked against an original alignment.
    """

    alignment: Alignment
    changes: tuple[Change, ...] = ()
    checked: bool = True


class ReviewError(AlignkitError):
    """The review lost, doubled or misplaced text; the message names every unit and language."""

    def __init__(self, problems: Sequence[Problem], source: str = "") -> None:
        self.problems = tuple(problems)
        self.source = source
        named = "; ".join(problem.message for problem in self.problems[:PROBLEMS_NAMED])
        rest = self.problems[PROBLEMS_NAMED:]
        if rest:  # every unit and language is still named, without the sentences
            named += f"; and {len(rest)} more: " + ", ".join(problem.short for problem in rest)
        where = f"{source}: " if source else ""
        count = len(self.problems)
        super().__init__(f"{where}{count} problem{'s' if count != 1 else ''} in the review: {named}")


def excerpt(text: str, limit: int = EXCERPT) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit - 1].rstrip() + "…"


# ----------------------------------------------------------------- the original


@dataclass(frozen=True)
class _Reference:
    """The original alignment's sentences per language and each unit's indices."""

    sentences: Mapping[str, tuple[Original, ...]]
    unit_indices: tuple[Mapping[str, tuple[int, ...]], ...]

    @classmethod
    def of(cls, alignment: Alignment) -> _Reference:
        sentences: dict[str, list[Original]] = {lang: [] for lang in alignment.langs}
        unit_indices: list[dict[str, tuple[int, ...]]] = [{} for _ in alignment.units]
        for lang in alignment.langs:
            next_index = 0
            for position, unit in enumerate(alignment.units):
                segments = unit.segments.get(lang, ())
                indices = tuple(unit.indices.get(lang, ()))
                if len(indices) != len(segments):  # a TMX or table gives no indices: number them
                    indices = tuple(range(next_index, next_index + len(segments)))
                next_index = max((next_index, *(index + 1 for index in indices)))
                unit_indices[position][lang] = indices
                sentences[lang].extend(Original(text, index, unit.id) for text, index in zip(segments, indices))
        return cls({lang: tuple(found) for lang, found in sentences.items()}, tuple(unit_indices))


def original_sentences(alignment: Alignment) -> dict[str, tuple[Original, ...]]:
    """Every sentence of ``alignment`` per language, in unit order, with its index and unit."""
    return dict(_Reference.of(alignment).sentences)


# ----------------------------------------------------------------- matching every language


@dataclass(frozen=True)
class _Outcome:
    rows: tuple[ReviewRow, ...]
    matches: Mapping[str, LanguageMatch]
    problems: tuple[Problem, ...]


def _match_rows(rows: Sequence[ReviewRow], langs: Sequence[str], reference: _Reference) -> _Outcome:
    matches: dict[str, LanguageMatch] = {}
    problems: list[Problem] = []
    for lang in langs:
        cells = [row.text(lang) for row in rows]
        match = match_language(reference.sentences[lang], cells, spaced=not is_unspaced(lang),
                               units=[row.unit for row in rows])
        matches[lang] = match
        problems.extend(_problem(finding, lang, rows, reference.sentences[lang]) for finding in match.findings)
    return _Outcome(tuple(rows), matches, tuple(problems))


def _problem(finding: Finding, lang: str, rows: Sequence[ReviewRow], originals: Sequence[Original]) -> Problem:
    if finding.kind == LOST:
        assert finding.sentence is not None
        where: tuple[str, ...] = (f"unit {originals[finding.sentence].unit}",)
    else:
        where = tuple(rows[cell].label for cell in finding.cells)
    return Problem(lang, finding.kind, where, finding.text)


def _looks_sorted(rows: Sequence[ReviewRow]) -> bool:
    """True when the rows' unit numbers are not in increasing order (the sheet was sorted)."""
    numbers = [row.unit for row in rows if row.unit is not None]
    return any(later < earlier for earlier, later in zip(numbers, numbers[1:]))


def _restore_order(rows: Sequence[ReviewRow]) -> list[ReviewRow]:
    """The rows in unit-number order; a row without a number stays after the row above it."""
    keys: list[int] = []
    for row in rows:
        keys.append(row.unit if row.unit is not None else (keys[-1] if keys else 0))
    order = sorted(range(len(rows)), key=lambda position: keys[position])
    return [rows[position] for position in order]


def _outcome(original: Alignment, rows: Sequence[ReviewRow]) -> tuple[_Outcome, _Reference]:
    reference = _Reference.of(original)
    as_given = _match_rows(rows, original.langs, reference)
    if any(p.kind == OUT_OF_ORDER for p in as_given.problems) and _looks_sorted(rows):
        restored = _match_rows(_restore_order(rows), original.langs, reference)
        if len(restored.problems) < len(as_given.problems):
            return restored, reference
    return as_given, reference


def find_problems(original: Alignment, rows: Sequence[ReviewRow]) -> tuple[Problem, ...]:
    """Every problem of the review of ``original`` given as ``rows`` (none: it can be rebuilt)."""
    outcome, _ = _outcome(original, rows)
    return outcome.problems


def rebuild(original: Alignment, rows: Sequence[ReviewRow], *, source: str = "") -> Reviewed:
    """The alignment ``rows`` describe, checked against the ``original`` they were made from.

    :param source: the review file, for messages.
    :raises ReviewError: a sentence is lost, duplicated or out of order, or text is
        in no original sentence; the message names each unit and language.
    """
    outcome, reference = _outcome(original, rows)
    if outcome.problems:
        raise ReviewError(outcome.problems, source)
    return _Builder(original, reference, outcome).build()


# ----------------------------------------------------------------- building the units


class _Builder:
    """Makes the units of a clean outcome: ids, types, metadata, edits."""

    def __init__(self, original: Alignment, reference: _Reference, outcome: _Outcome) -> None:
        self.original = original
        self.outcome = outcome
        self.langs = original.langs
        self.by_key = {self._key(indices): unit for unit, indices in zip(original.units, reference.unit_indices)}
        self.owner = {(lang, index): unit for unit, indices in zip(original.units, reference.unit_indices)
                      for lang, held in indices.items() for index in held}
        self.next_id = max((unit.id for unit in original.units), default=0) + 1
        self.taken: set[int] = set()

    def _key(self, indices: Mapping[str, tuple[int, ...]]) -> tuple[tuple[int, ...], ...]:
        return tuple(tuple(indices.get(lang, ())) for lang in self.langs)

    def build(self) -> Reviewed:
        units: list[AlignmentUnit] = []
        unit_of_cell: dict[int, int] = {}
        for cell, row in enumerate(self.outcome.rows):
            segments = {lang: self.outcome.matches[lang].segments[cell] for lang in self.langs}
            if not any(segments.values()):
                continue
            unit = self._unit(row, segments)
            unit_of_cell[cell] = unit.id
            units.append(unit)
        alignment = Alignment(self.langs, tuple(units), self.original.documents, self.original.name,
                              self.original.signature)
        return Reviewed(alignment, self._changes(unit_of_cell))

    def _unit(self, row: ReviewRow, segments: Mapping[str, tuple[Segment, ...]]) -> AlignmentUnit:
        indices = {lang: tuple(i for segment in segments[lang] for i in segment.indices) for lang in self.langs}
        kept = self.by_key.get(self._key(indices))
        if kept is not None and kept.id not in self.taken:
            unit_id, metadata = kept.id, kept
        else:
            unit_id, metadata = self.next_id, self._merged_metadata(indices, row)
            self.next_id += 1
        self.taken.add(unit_id)
        return AlignmentUnit(
            id=unit_id,
            segments={lang: tuple(segment.text for segment in segments[lang]) for lang in self.langs},
            indices=indices,
            paragraph=row.paragraph or metadata.paragraph,
            type=relation_type(segments, self.langs),
            score=metadata.score,
            flagged=metadata.flagged,
            reasons=metadata.reasons,
            components=metadata.components,
            status=row.status,
            comment=row.comment,
            edited=tuple(lang for lang in self.langs
                         if lang in metadata.edited or any(segment.edited for segment in segments[lang])),
        )

    def _merged_metadata(self, indices: Mapping[str, tuple[int, ...]], row: ReviewRow) -> AlignmentUnit:
        """What a new unit inherits from the units its sentences came from."""
        sources = list({id(unit): unit for lang in self.langs for index in indices[lang]
                        if (unit := self.owner.get((lang, index))) is not None}.values())
        if not sources:
            return AlignmentUnit(0, {}, {}, score=row.score if row.score is not None else 1.0,
                                 flagged=bool(row.flagged))
        return AlignmentUnit(0, {}, {}, paragraph=sources[0].paragraph, score=min(u.score for u in sources),
                             flagged=any(u.flagged for u in sources),
                             edited=tuple(lang for lang in self.langs if any(lang in u.edited for u in sources)))

    def _changes(self, unit_of_cell: Mapping[int, int]) -> tuple[Change, ...]:
        """One change per unit and language, in unit order (an edit outweighs a split)."""
        found: dict[tuple[int, str], Change] = {}
        for lang in self.langs:
            for edit in self.outcome.matches[lang].edits:
                units = tuple(unit_of_cell[cell] for cell in edit.cells if cell in unit_of_cell)
                for unit in units:
                    change = Change(unit, lang, SPLIT, units) if edit.split else Change(unit, lang, EDITED)
                    if (unit, lang) not in found or change.kind == EDITED:
                        found[(unit, lang)] = change
        rank = {unit: position for position, unit in enumerate(unit_of_cell.values())}
        return tuple(sorted(found.values(), key=lambda change: (rank[change.unit], self.langs.index(change.lang))))


def relation_type(segments: Mapping[str, Sequence[Segment]], langs: Sequence[str]) -> str:
    """The relation type of a unit, ``2-1-2``: per language, the sentences it holds (an edited
    segment standing for the sentences it replaces, a split part for one)."""
    return "-".join(str(sum(max(1, len(segment.indices)) for segment in segments[lang])) for lang in langs)


# ----------------------------------------------------------------- rows with nothing to check against


def rows_to_alignment(rows: Sequence[ReviewRow], langs: Sequence[str], *, name: str = "", signature: str = "",
                      split: Splitter | None = None) -> Reviewed:
    """Every row with text as a unit, as it stands (no original to check against).

    A row keeps its unit number when it has one not used by an earlier row; the
    others are numbered after the largest.  The relation type counts the
    sentences ``split(lang, text)`` finds in each cell (one per non-empty cell without it).
    """
    numbers = [row.unit for row in rows if row.unit is not None and row.unit > 0]
    next_id = max(numbers, default=0) + 1
    taken: set[int] = set()
    units: list[AlignmentUnit] = []
    for row in rows:
        if row.is_empty:
            continue
        if row.unit is not None and row.unit > 0 and row.unit not in taken:
            unit_id = row.unit
        else:
            unit_id, next_id = next_id, next_id + 1
        taken.add(unit_id)
        units.append(_unit_as_it_stands(row, unit_id, langs, split))
    return Reviewed(Alignment(tuple(langs), tuple(units), name=name, signature=signature), checked=False)


def _unit_as_it_stands(row: ReviewRow, unit_id: int, langs: Sequence[str], split: Splitter | None) -> AlignmentUnit:
    texts = {lang: row.text(lang).strip() for lang in langs}
    segments = {lang: (tuple(split(lang, text)) if split else (text,)) if text else () for lang, text in texts.items()}
    return AlignmentUnit(
        id=unit_id,
        segments=segments,
        indices={lang: () for lang in langs},
        paragraph=row.paragraph,
        type="-".join(str(len(segments[lang])) for lang in langs),
        score=row.score if row.score is not None else 1.0,
        flagged=bool(row.flagged),
        status=row.status,
        comment=row.comment,
        edited=tuple(lang for lang in langs if lang in row.edited),
    )
