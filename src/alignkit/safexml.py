"""Reading XML that comes from outside: one policy for every XML file alignkit parses.

TMX, TBX, InterText link files and the parts of a Word document are parsed by
:func:`parse` (or :func:`parse_file`) with the same settings: no entity is
expanded, no DTD or other resource is loaded (no file, no network), lxml's
size and depth limits stay on (``huge_tree`` off), and comments and processing
instructions are dropped.  A document that references or declares entities is
refused with a one-line error: expanded, entities are the billion-laughs and
XXE attacks; left unexpanded, they would silently lose text.

:func:`xml_safe` is the other direction: text cleaned of what XML 1.0 cannot hold.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from .errors import InputFormatError

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
        raise InputFormatError(source, f"not well-formed XML: {error.msg}", line=line) from None
    if root is None:
        raise InputFormatError(source, f"is empty; expected a {kind} document")
    refuse_entities(root, source, kind=kind)
    return root


def parse_file(path: str | Path, *, kind: str = "XML") -> etree._Element:
    """The root element of the XML file at ``path``, parsed safely (see :func:`parse`).

    :raises InputFormatError: unreadable or empty file, or as :func:`parse`.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputFormatError(path, f"cannot be read: {error.strerror or error}") from None
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


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot represent at all."""
    return _XML_ILLEGAL.sub("", text)
