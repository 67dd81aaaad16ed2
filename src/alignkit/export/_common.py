"""Helpers shared by the export formats: which units have text, where outputs may go."""

from __future__ import annotations

from pathlib import Path

from ..errors import ExportError
from ..model import Alignment, AlignmentUnit


def has_text(unit: AlignmentUnit, lang: str) -> bool:
    """True when ``unit`` holds some text in ``lang``."""
    return bool(unit.text(lang))


def check_target(path: Path, alignment: Alignment) -> None:
    """Refuse to write over a directory or over one of the alignment's input files."""
    if path.is_dir():
        raise ExportError(f"{path}: is a directory; give a file name such as {path / 'alignment.tmx'}")
    if not path.exists():
        return
    for document in alignment.documents.values():
        source = Path(document.source) if document.source else None
        if source is not None and source.exists() and source.samefile(path):
            raise ExportError(
                f"{path}: refusing to overwrite the {document.lang} input document; choose another output name"
            )
