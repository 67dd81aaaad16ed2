"""Glossary files: CSV, TSV and XLSX, and loading, saving or converting any format by extension.

CSV/TSV/XLSX layout (header row, then one row per concept)::

    id, en, zh, ru, forbidden_en, forbidden_zh, forbidden_ru, note, case_sensitive

A language column holds the approved term first, then the allowed variants,
separated by ``|``.  ``forbidden_<lang>`` holds variants that must not be used.
Every language column is optional per row (an empty cell: the concept is not
checked in that language), but a row must name a term in at least one language.

Reading is strict, so that no term is lost without a word: a CSV quote left
open, or closed with other text after it, is an error naming its line (Python's
lenient CSV reading would swallow every later row into one cell); an id or term
cell holding a line break, and text in a column without a header, are errors;
in an XLSX glossary a formula, an error value (``#N/A``) or a date is an error
naming the cell (only text, numbers and true/false are read), and the workbook
goes through :func:`alignkit.safexml.check_package` (no zip bomb, no DTD) before
openpyxl opens it.

The concepts read are :class:`~.concepts.Concept` objects in a
:class:`~.concepts.Glossary`; TBX files are read and written by :mod:`.tbx`,
which :data:`GLOSSARY_READERS` and :data:`GLOSSARY_WRITERS` name without
importing it.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import re
import warnings
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook

from .. import safexml
from ..errors import GlossaryError, InputFormatError
from ..formats import FormatRegistry
from ..fsutil import atomic_open, check_outputs, read_input
from ..sheets import HEADER_FONT, escape_formula, save_workbook, unescape_formula, write_row
from .concepts import Concept, Glossary, merge_glossaries

#: Separator between the approved term and its variants inside one cell.
TERM_SEPARATOR = "|"
FORBIDDEN_PREFIX = "forbidden_"
_META_COLUMNS = ("id", "note", "case_sensitive")
_LANG_CODE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})*$")
_TRUE = {"1", "true", "yes", "y", "x"}
_FALSE = {"", "0", "false", "no", "n"}
_LINE_BREAK = re.compile(r"[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]")
#: Most cells (empty ones included) read from an XLSX sheet: far beyond any glossary.
MAX_XLSX_CELLS = 5_000_000

#: Glossary extension → the function reading it (``read(path) -> Glossary``).
GLOSSARY_READERS = FormatRegistry("glossary format", {
    ".csv": "alignkit.terms.glossary:read_csv",
    ".tsv": "alignkit.terms.glossary:read_csv",
    ".xlsx": "alignkit.terms.glossary:read_xlsx",
    ".xlsm": "alignkit.terms.glossary:read_xlsx",
    ".tbx": "alignkit.terms.tbx:read_tbx",
    ".xml": "alignkit.terms.tbx:read_tbx",
}, function="read")
#: Glossary extension → the function writing it (``write(glossary, path)``).
GLOSSARY_WRITERS = FormatRegistry("glossary format", {
    ".csv": "alignkit.terms.glossary:write_csv",
    ".tsv": "alignkit.terms.glossary:write_csv",
    ".xlsx": "alignkit.terms.glossary:write_xlsx",
    ".xlsm": "alignkit.terms.glossary:write_xlsx",
    ".tbx": "alignkit.terms.tbx:write_tbx",
    ".xml": "alignkit.terms.tbx:write_tbx",
}, function="write")


# --------------------------------------------------------------------------- reading


def load_glossary(path: str | Path) -> Glossary:
    """Read a glossary from CSV, TSV, XLSX or TBX (chosen by the file extension).

    Raises :class:`GlossaryError` naming the file, the row (or line) and the problem.
    """
    path = Path(path)
    if not path.exists():
        raise GlossaryError(path, "no such file")
    if path.is_dir():
        raise GlossaryError(path, "is a directory, not a file")
    try:
        read = GLOSSARY_READERS.handler(path)
    except LookupError as error:
        raise GlossaryError(path, str(error)) from None
    glossary: Glossary = read(path)
    return glossary


def read_csv(path: Path) -> Glossary:
    """Read a CSV or TSV glossary (see the module docstring for the layout)."""
    return read_table(path, _csv_rows(path))


def read_xlsx(path: Path) -> Glossary:
    """Read the first sheet of an XLSX glossary (see the module docstring for the layout)."""
    return read_table(path, _xlsx_rows(path))


def load_glossaries(paths: Sequence[str | Path]) -> Glossary:
    """Read several glossaries and merge them (see :func:`merge_glossaries`)."""
    return merge_glossaries([load_glossary(p) for p in paths])


def _glossary_bytes(path: Path) -> bytes:
    """The file's bytes (bounded in size; see :func:`alignkit.fsutil.read_input`)."""
    try:
        return read_input(path)
    except InputFormatError as error:
        raise GlossaryError(path, error.reason) from None


