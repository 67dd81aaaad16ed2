"""The review loop's core: a reviewer's rows checked against the alignment they came from, and rebuilt.

An alignment goes to a reviewer as rows, one per unit: the unit's text in every
language, a status (``auto``, ``confirmed``, ``rejected``) and a comment.  The
reviewer may move text between rows (merge two units, split one, shift a
sentence), insert and delete rows, sort them, fix a typo, set statuses and write
comments.  This package turns the rows back into an alignment, and refuses a
review that lost or doubled text.  It knows no file format: the spreadsheet
readers of :mod:`alignkit.export` make the rows, and an editor can make them too.

* :mod:`.rows` — :class:`ReviewRow` (what a reviewer can change, and where the row
  is), :class:`ReviewTable` (the rows of a file and the original alignment it
  carries), :func:`rows_of` (the rows to show for an alignment), :func:`parse_status` and
  :func:`parse_languages`.
* :mod:`.matching` — one language at a time, the original sentences found in the
  cells: verbatim, edited, split, lost, duplicated, out of order, added.
* :mod:`.rebuild` — :func:`rebuild` (rows + original → :class:`Reviewed`: the new
  alignment with stable ids and recounted relation types, and the :class:`Change`
  list to report), :func:`find_problems` (the same check without raising, for an
  editor validating a save), :class:`ReviewError`, and :func:`rows_to_alignment`
  for rows with no original to check against.
* :mod:`.select` — :func:`select_units` by status and score.

Typical use (an editor saving a reviewer's work)::

    rows = rows_of(alignment)             # show these; the reviewer edits them
    problems = find_problems(alignment, edited_rows)
    if not problems:
        reviewed = rebuild(alignment, edited_rows)
        for change in reviewed.changes:
            print(change.message)          # unit 37 ru: text edited
"""

from __future__ import annotations

from .matching import ADDED, DUPLICATED, LOST, OUT_OF_ORDER, normalise
from .rebuild import (
    EDITED,
    SPLIT,
    Change,
    Problem,
    Reviewed,
    ReviewError,
    Splitter,
    find_problems,
    original_sentences,
    rebuild,
    relation_type,
    rows_to_alignment,
)
from .rows import ReviewRow, ReviewTable, parse_languages, parse_status, rows_of
from .select import select_units

__all__ = [
    "ADDED", "DUPLICATED", "EDITED", "LOST", "OUT_OF_ORDER", "SPLIT",
    "Change", "Problem", "ReviewError", "ReviewRow", "ReviewTable", "Reviewed", "Splitter",
    "find_problems", "normalise", "original_sentences", "parse_languages", "parse_status", "rebuild", "relation_type",
    "rows_of", "rows_to_alignment", "select_units",
]
