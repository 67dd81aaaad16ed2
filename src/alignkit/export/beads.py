"""Bead files in vecalign's format, for evaluating alignments against a gold standard.

One bead a line, the sentence indices of one language then the other's, each a
Python-style list: ``[0, 1]:[2]``, ``[3]:[]``, ``[]:[4]``.  The two sides are
in the order the files were given (``Alignment.input_order``), as vecalign's
own output and its gold files are: ``001.zh.txt 001.en.txt`` gives Chinese
indices first, whichever language is the pivot.  Indices are the
document-wide sentence indices of the units (0-based).  Units empty on both
sides of the pair are skipped.  vecalign's own output appends a cost
(``[0]:[0]:0.123``); :func:`read_align` accepts and ignores it.

With two languages the file is written where asked.  With more, one file per
non-pivot language is written beside it, named ``<stem>.<lang>.align``
(``out/x.align`` → ``out/x.zh.align``, ``out/x.ru.align``).  All of them are
written to temporary files first and renamed only once every one is complete.
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

from ..errors import ExportError, InputFormatError
from ..fsutil import atomic_open
from ..model import Alignment
from ._common import check_target

NAME = "vecalign bead file"
EXTENSIONS = (".align",)

Bead = tuple[tuple[int, ...], tuple[int, ...]]

_INDEX_LIST = r"\[\s*(\d+(?:\s*,\s*\d+)*)?\s*\]"
_BEAD_LINE = re.compile(rf"{_INDEX_LIST}:{_INDEX_LIST}(?::(.+))?")


def sides(alignment: Alignment, lang: str) -> tuple[str, str]:
    """The two languages of the bead file of the pivot and ``lang``, in the files' order."""
    pivot = alignment.pivot
    order = alignment.input_order
    return (lang, pivot) if order.index(lang) < order.index(pivot) else (pivot, lang)


def beads(alignment: Alignment, lang: str) -> list[Bead]:
    """The indices of every unit with a sentence on either side, for the pair of the pivot
    and ``lang``: (first side, second side) as :func:`sides` orders them."""
    first, second = sides(alignment, lang)
    pairs = ((tuple(u.indices.get(first, ())), tuple(u.indices.get(second, ()))) for u in alignment.units)
    return [(src, tgt) for src, tgt in pairs if src or tgt]


def format_bead(bead: Bead) -> str:
    """One line of a bead file, e.g. ``[0, 1]:[2]``."""
    src, tgt = bead
    return f"{list(src)}:{list(tgt)}"


def output_paths(alignment: Alignment, path: Path) -> dict[str, Path]:
    """Where the bead file of each non-pivot language goes."""
    others = alignment.langs[1:]
    if len(others) == 1:
        return {others[0]: path}
    suffix = path.suffix or ".align"
    return {lang: path.with_name(f"{path.stem}.{lang}{suffix}") for lang in others}


def write(alignment: Alignment, path: Path) -> list[Path]:
    """Write the bead file of the pivot and each other language, sides in the files' order; return them.

    :raises ExportError: the alignment has fewer than two languages, or a
        derived file name is a directory or an input document.
    """
    path = Path(path)
    if len(alignment.langs) < 2:
        raise ExportError(f"{path}: a bead file needs two languages; the alignment has {len(alignment.langs)}")
    targets = output_paths(alignment, path)
    for target in targets.values():
        check_target(target, alignment)
    with contextlib.ExitStack() as pending:
        for lang, target in targets.items():
            handle = pending.enter_context(atomic_open(target, "w", encoding="utf-8", newline="\n"))
            handle.writelines(format_bead(bead) + "\n" for bead in beads(alignment, lang))
    return list(targets.values())


def _indices(group: str | None) -> tuple[int, ...]:
    return tuple(int(index) for index in group.split(",")) if group else ()


def _parse_bead(line: str, path: Path, number: int) -> Bead:
    match = _BEAD_LINE.fullmatch(line.strip())
    if match is None:
        raise InputFormatError(path, f"not a bead line like '[0, 1]:[2]': {line.strip()[:60]!r}", line=number)
    src, tgt, cost = match.groups()
    if cost is not None:
        try:
            float(cost)
        except ValueError:
            raise InputFormatError(path, f"the cost after the bead is not a number: {cost!r}", line=number) from None
    return _indices(src), _indices(tgt)


def read_align(path: str | Path) -> list[Bead]:
    """Read a vecalign bead file into ``[(first side's indices, second side's), ...]``.

    Blank lines are skipped; a trailing ``:cost`` is ignored.

    :raises InputFormatError: the file cannot be read, or a line is malformed
        (the message gives its line number).
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputFormatError(path, f"cannot be read as UTF-8 text: {exc}") from exc
    return [
        _parse_bead(line, path, number)
        for number, line in enumerate(text.split("\n"), start=1)
        if line.strip()
    ]