def _decode(path: Path, data: bytes) -> str:
    if not data.strip():
        raise GlossaryError(path, "the file is empty")
    try:
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return data.decode("utf-16")
        if b"\x00" in data:
            raise GlossaryError(path, "binary file, not a CSV/TSV text file")
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise GlossaryError(path, f"not {error.encoding.upper()} text (byte {error.start}); "
                                  "save the file as UTF-8") from None


def _csv_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    """(line, cells) for every record, strictly: the line is where the record starts (the header: 1).

    :raises GlossaryError: a quote left open, or text after a closing quote, naming the
        line where the quoted cell opened.
    """
    text = _decode(path, _glossary_bytes(path))
    first_line = text.split("\n", 1)[0]
    if path.suffix.lower() == ".tsv":
        delimiter = "\t"
    else:
        delimiter = max(",;\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    start = 1
    try:
        for cells in reader:
            # CSV/TSV glossaries alignkit writes prefix formula-like cells with ' (sheets.escape_formula)
            yield start, [unescape_formula(cell.strip()) for cell in cells]
            start = reader.line_num + 1
    except csv.Error as error:
        raise GlossaryError(path, _csv_problem(str(error), start, reader.line_num), row=start) from None


def _csv_problem(error: str, start: int, end: int) -> str:
    """What a strict CSV error means for the user."""
    if "end of data" in error or "EOF" in error:
        return ('a quote (") opened on this line is never closed, so every later line would be swallowed; '
                'close it, or double a quote inside a cell ("")')
    if "expected after" in error:
        where = f"opened on this line and closed on line {end}" if end != start else "on this line"
        return (f'text follows a closing quote (") {where}: a stray quote? Quote whole cells only, '
                'and double a quote inside a cell ("")')
    return f"malformed CSV ({error})"


def _xlsx_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells) for every row of the first sheet, read strictly (see the module docstring)."""
    data = _glossary_bytes(path)
    try:
        safexml.check_package(data, path, kind="XLSX workbook")
    except InputFormatError as error:
        raise GlossaryError(path, error.reason) from None
    try:
        with warnings.catch_warnings():
            # Excel extensions openpyxl cannot read (data validation, slicers) do not matter here.
            warnings.simplefilter("ignore", UserWarning)
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except _XLSX_ERRORS as error:
        raise GlossaryError(path, f"not a readable XLSX workbook ({_xlsx_error(error)})") from None
    try:
        yield from _sheet_rows(path, workbook)
    except _XLSX_ERRORS as error:
        raise GlossaryError(path, f"its first sheet cannot be read ({_xlsx_error(error)})") from None
    finally:
        workbook.close()


def _sheet_rows(path: Path, workbook: Any) -> Iterator[tuple[int, list[str]]]:
    if not workbook.worksheets:
        raise GlossaryError(path, "the workbook has no worksheet")
    sheet = workbook.worksheets[0]
    sheet.reset_dimensions()  # the stored size may be wrong (or hostile): read the cells there are
    cells_read = 0
    for number, row in enumerate(sheet.iter_rows(), start=1):
        cells_read += len(row) + 1
        if cells_read > MAX_XLSX_CELLS:
            raise GlossaryError(path, f"the first sheet has more than {MAX_XLSX_CELLS:,} cells; "
                                      "a glossary is far smaller", row=number)
        yield number, [_cell_text(path, number, cell) for cell in row]


def _xlsx_error(error: BaseException) -> str:
    text = str(error) or type(error).__name__
    if type(error).__module__.startswith("defusedxml"):
        return f"its XML declares entities or a DTD, which alignkit refuses: {text}"
    return text.splitlines()[0][:200] if text.strip() else type(error).__name__


#: What openpyxl and the XML parsers under it raise for a damaged or hostile workbook
#: (defusedxml's refusals are ValueErrors; expat's ParseError is a SyntaxError).
_XLSX_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, KeyError, IndexError, OSError, EOFError,
                ValueError, TypeError, AttributeError, SyntaxError)


def _cell_text(path: Path, row: int, cell: Any) -> str:
    """A cell's text: text, numbers and true/false are read; a formula, an error value or a date is an error."""
    value = cell.value
    if value is None:
        return ""
    where = getattr(cell, "coordinate", f"row {row}")
    if cell.data_type == "f" or not isinstance(value, (str, int, float, bool)):
        if isinstance(value, (datetime.date, datetime.time, datetime.timedelta)):
            raise GlossaryError(path, f"cell {where} holds a date or time ({value}); glossary cells hold "
                                      "text: format the column as Text and type the term", row=row)
        raise GlossaryError(path, f"cell {where} holds a formula ({str(value)[:60]}); alignkit reads no "
                                  "formulas: replace it by its text (Paste Special > Values)", row=row)
    if cell.data_type == "e":
        raise GlossaryError(path, f"cell {where} holds the error value {value}; type the term instead",
                            row=row)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_table(path: str | Path, rows: Iterable[tuple[int, list[str]]]) -> Glossary:
    """Build a glossary from a header row and data rows (used for CSV, TSV and XLSX)."""
    rows = iter(rows)
    header_row = next((r for r in rows if any(c.strip() for c in r[1])), None)
    if header_row is None:
        raise GlossaryError(path, "the file has no header row")
    columns = _Columns.parse(Path(path), header_row[0], header_row[1])
    concepts: list[Concept] = []
    first_row_of: dict[str, int] = {}
    for number, cells in rows:
        if not any(cell.strip() for cell in cells):
            continue
        concept = columns.concept(cells, number)
        if concept.id in first_row_of:
            raise GlossaryError(path, f"duplicate id {concept.id!r} (first used on row "
                                      f"{first_row_of[concept.id]})", row=number, column="id")
        first_row_of[concept.id] = number
        concepts.append(concept)
    if not concepts:
        raise GlossaryError(path, "the glossary has a header but no concepts")
    return Glossary(tuple(concepts), columns.langs, (str(path),))


