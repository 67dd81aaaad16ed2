"""Helpers shared by the export formats: formula safety, XML-safe text, output targets."""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import ExportError
from ..model import Alignment, AlignmentUnit

#: Leading characters that make a spreadsheet treat a cell as a formula.  OWASP's
#: CSV-injection advice lists ``= + - @`` and also tab and carriage return.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

#: Prefix that tells Excel and LibreOffice "this cell is text" (OWASP advice).
TEXT_PREFIX = "'"

# Everything XML 1.0 forbids (its "Char" production): C0 controls other than
# tab, LF and CR, lone surrogates, U+FFFE and U+FFFF.
_XML_ILLEGAL = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def looks_like_formula(text: str) -> bool:
    """True when a spreadsheet would evaluate ``text`` (or offer to) as a formula."""
    return text.startswith(FORMULA_TRIGGERS)


def escape_formula(text: str) -> str:
    """Prefix ``text`` with a single quote when it would start a formula."""
    return TEXT_PREFIX + text if looks_like_formula(text) else text


def unescape_formula(text: str) -> str:
    """Undo :func:`escape_formula` (for readers of our CSV/TSV files)."""
    if text.startswith(TEXT_PREFIX) and looks_like_formula(text[1:]):
        return text[1:]
    return text


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot represent at all."""
    return _XML_ILLEGAL.sub("", text)


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
