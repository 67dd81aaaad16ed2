"""Reading XML that comes from outside: one policy for every XML file alignkit parses.

TMX, TBX, InterText link files and the parts of a Word document are parsed by
:func:`parse` (or :func:`parse_file`) with the same settings: no entity is
expanded, no DTD or other resource is loaded (no file, no network), lxml's
size and depth limits stay on (``huge_tree`` off), and comments and processing
instructions are dropped.  A document that references or declares entities is
refused with a one-line error: expanded, entities are the billion-laughs and
XXE attacks; left unexpanded, they would silently lose text.

Word (.docx) and Excel (.xlsx) files are zip packages of XML parts that
python-docx and openpyxl parse themselves.  :func:`check_package` looks at such
a package before either does: it refuses a zip bomb from the sizes the archive
declares (too much unpacked in all, or one part unpacking too far beyond its
packed size), then unpacks each XML part in chunks, never whole, and refuses a
part with too many elements or with a DOCTYPE (Office Open XML parts never have
one, so no entity can be declared and none is ever expanded or lost).

:func:`xml_safe` is the other direction: text cleaned of what XML 1.0 cannot hold.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from pathlib import Path

from lxml import etree

from .errors import InputFormatError
from .fsutil import format_size, max_input_size, read_input

#: The ``xml:lang`` attribute as lxml names it (TMX ``<tuv>``, TBX ``<langSet>``).
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# Everything XML 1.0 forbids (its "Char" production): C0 controls other than
# tab, LF and CR, lone surrogates, U+FFFE and U+FFFF.
_XML_ILLEGAL = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def parser() -> etree.XMLParser:
    """The parser for untrusted XML (see the module docstring)."""
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
        huge_tree=False, remove_comments=True, remove_pis=True,
    )


def parse(data: bytes, source: str | Path, *, kind: str = "XML") -> etree._Element:
    """The root element of ``data``, parsed safely.

    :param source: the file (or part) the bytes come from, for messages.
    :param kind: what the document is (``TMX``, ``TBX``...), for messages.
    :raises InputFormatError: not well-formed, or uses or declares entities;
        the message names ``source`` and, where known, the line.
    """
    try:
        root = etree.fromstring(data, parser())
    except etree.XMLSyntaxError as error:
        line = error.position[0] if error.position else None
        raise InputFormatError(source, f"not well-formed XML: {parser_message(error)}", line=line) from None
    if root is None:
        raise InputFormatError(source, f"is empty; expected a {kind} document")
    refuse_entities(root, source, kind=kind)
    return root


def parser_message(error: etree.XMLSyntaxError) -> str:
    """lxml's message without the position it adds on a second line (the error gives the line)."""
    lines = [line.strip() for line in (error.msg or str(error)).splitlines() if line.strip()]
    return lines[0] if lines else "syntax error"


def parse_file(path: str | Path, *, kind: str = "XML") -> etree._Element:
    """The root element of the XML file at ``path``, parsed safely (see :func:`parse`).

    :raises InputFormatError: unreadable, empty or too large a file (see
        :func:`alignkit.fsutil.read_input`), or as :func:`parse`.
    """
    path = Path(path)
    data = read_input(path)
    if not data.strip():
        raise InputFormatError(path, f"is empty; expected a {kind} document")
    return parse(data, path, kind=kind)


def refuse_entities(root: etree._Element, source: str | Path, *, kind: str = "XML") -> None:
    """Raise :class:`InputFormatError` when the tree of ``root`` references or declares entities."""
    for reference in root.iter(etree.Entity):
        raise InputFormatError(
            source, f"uses the entity reference {reference.text} (alignkit never expands entities in {kind})",
            line=reference.sourceline,
        )
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise InputFormatError(
            source, f"its DOCTYPE declares entities, which alignkit never expands in untrusted {kind}; "
                    "remove them", line=1,
        )


# ----------------------------------------------------------------- zip packages (.docx, .xlsx)