@dataclass(frozen=True)
class _Columns:
    """Where each field is in a glossary table."""

    path: Path
    header_row: int
    index: Mapping[str, int]
    langs: tuple[str, ...]

    @classmethod
    def parse(cls, path: Path, header_row: int, header: list[str]) -> _Columns:
        index: dict[str, int] = {}
        for position, raw in enumerate(header):
            name = raw.strip().lower().replace(" ", "_")
            if not name:
                continue
            if name in index:
                raise GlossaryError(path, f"column {name!r} appears twice", row=header_row)
            _check_column_name(path, header_row, name)
            index[name] = position
        langs = tuple(n for n in index if n not in _META_COLUMNS and not n.startswith(FORBIDDEN_PREFIX))
        if "id" not in index:
            raise GlossaryError(path, "missing column 'id' (one unique id per concept)", row=header_row)
        if not langs:
            raise GlossaryError(path, "missing language column: add one column per language code "
                                      "(en, zh, ru...)", row=header_row)
        for name in index:
            lang = name[len(FORBIDDEN_PREFIX):]
            if name.startswith(FORBIDDEN_PREFIX) and lang not in langs:
                raise GlossaryError(path, f"column {name!r} has no language column {lang!r}",
                                    row=header_row)
        return cls(path, header_row, index, langs)

    def cell(self, cells: list[str], name: str) -> str:
        position = self.index.get(name)
        if position is None or position >= len(cells):
            return ""
        return cells[position].strip()

    def concept(self, cells: list[str], row: int) -> Concept:
        self._check_cells(cells, row)
        concept_id = self.cell(cells, "id")
        if not concept_id:
            raise GlossaryError(self.path, "empty id", row=row, column="id")
        terms = {lang: self._terms(cells, lang, row) for lang in self.langs}
        forbidden = {lang: self._terms(cells, FORBIDDEN_PREFIX + lang, row) for lang in self.langs}
        terms = {lang: t for lang, t in terms.items() if t}
        forbidden = {lang: t for lang, t in forbidden.items() if t}
        if not terms and not forbidden:
            raise GlossaryError(self.path, f"empty term: concept {concept_id!r} has no term in any "
                                           f"language column ({', '.join(self.langs)})", row=row)
        _check_overlap(self.path, row, terms, forbidden)
        return Concept(
            id=concept_id, terms=terms, forbidden=forbidden, note=self.cell(cells, "note"),
            case_sensitive=self._flag(cells, row), origin=str(self.path), row=row,
        )

    def _check_cells(self, cells: list[str], row: int) -> None:
        """No text is dropped: none in a column without a header, no line break in an id or term."""
        named = set(self.index.values())
        for position, cell in enumerate(cells):
            if position not in named and cell.strip():
                raise GlossaryError(self.path, f"column {position + 1} has text ({cell.strip()[:40]!r}) but no "
                                               "header; name the column or remove the text", row=row)
        for name, position in self.index.items():
            if name != "note" and position < len(cells) and _LINE_BREAK.search(cells[position].strip()):
                raise GlossaryError(self.path, "the cell holds a line break, but an id or a term is one line "
                                               '(in a CSV file: is a quote (") on this row left open?)',
                                    row=row, column=name)

    def _terms(self, cells: list[str], column: str, row: int) -> tuple[str, ...]:
        return split_terms(self.cell(cells, column), self.path, row, column)

    def _flag(self, cells: list[str], row: int) -> bool:
        value = self.cell(cells, "case_sensitive").lower()
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
        raise GlossaryError(self.path, f"case_sensitive must be true or false, not {value!r}",
                            row=row, column="case_sensitive")


