"""The plain-text reader and the reader registry."""

from __future__ import annotations

import codecs
import os
import subprocess
import sys
import types
from collections.abc import Callable
from pathlib import Path

import pytest

from alignkit.errors import InputFormatError
from alignkit.model import Document
from alignkit.readers import READERS, SUPPORTED_EXTENSIONS, read_document, reader_for, txt

SEED = Path(__file__).resolve().parent.parent / "texts" / "S-2017-613" / "en.txt"

RUSSIAN = (
    "Совместное заявление министерств иностранных дел Российской Федерации и Китайской "
    "Народной Республики по проблемам Корейского полуострова\n\n"
    "1. Стороны выражают серьезную обеспокоенность в связи с объявленным Корейской "
    "Народно-Демократической Республикой 4 июля 2017 года пуском баллистической ракеты.\n"
)


def test_reads_the_seed() -> None:
    document = txt.read(SEED, "en")
    assert isinstance(document, Document)
    assert (document.lang, document.name, document.encoding) == ("en", "S-2017-613", "utf-8")
    assert document.source == str(SEED)
    assert len(document.paragraphs) == 28
    assert document.paragraphs[0].kind == "heading"
    assert document.paragraphs[0].lines == (1, 5)
    assert document.paragraphs[-1].text == "Sergey Lavrov (signed)"
    assert all(p.sentences == () and p.label == "" for p in document.paragraphs)


def test_read_document_dispatches_by_extension() -> None:
    assert read_document(SEED, "en") == txt.read(SEED, "en")


@pytest.mark.parametrize(
    ("data", "encoding", "expected_encoding"),
    [
        (RUSSIAN.encode("cp1251"), None, "cp1251"),
        (RUSSIAN.encode("cp1251"), "cp1251", "cp1251"),
        (codecs.BOM_UTF16_LE + RUSSIAN.replace("\n", "\r\n").encode("utf-16-le"), None, "utf-16"),
        (codecs.BOM_UTF8 + RUSSIAN.encode("utf-8"), None, "utf-8-sig"),
    ],
)
def test_encodings(tmp_path: Path, data: bytes, encoding: str | None, expected_encoding: str) -> None:
    path = tmp_path / "ru.txt"
    path.write_bytes(data)
    document = txt.read(path, "ru", encoding=encoding)
    assert document.encoding == expected_encoding
    assert [p.text[:22] for p in document.paragraphs] == ["Совместное заявление м", "1. Стороны выражают се"]
    assert [p.kind for p in document.paragraphs] == ["heading", "body"]


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda tmp: tmp / "missing.txt", "file not found"),
        (lambda tmp: tmp, "is a directory"),
        (lambda tmp: _write(tmp / "empty.txt", b""), "file is empty"),
        (lambda tmp: _write(tmp / "blank.txt", b"\n  \n\t\n"), "file is empty"),
        (lambda tmp: _write(tmp / "binary.txt", b"\x00\x01\x02\x03binary"), "binary"),
        (lambda tmp: _write(tmp / "furniture.txt", b"17-12345 (E)\n\n3\n"), "no text"),
    ],
    ids=["missing", "directory", "empty", "blank", "binary", "only furniture"],
)
def test_errors(tmp_path: Path, setup: Callable[[Path], Path], message: str) -> None:
    path = setup(tmp_path)
    with pytest.raises(InputFormatError) as caught:
        txt.read(path, "en")
    assert message in str(caught.value)
    assert caught.value.path == str(path)


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path / "secret.txt", b"text")

    def refuse(*args: object, **kwargs: object) -> bytes:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("alignkit.fsutil.open", refuse, raising=False)
    with pytest.raises(InputFormatError, match=r"cannot be read \(Permission denied\); check its"):
        txt.read(path, "en")


def test_unknown_encoding_name(tmp_path: Path) -> None:
    path = _write(tmp_path / "en.txt", b"text")
    with pytest.raises(InputFormatError, match="unknown encoding 'klingon'"):
        txt.read(path, "en", encoding="klingon")


PRESEGMENTED = (
    "\ufeffFirst sentence.\r\n"
    "Second\u00a0sentence\u200b.\r\n"
    "\r\n"
    "17-12345 (E)\r\n"
    "  Third sentence, indented.  \r\n"
    "\r\n"
    "\r\n"
    "Fourth-\r\n"
    "line\u00ad\r\n"
)


def test_presegmented_lines_are_sentences(tmp_path: Path) -> None:
    path = _write(tmp_path / "doc.en.txt", PRESEGMENTED.encode("utf-8"))
    document = txt.read(path, "en", presegmented=True)
    assert [(p.sentences, p.text, p.lines) for p in document.paragraphs] == [
        (("First sentence.", "Second sentence."), "First sentence. Second sentence.", (1, 2)),
        (("17-12345 (E)", "Third sentence, indented."), "17-12345 (E) Third sentence, indented.", (4, 5)),
        (("Fourth-", "line"), "Fourth- line", (8, 9)),
    ]
    assert document.name == "doc"
    assert document.segments()[2].text == "17-12345 (E)"