#: Most members a package may have.
MAX_PACKAGE_MEMBERS = 10_000
#: Most bytes one XML part may unpack to.
MAX_PART_SIZE = 50_000_000
#: Most elements (tags) one XML part may hold.
MAX_PART_ELEMENTS = 3_000_000
#: Most a part over :data:`RATIO_FLOOR` bytes may unpack to, as a multiple of its packed size.
MAX_PART_RATIO = 200
RATIO_FLOOR = 2_000_000
_SCAN_CHUNK = 1 << 20
#: ``<!DOCTYPE`` as UTF-8 and as UTF-16 (both byte orders): XML parts may be in either.
_DOCTYPES = tuple("<!DOCTYPE".encode(codec) for codec in ("ascii", "utf-16-le", "utf-16-be"))
_DOCTYPE_OVERLAP = max(len(mark) for mark in _DOCTYPES) - 1


def check_package(data: bytes, source: str | Path, *, kind: str) -> None:
    """Refuse an Office Open XML package (.docx, .xlsx) that is not a zip archive, is a zip
    bomb, or has an XML part that is too large, has too many elements or has a DOCTYPE.

    Sizes are checked from the archive's directory first (nothing unpacked), then each XML
    part is unpacked in chunks: memory stays at one chunk, and a part that unpacks to more
    than its directory says fails its check.

    :param kind: what the file is, for messages (``Word .docx file``, ``XLSX workbook``).
    :raises InputFormatError: naming ``source`` and, for a part, the part.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise InputFormatError(source, f"is not a readable {kind} (not a zip archive)") from None
    with archive:
        members = archive.infolist()
        if len(members) > MAX_PACKAGE_MEMBERS:
            raise InputFormatError(source, f"is a zip archive of {len(members)} files, more than a {kind} "
                                           f"has ({MAX_PACKAGE_MEMBERS} at most)")
        unpacked = sum(member.file_size for member in members)
        if unpacked > max_input_size():
            raise InputFormatError(
                source, f"unpacks to {format_size(unpacked)}, more than the input size limit of "
                        f"{format_size(max_input_size())} (a zip bomb?); if it is the right file, raise the "
                        "limit with --max-input-size")
        for member in members:
            _check_member_size(member, source)
        for member in members:
            if member.filename.lower().endswith((".xml", ".rels")):
                _scan_part(archive, member, source, kind)


def _check_member_size(member: zipfile.ZipInfo, source: str | Path) -> None:
    ratio = member.file_size / max(member.compress_size, 1)
    if member.file_size > RATIO_FLOOR and ratio > MAX_PART_RATIO:
        raise InputFormatError(
            source, f"its part {member.filename} unpacks {ratio:.0f} times larger "
                    f"({format_size(member.compress_size)} to {format_size(member.file_size)}): a zip bomb; "
                    f"alignkit refuses parts that unpack more than {MAX_PART_RATIO} times larger")
    if member.filename.lower().endswith(".xml") and member.file_size > MAX_PART_SIZE:
        raise InputFormatError(
            source, f"its part {member.filename} unpacks to {format_size(member.file_size)} of XML, more "
                    f"than the {format_size(MAX_PART_SIZE)} alignkit reads in one part")


def _scan_part(archive: zipfile.ZipFile, member: zipfile.ZipInfo, source: str | Path, kind: str) -> None:
    """Unpack one XML part in chunks: count its tags, look for a DOCTYPE."""
    tags = 0
    tail = b""
    try:
        with archive.open(member) as part:
            while chunk := part.read(_SCAN_CHUNK):
                window = tail + chunk
                if any(mark in window for mark in _DOCTYPES):
                    raise InputFormatError(
                        source, f"its part {member.filename} has a DOCTYPE, which Office Open XML parts never have "
                                "(alignkit refuses DTDs and entities in untrusted XML)")
                tags += chunk.count(b"<")
                if tags > MAX_PART_ELEMENTS:
                    raise InputFormatError(
                        source, f"its part {member.filename} has more than {MAX_PART_ELEMENTS:,} elements, "
                                "more than alignkit reads in one part")
                tail = window[-_DOCTYPE_OVERLAP:]
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError, RuntimeError) as error:
        raise InputFormatError(source, f"is a damaged {kind}: its part {member.filename} cannot be "
                                       f"unpacked ({error})") from None


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot represent at all."""
    return _XML_ILLEGAL.sub("", text)