def _check_column_name(path: Path, row: int, name: str) -> None:
    base = name[len(FORBIDDEN_PREFIX):] if name.startswith(FORBIDDEN_PREFIX) else name
    if name in _META_COLUMNS or _LANG_CODE.match(base):
        return
    raise GlossaryError(path, f"unknown column {name!r}: expected id, a language code (en, zh, ru...), "
                              "forbidden_<lang>, note or case_sensitive", row=row)


def split_terms(cell: str, path: str | Path, row: int | None, column: str) -> tuple[str, ...]:
    """The terms of one cell (``approved|variant|...``), without duplicates.

    An empty alternative (``a||b``, a trailing ``|``) is an error: it is almost
    always a typing slip, and an empty term would match everywhere.
    """
    if not cell.strip():
        return ()
    terms = [" ".join(part.split()) for part in cell.split(TERM_SEPARATOR)]
    if not all(terms):
        raise GlossaryError(path, f"empty term in {cell!r} (check the {TERM_SEPARATOR} separators)",
                            row=row, column=column)
    return tuple(dict.fromkeys(terms))


def _check_overlap(path: Path, row: int, terms: Mapping[str, tuple[str, ...]],
                   forbidden: Mapping[str, tuple[str, ...]]) -> None:
    for lang, bad in forbidden.items():
        both = set(bad) & set(terms.get(lang, ()))
        if both:
            raise GlossaryError(path, f"{sorted(both)[0]!r} is both allowed and forbidden",
                                row=row, column=FORBIDDEN_PREFIX + lang)


# --------------------------------------------------------------------------- writing


def save_glossary(glossary: Glossary, path: str | Path) -> Path:
    """Write ``glossary`` as CSV, TSV, XLSX or TBX (chosen by the extension), atomically."""
    path = Path(path)
    try:
        write = GLOSSARY_WRITERS.handler(path)
    except LookupError as error:
        raise GlossaryError(path, str(error)) from None
    write(glossary, path)
    return path


def convert_glossary(source: str | Path, target: str | Path) -> Glossary:
    """Read ``source`` and write it to ``target`` in the format of its extension (its folder
    created when missing, as for every output).

    :raises ExportError: ``target`` is ``source`` (by real path or a link), a folder, or unwritable.
    :raises GlossaryError: either format is unknown, or ``source`` is malformed.
    """
    check_outputs([target], [source])
    if not GLOSSARY_WRITERS.knows(Path(target)):
        raise GlossaryError(target, GLOSSARY_WRITERS.unknown(Path(target)))
    glossary = load_glossary(source)
    Path(target).parent.mkdir(parents=True, exist_ok=True)
    save_glossary(glossary, target)
    return glossary


def glossary_table(glossary: Glossary) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the CSV/XLSX layout (not yet escaped for spreadsheets)."""
    forbidden_langs = [lang for lang in glossary.langs if any(c.forbidden.get(lang) for c in glossary)]
    header = ["id", *glossary.langs, *(FORBIDDEN_PREFIX + lang for lang in forbidden_langs),
              "note", "case_sensitive"]
    rows = []
    for concept in glossary:
        cells = [concept.id]
        cells += [_join_terms(concept, concept.terms.get(lang, ())) for lang in glossary.langs]
        cells += [_join_terms(concept, concept.forbidden.get(lang, ())) for lang in forbidden_langs]
        cells += [concept.note, "true" if concept.case_sensitive else ""]
        rows.append(cells)
    return header, rows


def _join_terms(concept: Concept, terms: Sequence[str]) -> str:
    for term in terms:
        if TERM_SEPARATOR in term:
            raise GlossaryError(concept.origin, f"term {term!r} of {concept.id!r} contains "
                                f"{TERM_SEPARATOR!r}, which CSV/XLSX glossaries use as separator",
                                row=concept.row)
    return TERM_SEPARATOR.join(terms)


def write_csv(glossary: Glossary, path: Path) -> None:
    """Write ``glossary`` as CSV (TSV when ``path`` ends in ``.tsv``), atomically."""
    delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    header, rows = glossary_table(glossary)
    with atomic_open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter, lineterminator="\n")
        writer.writerow(header)
        writer.writerows([escape_formula(cell) for cell in row] for row in rows)


def write_xlsx(glossary: Glossary, path: Path) -> None:
    """Write ``glossary`` as an XLSX workbook, one sheet, atomically."""
    header, rows = glossary_table(glossary)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "glossary"
    for row_number, row in enumerate([header, *rows], start=1):
        write_row(sheet, row_number, row)
    for cell in sheet[1]:
        cell.font = HEADER_FONT
    sheet.freeze_panes = "B2"
    save_workbook(workbook, path)
