"""Glossary files: CSV, TSV and XLSX, and loading, saving or converting any format by extension.

CSV/TSV/XLSX layout (header row, then one row per concept)::

    id, en, zh, ru, forbidden_en, forbidden_zh, forbidden_ru, note, case_sensitive

A language column holds the approved term first, then the allowed variants,
separated by ``|``.  ``forbidden_<lang>`` holds variants that must not be used.
Every language column is optional per row (an empty cell: the concept is not
checked in that language), but a row must name a term in at least one language.

The concepts read are :class:`~.concepts.Concept` objects in a
:class:`~.concepts.Glossary`; TBX files are read and written by :mod:`.tbx`,
which :data:`GLOSSARY_READERS` and :data:`GLOSSARY_WRITERS` name without
importing it.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import warnings
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook, load_workbook

from ..errors import GlossaryError
from ..formats import FormatRegistry
from ..fsutil import atomic_open
from ..sheets import HEADER_FONT, escape_formula, save_workbook, unescape_formula, write_row
from .concepts import Concept, Glossary, merge_glossaries

#: Separator between the approved term and its variants inside one cell.
TERM_SEPARATOR = "|"
FORBIDDEN_PREFIX = "forbidden_"
_META_COLUMNS = ("id", "note", "case_sensitive")
_LANG_CODE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})*$")
_TRUE = {"1", "true", "yes", "y", "x"}
_FALSE = {"", "0", "false", "no", "n"}

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
    if not path.is_file():
        raise GlossaryError(path, "no such file" if not path.exists() else "not a file")
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


def _decode(path: Path, data: bytes) -> str:
    if not data.strip():
        raise GlossaryError(path, "the file is empty")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    if b"\x00" in data:
        raise GlossaryError(path, "binary file, not a CSV/TSV text file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise GlossaryError(path, f"not UTF-8 text (byte {error.start}); save the file as UTF-8") from None


def _csv_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells) for every row; row numbers count lines, the header is row 1."""
    text = _decode(path, path.read_bytes())
    first_line = text.split("\n", 1)[0]
    if path.suffix.lower() == ".tsv":
        delimiter = "\t"
    else:
        delimiter = max(",;\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for cells in reader:
            yield reader.line_num, cells
    except csv.Error as error:
        raise GlossaryError(path, f"malformed CSV: {error}", row=reader.line_num) from None


def _xlsx_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells) for every row of the first sheet."""
    try:
        with warnings.catch_warnings():
            # Excel extensions openpyxl cannot read (data validation, slicers) do not matter here.
            warnings.simplefilter("ignore", UserWarning)
            workbook = load_workbook(path, read_only=False, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise GlossaryError(path, f"not a readable XLSX workbook ({error})") from None
    sheet = workbook.worksheets[0]
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        yield number, [_cell_text(value) for value in values]


def _cell_text(value: object) -> str:
    if value is None:
        return ""
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
        return unescape_formula(cells[position].strip())

    def concept(self, cells: list[str], row: int) -> Concept:
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
    created when missing, as for every output)."""
    if Path(source).resolve() == Path(target).resolve():
        raise GlossaryError(target, "the output is the input file; choose another name")
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
