"""The alignment a review workbook was written from, kept in two hidden sheets.

A reviewer edits the first sheet; to check the review (no sentence lost or
doubled, which unit kept its id), the import needs the alignment as it was
written.  The workbook carries it in two hidden, protected sheets:

* **Sentences**: ``Language, Index, Unit, Text`` — every sentence of every
  language, in order, with its document-wide index and the id of its unit.  A
  sentence longer than a cell may hold is written over several rows with the same
  language, index and unit, and joined again on reading.
* **Units**: ``Unit, Paragraph, Type, Score, Flagged, Reasons, Components, Edited``
  — what each unit was besides its text (reasons and components as JSON).

The document, signature and languages are read from the Meta sheet.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from ..errors import InputFormatError
from ..model import Alignment, AlignmentUnit
from ..sheets import write_header, write_row
from ._fit import MAX_CELL_CHARACTERS

SENTENCES_SHEET = "Sentences"
UNITS_SHEET = "Units"
SENTENCE_COLUMNS = ("Language", "Index", "Unit", "Text")
UNIT_COLUMNS = ("Unit", "Paragraph", "Type", "Score", "Flagged", "Reasons", "Components", "Edited")


# ----------------------------------------------------------------- writing


def add_original(workbook: Workbook, alignment: Alignment) -> None:
    """Add the hidden Sentences and Units sheets for ``alignment`` to ``workbook``."""
    sentences = workbook.create_sheet(SENTENCES_SHEET)
    write_header(sentences, SENTENCE_COLUMNS)
    for row, values in enumerate(_sentence_rows(alignment), start=2):
        write_row(sentences, row, values)
    units = workbook.create_sheet(UNITS_SHEET)
    write_header(units, UNIT_COLUMNS)
    for row, unit in enumerate(alignment.units, start=2):
        write_row(units, row, _unit_row(unit))
    for sheet in (sentences, units):
        sheet.sheet_state = "hidden"
        sheet.protection.sheet = True


def _sentence_rows(alignment: Alignment) -> Iterable[tuple[str, int, int, str]]:
    for lang in alignment.langs:
        next_index = 0
        for unit in alignment.units:
            segments = unit.segments.get(lang, ())
            indices = tuple(unit.indices.get(lang, ()))
            if len(indices) != len(segments):
                indices = tuple(range(next_index, next_index + len(segments)))
            next_index = max((next_index, *(index + 1 for index in indices)))
            for text, index in zip(segments, indices):
                for start in range(0, max(1, len(text)), MAX_CELL_CHARACTERS):
                    yield lang, index, unit.id, text[start:start + MAX_CELL_CHARACTERS]


def _unit_row(unit: AlignmentUnit) -> tuple[object, ...]:
    return (unit.id, unit.paragraph, unit.type, unit.score, unit.flagged,
            json.dumps(list(unit.reasons), ensure_ascii=False),
            json.dumps(dict(unit.components), ensure_ascii=False), ", ".join(unit.edited))


# ----------------------------------------------------------------- reading


@dataclass
class _Sentence:
    lang: str
    index: int
    unit: int
    text: str


def read_original(workbook: Workbook, path: Path, langs: Sequence[str], name: str,
                  signature: str) -> Alignment | None:
    """The alignment the hidden sheets describe, or None when the workbook has none.

    :raises InputFormatError: one hidden sheet without the other, or a malformed row.
    """
    present = [title for title in (SENTENCES_SHEET, UNITS_SHEET) if title in workbook.sheetnames]
    if not present:
        return None
    if len(present) == 1:
        missing = UNITS_SHEET if present == [SENTENCES_SHEET] else SENTENCES_SHEET
        raise InputFormatError(path, f"has the hidden sheet {present[0]} but not {missing}; "
                                     "alignkit cannot check the review without both")
    sentences = _read_sentences(workbook[SENTENCES_SHEET], path, langs)
    units = tuple(_read_units(workbook[UNITS_SHEET], path, langs, sentences))
    return Alignment(tuple(langs), units, name=name, signature=signature)


def _rows(sheet: Worksheet, path: Path, columns: Sequence[str]) -> Iterable[tuple[int, tuple[Any, ...]]]:
    rows = sheet.iter_rows(values_only=True)
    header = tuple(str(value or "") for value in next(rows, ()))[:len(columns)]
    if header != tuple(columns):
        raise InputFormatError(path, f"the hidden sheet {sheet.title} has the header {', '.join(header)}; "
                                     f"expected {', '.join(columns)}")
    for number, values in enumerate(rows, start=2):
        if any(value is not None for value in values):
            yield number, tuple(values) + (None,) * (len(columns) - len(values))


def _integer(value: Any, sheet: str, row: int, column: str, path: Path) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != int(value):
        raise InputFormatError(path, f"the hidden sheet {sheet}, row {row}: {column} {value!r} is not a whole number")
    return int(value)


def _read_sentences(sheet: Worksheet, path: Path, langs: Sequence[str]) -> list[_Sentence]:
    sentences: list[_Sentence] = []
    for row, (lang, index, unit, text) in _rows(sheet, path, SENTENCE_COLUMNS):
        lang = str(lang or "")
        if lang not in langs:
            raise InputFormatError(path, f"the hidden sheet {SENTENCES_SHEET}, row {row}: language {lang!r} "
                                         f"is not one of the workbook's ({', '.join(langs)})")
        found = _Sentence(lang, _integer(index, SENTENCES_SHEET, row, "Index", path),
                          _integer(unit, SENTENCES_SHEET, row, "Unit", path), "" if text is None else str(text))
        last = sentences[-1] if sentences else None
        if last is not None and (last.lang, last.index, last.unit) == (found.lang, found.index, found.unit):
            last.text += found.text  # a long sentence continued on the next row
        else:
            sentences.append(found)
    return sentences


def _read_units(sheet: Worksheet, path: Path, langs: Sequence[str],
                sentences: Sequence[_Sentence]) -> Iterable[AlignmentUnit]:
    held: dict[int, list[_Sentence]] = {}
    for sentence in sentences:
        held.setdefault(sentence.unit, []).append(sentence)
    for row, values in _rows(sheet, path, UNIT_COLUMNS):
        unit_id, paragraph, kind, score, flagged, reasons, components, edited = values
        number = _integer(unit_id, UNITS_SHEET, row, "Unit", path)
        mine = held.get(number, [])
        yield AlignmentUnit(
            id=number,
            segments={lang: tuple(s.text for s in mine if s.lang == lang) for lang in langs},
            indices={lang: tuple(s.index for s in mine if s.lang == lang) for lang in langs},
            paragraph=str(paragraph or ""),
            type=str(kind or ""),
            score=float(score) if isinstance(score, (int, float)) else 1.0,
            flagged=bool(flagged),
            reasons=tuple(_json(reasons, list, row, path)),
            components=_json(components, dict, row, path),
            edited=tuple(lang.strip() for lang in str(edited or "").split(",") if lang.strip()),
        )


def _json(value: Any, kind: type, row: int, path: Path) -> Any:
    if value in (None, ""):
        return kind()
    try:
        parsed = json.loads(str(value))
    except json.JSONDecodeError:
        parsed = None
    if not isinstance(parsed, kind):
        raise InputFormatError(path, f"the hidden sheet {UNITS_SHEET}, row {row}: {value!r} is not a JSON "
                                     f"{'list' if kind is list else 'object'}")
    return parsed
