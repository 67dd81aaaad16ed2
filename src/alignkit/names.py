"""What a file's name says: the document it belongs to and its language.

The Official Document System names each language version after the document's
symbol and a language tag: ``S-2017-613-E.pdf``, ``S_2017_613_C.docx``,
``A-RES-71-1-R.txt``, ``A_HRC_35_2_EN.docx``.  The tag is the last part of the
name, after ``-``, ``_`` or ``.``: a UN language letter (A C E F R S) or an ISO
639-1 code.  The parts before it, separated by ``-`` or ``_``, are the parts of
the symbol; dots stay, since they belong to symbols (``A/72/L.1``,
``E/CN.4/2005/1``, ``S/2017/613/Add.1``).  A folder named after the symbol with
files named by language only (``S-2017-613/en.txt``) works too.

Names that are not UN symbols still say something: ``novel.en.txt``,
``novel_EN.txt`` and ``en/novel.txt``... are read by :func:`language_from_filename`
and :func:`document_name` with the same rules, so the language a name gives and
the document name left without it always agree.

:func:`resolve_languages` decides the language of each input file: ``--langs``,
else its name, else the script of its text (:func:`alignkit.langs.detect_language`);
:func:`check_script` refuses a language given by ``--langs`` or a name that the
script of the text contradicts, and :func:`choose_pivot` picks the language the
others are aligned to.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import AlignkitError, InputFormatError
from .fsutil import system_path
from .langs import (
    ISO_LANGUAGE_TAGS,
    UN_LANGUAGE_LETTERS,
    base_code,
    check_code,
    detect_language,
    script_conflict,
)

_TAG_SPLIT = re.compile(r"^(?P<body>.+?)[-_.](?P<tag>[A-Za-z]{1,2})$")
_PART_SPLIT = re.compile(r"[-_]+")
#: First part of a symbol: the series letters (A, S, E, ST, CRC, UNEP...), possibly "CN.4"-like.
_SERIES = re.compile(r"^[A-Za-z]{1,10}(?:\.\d+)?$")
_PART = re.compile(r"^[A-Za-z0-9.()]+$")


#: An ISO language tag ending a name that is not a UN symbol, with a region or script
#: (``x-zh-CN``, ``x.zh_Hans``) or without (``en``, ``x.en``, ``x_EN``).
_TRAILING_TAGS = (
    re.compile(r"(?:^|[._-])(?P<tag>[A-Za-z]{2}[-_](?:[A-Za-z]{2}|[A-Za-z]{4}))$"),
    re.compile(r"(?:^|[._-])(?P<tag>[A-Za-z]{2})$"),
)


#: Where a file's language was decided: the ``--langs`` option, the file's name, the script of its text.
FROM_OPTION, FROM_NAME, FROM_SCRIPT = "--langs", "file name", "script"
#: The language a batch read from the file's name when it paired the files of a document
#: (:mod:`alignkit.pairing`): only renaming the file changes it.
FROM_PAIRING = "paired file name"
#: The language a pivot defaults to when a file is in it.
DEFAULT_PIVOT = "en"


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


def language_from_filename(path: str | os.PathLike[str]) -> str | None:
    """The language a file name gives, as an ISO code, or None.

    A UN name (:func:`parse_file_name`: ``S-2017-613-E.pdf``, ``A_HRC_35_2_EN.docx``)
    or, for other names, a trailing ISO code: ``en.txt``, ``x.en.txt``, ``x_EN.txt``,
    ``x.zh-CN.txt`` (the base language: ``zh``).
    """
    try:
        return parse_file_name(path).lang
    except InputFormatError:
        pass
    tag = _trailing_tag(Path(path).stem)
    return ISO_LANGUAGE_TAGS.get(tag[:2].lower()) if tag else None


def document_name(path: str | os.PathLike[str], lang: str = "") -> str:
    """The name of the document a file belongs to.

    ``S-2017-613-E.pdf`` and ``texts/S-2017-613/en.txt`` → ``S-2017-613`` (a UN
    symbol); ``novel.en.txt`` and ``novel_EN.txt`` → ``novel``; ``en/novel.txt`` and
    ``letter.txt`` keep their stem.  ``lang`` is one more code to strip (``x.de.txt``
    read as German).  ``-`` (standard input) is ``stdin``, as ``/dev/stdin`` is.
    """
    path = system_path(path)
    try:
        return symbol_to_name(parse_file_name(path).symbol)
    except InputFormatError:
        pass
    stem = path.stem
    tag = _trailing_tag(stem, lang)
    if tag is None:
        return stem
    if tag == stem:  # named after its language only: the folder names the document
        return path.resolve().parent.name or stem
    return stem[: -len(tag) - 1]


def _trailing_tag(stem: str, lang: str = "") -> str | None:
    """The language tag ending ``stem`` (an ISO code known here, or ``lang``), or None."""
    for pattern in _TRAILING_TAGS:
        match = pattern.search(stem)
        if match and (match["tag"][:2].lower() in ISO_LANGUAGE_TAGS or match["tag"][:2].lower() == lang[:2].lower()):
            return match["tag"]
    return None


def resolve_languages(
    paths: Sequence[Path], langs: Sequence[str] | None, sniff: dict[Path, str] | None = None
) -> list[str]:
    """The language of each file: ``langs`` if given, else the file name, else its script.

    ``sniff`` maps a path to a sample of its text for script detection.
    Raises :class:`AlignkitError` when a language cannot be told or two files share one.
    """
    if langs:
        if len(langs) != len(paths):
            raise AlignkitError(
                f"--langs names {len(langs)} language(s) for {len(paths)} file(s); give one per file"
            )
        result = [check_code(code) for code in langs]
    else:
        result = [_language_of(path, (sniff or {}).get(path, "")) for path in paths]
    seen: dict[str, Path] = {}
    for path, lang in zip(paths, result):
        if lang in seen:
            raise AlignkitError(_same_language(seen[lang], path, lang, given=bool(langs)))
        seen[lang] = path
    return result


def _same_language(first: Path, second: Path, lang: str, *, given: bool) -> str:
    """The message for two files in one language: ``given`` by ``--langs``, else found by name or script."""
    if given:
        return (f"--langs repeats the language {lang!r} (for {first} and {second}); "
                "give each file its own language, in the order of the files")
    return f"{first} and {second} are both in language {lang!r}; give one file per language (or set --langs)"


def _language_of(path: Path, sample: str) -> str:
    lang = language_from_filename(path) or detect_language(sample)
    if lang is None:
        raise AlignkitError(
            f"{path}: cannot tell its language from the file name or the text; "
            "name it like en.txt or x.zh.txt, or pass --langs"
        )
    return lang


def language_origin(path: Path, langs: Sequence[str] | None) -> str:
    """Where :func:`resolve_languages` takes ``path``'s language from: :data:`FROM_OPTION`,
    :data:`FROM_NAME` or :data:`FROM_SCRIPT`."""
    if langs:
        return FROM_OPTION
    return FROM_NAME if language_from_filename(path) is not None else FROM_SCRIPT


def check_script(path: str | os.PathLike[str], lang: str, text: str, origin: str) -> None:
    """Refuse ``lang`` for a file whose text is clearly in another script.

    A Chinese text given as ``ru`` (by ``--langs`` in the wrong order, or a misnamed file)
    would otherwise be aligned and exported as Russian.  A language found from the
    script itself (``origin`` :data:`FROM_SCRIPT`) is never refused.  The message offers
    the ways out of the command that took the language from ``origin``
    (:data:`FROM_PAIRING`: a batch, which can only be told by renaming the file).

    :raises InputFormatError: the script of ``text`` cannot be ``lang``'s; the message
        names the file, what the language was taken from, and the ways out.
    """
    script = script_conflict(lang, text) if origin != FROM_SCRIPT else None
    if script is None:
        return
    guess = detect_language(text)
    looks = f" (it looks like {guess})" if guess else ""
    raise InputFormatError(path, f"{_said(lang, origin)}, but the text is in {script} script{looks}; "
                                 f"{_ways_out(origin)}")


def _said(lang: str, origin: str) -> str:
    return f"given as {lang!r}" if origin == FROM_OPTION else f"the file name says {lang!r}"


def _ways_out(origin: str) -> str:
    """What the user can do about a language the script contradicts, with the options the
    command that took the language from ``origin`` has (a batch has neither --langs for the
    files nor --trust-langs: its languages come from the file names)."""
    if origin == FROM_PAIRING:
        return "rename the file (its language tag, as in S-2017-613-C.pdf for Chinese)"
    fix = ("check the languages given (--langs is in the order of the files)" if origin == FROM_OPTION
           else "rename the file or give --langs")
    return f"{fix}, or pass --trust-langs for a text that mixes scripts"


def choose_pivot(langs: Sequence[str], requested: str = "") -> str:
    """The language the others are aligned to: ``requested``, else English when a file is
    in English, else the first file's language.

    :raises AlignkitError: ``requested`` is not the language of any file.
    """
    if not langs:
        raise AlignkitError("no languages to choose a pivot from")
    if requested:
        pivot = check_code(requested)
        if pivot not in langs:
            raise AlignkitError(f"the pivot {pivot!r} is not the language of any file "
                                f"(languages: {', '.join(langs)}); give one of them, or leave the default")
        return pivot
    return next((lang for lang in langs if base_code(lang) == DEFAULT_PIVOT), langs[0])
