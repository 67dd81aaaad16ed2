"""CSV and TSV tables of an alignment, one row per unit.

Columns: ``unit, paragraph, <languages, pivot first>, status, comment, type,
score, flagged, edited``; a language cell holds the unit's sentences joined as
that language is written, ``status`` is ``auto``, ``confirmed`` or ``rejected``,
``score`` has two decimals, ``flagged`` is ``True``/``False`` and ``edited`` lists
the languages a reviewer changed (``en, ru``).

* ``.csv``: comma-separated, UTF-8 **with a byte-order mark** (without it Excel
  decodes UTF-8 as the local ANSI code page and garbles Chinese and Russian),
  CRLF between records and RFC 4180 quoting: a field holding a comma, a quote
  or a line break is quoted, quotes doubled, and line breaks inside a segment
  stay inside the quotes.
* ``.tsv``: tab-separated UTF-8 without a byte-order mark, LF between records
  and no quoting at all (the IANA ``text/tab-separated-values`` convention):
  every run of tabs and line breaks inside a segment becomes one space, so a
  field can never contain a tab or a newline.

Both are written as a stream: pandas writes :data:`CHUNK_ROWS` units at a time to
the same file, so the memory a table takes does not grow with the alignment's length.

In both, a cell that a spreadsheet would take for a formula (starting with
``= + - @``, or tab or carriage return, as OWASP lists) is prefixed with a single
quote ``'``, as OWASP advises against CSV injection; spreadsheets show such a
cell as text.  :func:`alignkit.sheets.unescape_formula` undoes it.

:func:`read_csv` and :func:`read_tsv` read such a table back, as a reviewer left
it, into a :class:`~alignkit.review.ReviewTable` (no original alignment: a table
cannot carry one safely, since deleting a row would delete it too; ``alignkit
convert --original`` names the file to check it against).  They accept what a
spreadsheet makes of the file when it saves it again: with or without the BOM,
CRLF or LF, ``;`` instead of ``,`` (Excel in many European locales), missing
``status``/``comment`` columns (an older file), extra columns (ignored).  The
formula escapes are undone.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd

from ..errors import InputFormatError, UnsupportedLanguageError
from ..fsutil import atomic_open
from ..langs import check_code
from ..model import Alignment, AlignmentUnit
from ..progress import Progress, Tally
from ..review import ReviewRow, ReviewTable, parse_languages, parse_status
from ..sheets import escape_formula, unescape_formula

NAME = "CSV/TSV table"
EXTENSIONS = (".csv", ".tsv")
#: :func:`write_csv` and :func:`write_tsv` write :data:`CHUNK_ROWS` units at a time and report their progress.
STREAMS = True
#: Units turned into a table and written at a time.
CHUNK_ROWS = 1000

_TSV_BREAKS = re.compile(r"[\t\r\n]+")
_HEADER_START = re.compile(r'\s*"?unit"?([,;\t])', re.IGNORECASE)


#: The columns besides the languages, in the order they are written.
FIXED_COLUMNS = ("unit", "paragraph", "status", "comment", "type", "score", "flagged", "edited")
#: Separators a spreadsheet may save a ``.csv`` with.
CSV_DELIMITERS = (",", ";", "\t")


def columns(alignment: Alignment) -> list[str]:
    """The header row: unit, paragraph, the languages, status, comment, type, score, flagged, edited."""
    return ["unit", "paragraph", *alignment.langs, "status", "comment", "type", "score", "flagged", "edited"]


def write(alignment: Alignment, path: Path, *, progress: Progress | None = None) -> list[Path]:
    """Write a TSV file when ``path`` ends in ``.tsv``, a CSV file otherwise."""
    if Path(path).suffix.lower() == ".tsv":
        return write_tsv(alignment, path, progress=progress)
    return write_csv(alignment, path, progress=progress)


def write_csv(alignment: Alignment, path: Path, *, progress: Progress | None = None) -> list[Path]:
    """Write ``alignment`` as comma-separated UTF-8 with BOM (for Excel), atomically, as a stream.

    :param progress: told the units written (:mod:`alignkit.progress`).
    """
    with atomic_open(path, "w", encoding="utf-8-sig", newline="") as handle:
        for number, frame in enumerate(_tables(alignment, escape_formula, progress)):
            frame.to_csv(handle, index=False, header=number == 0, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    return [Path(path)]


def write_tsv(alignment: Alignment, path: Path, *, progress: Progress | None = None) -> list[Path]:
    """Write ``alignment`` as tab-separated UTF-8 without quoting, atomically, as a stream.

    :param progress: told the units written (:mod:`alignkit.progress`).
    """
    with atomic_open(path, "w", encoding="utf-8", newline="") as handle:
        for number, frame in enumerate(_tables(alignment, lambda text: escape_formula(flatten_for_tsv(text)),
                                               progress)):
            frame.to_csv(handle, sep="\t", index=False, header=number == 0, lineterminator="\n",
                         quoting=csv.QUOTE_NONE)
    return [Path(path)]


def flatten_for_tsv(text: str) -> str:
    """``text`` with every run of tabs and line breaks replaced by one space."""
    return _TSV_BREAKS.sub(" ", text)


def _row(unit: AlignmentUnit, alignment: Alignment, clean: Callable[[str], str]) -> list[object]:
    texts = [clean(unit.text(lang)) for lang in alignment.langs]
    return [unit.id, clean(unit.paragraph), *texts, unit.status, clean(unit.comment), clean(unit.type),
            f"{unit.score:.2f}", unit.flagged, ", ".join(unit.edited)]


def _tables(alignment: Alignment, clean: Callable[[str], str], progress: Progress | None) -> Iterator[pd.DataFrame]:
    """The alignment's table in pieces of :data:`CHUNK_ROWS` units, made one at a time (one empty
    piece for no unit, for the header); ``progress`` told the units done."""
    header = columns(alignment)
    units = alignment.units
    tally = Tally(progress, "write", len(units))
    for start in range(0, max(1, len(units)), CHUNK_ROWS):
        chunk = units[start:start + CHUNK_ROWS]
        yield pd.DataFrame([_row(unit, alignment, clean) for unit in chunk], columns=header)
        tally.add(len(chunk))
    tally.finish()


# ------------------------------------------------------------------ reading


def read_csv(path: str | Path) -> ReviewTable:
    """Read a CSV table of an alignment (as written, or as a spreadsheet saved it again)."""
    path = Path(path)
    text = _decode(path)
    delimiter = _delimiter(text, path)
    return _review_table(path, text, delimiter, csv.QUOTE_MINIMAL)


def read_tsv(path: str | Path) -> ReviewTable:
    """Read a TSV table of an alignment (tabs, no quoting)."""
    path = Path(path)
    return _review_table(path, _decode(path), "\t", csv.QUOTE_NONE)


def read(path: str | Path) -> ReviewTable:
    """Read a TSV table when ``path`` ends in ``.tsv``, a CSV table otherwise."""
    return read_tsv(path) if Path(path).suffix.lower() == ".tsv" else read_csv(path)


def _decode(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputFormatError(path, f"cannot be read: {error.strerror or error}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputFormatError(path, f"is not UTF-8 text (byte {error.start}); save it as "
                                     "'CSV UTF-8' or 'Unicode (UTF-8)'") from None


def _delimiter(text: str, path: Path) -> str:
    """The separator after ``unit`` (quoted or not) on the header line."""
    found = _HEADER_START.match(text)
    if found:
        return found.group(1)
    raise InputFormatError(path, "the first line is not the header alignkit writes "
                                 "(unit, paragraph, the languages, status, comment, ...)", line=1)


def _review_table(path: Path, text: str, delimiter: str, quoting: int) -> ReviewTable:
    import io

    try:
        frame = pd.read_csv(io.StringIO(text), sep=delimiter, quoting=quoting, dtype=str, keep_default_na=False,
                            na_filter=False, skip_blank_lines=True)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, csv.Error) as error:
        raise InputFormatError(path, f"is not a table alignkit can read: {str(error).strip()}") from None
    header = [str(name).strip() for name in frame.columns]
    frame.columns = header
    langs = _languages(header, path)
    rows = [_review_row(record, number, langs, path) for number, record in enumerate(frame.to_dict("records"), start=2)]
    return ReviewTable(str(path), langs, tuple(row for row in rows if row is not None))


def _languages(header: list[str], path: Path) -> tuple[str, ...]:
    """The language columns: every column that is not one of :data:`FIXED_COLUMNS`, each a language code."""
    if not header or header[0].lower() != "unit":
        raise InputFormatError(path, "the header does not start with 'unit'", line=1)
    langs = tuple(name for name in header if name.lower() not in FIXED_COLUMNS and not name.startswith("Unnamed:"))
    for lang in langs:
        try:
            check_code(lang)
        except UnsupportedLanguageError:
            raise InputFormatError(path, f"the header's column {lang!r} is neither a language code nor one of "
                                         f"{', '.join(FIXED_COLUMNS)}", line=1) from None
    if not langs:
        raise InputFormatError(path, "the header names no language column", line=1)
    return langs


def _review_row(record: dict[str, str], number: int, langs: tuple[str, ...], path: Path) -> ReviewRow | None:
    values = {key.lower() if key.lower() in FIXED_COLUMNS else key: unescape_formula(value)
              for key, value in record.items()}
    if not any(value.strip() for value in values.values()):
        return None
    status = parse_status(values.get("status", ""))
    if status is None:
        raise InputFormatError(path, f"row {number}: status {values['status']!r} is not one of "
                                     "auto, confirmed, rejected")
    unit = values.get("unit", "").strip()
    score = values.get("score", "").strip()
    flagged = values.get("flagged", "").strip().lower()
    return ReviewRow(
        line=number,
        unit=int(unit) if unit.isdigit() and int(unit) > 0 else None,
        texts={lang: values.get(lang, "") for lang in langs},
        status=status,
        comment=values.get("comment", ""),
        paragraph=values.get("paragraph", ""),
        score=_float(score),
        flagged={"true": True, "false": False}.get(flagged),
        edited=parse_languages(values.get("edited", ""), langs),
    )


def _float(text: str) -> float | None:
    try:
        return float(text.replace(",", ".")) if text else None
    except ValueError:
        return None
