"""The high-level steps the CLI and library users call: load → segment → align → export.

Each function takes typed arguments (never CLI objects) and raises
:class:`~alignkit.errors.AlignkitError` subclasses for problems the user can fix.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from .align import align_documents
from .config import AlignConfig
from .errors import InputFormatError
from .export import check_target, export_alignment
from .langs import check_code
from .model import Alignment, Document
from .names import resolve_languages, symbol_from_path
from .readers import read_document
from .segment import get_segmenter, segment_document
from .text.decode import decode_bytes
from .text.numbering import label_paragraphs

if TYPE_CHECKING:
    from .terms import Glossary, TermReport

#: How many bytes of a file are read to guess its language from the script.
_SNIFF_BYTES = 64 * 1024


def load_document(
    path: str | os.PathLike[str],
    lang: str,
    *,
    encoding: str | None = None,
    presegmented: bool = False,
) -> Document:
    """Read one language version and split it into labelled paragraphs and sentences.

    :param path: the file to read (its extension chooses the reader).
    :param lang: its language code (``en``, ``zh``, ``ru``...).
    :param encoding: the text encoding, when it cannot be detected.
    :param presegmented: every line is one segment already (blank lines separate paragraphs).
    """
    lang = check_code(lang)
    if not presegmented:
        get_segmenter(lang)  # fail on an unsupported language before reading anything
    document = read_document(Path(path), lang, encoding=encoding, presegmented=presegmented)
    if presegmented:
        return document
    labelled = replace(document, paragraphs=tuple(label_paragraphs(document.paragraphs, lang)))
    return segment_document(labelled)


def guess_languages(paths: Sequence[Path], langs: Sequence[str] | None = None,
                    encoding: str | None = None) -> list[str]:
    """The language of each file, from ``langs``, the file names, or the text's script."""
    if langs:
        return resolve_languages(paths, langs)
    samples = {path: _sample_text(path, encoding) for path in paths}
    return resolve_languages(paths, None, samples)


def _sample_text(path: Path, encoding: str | None) -> str:
    """The start of a file as text, for script detection (errors surface later, when reading)."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(_SNIFF_BYTES)
        return decode_bytes(data, str(path), encoding, partial=True)[0]
    except (OSError, InputFormatError, UnicodeDecodeError):
        return ""


def align_files(
    paths: Sequence[str | os.PathLike[str]],
    *,
    langs: Sequence[str] | None = None,
    config: AlignConfig | None = None,
    encoding: str | None = None,
    glossary: Glossary | None = None,
) -> Alignment:
    """Load every language version of one document and align them to the pivot.

    :param paths: one file per language.
    :param langs: their languages in the same order; guessed from names or script when None.
    :param config: alignment settings (pivot, scorer, presegmented...); defaults when None.
    :param encoding: text encoding for all files, when it cannot be detected.
    :param glossary: its concepts found in both versions of a sentence anchor it.
    """
    config = config or AlignConfig()
    files = [Path(p) for p in paths]
    codes = guess_languages(files, langs, encoding)
    documents = [
        load_document(path, lang, encoding=encoding, presegmented=config.presegmented)
        for path, lang in zip(files, codes)
    ]
    alignment = align_documents(documents, config, glossary=glossary)
    symbol = symbol_from_path(files[codes.index(config.pivot)] if config.pivot in codes else files[0])
    return replace(alignment, name=symbol) if symbol else alignment


def write_outputs(alignment: Alignment, outputs: Sequence[str | os.PathLike[str]], *,
                  term_report: TermReport | None = None) -> list[Path]:
    """Export ``alignment`` to every output path (format by extension).

    Every target is checked before anything is written, so one bad ``-o``
    (a directory, an input file) leaves no other output behind.

    :param term_report: term findings to add to every .xlsx output (a column of
        findings per unit, and the findings and per-concept sheets).
    """
    for output in outputs:
        check_target(Path(output), alignment)
    written: list[Path] = []
    for output in outputs:
        if term_report is not None and Path(output).suffix.lower() == ".xlsx":
            written.extend(export_alignment(alignment, output, term_report=term_report))
        else:
            written.extend(export_alignment(alignment, output))
    return written
