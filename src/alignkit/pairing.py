"""Group the files of a folder into documents by UN symbol and language.

Each file's name is read by :func:`alignkit.names.parse_file_name`
(``S-2017-613-E.pdf``, ``S_2017_613_C.docx``, ``A_HRC_35_2_EN.docx``,
``S-2017-613/en.txt``).  Nothing is guessed: a file whose name does not say both is reported as unpaired
with the reason, and so is a document found in one language only.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .errors import InputFormatError
from .names import NamedFile, parse_file_name, symbol_to_name
from .readers import SUPPORTED_EXTENSIONS

#: The input formats batch processing reads: every format alignkit reads.
DOCUMENT_EXTENSIONS = SUPPORTED_EXTENSIONS


@dataclass(frozen=True)
class DocumentSet:
    """The language versions of one document found in a folder.

    :param symbol: the UN symbol, e.g. ``S/2017/613``.
    :param files_by_lang: one file per ISO language code.
    """

    symbol: str
    files_by_lang: Mapping[str, Path]

    @property
    def name(self) -> str:
        """The symbol as a file name: ``S/2017/613`` → ``S-2017-613``."""
        return symbol_to_name(self.symbol)

    @property
    def langs(self) -> tuple[str, ...]:
        """The languages found, sorted."""
        return tuple(sorted(self.files_by_lang))


@dataclass(frozen=True)
class UnpairedFile:
    """A file that could not be given to a document, and why."""

    path: Path
    reason: str


def find_documents(
    directory: str | os.PathLike[str],
    extensions: Iterable[str] = DOCUMENT_EXTENSIONS,
) -> tuple[list[DocumentSet], list[UnpairedFile]]:
    """Find the documents in ``directory`` (and its subfolders) by file name.

    Hidden files are ignored.  Returns the documents found in at least two
    languages, sorted by symbol, and every other file with the reason it was
    not paired: unsupported format, no symbol or language in the name, a second
    file for the same language, or the only language version of its document.

    :raises InputFormatError: ``directory`` is not a folder.
    """
    root = Path(directory)
    if not root.is_dir():
        raise InputFormatError(root, "is not a folder")
    wanted = {ext.lower() for ext in extensions}
    unpaired: list[UnpairedFile] = []
    groups: dict[str, list[tuple[NamedFile, Path]]] = {}
    for path in _visible_files(root):
        if path.suffix.lower() not in wanted:
            unpaired.append(UnpairedFile(path, f"not a supported format ({' '.join(sorted(wanted))})"))
            continue
        try:
            named = parse_file_name(path)
        except InputFormatError as error:
            unpaired.append(UnpairedFile(path, error.reason))
            continue
        groups.setdefault(named.symbol.casefold(), []).append((named, path))
    documents: list[DocumentSet] = []
    for members in groups.values():
        document, rejected = _pair(members)
        unpaired.extend(rejected)
        if document is not None:
            documents.append(document)
    documents.sort(key=lambda doc: doc.symbol.casefold())
    unpaired.sort(key=lambda item: str(item.path))
    return documents, unpaired


def _visible_files(root: Path) -> list[Path]:
    return sorted(
        path for path in root.rglob("*")
        if path.is_file() and not any(part.startswith(".") for part in path.relative_to(root).parts)
    )


def _pair(members: list[tuple[NamedFile, Path]]) -> tuple[DocumentSet | None, list[UnpairedFile]]:
    """One document from the files of one symbol; duplicates and lone files are rejected."""
    symbol = members[0][0].symbol
    by_lang: dict[str, list[Path]] = {}
    for named, path in members:
        by_lang.setdefault(named.lang, []).append(path)
    rejected: list[UnpairedFile] = []
    files: dict[str, Path] = {}
    for lang, paths in sorted(by_lang.items()):
        if len(paths) == 1:
            files[lang] = paths[0]
            continue
        names = ", ".join(p.name for p in paths)
        rejected.extend(UnpairedFile(p, f"several {lang} files for {symbol} ({names}); keep one") for p in paths)
    if len(files) < 2:
        rejected.extend(UnpairedFile(p, f"the only language version of {symbol} found") for p in files.values())
        return None, rejected
    return DocumentSet(symbol, files), rejected