def test_presegmented_chinese_paragraph_text_joins_without_spaces(tmp_path: Path) -> None:
    path = _write(tmp_path / "zh.txt", "第一句。\n第二句。\n".encode())
    (paragraph,) = txt.read(path, "zh", presegmented=True).paragraphs
    assert paragraph.sentences == ("第一句。", "第二句。")
    assert paragraph.text == "第一句。第二句。"


def test_presegmented_line_numbers_survive_normalisation(tmp_path: Path) -> None:
    lines = [f"Sentence {n}\u2028with a line separator\u00a0and\u0085next line." for n in range(1, 6)]
    path = _write(tmp_path / "en.txt", "\r".join(lines).encode("utf-8"))
    document = txt.read(path, "en", presegmented=True)
    (paragraph,) = document.paragraphs
    assert paragraph.lines == (1, 5)
    assert len(paragraph.sentences) == 5


def test_registry() -> None:
    assert {".text", ".txt"} <= set(SUPPORTED_EXTENSIONS)
    assert list(SUPPORTED_EXTENSIONS) == sorted(SUPPORTED_EXTENSIONS)
    assert txt.NAME == "text"
    assert set(txt.EXTENSIONS) <= set(SUPPORTED_EXTENSIONS)
    assert reader_for(Path("a.TXT")) == "alignkit.readers.txt"


@pytest.mark.parametrize("file_name", ["en", "notes.md", "S-2017-613.en", "data.csv"])
def test_text_without_a_known_extension_is_read_as_text(tmp_path: Path, file_name: str) -> None:
    path = _write(tmp_path / file_name, b"Article 1\n\nAll human beings are born free.\n")
    document = read_document(path, "en")
    assert [p.text for p in document.paragraphs] == ["Article 1", "All human beings are born free."]


@pytest.mark.parametrize(
    ("file_name", "data", "message"),
    [
        ("letter.odt", b"PK\x03\x04" + b"\x00" * 40, "is an OpenDocument text; save it as .docx"),
        ("scan.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "is a PNG image, not text"),
        ("letter.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 40, "is an old Word document"),
        ("archive.gz", b"\x1f\x8b\x08\x00" + b"\x00" * 40, "is gzip-compressed"),
        ("data.bin", b"\x01\x02\x03\x00" * 40, "unsupported file type '.bin'; alignkit reads .docx, .pdf"),
        ("report.dat", b"%PDF-1.7\n" + b"\x00" * 40, "is a PDF: name it .pdf"),
    ],
)
def test_binary_formats_are_refused_saying_what_they_are(
    tmp_path: Path, file_name: str, data: bytes, message: str
) -> None:
    path = _write(tmp_path / file_name, data)
    with pytest.raises(InputFormatError) as caught:
        read_document(path, "en")
    assert str(caught.value).startswith(f"{path}: {message}")
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("file_name", "words"),
    [
        ("memory.tmx", ["translation memory", "alignkit convert", "check --tmx"]),
        ("terms.tbx", ["glossary", "--glossary"]),
        ("book.xlsx", ["spreadsheet", "alignkit convert"]),
        ("page.html", ["web page", ".txt"]),
        ("page.htm", ["web page"]),
        ("beads.align", ["alignkit score"]),
    ],
)
def test_formats_that_are_not_running_text_are_refused_by_name(
    tmp_path: Path, file_name: str, words: list[str]
) -> None:
    """Text-like files alignkit knows are not texts to align are not read as text (tags aligned)."""
    path = _write(tmp_path / file_name, b'<?xml version="1.0"?><tmx><body><tu><tuv><seg>a</seg></tuv></tu></body></tmx>')
    with pytest.raises(InputFormatError) as caught:
        read_document(path, "en")
    message = str(caught.value)
    assert message.startswith(f"{path}: is ") and "\n" not in message
    assert all(word in message for word in words), message


def test_a_word_document_named_txt_is_named_for_what_it_is(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("The Council met.")
    path = tmp_path / "letter_en.txt"
    document.save(str(path))
    with pytest.raises(InputFormatError, match=r"letter_en\.txt: is a Word document \(a zip archive\): name it \.docx$"):
        read_document(path, "en")


@pytest.mark.parametrize("file_name", ["nope.txt", "nope.odt", "nope"])
def test_read_document_reports_a_missing_file(tmp_path: Path, file_name: str) -> None:
    with pytest.raises(InputFormatError, match="file not found"):
        read_document(tmp_path / file_name, "en")


def _write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_a_new_format_is_one_registry_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []

    def read(path: Path, lang: str, *, encoding: str | None = None, presegmented: bool = False) -> Document:
        calls.append((path, lang, encoding, presegmented))
        return Document(lang=lang, paragraphs=())

    monkeypatch.setitem(sys.modules, "fake_reader", types.SimpleNamespace(read=read))
    monkeypatch.setitem(READERS.entries, ".fake", "fake_reader")
    path = _write(tmp_path / "doc.FAKE", b"\x00binary")
    assert read_document(path, "zh", encoding="gb18030", presegmented=True) == Document("zh", ())
    assert calls == [(path, "zh", "gb18030", True)]


def test_readers_are_imported_only_when_used() -> None:
    code = "import sys, alignkit.readers; print('alignkit.readers.txt' in sys.modules)"
    src = Path(__file__).resolve().parent.parent / "src"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True,
        env={**os.environ, "PYTHONPATH": str(src)},
    )
    assert result.stdout.strip() == "False"
