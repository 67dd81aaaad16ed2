"""InterText sentence files (``.xml``): a text already split into sentences, read as it stands.

InterText (and the corpora made with it, such as the mac-dev gold set) keeps each
language version as ``<p>`` elements of ``<s id="1:1">`` sentences, named
``NAME_LANG.xml`` (``dev-anno.001_zh.xml``).  Its sentences are the segmentation
the gold alignments count in, so they are kept whether or not ``presegmented``
is asked for (:data:`SEGMENTED`).  Parsed through :mod:`alignkit.safexml`; other
XML (a TMX, a TBX, a web page...) is refused with what to do instead.

:mod:`alignkit.eval` reads gold link files with :func:`sentence_ids` and
:func:`language_from_name` from here.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from .. import safexml
from ..errors import InputFormatError
from ..model import Document, Paragraph, join_segments
from . import read_input_bytes

NAME = "InterText sentences"
EXTENSIONS = (".xml",)
#: The format carries its sentences: the reader fills them in even without ``presegmented``.
SEGMENTED = True

#: An InterText sentence or link file name: ``dev-anno.001_zh.xml``, ``dev-anno.001_zh.001_en.xml``.
INTERTEXT_NAME = re.compile(r"(?P<name>.+)_(?P<lang>[A-Za-z]{2,3}(?:-[A-Za-z]+)?)\.xml")

#: Root elements of XML formats that are not InterText sentence files → what to do instead.
_OTHER_XML = {
    "tmx": "is a translation memory (TMX), not a text to align; convert it with `alignkit convert`, "
           "or check its terms with `alignkit check --tmx`",
    "tbx": "is a glossary (TBX), not a text to align; give it with --glossary (-g)",
    "martif": "is a glossary (TBX), not a text to align; give it with --glossary (-g)",
    "html": "is a web page, not plain text; save the text as .txt or .docx to align it",
    "linkGrp": "is an InterText link file (an alignment), not a text; score it with `alignkit score`",
}


def read(path: Path, lang: str, *, encoding: str | None = None, presegmented: bool = False) -> Document:
    """Read an InterText sentence file: one paragraph per ``<p>``, one sentence per ``<s>``.

    :param lang: the text's language.
    :param encoding: not used: an XML file declares its own encoding.
    :param presegmented: not used: the file's sentences are always kept.
    :raises InputFormatError: missing, unreadable, not well-formed or entity-using XML,
        XML of another kind (named, with what to do instead), or no sentence.
    """
    path = Path(path)
    data = read_input_bytes(path)
    if not data.strip():
        raise InputFormatError(path, "is empty; expected an InterText sentence file")
    root = safexml.parse(data, path, kind="InterText")
    _refuse_other_xml(root, path)
    paragraphs = []
    containers = [element for element in root.iter() if local_name(element.tag) == "p"] or [root]
    for container in containers:
        paragraph = _paragraph(container, lang)
        if paragraph is not None:
            paragraphs.append(paragraph)
    if not paragraphs:
        raise InputFormatError(path, "has no <s> sentences; alignkit reads XML only as InterText sentence files "
                                     "(<s> in <p>): save the text as .txt or .docx to align it")
    match = INTERTEXT_NAME.fullmatch(path.name)
    encoding_used = (root.getroottree().docinfo.encoding or "utf-8").lower()
    return Document(lang, tuple(paragraphs), source=str(path), encoding=encoding_used,
                    name=match.group("name") if match else path.stem)


def _paragraph(container: etree._Element, lang: str) -> Paragraph | None:
    """The ``<s>`` of one ``<p>`` as a paragraph of sentences, or None when it has none.

    Every ``<s>`` is kept, even an empty one: gold links count sentences by position."""
    elements = [element for element in container.iter() if local_name(element.tag) == "s"]
    if not elements:
        return None
    sentences = tuple(" ".join("".join(element.itertext()).split()) for element in elements)
    lines = (elements[0].sourceline or 0, elements[-1].sourceline or 0)
    return Paragraph(text=join_segments(lang, sentences), lines=lines, sentences=sentences)


def _refuse_other_xml(root: etree._Element, path: Path) -> None:
    message = _OTHER_XML.get(local_name(root.tag))
    if message is not None:
        raise InputFormatError(path, message)


def local_name(tag: object) -> str:
    """An element's name without its namespace (``""`` for comments and the like)."""
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def sentence_ids(root: etree._Element) -> list[str]:
    """The ``id`` of every ``<s>`` of a parsed sentence file, in document order."""
    return [element.get("id", "") for element in root.iter() if local_name(element.tag) == "s"]


def language_from_name(name: str) -> str:
    """The language of an InterText file name (``dev-anno.001_zh.xml`` → ``zh``), or ``""``."""
    match = INTERTEXT_NAME.fullmatch(Path(name).name)
    return match.group("lang").lower() if match else ""
