"""Group the files of a folder into documents by UN symbol and language.

The Official Document System names each language version after the document's
symbol and a language tag: ``S-2017-613-E.pdf``, ``S_2017_613_C.docx``,
``A-RES-71-1-R.txt``, ``A_HRC_35_2_EN.docx``.  The tag is the last part of the
name, after ``-``, ``_`` or ``.``: a UN language letter (A C E F R S) or an ISO
639-1 code.  The parts before it, separated by ``-`` or ``_``, are the parts of
the symbol; dots stay, since they belong to symbols (``A/72/L.1``,
``E/CN.4/2005/1``, ``S/2017/613/Add.1``).  A folder named after the symbol with
files named by language only (``S-2017-613/en.txt``) works too.

Nothing is guessed: a file whose name does not say both is reported as unpaired
with the reason, and so is a document found in one language only.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .errors import InputFormatError

#: UN official-language letters as printed in ODS file names and job numbers.
UN_LANGUAGE_LETTERS: Mapping[str, str] = {
    "A": "ar", "C": "zh", "E": "en", "F": "fr", "R": "ru", "S": "es",
}

#: ISO 639-1 codes (and common aliases) accepted as a name's language tag.
ISO_LANGUAGE_TAGS: Mapping[str, str] = {
    "ar": "ar", "zh": "zh", "en": "en", "fr": "fr", "ru": "ru", "es": "es",
    "de": "de", "it": "it", "ja": "ja", "ko": "ko", "pt": "pt", "uk": "uk",
    "cn": "zh", "ch": "zh",
}

#: The input formats batch processing reads.
DOCUMENT_EXTENSIONS = (".docx", ".pdf", ".txt")

_TAG_SPLIT = re.compile(r"^(?P<body>.+?)[-_.](?P<tag>[A-Za-z]{1,2})$")
_PART_SPLIT = re.compile(r"[-_]+")
#: First part of a symbol: the series letters (A, S, E, ST, CRC, UNEP...), possibly "CN.4"-like.
_SERIES = re.compile(r"^[A-Za-z]{1,10}(?:\.\d+)?$")
_PART = re.compile(r"^[A-Za-z0-9.()]+$")


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


@dataclass(frozen=True)
class NamedFile:
    """What a file name says: the document's symbol and the file's language."""

    symbol: str
    lang: str


def symbol_to_name(symbol: str) -> str:
    """A UN symbol made safe as a file name: every ``/`` becomes ``-``."""
    return symbol.replace("/", "-")


def symbol_from_path(path: str | os.PathLike[str]) -> str | None:
    """The UN symbol a file name carries (``S-2017-613-E.pdf`` → ``S/2017/613``), or None."""
    try:
        return parse_file_name(path).symbol
    except InputFormatError:
        return None


def language_from_tag(tag: str) -> str | None:
    """The ISO code for a file-name language tag (``E``, ``C``, ``EN``, ``zh``), or None."""
    if len(tag) == 1:
        return UN_LANGUAGE_LETTERS.get(tag.upper())
    return ISO_LANGUAGE_TAGS.get(tag.lower())


def parse_file_name(path: str | os.PathLike[str]) -> NamedFile:
    """Read the symbol and language from a file's name (or, for ``en.txt``, its folder's).

    :raises InputFormatError: the name has no language tag or no symbol; the
        reason says which.
    """
    path = Path(path)
    stem = path.stem
    tag_only = language_from_tag(stem) if len(stem) == 2 else None
    if tag_only is not None:
        return NamedFile(_symbol_from_parts(path.parent.name, path), tag_only)
    match = _TAG_SPLIT.match(stem)
    if match is None:
        raise InputFormatError(path, "no language tag at the end of the name (like S-2017-613-E or _EN)")
    lang = language_from_tag(match["tag"])
    if lang is None:
        raise InputFormatError(path, f"{match['tag']!r} at the end of the name is not a language tag "
                                     "(UN letters A C E F R S or ISO codes such as en, zh, ru)")
    return NamedFile(_symbol_from_parts(match["body"], path), lang)


def _symbol_from_parts(body: str, path: Path) -> str:
    parts = [part for part in _PART_SPLIT.split(body) if part]
    if len(parts) < 2 or not _SERIES.match(parts[0]) or not all(_PART.match(p) for p in parts):
        raise InputFormatError(path, f"{body!r} is not a UN document symbol (like S-2017-613 or A_HRC_35_2)")
    if not any(char.isdigit() for char in body):
        raise InputFormatError(path, f"{body!r} is not a UN document symbol: it has no number")
    return "/".join([parts[0].upper(), *parts[1:]])


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
