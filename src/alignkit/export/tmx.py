"""TMX 1.4b translation memories, and a safe reader for them (as TMX units or as an alignment).

Choices made for CAT tools (Trados Studio, memoQ, OmegaT, Phrase...):

* ``segtype="sentence"``: a unit may hold several sentences (a 2-1 link), but
  the segmentation level of the memory is the sentence, which is what tools use
  to decide how to match it.
* ``xml:lang`` holds the plain language codes of the alignment (``en``, ``zh``,
  ``ru``): valid BCP 47, what public parallel corpora (OPUS, the UN Parallel
  Corpus) use, and every CAT tool lets the user map them to a locale such as
  ``zh-CN`` on import.  Inventing a region would be a guess.
* Every unit with text is written, including one-sided ones (a sentence present
  in one language only) so nothing is lost; such a ``<tu>`` has a single
  ``<tuv>``, which the DTD allows and which CAT tools skip on import.  A unit
  with no text in any language has nothing to write and is left out.
* Characters XML 1.0 cannot represent (C0 controls other than tab and
  newlines) are dropped; ``&``, ``<`` and ``>`` are escaped by lxml.
* No creation date unless asked for, so the same alignment gives the same bytes.
* Written as a stream (:func:`write_tmx`, lxml's incremental writer): one
  ``<tu>`` at a time is in memory, however long the alignment; a document and
  the ``all.tmx`` of a batch (:func:`write_combined`) are laid out by the same code.

Each ``<tu>`` carries the unit's id as ``tuid`` and props: ``x-paragraph``,
``x-type``, ``x-score``, ``x-document``, ``x-flagged`` (``true``, only when
flagged), one ``x-reason`` per reason for a low score, ``x-status``
(``confirmed`` or ``rejected``; left out for ``auto``, not reviewed) and one
``x-edited`` per language whose text a reviewer changed; the reviewer's comment
is the unit's ``<note>``, which CAT tools show beside the match.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from lxml import etree

from .. import __version__, safexml
from ..errors import InputFormatError
from ..fsutil import atomic_open
from ..model import AUTO, STATUSES, Alignment, AlignmentUnit
from ..progress import Progress, Tally
from ..safexml import XML_LANG, xml_safe

NAME = "TMX 1.4b translation memory"
EXTENSIONS = (".tmx",)
#: :func:`write` writes one unit at a time and reports its progress.
STREAMS = True

_XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'
_DOCTYPE = '<!DOCTYPE tmx SYSTEM "tmx14.dtd">'
# Inline elements whose content is native markup (e.g. RTF codes), not text.
_CODE_ELEMENTS = frozenset({"bpt", "ept", "it", "ph", "ut"})


def write(alignment: Alignment, path: Path, *, creation_date: dt.datetime | None = None,
          progress: Progress | None = None) -> list[Path]:
    """Write ``alignment`` as a TMX 1.4b file at ``path`` (atomically, one unit at a time).

    :param creation_date: written as the header's ``creationdate`` when given
        (converted to UTC); omitted by default for reproducible output.
    :param progress: told the units written (:mod:`alignkit.progress`).
    """
    with atomic_open(path, "wb") as handle:
        write_tmx(handle, header_element(alignment, creation_date), _translation_units(alignment, progress))
    return [Path(path)]


def to_bytes(alignment: Alignment, *, creation_date: dt.datetime | None = None) -> bytes:
    """The TMX document for ``alignment``: UTF-8, pretty-printed, deterministic (what :func:`write` writes)."""
    buffer = io.BytesIO()
    write_tmx(buffer, header_element(alignment, creation_date), _translation_units(alignment))
    return buffer.getvalue()


def write_tmx(handle: IO[bytes], header: etree._Element, units: Iterable[etree._Element]) -> None:
    """Write a TMX document to ``handle`` as a stream: ``header``, then each ``<tu>`` of ``units`` as it comes.

    Each unit is serialised before the next is asked for, so ``units`` may reuse or
    free an element once the next is requested.  The layout is that of lxml's pretty
    printer (two spaces a level, ``<body/>`` without units), the same for every TMX
    alignkit writes.
    """
    handle.write(_XML_DECLARATION)
    with etree.xmlfile(handle, encoding="UTF-8") as xml:
        xml.write_doctype(_DOCTYPE)
        with xml.element("tmx", version="1.4"):
            _write_indented(xml, header, level=1)
            pending = iter(units)
            first = next(pending, None)
            xml.write("\n  ")
            if first is None:
                xml.write(etree.Element("body"))
            else:
                with xml.element("body"):
                    _write_indented(xml, first, level=2)
                    for tu in pending:
                        _write_indented(xml, tu, level=2)
                    xml.write("\n  ")
            xml.write("\n")
    handle.write(b"\n")


def _write_indented(xml: etree.xmlfile, element: etree._Element, level: int) -> None:
    """``element`` on a line of its own, indented ``level`` steps of two spaces, its content below it."""
    element.tail = None
    etree.indent(element, space="  ", level=level)
    xml.write("\n" + "  " * level, element)


def _translation_units(alignment: Alignment, progress: Progress | None = None) -> Iterator[etree._Element]:
    """The ``<tu>`` of every unit with text, made one at a time; ``progress`` told the units done."""
    tally = Tally(progress, "write", len(alignment.units))
    for unit in alignment.units:
        tu = _translation_unit(unit, alignment)
        if tu is not None:
            yield tu
        tally.add()
    tally.finish()


def _tmx_date(moment: dt.datetime) -> str:
    """TMX dates are ISO 8601 basic format in UTC: ``20050426T143000Z``."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.timezone.utc)
    return moment.strftime("%Y%m%dT%H%M%SZ")


