"""Plain-text reader: decode, normalise, rebuild paragraphs (or take lines as segments)."""

from __future__ import annotations

from pathlib import Path

from ..errors import InputFormatError
from ..model import Document, Paragraph, join_segments
from ..names import document_name
from ..text.decode import check_text_start, decode_bytes
from ..text.normalize import normalize_text
from . import read_input_bytes

NAME = "text"
EXTENSIONS = (".txt", ".text")


def read(path: Path, lang: str, *, encoding: str | None = None, presegmented: bool = False) -> Document:
    """Read a plain-text file into a :class:`~alignkit.model.Document`.

    :param lang: the text's language (decides how wrapped lines are joined).
    :param encoding: the text encoding; detected when ``None``.
    :param presegmented: every non-blank line is one sentence and blank lines
        separate paragraphs; nothing is joined or removed.
    :raises InputFormatError: missing, unreadable, empty, binary, undecodable or too large
        a file (binary data is refused from its first bytes).
    """
    path = Path(path)
    data = read_input_bytes(path, check_start=lambda head: check_text_start(head, str(path), encoding))
    text, used_encoding = decode_bytes(data, str(path), encoding)
    if presegmented:
        paragraphs = presegmented_paragraphs(normalize_text(text), lang)
    else:
        from ..text.layout import build_paragraphs  # the layout heuristics, only when lines are joined

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
