"""Readers: one module per input format, chosen by file extension and imported only when used.

Each reader module provides ``NAME``, ``EXTENSIONS`` and
``read(path, lang, *, encoding=None, presegmented=False) -> Document``: the
document's paragraphs (body or heading, with their source lines and, for Word
lists, their printed label), not yet segmented unless ``presegmented`` (a format
that carries its sentences sets ``SEGMENTED = True`` and always fills them in; the
pipeline then keeps them as they are).  To add
a format, write the module and add its extension to :data:`READERS`, e.g.
``".docx": "alignkit.readers.docx",``; ``tests/test_reader_contract.py`` then
checks it keeps the contract.

* :mod:`~alignkit.readers.txt` — plain text (``.txt``, ``.text`` and unknown
  extensions whose content is text): decoding, normalisation and paragraph
  layout come from :mod:`alignkit.text`.
* :mod:`~alignkit.readers.docx` — Word documents: the walk over body, tables,
  footnotes and endnotes, fields and tracked changes.
* :mod:`~alignkit.readers.docx_numbering` — Word's list numbering (the labels
  Word prints) and paragraph styles, for the Word reader.
* :mod:`~alignkit.readers.pdf` — PDFs with a text layer: lines from character
  positions, page furniture, footnotes, paragraphs.
* :mod:`~alignkit.readers.intertext` — InterText sentence files (``.xml``: ``<s>``
  in ``<p>``), read as presegmented documents; other XML is refused.

Formats alignkit knows are not running text (TMX, TBX, spreadsheets, web pages...)
are refused by extension with what to do instead (:data:`NOT_TEXT`), and a file
whose first bytes are a known binary signature is refused naming what it is
(a Word document or a PDF under another name).

This module dispatches (:func:`read_document`, :func:`reader_for`) and holds
what readers share (:func:`read_input_bytes`: every reader takes its bytes from
:func:`alignkit.fsutil.read_input`, so inputs are bounded in size and a pipe is
read once, whoever reads it first).
"""
from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from ..errors import InputFormatError
from ..formats import FormatRegistry
from ..fsutil import input_head, read_input
from ..model import Document
from ..text.decode import binary_kind, looks_binary

#: File extension → module that reads it (its ``read`` function).
READERS = FormatRegistry("input format", {
    ".txt": "alignkit.readers.txt",
    ".text": "alignkit.readers.txt",
    ".docx": "alignkit.readers.docx",
    ".pdf": "alignkit.readers.pdf",
    ".xml": "alignkit.readers.intertext",
}, function="read")

_SAVE_AS_TEXT = "save the text as .txt or .docx to align it"
#: Extensions of files that are not running text → what to do instead (the end of the error message;
#: ``{file}`` is the file).
NOT_TEXT: dict[str, str] = {
    ".tmx": "is a translation memory (TMX), not a text to align; convert it with `alignkit convert {file} -o "
            "OUT.xlsx`, or check its terms with `alignkit check --tmx {file} -g GLOSSARY`",
    ".tbx": "is a glossary (TBX), not a text to align; give it with --glossary (-g)",
    ".xlsx": "is a spreadsheet, not a text to align; convert an alignkit workbook with `alignkit convert`, "
             f"give a glossary with --glossary (-g), or {_SAVE_AS_TEXT}",
    ".xls": f"is an old Excel spreadsheet, not a text to align; {_SAVE_AS_TEXT}",
    ".ods": f"is a spreadsheet, not a text to align; {_SAVE_AS_TEXT}",
    ".html": f"is a web page, not plain text; {_SAVE_AS_TEXT}",
    ".htm": f"is a web page, not plain text; {_SAVE_AS_TEXT}",
    ".xhtml": f"is a web page, not plain text; {_SAVE_AS_TEXT}",
    ".doc": "is an old Word document; save it as .docx (or as plain text .txt)",
    ".odt": "is an OpenDocument text; save it as .docx (or as plain text .txt)",
    ".rtf": "is an RTF document; save it as .docx (or as plain text .txt)",
    ".jsonl": "is an alignment (JSONL), not a text to align; convert it with `alignkit convert`",
    ".align": "is an alignment (vecalign beads), not a text to align; score it with `alignkit score`",
}

#: The extensions alignkit reads, sorted.
SUPPORTED_EXTENSIONS: tuple[str, ...] = READERS.extensions

#: Extension whose reader reads files without an extension, or with an unknown one whose content is text.
TEXT_EXTENSION = ".txt"
#: How much of a file with an unknown extension is looked at to decide whether it is text.
_SNIFF_BYTES = 8192


def read_document(
    path: str | os.PathLike[str],
    lang: str,
    *,
    encoding: str | None = None,
    presegmented: bool = False,
) -> Document:
    """Read one language version of a document with the reader its extension selects.

    Files without an extension, and files with an unknown extension whose first
    bytes are text (``.md``, ``.csv``...), are read as plain text.

    :raises InputFormatError: missing or unreadable file, or an unsupported binary format.
    """
    path = Path(path)
    read = READERS.handler(_format_of(path))
    document: Document = read(path, lang, encoding=encoding, presegmented=presegmented)
    return document


def reader_for(path: Path) -> str:
    """The module path of the reader for ``path``."""
    module = READERS.module_name(_format_of(path))
    assert module is not None  # _format_of returns known extensions only
    return module


def _format_of(path: Path) -> str:
    """The extension whose reader reads ``path``: its own, or ``.txt`` for text under another."""
    suffix = path.suffix.lower()
    if READERS.knows(path):
        return suffix
    head = None if not suffix else _head(path)
    if suffix in NOT_TEXT and head is not None:
        raise InputFormatError(path, NOT_TEXT[suffix].format(file=path))
    if head is None or not looks_binary(head):
        return TEXT_EXTENSION
    raise InputFormatError(
        path,
        binary_kind(head) or f"unsupported file type {suffix!r}; alignkit reads {READERS.listing()} "
                             "(save or convert the file as plain text)",
    )


def read_input_bytes(path: Path, *, check_start: Callable[[bytes], None] | None = None) -> bytes:
    """The bytes of an input file, with a clear error when it cannot be read
    (see :func:`alignkit.fsutil.read_input`)."""
    return read_input(path, check_start=check_start)


def _head(path: Path) -> bytes | None:
    """The start of a file, to tell whether it is text; None when it cannot be read (the text
    reader then reports the problem with its usual message)."""
    try:
        return input_head(path, _SNIFF_BYTES)
    except InputFormatError:
        return None