def _add_prop(parent: etree._Element, prop_type: str, value: str) -> None:
    if value:
        etree.SubElement(parent, "prop", type=prop_type).text = xml_safe(value)


def header_element(alignment: Alignment, creation_date: dt.datetime | None = None) -> etree._Element:
    """The TMX ``<header>`` for ``alignment`` (also used for the streamed ``all.tmx`` of a batch)."""
    header = etree.Element("header")
    header.attrib.update({
        "creationtool": "alignkit",
        "creationtoolversion": __version__,
        "datatype": "plaintext",
        "segtype": "sentence",
        "adminlang": "en",
        "srclang": alignment.pivot,
        "o-tmf": "alignkit",
    })
    if creation_date is not None:
        header.set("creationdate", _tmx_date(creation_date))
    _add_prop(header, "x-alignkit-signature", alignment.signature)
    _add_prop(header, "x-document", alignment.name)
    return header


def _translation_unit(unit: AlignmentUnit, alignment: Alignment) -> etree._Element | None:
    """The ``<tu>`` of ``unit``, or None when it has no text in any language."""
    texts = {lang: xml_safe(unit.text(lang)) for lang in alignment.langs}
    texts = {lang: text for lang, text in texts.items() if text}
    if not texts:
        return None
    tu = etree.Element("tu", tuid=str(unit.id))
    _add_prop(tu, "x-paragraph", unit.paragraph)
    _add_prop(tu, "x-type", unit.type)
    _add_prop(tu, "x-score", f"{unit.score:.2f}")
    _add_prop(tu, "x-document", alignment.name)
    if unit.flagged:
        _add_prop(tu, "x-flagged", "true")
    for reason in unit.reasons:
        _add_prop(tu, "x-reason", reason)
    if unit.status != AUTO:
        _add_prop(tu, "x-status", unit.status)
    for lang in unit.edited:
        _add_prop(tu, "x-edited", lang)
    if unit.comment.strip():
        etree.SubElement(tu, "note").text = xml_safe(unit.comment)
    for lang, text in texts.items():
        tuv = etree.SubElement(tu, "tuv", {XML_LANG: lang})
        etree.SubElement(tuv, "seg").text = text
    return tu


# --------------------------------------------------------------------- reading


