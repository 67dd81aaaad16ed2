"""Bytes → text: byte-order marks, strict UTF-8, then cautious legacy-encoding detection.

Nothing is ever decoded with replacement characters: a file either decodes
cleanly or the user is told which byte failed and to pass ``--encoding``.
"""

from __future__ import annotations

import codecs
import re

from ..errors import InputFormatError

#: Byte-order marks, longest first (the UTF-32-LE mark starts with the UTF-16-LE one).
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_BOM_MARKS = tuple(bom for bom, _ in _BOMS)
_WIDE_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
#: C0 control bytes that never occur in text (tab, LF, VT, FF, CR and ESC are allowed).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\x0b\x0c\r\x1b") + b"\x7f"
#: Share of control bytes above which a file is taken for binary.
_MAX_CONTROL_SHARE = 0.01
#: Signatures of common binary formats users pass by mistake, and what to do with each.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "is a zip archive, not text; if it is a Word document, name it .docx"),
    (b"%PDF-", "is a PDF: name it .pdf"),
    (b"\xd0\xcf\x11\xe0", "is an old Office document (.doc, .xls); save it as .docx or as plain text"),
    (b"{\\rtf", "is an RTF document; save it as .docx or as plain text"),
    (b"\x89PNG", "is a PNG image, not text"),
    (b"\x1f\x8b", "is gzip-compressed; decompress it first (gunzip)"),
)
_BINARY_MAGIC = tuple(signature for signature, _ in _SIGNATURES)
#: Zip archives whose first part names tell what they are (Office Open XML packages).
_ZIP_KINDS: tuple[tuple[bytes, str], ...] = (
    (b"word/", "is a Word document (a zip archive): name it .docx"),
    (b"xl/", "is an Excel workbook (a zip archive): name it .xlsx"),
)
#: Encodings that extend others: a text that could be in any of a family is read as its largest member.
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "gb18030": "gb18030"}

#: Guesses whose mess ratio is this close to the best one count as rivals.
_CHAOS_MARGIN = 0.05
#: The best guess must beat every rival's coherence by this much to be trusted.
_COHERENCE_MARGIN = 0.05
_MAX_CHAOS = 0.2
#: C1 control characters: a decoding that produces them is not the intended one.
_C1_CONTROLS = re.compile("[\x80-\x9f]")


def decode_bytes(
    data: bytes, source: str, encoding: str | None = None, *, partial: bool = False
) -> tuple[str, str]:
    """Decode a text file's bytes and return ``(text, encoding name used)``.

    A byte-order mark decides (UTF-8/16/32), whatever ``encoding`` says: it is
    authoritative, and ``--encoding`` applies to every input of a command.  Without
    a mark: strict decoding in ``encoding`` when given; otherwise strict UTF-8;
    otherwise a legacy encoding guessed by charset-normalizer, accepted only when
    the guess is unambiguous (candidates of one family, such as gb2312, gbk and
    gb18030, count as one: the largest).

    :param source: the file name, for error messages.
    :param partial: ``data`` is only the start of the file (a sample): a character
        cut off at its end is dropped instead of reported.
    :raises InputFormatError: empty or binary input, unknown encoding name,
        undecodable bytes, or an encoding that cannot be told with confidence.
    """
    if encoding is not None and not data.startswith(_BOM_MARKS):
        text, used = _decode_explicit(data, source, encoding, partial)
    else:
        text, used = _decode_detected(data, source, partial)
    if not text.lstrip("\ufeff").strip():
        raise InputFormatError(source, "file is empty; give a file with text in it")
    return text.removeprefix("\ufeff"), used


def looks_binary(data: bytes) -> bool:
    """True when ``data`` is not plain text: NUL bytes (without a UTF-16/32 byte-order
    mark), many control bytes, or the signature of a ZIP, PDF, Office, RTF or image file."""
    if data.startswith(_WIDE_BOMS):
        return False
    if data.startswith(_BINARY_MAGIC) or b"\x00" in data:
        return True
    control_count = len(data) - len(data.translate(None, _CONTROL_BYTES))
    return control_count > max(2, len(data) * _MAX_CONTROL_SHARE)


def check_text_start(head: bytes, source: str, encoding: str | None = None) -> None:
    """Refuse an input from its first bytes when they cannot start a text: a NUL byte
    (without a UTF-16/32 byte-order mark or ``encoding``) or the signature of a ZIP, PDF,
    Office, RTF or image file.  Given to :func:`alignkit.fsutil.read_input` as
    ``check_start``, it stops ``/dev/zero`` or a binary file before the rest is read; it
    refuses nothing :func:`decode_bytes` would accept.

    :raises InputFormatError: the binary-file error of :func:`decode_bytes`, or an unknown ``encoding``.
    """
    if head.startswith(_BOM_MARKS):
        return  # decoded by its byte-order mark, whatever follows (and whatever ``encoding`` says)
    if encoding is not None and _is_wide_unicode(_text_codec_name(encoding, source)):
        return
    if head.startswith(_BINARY_MAGIC) or b"\x00" in head:
        raise _binary_error(source, head)


def _decode_explicit(data: bytes, source: str, encoding: str, partial: bool) -> tuple[str, str]:
    """Decode strictly in the encoding the user named."""
    name = _text_codec_name(encoding, source)
    if not _is_wide_unicode(name) and looks_binary(data):
        raise _binary_error(source, data)
    return _decode_strictly(data, source, name, partial), name


