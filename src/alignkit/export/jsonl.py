"""JSON Lines: one JSON object per unit, one unit per line, UTF-8.

Keys, in this order: ``id``, ``document``, ``paragraph``, ``type``, ``score``,
``flagged``, ``reasons``, ``components`` (what the score was made of, e.g.
``{"zh.length_sigma": 0.4, "zh.anchors": 0.8}``; ``{}`` when the scorer gives
none), ``segments`` (``{lang: [sentences]}``), ``text``
(``{lang: sentences joined}``) and ``indices`` (``{lang: [sentence indices]}``);
every language of the alignment appears in the three maps, pivot first.
Non-ASCII text is written as is.  U+2028, U+2029 and U+0085, legal inside JSON
strings, are escaped so that tools splitting lines on them (Python's
``str.splitlines``, JavaScript) still see one unit per line.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..fsutil import atomic_open
from ..model import Alignment, AlignmentUnit

NAME = "JSON Lines"
EXTENSIONS = (".jsonl",)

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
        "segments": {lang: list(unit.segments.get(lang, ())) for lang in langs},
        "text": {lang: unit.text(lang) for lang in langs},
        "indices": {lang: list(unit.indices.get(lang, ())) for lang in langs},
    }


def unit_line(unit: AlignmentUnit, alignment: Alignment) -> str:
    """One line of the file (without its newline)."""
    line = json.dumps(unit_record(unit, alignment), ensure_ascii=False)
    return line.translate(_LINE_BREAK_ESCAPES)


def write(alignment: Alignment, path: Path) -> list[Path]:
    """Write ``alignment`` as JSON Lines at ``path`` (atomically)."""
    with atomic_open(path, "w", encoding="utf-8", newline="\n") as handle:
        for unit in alignment.units:
            handle.write(unit_line(unit, alignment) + "\n")
    return [Path(path)]