@dataclass(frozen=True)
class TmxUnit:
    """One ``<tu>`` as read back: its id, text per language, props and notes.

    ``props`` holds the last value of each prop type; ``prop_list`` every prop in order.
    """

    tuid: str
    texts: dict[str, str]
    props: dict[str, str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    line: int = 0
    prop_list: tuple[tuple[str, str], ...] = ()

    def values(self, prop_type: str) -> list[str]:
        """Every value of the props of ``prop_type``, in order."""
        return [value for kind, value in self.prop_list if kind == prop_type]


@dataclass(frozen=True)
class TmxFile:
    """A TMX file as read back: header attributes and props, and its units."""

    header: dict[str, str]
    props: dict[str, str]
    units: tuple[TmxUnit, ...]

    @property
    def srclang(self) -> str:
        """The header's source language."""
        return self.header.get("srclang", "")


def _segment_text(element: etree._Element) -> str:
    """The text of a ``<seg>`` (or ``<hi>``), leaving out inline native codes."""
    parts = [element.text or ""]
    for child in element:
        if child.tag not in _CODE_ELEMENTS:
            parts.append(_segment_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _props(element: etree._Element) -> dict[str, str]:
    return {prop.get("type", ""): prop.text or "" for prop in element.iterchildren("prop")}


def _read_tuv(tuv: etree._Element, path: Path) -> tuple[str, str]:
    # TMX 1.1 and 1.2 wrote ``lang``; 1.3 and later ``xml:lang``.
    lang = tuv.get(XML_LANG) or tuv.get("lang")
    if not lang:
        raise InputFormatError(path, "<tuv> without xml:lang", line=tuv.sourceline)
    seg = tuv.find("seg")
    if seg is None:
        raise InputFormatError(path, "<tuv> without <seg>", line=tuv.sourceline)
    return lang, _segment_text(seg)


def _read_tu(tu: etree._Element, path: Path) -> TmxUnit:
    texts = dict(_read_tuv(tuv, path) for tuv in tu.iterchildren("tuv"))
    if not texts:
        raise InputFormatError(path, "<tu> without <tuv>", line=tu.sourceline)
    notes = tuple(note.text or "" for note in tu.iterchildren("note"))
    prop_list = tuple((prop.get("type", ""), prop.text or "") for prop in tu.iterchildren("prop"))
    return TmxUnit(tu.get("tuid", ""), texts, _props(tu), notes, tu.sourceline or 0, prop_list)


def read_tmx(path: str | Path) -> TmxFile:
    """Read a TMX file (any version from 1.1) safely.

    Entities are never expanded and no DTD or network resource is loaded, so a
    hostile file (billion laughs, external entities) cannot blow up or leak; a
    file that uses entities other than XML's five predefined ones is refused.

    :raises InputFormatError: unreadable, not well-formed, or not TMX; the
        message names the file and, where known, the line.
    """
    path = Path(path)
    root = safexml.parse_file(path, kind="TMX")
    if root.tag != "tmx":
        raise InputFormatError(path, f"root element is <{root.tag}>, expected <tmx>", line=root.sourceline)
    header = root.find("header")
    body = root.find("body")
    if header is None or body is None:
        raise InputFormatError(path, "<tmx> needs a <header> and a <body>", line=root.sourceline)
    units = tuple(_read_tu(tu, path) for tu in body.iterchildren("tu"))
    return TmxFile(dict(header.attrib), _props(header), units)


def read_alignment(path: str | Path) -> Alignment:
    """Read a TMX file as an alignment: the header's ``srclang`` is the pivot, each ``<tu>``
    a unit keeping the props alignkit writes (paragraph, type, score, flag, reasons, status,
    edited languages) and its notes as the comment.  A ``<tu>`` from another tool is a unit
    of one segment per language, its type counted from the languages it has.

    :raises InputFormatError: as :func:`read_tmx`, or the memory has no ``<tu>``.
    """
    path = Path(path)
    tmx = read_tmx(path)
    if not tmx.units:
        raise InputFormatError(path, "the translation memory has no <tu>")
    langs = _languages(tmx)
    units = tuple(_unit(tu, number, langs) for number, tu in enumerate(tmx.units, start=1))
    name = tmx.props.get("x-document") or path.stem
    return Alignment(langs, units, name=name, signature=tmx.props.get("x-alignkit-signature", ""))


def _unit(tu: TmxUnit, number: int, langs: Sequence[str]) -> AlignmentUnit:
    segments = {lang: (tu.texts[lang],) for lang in langs if tu.texts.get(lang, "").strip()}
    status = tu.props.get("x-status", AUTO)
    return AlignmentUnit(
        id=_unit_id(tu.tuid, number),
        segments=segments,
        indices={lang: () for lang in langs},
        paragraph=tu.props.get("x-paragraph", ""),
        type=tu.props.get("x-type") or "-".join(str(len(segments.get(lang, ()))) for lang in langs),
        score=_score(tu.props.get("x-score")),
        flagged=tu.props.get("x-flagged") == "true",
        reasons=tuple(tu.values("x-reason")),
        status=status if status in STATUSES else AUTO,
        comment="\n".join(note for note in tu.notes if note.strip()),
        edited=tuple(lang for lang in langs if lang in tu.values("x-edited")),
    )


def _score(value: str | None) -> float:
    try:
        return min(1.0, max(0.0, float(value))) if value else 1.0
    except ValueError:
        return 1.0


def _languages(tmx: TmxFile) -> tuple[str, ...]:
    """The source language first, then the others in order of appearance."""
    seen: list[str] = []
    source = tmx.srclang if tmx.srclang and tmx.srclang != "*all*" else ""
    if source:
        seen.append(source)
    for tu in tmx.units:
        seen.extend(lang for lang in tu.texts if lang not in seen)
    return tuple(seen)


#: A ``tuid`` read as the unit's number: ASCII digits, short enough to be a count of units.
_NUMERIC_TUID = re.compile(r"[0-9]{1,15}")


def _unit_id(tuid: str, number: int) -> int:
    """The unit's id: its ``tuid`` when that is a plain number (as alignkit writes it), else its
    position.  A tuid is any text in TMX (``S-2017-613:12``, ``²``, five thousand digits): never an error."""
    return int(tuid) if _NUMERIC_TUID.fullmatch(tuid) else number


# --------------------------------------------------------------------- several documents in one memory


def write_combined(path: str | Path, documents: Iterable[tuple[str, Path]], *, langs: Sequence[str],
                   signature: str = "") -> Path:
    """Stream the units of several TMX files written by :func:`write` into one TMX at ``path``.

    Written by :func:`write_tmx` as every TMX of alignkit is, with the header of an
    alignment of no single document (``langs``, pivot first, and ``signature``; no
    ``x-document``).  Each ``<tu>`` keeps its props (``x-document`` names its document)
    and its ``tuid`` is prefixed with its document's name (``S-2017-613:12``), unique in
    the whole file.  One unit at a time is in memory, and the file is written atomically.

    :param documents: the name and the TMX file of each document, in the order to write them.
    """
    header = header_element(Alignment(tuple(langs), (), signature=signature))
    with atomic_open(path, "wb") as handle:
        write_tmx(handle, header, _renamed_units(documents))
    return Path(path)


def _renamed_units(documents: Iterable[tuple[str, Path]]) -> Iterator[etree._Element]:
    """The ``<tu>`` of every document's TMX in turn, its ``tuid`` prefixed with the document's name."""
    for name, tmx in documents:
        for tu in _stream_units(Path(tmx)):
            tu.set("tuid", f"{name}:{tu.get('tuid', '')}")
            yield tu


def _stream_units(path: Path) -> Iterator[etree._Element]:
    """The ``<tu>`` elements of a TMX file alignkit wrote, one at a time, each freed after use.

    :raises InputFormatError: the file cannot be read or is not well-formed (a truncated file).
    """
    units = etree.iterparse(str(path), events=("end",), tag="tu", resolve_entities=False,
                            no_network=True, load_dtd=False, remove_blank_text=True)
    try:
        for _, tu in units:
            yield tu
            tu.clear()
            parent = tu.getparent()
            while parent is not None and tu.getprevious() is not None:
                del parent[0]
    except etree.XMLSyntaxError as error:
        line = error.position[0] if error.position else None
        raise InputFormatError(path, f"not well-formed XML (truncated?): {safexml.parser_message(error)}",
                               line=line) from None
    except OSError as error:
        raise InputFormatError(path, f"cannot be read ({error.strerror or error})") from None