def _text_codec_name(encoding: str, source: str) -> str:
    """Python's name for a text encoding, or an error naming some that work."""
    try:
        name = codecs.lookup(encoding).name
        b"\n".decode(name)  # rejects bytes-to-bytes codecs such as base64
    except UnicodeDecodeError:
        pass  # a text encoding in which a lone newline byte is incomplete (UTF-16, UTF-32)
    except LookupError:
        raise InputFormatError(
            source, f"unknown encoding {encoding!r}; use a name such as utf-8, cp1251, gb18030 or big5"
        ) from None
    return name


def _decode_detected(data: bytes, source: str, partial: bool) -> tuple[str, str]:
    """Decode by byte-order mark, strict UTF-8, or a confident legacy-encoding guess."""
    if not data.strip():
        raise InputFormatError(source, "file is empty; give a file with text in it")
    for bom, name in _BOMS:
        if data.startswith(bom):
            return _decode_strictly(data, source, name, partial), name
    if looks_binary(data):
        raise _binary_error(source, data)
    try:
        return _decode(data, "utf-8", partial), "utf-8"
    except UnicodeDecodeError as error:
        utf8_error = error
    return _decode_guessed(data, source, utf8_error, partial)


def _decode_guessed(
    data: bytes, source: str, utf8_error: UnicodeDecodeError, partial: bool
) -> tuple[str, str]:
    """Decode with charset-normalizer's guess, or explain why no guess is trusted."""
    guess, rivals = _guess_encoding(data)
    candidates = _one_per_family(([guess] if guess else []) + rivals)
    if guess is not None and len(candidates) == 1:
        name = codecs.lookup(candidates[0]).name
        return _decode_strictly(data, source, name, partial), name
    line = _line_of(data, utf8_error.start, "utf-8")
    hint = f" (it could be {', '.join(candidates[:4])})" if candidates else ""
    example = candidates[0] if candidates else "cp1251"
    raise InputFormatError(
        source,
        f"not UTF-8 (byte 0x{data[utf8_error.start]:02x} at offset {utf8_error.start}) and the encoding "
        f"cannot be told with confidence{hint}; pass --encoding, e.g. --encoding {example}",
        line=line,
    )


def _one_per_family(encodings: list[str]) -> list[str]:
    """The candidate encodings, in order, each family (gb2312 ⊂ gbk ⊂ gb18030) as its largest member."""
    found: list[str] = []
    for encoding in encodings:
        name = _SUPERSETS.get(codecs.lookup(encoding).name, encoding)
        if name not in found:
            found.append(name)
    return found


def _guess_encoding(data: bytes) -> tuple[str | None, list[str]]:
    """charset-normalizer's best encoding and the rivals that decode differently but fit as well."""
    from charset_normalizer import from_bytes  # imported late: only legacy files need it

    results = list(from_bytes(data))
    if not results:
        return None, []
    best = results[0]
    best_text = str(best)
    if best.chaos > _MAX_CHAOS or _C1_CONTROLS.search(best_text):
        return None, [best.encoding]
    rivals = [
        other.encoding
        for other in results[1:]
        if other.chaos - best.chaos < _CHAOS_MARGIN
        and best.coherence - other.coherence < _COHERENCE_MARGIN
        and str(other) != best_text
        and not _C1_CONTROLS.search(str(other))
    ]
    return best.encoding, rivals


def _decode_strictly(data: bytes, source: str, encoding: str, partial: bool) -> str:
    """Decode without replacement; report the first undecodable byte's line and offset."""
    try:
        return _decode(data, encoding, partial)
    except UnicodeDecodeError as error:
        bad = data[error.start:error.end].hex(" ")
        raise InputFormatError(
            source,
            f"cannot decode byte(s) {bad} at offset {error.start} as {encoding}; "
            "try another --encoding (e.g. utf-8, cp1251, gb18030, big5)",
            line=_line_of(data, error.start, encoding),
        ) from None


def _decode(data: bytes, encoding: str, partial: bool) -> str:
    """Strict decoding; with ``partial``, a character cut off at the end is left out."""
    if not partial:
        return data.decode(encoding)
    return codecs.getincrementaldecoder(encoding)().decode(data, final=False)


def _line_of(data: bytes, offset: int, encoding: str) -> int:
    """1-based line number of the byte at ``offset``."""
    if _is_wide_unicode(codecs.lookup(encoding).name):
        return data[:offset].decode(encoding, errors="replace").count("\n") + 1
    return data.count(b"\n", 0, offset) + 1


def _is_wide_unicode(codec_name: str) -> bool:
    """UTF-16 and UTF-32 text legitimately contains NUL bytes."""
    return codec_name.startswith(("utf-16", "utf-32"))


def binary_kind(data: bytes) -> str | None:
    """What a file starting with ``data`` is, as the rest of an error message, when its
    signature tells (``"is a PDF: name it .pdf"``), else None."""
    for signature, message in _SIGNATURES:
        if data.startswith(signature):
            if signature == b"PK\x03\x04":
                return next((kind for part, kind in _ZIP_KINDS if part in data), message)
            return message
    return None


def _binary_error(source: str, data: bytes) -> InputFormatError:
    return InputFormatError(
        source,
        binary_kind(data) or "looks like a binary file, not text; convert it to plain text "
        "(or, if it is UTF-16 without a byte-order mark, pass --encoding utf-16-le)",
    )
