"""CSV and TSV tables of an alignment, one row per unit.

Columns: ``unit, paragraph, <languages, pivot first>, type, score, flagged``;
a language cell holds the unit's sentences joined as that language is written,
``score`` has two decimals and ``flagged`` is ``True``/``False``.

* ``.csv``: comma-separated, UTF-8 **with a byte-order mark** (without it Excel
  decodes UTF-8 as the local ANSI code page and garbles Chinese and Russian),
  CRLF between records and RFC 4180 quoting: a field holding a comma, a quote
  or a line break is quoted, quotes doubled, and line breaks inside a segment
  stay inside the quotes.
* ``.tsv``: tab-separated UTF-8 without a byte-order mark, LF between records
  and no quoting at all (the IANA ``text/tab-separated-values`` convention):
  every run of tabs and line breaks inside a segment becomes one space, so a
  field can never contain a tab or a newline.

In both, a cell that a spreadsheet would take for a formula (starting with
``= + - @``, or tab or carriage return, as OWASP lists) is prefixed with a single
quote ``'``, as OWASP advises against CSV injection; spreadsheets show such a
cell as text.  :func:`alignkit.sheets.unescape_formula` undoes it.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from ..fsutil import atomic_path
from ..model import Alignment, AlignmentUnit
from ..sheets import escape_formula

NAME = "CSV/TSV table"
EXTENSIONS = (".csv", ".tsv")

_TSV_BREAKS = re.compile(r"[\t\r\n]+")


def columns(alignment: Alignment) -> list[str]:
    """The header row: unit, paragraph, the languages, type, score, flagged."""
    return ["unit", "paragraph", *alignment.langs, "type", "score", "flagged"]


def write(alignment: Alignment, path: Path) -> list[Path]:
    """Write a TSV file when ``path`` ends in ``.tsv``, a CSV file otherwise."""
    if Path(path).suffix.lower() == ".tsv":
        return write_tsv(alignment, path)
    return write_csv(alignment, path)


def write_csv(alignment: Alignment, path: Path) -> list[Path]:
    """Write ``alignment`` as comma-separated UTF-8 with BOM (for Excel), atomically."""
    frame = _table(alignment, escape_formula)
    with atomic_path(path) as tmp:
        frame.to_csv(tmp, index=False, encoding="utf-8-sig", lineterminator="\r\n",
                     quoting=csv.QUOTE_MINIMAL)
    return [Path(path)]


def write_tsv(alignment: Alignment, path: Path) -> list[Path]:
    """Write ``alignment`` as tab-separated UTF-8 without quoting, atomically."""
    frame = _table(alignment, lambda text: escape_formula(flatten_for_tsv(text)))
    with atomic_path(path) as tmp:
        frame.to_csv(tmp, sep="\t", index=False, encoding="utf-8", lineterminator="\n",
                     quoting=csv.QUOTE_NONE)
    return [Path(path)]


def flatten_for_tsv(text: str) -> str:
    """``text`` with every run of tabs and line breaks replaced by one space."""
    return _TSV_BREAKS.sub(" ", text)


def _row(unit: AlignmentUnit, alignment: Alignment, clean: Callable[[str], str]) -> list[object]:
    texts = [clean(unit.text(lang)) for lang in alignment.langs]
    return [unit.id, clean(unit.paragraph), *texts, clean(unit.type), f"{unit.score:.2f}", unit.flagged]


def _table(alignment: Alignment, clean: Callable[[str], str]) -> pd.DataFrame:
    rows = [_row(unit, alignment, clean) for unit in alignment.units]
    return pd.DataFrame(rows, columns=columns(alignment))
