"""An existing translation memory as an :class:`~alignkit.model.Alignment`, to check its terms.

The TMX is read with :func:`alignkit.export.tmx.read_tmx` (safe parsing, no
entity expansion).  The header's ``srclang`` becomes the pivot; every ``<tu>`` a
unit, keeping the ``x-paragraph`` and ``x-type`` props alignkit writes.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import InputFormatError
from ..export.tmx import TmxFile, read_tmx
from ..model import Alignment, AlignmentUnit


def alignment_from_tmx(path: str | Path) -> Alignment:
    """Read ``path`` and return its units as an alignment (pivot: the header's ``srclang``)."""
    path = Path(path)
    tmx = read_tmx(path)
    if not tmx.units:
        raise InputFormatError(path, "the translation memory has no <tu>")
    langs = _languages(tmx)
    units = tuple(
        AlignmentUnit(
            id=_unit_id(tu.tuid, number),
            segments={lang: (tu.texts[lang],) for lang in langs if tu.texts.get(lang, "").strip()},
            indices={lang: () for lang in langs},
            paragraph=tu.props.get("x-paragraph", ""),
            type=tu.props.get("x-type", ""),
        )
        for number, tu in enumerate(tmx.units, start=1)
    )
    name = tmx.props.get("x-document") or path.stem
    return Alignment(langs, units, name=name, signature=tmx.props.get("x-alignkit-signature", ""))


def _languages(tmx: TmxFile) -> tuple[str, ...]:
    """The source language first, then the others in order of appearance."""
    seen: list[str] = []
    source = tmx.srclang if tmx.srclang and tmx.srclang != "*all*" else ""
    if source:
        seen.append(source)
    for tu in tmx.units:
        seen.extend(lang for lang in tu.texts if lang not in seen)
    return tuple(seen)


def _unit_id(tuid: str, number: int) -> int:
    return int(tuid) if tuid.isdigit() else number
