"""Export an :class:`~alignkit.model.Alignment` to the formats translators use.

The format is chosen by the output's extension.  Each format lives in its own
module, imported only when used (so ``openpyxl`` and ``pandas`` load only for the
spreadsheet formats).  Every format module exposes ``NAME`` (a human-readable
name), ``EXTENSIONS`` and ``write(alignment, path) -> list[Path]``; the registry
below maps each extension to ``"module:function"``, the function defaulting to
``write`` (the CSV module serves two extensions through two functions).

All outputs are written atomically: a failure never leaves a half-written file.

TMX, CSV/TSV and JSON Lines are written as a stream, unit by unit, so the
memory a write takes does not grow with the output; such a format module sets
``STREAMS = True`` and its writer takes ``progress`` (a callback of
:mod:`alignkit.progress`, told the units written).  A workbook is built whole
before it is saved (openpyxl keeps every cell, and the review workbook's row
heights and data validation need them).

* :mod:`~alignkit.export.tmx` — TMX 1.4b translation memories for CAT tools, and
  the safe TMX reader (:func:`~alignkit.export.tmx.read_tmx`,
  :func:`~alignkit.export.tmx.read_alignment`).
* :mod:`~alignkit.export.xlsx` — Excel workbooks for review (flagged units,
  scores, term findings when given).
* :mod:`~alignkit.export.csv` — CSV and TSV tables, one row per unit.
* :mod:`~alignkit.export.jsonl` — JSON Lines, one unit per line.
* :mod:`~alignkit.export.beads` — vecalign bead files (``.align``) and their
  reader :func:`~alignkit.export.beads.read_align`, used by :mod:`alignkit.eval`.
* :mod:`~alignkit.export._common` — what the writers share: which units have
  text, where an output may not go.

A new format is a module with ``NAME``, ``EXTENSIONS`` and ``write`` plus an entry
in :data:`WRITERS`; ``tests/test_export_contract.py`` then asks for its round trip.

Every format that can hold a whole alignment is read back too (:data:`READERS`,
:func:`read_file`): TMX and JSON Lines as an :class:`~alignkit.model.Alignment`,
the review tables (XLSX, CSV, TSV) as a :class:`~alignkit.review.ReviewTable` —
the rows as a reviewer left them, for :mod:`alignkit.review` to check and rebuild.
Bead files hold no text and are not read back.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from ..errors import ExportError, InputFormatError
from ..formats import FormatRegistry, normalise_extension
from ..model import Alignment
from ..progress import Progress, as_stage, report
from ._common import check_target

if TYPE_CHECKING:
    from ..review import ReviewTable

__all__ = ["READERS", "SUPPORTED_EXTENSIONS", "WRITERS", "check_target", "export_alignment", "format_module",
           "planned_outputs", "read_file", "writer_for"]

#: ``write(alignment, path, **options)``: the options are the format's own (see its module).
Writer = Callable[..., list[Path]]

#: Output extension → the module (and function, default ``write``) that writes it.
WRITERS = FormatRegistry("output format", {
    ".tmx": "alignkit.export.tmx",
    ".xlsx": "alignkit.export.xlsx",
    ".csv": "alignkit.export.csv:write_csv",
    ".tsv": "alignkit.export.csv:write_tsv",
    ".jsonl": "alignkit.export.jsonl",
    ".align": "alignkit.export.beads",
}, function="write")

#: The extensions :func:`export_alignment` understands, sorted.
SUPPORTED_EXTENSIONS: tuple[str, ...] = WRITERS.extensions

#: Alignment file extension → the function that reads it back: ``read(path)`` gives an
#: :class:`~alignkit.model.Alignment` (TMX, JSON Lines) or a :class:`~alignkit.review.ReviewTable`
#: (the review tables: XLSX, CSV, TSV).
READERS = FormatRegistry("alignment file", {
    ".tmx": "alignkit.export.tmx:read_alignment",
    ".xlsx": "alignkit.export.xlsx:read",
    ".csv": "alignkit.export.csv:read_csv",
    ".tsv": "alignkit.export.csv:read_tsv",
    ".jsonl": "alignkit.export.jsonl:read",
}, function="read")


def read_file(path: str | os.PathLike[str]) -> Alignment | ReviewTable:
    """Read an alignment file written by alignkit (or a TMX from another tool); the extension picks the format.

    :raises InputFormatError: unknown format, missing file, or malformed content.
    """
    source = Path(path)
    if not READERS.knows(source):
        raise InputFormatError(source, READERS.unknown(source))
    if not source.is_file():
        raise InputFormatError(source, "no such file" if not source.exists() else "is not a file")
    result: Alignment | ReviewTable = READERS.handler(source)(source)
    return result


def _unknown_format(extension: str, path: Path | None = None) -> ExportError:
    where = f"{path}: " if path is not None else ""
    return ExportError(where + WRITERS.unknown(extension))


def format_module(extension: str) -> ModuleType:
    """The module that writes ``extension`` (e.g. ``".tmx"``), imported on first use."""
    import importlib

    module_name = WRITERS.module_name(extension)
    if module_name is None:
        raise _unknown_format(extension)
    return importlib.import_module(module_name)


def writer_for(extension: str) -> Writer:
    """The write function for ``extension``, importing its module lazily."""
    try:
        return WRITERS.handler(extension)
    except LookupError:
        raise _unknown_format(extension) from None


def planned_outputs(path: Path, langs: Sequence[str]) -> list[Path]:
    """Every file that writing an alignment of ``langs`` (pivot first) to ``path`` makes:
    ``path``, or the files its format derives from it (a format module's optional
    ``output_paths_for(path, langs)``: bead files make one per language pair).

    :raises ExportError: unknown format.
    """
    derive = getattr(format_module(path.suffix.lower()), "output_paths_for", None)
    return list(derive(path, langs)) if derive is not None else [path]


def _prepare_directory(path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"{path}: cannot create directory {path.parent}: {exc.strerror or exc}") from exc


def export_alignment(alignment: Alignment, path: str | os.PathLike[str], *, fmt: str | None = None,
                     progress: Progress | None = None, **options: Any) -> list[Path]:
    """Write ``alignment`` to ``path`` and return the files written.

    :param fmt: the format as an extension (``"tsv"`` or ``".tsv"``); by default
        the extension of ``path``.
    :param progress: told the units written (stage ``write <path>``): unit by unit by
        the formats that stream, at the end by the others.
    :param options: passed on to the format's writer (``term_report`` for .xlsx,
        ``creation_date`` for .tmx).
    :raises ExportError: unknown format, ``path`` is a directory or an input
        document, or the file cannot be written.
    """
    target = Path(path)
    extension = normalise_extension(fmt) if fmt else target.suffix.lower()
    if not WRITERS.knows(extension):
        raise _unknown_format(extension, target)
    check_target(target, alignment)
    _prepare_directory(target)
    write = writer_for(extension)
    stage, units = f"write {target}", len(alignment.units)
    streams = getattr(format_module(extension), "STREAMS", False)
    if streams and progress is not None:
        options["progress"] = as_stage(progress, stage)
    else:
        report(progress, stage, 0, units)
    try:
        written: list[Path] = write(alignment, target, **options)
    except OSError as exc:
        raise ExportError(f"{target}: cannot write: {exc.strerror or exc}") from exc
    if not streams:
        report(progress, stage, units, units)
    return written
