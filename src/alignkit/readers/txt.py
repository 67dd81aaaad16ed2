"""Plain-text reader: decode, normalise, rebuild paragraphs (or take lines as segments)."""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import InputFormatError
from ..model import Document, Paragraph, join_segments
from ..text.decode import decode_bytes
from ..text.layout import build_paragraphs
from ..text.normalize import normalize_text
from . import read_input_bytes

NAME = "text"
EXTENSIONS = (".txt", ".text")

#: Language codes stripped from file names to get the document id ("S-2017-613.en" → "S-2017-613").
_UN_LANGUAGES = frozenset({"ar", "en", "es", "fr", "ru", "zh", "de", "ja"})
_LANGUAGE_CODE = r"[A-Za-z]{2}(?:[-_](?:[A-Za-z]{2}|[A-Za-z]{4}))?"
_LANGUAGE_SUFFIX = re.compile(rf"(?P<name>.+?)[._\-](?P<lang>{_LANGUAGE_CODE})")


def read(path: Path, lang: str, *, encoding: str | None = None, presegmented: bool = False) -> Document:
    """Read a plain-text file into a :class:`~alignkit.model.Document`.

    :param lang: the text's language (decides how wrapped lines are joined).
    :param encoding: the text encoding; detected when ``None``.
    :param presegmented: every non-blank line is one sentence and blank lines
        separate paragraphs; nothing is joined or removed.
    :raises InputFormatError: missing, unreadable, empty, binary or undecodable file.
    """
    path = Path(path)
    text, used_encoding = decode_bytes(read_input_bytes(path), str(path), encoding)
    if presegmented:
        paragraphs = presegmented_paragraphs(normalize_text(text), lang)
    else:
        paragraphs = build_paragraphs(normalize_text(text, keep_line_final_soft_hyphens=True), lang)
    if not paragraphs:
        raise InputFormatError(
            path, "has no text besides page numbers and headers; check it is the right file"
        )
    return Document(
        lang=lang,
        paragraphs=tuple(paragraphs),
        source=str(path),
        encoding=used_encoding,
        name=document_name(path, lang),
    )


def presegmented_paragraphs(text: str, lang: str) -> list[Paragraph]:
    """One sentence per non-blank line, paragraphs separated by blank lines, lines numbered."""
    paragraphs: list[Paragraph] = []
    sentences: list[str] = []
    first = 0
    for number, line in enumerate(text.split("\n"), start=1):
        sentence = line.strip()
        if sentence:
            first = first if sentences else number
            sentences.append(sentence)
        elif sentences:
            paragraphs.append(_presegmented_paragraph(sentences, lang, first, number - 1))
            sentences = []
    if sentences:
        paragraphs.append(_presegmented_paragraph(sentences, lang, first, first + len(sentences) - 1))
    return paragraphs


def _presegmented_paragraph(sentences: list[str], lang: str, first: int, last: int) -> Paragraph:
    segments = tuple(sentences)
    return Paragraph(text=join_segments(lang, segments), lines=(first, last), sentences=segments)


def document_name(path: Path, lang: str = "") -> str:
    """The document id guessed from a path.

    ``texts/S-2017-613/en.txt`` → ``S-2017-613`` (the file is named after its
    language, so the folder names the document); ``S-2017-613.en.txt`` and
    ``S-2017-613_EN.txt`` → ``S-2017-613``.
    """
    languages = _UN_LANGUAGES | {lang.lower()}
    stem = Path(path).stem
    if _is_language(stem, languages):
        parent = Path(path).resolve().parent.name
        return parent or stem
    match = _LANGUAGE_SUFFIX.fullmatch(stem)
    if match and _is_language(match.group("lang"), languages):
        return match.group("name")
    return stem


def _is_language(code: str, languages: frozenset[str]) -> bool:
    """True when ``code`` is one of ``languages`` or a regional variant of one (``zh-CN``)."""
    return re.fullmatch(_LANGUAGE_CODE, code) is not None and code[:2].lower() in languages
