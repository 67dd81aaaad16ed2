"""Helpers shared by the export formats: which units have text, where outputs may go."""

from __future__ import annotations

from pathlib import Path

from ..fsutil import check_outputs
from ..model import Alignment, AlignmentUnit


def has_text(unit: AlignmentUnit, lang: str) -> bool:
    """True when ``unit`` holds some text in ``lang``."""
    return bool(unit.text(lang))


def check_target(path: Path, alignment: Alignment) -> None:
    """Refuse to write over a directory or over one of the alignment's input files
    (:func:`alignkit.fsutil.check_outputs`)."""
    check_outputs([path], [document.source for document in alignment.documents.values() if document.source])
