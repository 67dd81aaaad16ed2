"""JSON Lines: one JSON object per unit, one unit per line, UTF-8.

Keys, in this order: ``id``, ``document``, ``paragraph``, ``type``, ``score``,
``flagged``, ``reasons``, ``components`` (what the score was made of, e.g.
``{"zh.length_sigma": 0.4, "zh.anchors": 0.8}``; ``{}`` when the scorer gives
none), ``status`` (``auto``, ``confirmed`` or ``rejected``), ``comment``,
``edited`` (the languages a reviewer changed), ``segments`` (``{lang:
[sentences]}``), ``text`` (``{lang: sentences joined}``) and ``indices``
(``{lang: [sentence indices]}``); every language of the alignment appears in the
three maps, pivot first.
Non-ASCII text is written as is.  U+2028, U+2029 and U+0085, legal inside JSON
strings, are escaped so that tools splitting lines on them (Python's
``str.splitlines``, JavaScript) still see one unit per line.

:func:`read` reads such a file back into an alignment (the ``segments`` and
``indices`` are taken as they are; ``text`` is not read).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..errors import InputFormatError
from ..fsutil import atomic_open
from ..model import STATUSES, Alignment, AlignmentUnit
from ..progress import Progress, Tally

NAME = "JSON Lines"
EXTENSIONS = (".jsonl",)
#: :func:`write` writes one unit at a time and reports its progress.
STREAMS = True

_LINE_BREAK_ESCAPES = str.maketrans({"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"})


def unit_record(unit: AlignmentUnit, alignment: Alignment) -> dict[str, Any]:
    """The JSON object written for ``unit``."""
    langs = alignment.langs
    return {
        "id": unit.id,
        "document": alignment.name,
        "paragraph": unit.paragraph,
        "type": unit.type,
        "score": unit.score,
        "flagged": unit.flagged,
        "reasons": list(unit.reasons),
        "components": dict(unit.components),
        "status": unit.status,
        "comment": unit.comment,
        "edited": list(unit.edited),
        "segments": {lang: list(unit.segments.get(lang, ())) for lang in langs},
        "text": {lang: unit.text(lang) for lang in langs},
        "indices": {lang: list(unit.indices.get(lang, ())) for lang in langs},
    }


def unit_line(unit: AlignmentUnit, alignment: Alignment) -> str:
    """One line of the file (without its newline)."""
    line = json.dumps(unit_record(unit, alignment), ensure_ascii=False)
    return line.translate(_LINE_BREAK_ESCAPES)


def write(alignment: Alignment, path: Path, *, progress: Progress | None = None) -> list[Path]:
    """Write ``alignment`` as JSON Lines at ``path`` (atomically, one unit at a time).

    :param progress: told the units written (:mod:`alignkit.progress`).
    """
    tally = Tally(progress, "write", len(alignment.units))
    with atomic_open(path, "w", encoding="utf-8", newline="\n") as handle:
        for unit in alignment.units:
            handle.write(unit_line(unit, alignment) + "\n")
            tally.add()
    tally.finish()
    return [Path(path)]


# ------------------------------------------------------------------ reading


def read(path: str | Path) -> Alignment:
    """Read a JSON Lines file written by :func:`write` into an alignment.

    :raises InputFormatError: unreadable, not UTF-8, a line that is not a JSON
        object with ``id`` and ``segments``, or no unit at all (the line is named).
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputFormatError(path, f"cannot be read as UTF-8 text: {error}") from None
    records = [(number, _record(line, path, number))
               for number, line in enumerate(text.split("\n"), start=1) if line.strip()]
    if not records:
        raise InputFormatError(path, "has no unit")
    units = tuple(_unit(record, path, number) for number, record in records)
    first = records[0][1]
    return Alignment(tuple(first["segments"]), units, name=str(first.get("document") or ""))


def _record(line: str, path: Path, number: int) -> dict[str, Any]:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise InputFormatError(path, f"not JSON: {error.msg}", line=number) from None
    if not isinstance(record, dict) or not isinstance(record.get("segments"), dict) \
            or not isinstance(record.get("id"), int):
        raise InputFormatError(path, "not a unit: a JSON object with an integer 'id' and 'segments' is expected",
                               line=number)
    return record


def _unit(record: dict[str, Any], path: Path, number: int) -> AlignmentUnit:
    status = record.get("status", "auto")
    if status not in STATUSES:
        raise InputFormatError(path, f"status {status!r} is not one of {', '.join(STATUSES)}", line=number)
    try:
        return AlignmentUnit(
            id=record["id"],
            segments={lang: tuple(str(s) for s in segments) for lang, segments in record["segments"].items()},
            indices={lang: tuple(int(i) for i in indices) for lang, indices in record.get("indices", {}).items()},
            paragraph=str(record.get("paragraph", "")),
            type=str(record.get("type", "")),
            score=float(record.get("score", 1.0)),
            flagged=bool(record.get("flagged", False)),
            reasons=tuple(str(reason) for reason in record.get("reasons", ())),
            components={str(k): float(v) for k, v in record.get("components", {}).items()},
            status=status,
            comment=str(record.get("comment", "")),
            edited=tuple(str(lang) for lang in record.get("edited", ())),
        )
    except (TypeError, ValueError, AttributeError) as error:
        raise InputFormatError(path, f"a field has the wrong type: {error}", line=number) from None
