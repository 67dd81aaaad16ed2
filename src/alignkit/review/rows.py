"""What a reviewer edits: one row per unit, and the table a review file holds.

A row is what a person can change in a review file: the text of each language's
cell, the status and the comment (and the paragraph label).  Everything else about
a unit — its sentences, their positions in the documents, its relation type, its
id — is worked out again from the rows by :func:`alignkit.review.rebuild`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..model import AUTO, STATUSES, Alignment


@dataclass(frozen=True)
class ReviewRow:
    """One row of a review file as the reviewer left it.

    :param line: where the row is in its file (spreadsheet row or CSV record, 1-based), for messages.
    :param unit: the number in its Unit cell, or None (a row the reviewer inserted).
    :param texts: the text of each language's cell, ``""`` when empty.
    :param status: one of :data:`alignkit.model.STATUSES`.
    :param comment: the reviewer's comment.
    :param paragraph: the paragraph label in the row.
    :param score: the unit's score as the file gives it, or None; used only when
        there is no original alignment to take it from.
    :param flagged: whether the file marks the unit flagged, or None; as ``score``.
    :param edited: the languages the file marks as edited in an earlier review; as ``score``.
    """

    line: int
    unit: int | None
    texts: Mapping[str, str]
    status: str = AUTO
    comment: str = ""
    paragraph: str = ""
    score: float | None = None
    flagged: bool | None = None
    edited: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """How messages name the row: ``unit 12``, or ``row 45`` for a row without a unit number."""
        return f"unit {self.unit}" if self.unit is not None else f"row {self.line}"

    def text(self, lang: str) -> str:
        """The text of the row's ``lang`` cell (``""`` when it has none)."""
        return self.texts.get(lang, "")

    @property
    def is_empty(self) -> bool:
        """True when no language cell holds text (such a row makes no unit)."""
        return not any(text.strip() for text in self.texts.values())


@dataclass(frozen=True)
class ReviewTable:
    """What a reader found in a review file (a workbook, CSV or TSV).

    :param source: the file, for messages.
    :param langs: the languages of its columns, pivot first.
    :param rows: the rows in file order.
    :param original: the alignment the file was written from, when the file carries
        it (alignkit's workbooks do, in hidden sheets); the rows are checked against it.
    :param name: the document's name, when the file gives it.
    :param signature: the settings that produced the alignment, when the file gives them.
    """

    source: str
    langs: tuple[str, ...]
    rows: tuple[ReviewRow, ...]
    original: Alignment | None = None
    name: str = ""
    signature: str = ""


def parse_status(value: object) -> str | None:
    """The status a cell holds (case and surrounding spaces ignored; empty is ``auto``), or
    None when it is not one of :data:`alignkit.model.STATUSES`."""
    text = "" if value is None else str(value).strip().lower()
    if not text:
        return AUTO
    return text if text in STATUSES else None


def rows_of(alignment: Alignment) -> tuple[ReviewRow, ...]:
    """The rows a reviewer is shown for ``alignment``: one per unit, in order."""
    return tuple(
        ReviewRow(line=position, unit=unit.id, texts={lang: unit.text(lang) for lang in alignment.langs},
                  status=unit.status, comment=unit.comment, paragraph=unit.paragraph,
                  score=unit.score, flagged=unit.flagged, edited=unit.edited)
        for position, unit in enumerate(alignment.units, start=1)
    )


def parse_languages(value: object, langs: tuple[str, ...]) -> tuple[str, ...]:
    """The languages of ``langs`` a cell lists (``"en, ru"``), in ``langs`` order."""
    listed = {part.strip() for part in str(value or "").replace(";", ",").split(",")}
    return tuple(lang for lang in langs if lang in listed)
