"""Bytes → text: byte-order marks, strict UTF-8, legacy encodings, and the errors users see."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

import pytest

from alignkit.errors import InputFormatError
from alignkit.text.decode import check_text_start, decode_bytes, looks_binary

SAMPLE_ZH = Path(__file__).resolve().parent.parent / "texts" / "S-2017-613" / "zh.txt"

ENGLISH = "Letter dated 17 July 2017 from the representatives of China and the Russian Federation\n"
RUSSIAN = (
    "Письмо представителей Китая и Российской Федерации при Организации Объединенных Наций "
    "от 17 июля 2017 года на имя Генерального секретаря.\n"
    "Имеем честь настоящим препроводить совместное заявление министерств иностранных дел "
    "Китая и России по проблемам Корейского полуострова, подписанное в Москве 4 июля 2017 года.\n"
)
CHINESE = (
    "双方对朝鲜民主主义人民共和国2017年7月4日宣布发射弹道导弹表示严重关切，认为此举严重违反安理会有关决议。\n"
    "中俄两国将密切协调，不遗余力地推动一揽子解决朝鲜半岛问题。\n"
)
TRADITIONAL_CHINESE = (
    "雙方對朝鮮民主主義人民共和國2017年7月4日宣布發射彈道導彈表示嚴重關切，"
    "認為這嚴重違反安理會有關決議的要求。\n"
)
JAPANESE = (
    "国際連合の目的は、国際の平和及び安全を維持すること。そのために、平和に対する脅威の防止及び除去と"
    "侵略行為その他の平和の破壊の鎮圧とのため有効な集団的措置をとること。\n"
)
FRENCH = (
    "Lettre datée du 17 juillet 2017, adressée au Secrétaire général par les représentants de la Chine "
    "et de la Fédération de Russie auprès de l’Organisation des Nations Unies. Nous avons l’honneur de "
    "vous faire tenir ci-joint la déclaration conjointe, signée à Moscou le 4 juillet 2017. Nous vous "
    "serions reconnaissants de bien vouloir faire distribuer le texte de la présente lettre et de son "
    "annexe comme document du Conseil de sécurité. Le Chargé d’affaires a.i. — très élevé, façade.\n"
) * 3

DETECTED = [
    # (name, bytes, expected text, expected encoding)
    ("ascii", ENGLISH.encode("ascii"), ENGLISH, "utf-8"),
    ("utf-8", RUSSIAN.encode("utf-8"), RUSSIAN, "utf-8"),
    ("utf-8 with bom", codecs.BOM_UTF8 + CHINESE.encode("utf-8"), CHINESE, "utf-8-sig"),
    ("utf-16-le with bom", codecs.BOM_UTF16_LE + RUSSIAN.encode("utf-16-le"), RUSSIAN, "utf-16"),
    ("utf-16-be with bom", codecs.BOM_UTF16_BE + CHINESE.encode("utf-16-be"), CHINESE, "utf-16"),
    ("utf-32-le with bom", codecs.BOM_UTF32_LE + ENGLISH.encode("utf-32-le"), ENGLISH, "utf-32"),
    ("utf-32-be with bom", codecs.BOM_UTF32_BE + RUSSIAN.encode("utf-32-be"), RUSSIAN, "utf-32"),
    ("cp1251", RUSSIAN.encode("cp1251"), RUSSIAN, "cp1251"),
    ("koi8-r", RUSSIAN.encode("koi8-r"), RUSSIAN, "koi8-r"),
    ("gb18030", CHINESE.encode("gb18030"), CHINESE, "gb18030"),
    ("big5", TRADITIONAL_CHINESE.encode("big5"), TRADITIONAL_CHINESE, "big5"),
    ("shift_jis", JAPANESE.encode("shift_jis"), JAPANESE, "cp932"),
    ("cp1252", FRENCH.encode("cp1252"), FRENCH, "cp1252"),
]


@pytest.mark.parametrize(("name", "data", "text", "encoding"), DETECTED, ids=[case[0] for case in DETECTED])
def test_encoding_is_detected(name: str, data: bytes, text: str, encoding: str) -> None:
    assert decode_bytes(data, "in.txt") == (text, encoding)


EXPLICIT = [
    ("cp1251", RUSSIAN.encode("cp1251"), RUSSIAN, "cp1251"),
    ("windows-1251", RUSSIAN.encode("cp1251"), RUSSIAN, "cp1251"),
    ("latin-1", "Chargé d'affaires".encode("latin-1"), "Chargé d'affaires", "iso8859-1"),
    ("GBK", CHINESE.encode("gbk"), CHINESE, "gbk"),
    ("utf-16-le", RUSSIAN.encode("utf-16-le"), RUSSIAN, "utf-16-le"),
    ("utf-8", codecs.BOM_UTF8 + b"text", "text", "utf-8-sig"),  # the byte-order mark decides
]


@pytest.mark.parametrize(("encoding", "data", "text", "used"), EXPLICIT, ids=[case[0] for case in EXPLICIT])
def test_explicit_encoding_is_used(encoding: str, data: bytes, text: str, used: str) -> None:
    assert decode_bytes(data, "in.txt", encoding) == (text, used)


ERRORS = [
    # (name, bytes, encoding, words the message must contain, line)
    ("empty", b"", None, "file is empty", None),
    ("whitespace only", b" \n\t\r\n  ", None, "file is empty", None),
    ("bom only", codecs.BOM_UTF8, None, "file is empty", None),
    ("utf-16 spaces", codecs.BOM_UTF16_LE + " \n".encode("utf-16-le"), None, "file is empty", None),
    ("empty with encoding", b"", "cp1251", "file is empty", None),
    ("nul bytes", b"abc\x00\x01\x02def", None, "looks like a binary file, not text", None),
    ("utf-16 without bom", RUSSIAN.encode("utf-16-le"), None, "--encoding utf-16-le", None),
    ("control bytes", bytes(range(1, 9)) * 20 + b"text", None, "looks like a binary file", None),
    ("png", b"\x89PNG\r\n\x1a\n" + b"x" * 50, None, "is a PNG image", None),
    ("zip", b"PK\x03\x04" + b"x" * 50, None, "is a zip archive", None),
    ("binary with explicit encoding", b"ab\x00cd\x00", "latin-1", "binary", None),
    ("unknown codec", b"text", "no-such-codec", "unknown encoding 'no-such-codec'", None),
    ("undecodable explicit", b"line one\nline two\n\xff\xfe bad\n", "utf-8", "offset 18", 3),
    ("wrong explicit encoding", "中文\n第二行 文本".encode("gb18030"), "ascii", "try another --encoding", 1),
    ("ambiguous legacy", "Chargé d'affaires".encode("latin-1"), None, "pass --encoding", 1),
    ("bad utf-16 with bom", codecs.BOM_UTF16_LE + "ab\ncd".encode("utf-16-le") + b"\x00\xd8", None,
     "utf-16", 2),
]


@pytest.mark.parametrize(
    ("name", "data", "encoding", "message", "line"), ERRORS, ids=[case[0] for case in ERRORS]
)
def test_decoding_errors_tell_the_user_what_to_do(
    name: str, data: bytes, encoding: str | None, message: str, line: int | None
) -> None:
    with pytest.raises(InputFormatError) as caught:
        decode_bytes(data, "in.txt", encoding)
    error = caught.value
    assert message in str(error)
    assert str(error).startswith("in.txt")
    assert error.path == "in.txt"
    assert error.line == line
    assert "\n" not in str(error)


def test_undecodable_byte_is_reported_with_line_and_offset() -> None:
    data = "первая строка\nвторая\n".encode() + b"\xd0"
    with pytest.raises(InputFormatError) as caught:
        decode_bytes(data, "ru.txt", "utf-8")
    assert caught.value.line == 3
    assert f"offset {len(data) - 1}" in str(caught.value)


def test_characters_are_never_replaced() -> None:
    text, _ = decode_bytes(RUSSIAN.encode("cp1251"), "in.txt")
    assert "\ufffd" not in text


@pytest.mark.parametrize(
    ("data", "binary"),
    [
        (b"plain text\n", False),
        (b"tab\tand\x0cform feed\r\n", False),
        (b"\x1b$B ISO-2022-JP escape", False),
        (codecs.BOM_UTF16_LE + "text".encode("utf-16-le"), False),
        (b"\x00", True),
        (b"%PDF-1.7\n", True),
        (b"\xd0\xcf\x11\xe0 old Word", True),
    ],
)
def test_looks_binary(data: bytes, binary: bool) -> None:
    assert looks_binary(data) is binary


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        # each cut leaves the first byte(s) of a multi-byte character at the end
        (RUSSIAN.encode("utf-8")[:-3], None),
        (CHINESE.encode("utf-8")[:-2], None),
        (codecs.BOM_UTF16_LE + RUSSIAN.encode("utf-16-le")[:-1], None),
        (CHINESE.encode("gb18030")[:-2], "gb18030"),
    ],
)
def test_a_partial_sample_may_end_inside_a_character(data: bytes, encoding: str | None) -> None:
    text, _ = decode_bytes(data, "in.txt", encoding, partial=True)
    assert text and (RUSSIAN.startswith(text) or CHINESE.startswith(text))
    with pytest.raises(InputFormatError):
        decode_bytes(data, "in.txt", encoding)


def test_a_partial_sample_still_reports_bad_bytes_inside() -> None:
    with pytest.raises(InputFormatError, match="offset 3"):
        decode_bytes(b"abc\xffdef\xd0", "in.txt", "utf-8", partial=True)


def test_a_bytes_to_bytes_codec_is_not_a_text_encoding() -> None:
    with pytest.raises(InputFormatError, match="unknown encoding 'base64'"):
        decode_bytes(b"dGV4dA==", "in.txt", "base64")


def test_a_text_of_the_gb_family_is_read_as_gb18030() -> None:
    """gb2312 ⊂ gbk ⊂ gb18030: candidates all of that family are one answer, the largest."""
    text = SAMPLE_ZH.read_text(encoding="utf-8")
    assert decode_bytes(text.encode("gb18030"), "zh.txt") == (text, "gb18030")


def test_the_encoding_hint_names_a_candidate_found() -> None:
    with pytest.raises(InputFormatError) as caught:
        decode_bytes("Chargé d'affaires".encode("latin-1"), "in.txt")
    match = re.search(r"it could be ([^)]*)\).*e\.g\. --encoding (\S+)$", str(caught.value))
    assert match is not None, str(caught.value)
    assert match.group(2) in match.group(1).split(", ")


@pytest.mark.parametrize("encoding", ["gb18030", "cp1251", "latin-1", "utf-8"])
@pytest.mark.parametrize(
    ("bom", "codec", "used"),
    [(codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"), (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
     (codecs.BOM_UTF8, "utf-8", "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32")],
)
def test_a_byte_order_mark_wins_over_the_encoding_given(encoding: str, bom: bytes, codec: str, used: str) -> None:
    data = bom + RUSSIAN.encode(codec)
    check_text_start(data, "in.txt", encoding)  # not refused as binary from its first bytes
    assert decode_bytes(data, "in.txt", encoding) == (RUSSIAN, used)


WORD_ZIP = b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 22 + b"word/document.xml" + b"\x00" * 40
EXCEL_ZIP = b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 22 + b"xl/workbook.xml" + b"\x00" * 40


@pytest.mark.parametrize(
    ("data", "message"),
    [(WORD_ZIP, "is a Word document (a zip archive): name it .docx"),
     (EXCEL_ZIP, "is an Excel workbook (a zip archive): name it .xlsx"),
     (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "is a PDF: name it .pdf")],
)
def test_a_known_binary_signature_is_named(data: bytes, message: str) -> None:
    for encoding in (None, "cp1251"):
        with pytest.raises(InputFormatError, match=re.escape(f"in.txt: {message}")):
            check_text_start(data, "in.txt", encoding)
        with pytest.raises(InputFormatError, match=re.escape(f"in.txt: {message}")):
            decode_bytes(data, "in.txt", encoding)
