"""Every reader in the registry keeps the same contract, whatever its format.

The tests are parametrised over :data:`alignkit.readers.READERS`: a new input
format must add a builder of a small valid file to ``BUILDERS`` below (and of a
valid file without text to ``EMPTY_BUILDERS``).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType

import docx
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph as Para
from reportlab.platypus import SimpleDocTemplate

from alignkit.errors import InputFormatError
from alignkit.model import Document
from alignkit.names import document_name
from alignkit.readers import READERS, SUPPORTED_EXTENSIONS, read_document, reader_for

#: The text every builder writes, one paragraph each.
PARAGRAPHS = (
    "Joint statement",
    "The Security Council met on 4 July 2017. It heard the statements of its members.",
    "The Council decided to remain actively seized of the matter.",
)
LANG = "en"


def _write_text(path: Path, paragraphs: Sequence[str]) -> None:
    path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")


def _write_docx(path: Path, paragraphs: Sequence[str]) -> None:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(str(path))


def _write_pdf(path: Path, paragraphs: Sequence[str]) -> None:
    style = ParagraphStyle("body", fontName="Helvetica", fontSize=11, leading=14, spaceAfter=10)
    document = SimpleDocTemplate(str(path), pagesize=A4)
    document.build([Para(text, style) for text in paragraphs])


def _write_blank_pdf(path: Path, paragraphs: Sequence[str]) -> None:
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.showPage()
    pdf.save()


def _write_intertext(path: Path, paragraphs: Sequence[str]) -> None:
    body = "".join(f'<p id="{n}"><s id="{n}:1">{text}</s></p>' for n, text in enumerate(paragraphs, start=1))
    path.write_text(f'<?xml version="1.0" encoding="utf-8"?><text>{body}</text>', encoding="utf-8")


Builder = Callable[[Path, Sequence[str]], object]

#: Extension → a function writing ``paragraphs`` as a small valid file of that format.
BUILDERS: dict[str, Builder] = {
    ".txt": _write_text,
    ".text": _write_text,
    ".docx": _write_docx,
    ".pdf": _write_pdf,
    ".xml": _write_intertext,
}
#: Extension → a function writing a valid file of that format with no text in it.
EMPTY_BUILDERS: dict[str, Builder] = {
    ".txt": lambda path, _: path.write_text("\n  \n\n", encoding="utf-8"),
    ".text": lambda path, _: path.write_text("\n  \n\n", encoding="utf-8"),
    ".docx": lambda path, _: _write_docx(path, ()),
    ".pdf": _write_blank_pdf,
    ".xml": lambda path, _: path.write_text("<text><p></p></text>", encoding="utf-8"),
}


def reader_module(extension: str) -> ModuleType:
    module_name = READERS.module_name(extension)
    assert module_name is not None
    return importlib.import_module(module_name)


def build(tmp_path: Path, extension: str) -> Path:
    path = tmp_path / f"statement{extension}"
    BUILDERS[extension](path, PARAGRAPHS)
    return path


def test_every_registered_format_has_builders() -> None:
    assert set(BUILDERS) == set(EMPTY_BUILDERS) == set(READERS.extensions) == set(SUPPORTED_EXTENSIONS)


@pytest.mark.parametrize("extension", SUPPORTED_EXTENSIONS)
def test_reader_module_declares_its_format(extension: str) -> None:
    module = reader_module(extension)
    assert isinstance(module.NAME, str) and module.NAME
    assert isinstance(module.EXTENSIONS, tuple) and extension in module.EXTENSIONS
    # Every extension the module claims is registered to it, and the registry calls its read.
    assert all(READERS.module_name(other) == module.__name__ for other in module.EXTENSIONS)
    assert READERS.handler(extension) is module.read


@pytest.mark.parametrize("extension", SUPPORTED_EXTENSIONS)
def test_reads_a_document(tmp_path: Path, extension: str) -> None:
    path = build(tmp_path, extension)
    assert reader_for(path) == reader_module(extension).__name__
    document = read_document(path, LANG)
    assert isinstance(document, Document)
    assert document.lang == LANG
    assert document.source == str(path)
    assert document.name and document.name == document_name(path, LANG)
    assert document.paragraphs
    assert all(paragraph.text.strip() for paragraph in document.paragraphs)
    if getattr(reader_module(extension), "SEGMENTED", False):  # the format carries its sentences
        assert all(paragraph.sentences for paragraph in document.paragraphs)
    else:
        assert all(paragraph.sentences == () for paragraph in document.paragraphs), "readers do not segment"
    text = " ".join(paragraph.text for paragraph in document.paragraphs)
    assert all(written in text for written in PARAGRAPHS), "nothing written is lost"


@pytest.mark.parametrize("extension", SUPPORTED_EXTENSIONS)
def test_presegmented_gives_sentences(tmp_path: Path, extension: str) -> None:
    document = read_document(build(tmp_path, extension), LANG, presegmented=True)
    assert document.paragraphs
    assert all(paragraph.sentences for paragraph in document.paragraphs)
    assert all(sentence.strip() for paragraph in document.paragraphs for sentence in paragraph.sentences)


@pytest.mark.parametrize("extension", SUPPORTED_EXTENSIONS)
def test_missing_file_names_the_path(tmp_path: Path, extension: str) -> None:
    path = tmp_path / f"missing{extension}"
    with pytest.raises(InputFormatError) as caught:
        read_document(path, LANG)
    assert caught.value.path == str(path)
    assert str(caught.value).startswith(str(path))


@pytest.mark.parametrize("extension", SUPPORTED_EXTENSIONS)
def test_empty_file_is_an_input_error(tmp_path: Path, extension: str) -> None:
    path = tmp_path / f"empty{extension}"
    path.write_bytes(b"")
    with pytest.raises(InputFormatError) as caught:
        read_document(path, LANG)
    assert caught.value.path == str(path)


@pytest.mark.parametrize("extension", SUPPORTED_EXTENSIONS)
def test_file_without_text_is_an_input_error(tmp_path: Path, extension: str) -> None:
    path = tmp_path / f"blank{extension}"
    EMPTY_BUILDERS[extension](path, PARAGRAPHS)
    with pytest.raises(InputFormatError) as caught:
        read_document(path, LANG)
    assert caught.value.path == str(path)
