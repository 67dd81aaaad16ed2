"""TBX import and export (TBX-Basic / TBX v2: ``termEntry/langSet/tig/term``).

The term's ``administrativeStatus`` (or the older ``normativeAuthorization``)
gives its role: preferred → approved, admitted → variant, deprecated or
superseded → forbidden.  A term without a status is a variant, unless its
language has no preferred term, where the first such term is the approved one.
TBX v3 element names (``conceptEntry/langSec/termSec``) are read too.

Whether an entry is case-sensitive has no TBX-Basic data category; alignkit
writes and reads it as ``<descrip type="x-caseSensitive">true</descrip>``.

TBX files come from outside: they are parsed without entity expansion, DTD
loading or network access, and a file that declares entities is refused.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from .. import safexml
from ..errors import GlossaryError, InputFormatError
from ..fsutil import atomic_open
from ..safexml import XML_LANG
from .concepts import Concept, Glossary

_ENTRY_TAGS = ("termEntry", "conceptEntry")
_LANG_TAGS = ("langSet", "langSec")
_TERM_HOLDER_TAGS = ("tig", "ntig", "termSec")
_STATUS_TYPES = ("administrativeStatus", "normativeAuthorization")
_CASE_TYPE = "x-caseSensitive"

_STATUS_ROLE = {
    "preferredterm": "approved",
    "admittedterm": "variant",
    "deprecatedterm": "forbidden",
    "supersededterm": "forbidden",
}
_ROLE_STATUS = {
    "approved": "preferredTerm-admn-sts",
    "variant": "admittedTerm-admn-sts",
    "forbidden": "deprecatedTerm-admn-sts",
}


def _local(element: etree._Element) -> str:
    tag = element.tag
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _children(element: etree._Element, names: tuple[str, ...]) -> Iterator[etree._Element]:
    return (child for child in element if _local(child) in names)


def read_tbx(path: str | Path) -> Glossary:
    """Read a TBX file into a :class:`Glossary`; errors name the line of the problem."""
    path = Path(path)
    root = _parse(path)
    entries = [e for e in root.iter() if _local(e) in _ENTRY_TAGS]
    if not entries:
        raise GlossaryError(path, f"line {root.sourceline}: no termEntry (or conceptEntry) elements; "
                                  "is this a TBX file?")
    langs: list[str] = []
    concepts: list[Concept] = []
    seen: dict[str, int] = {}
    for number, entry in enumerate(entries, start=1):
        concept = _read_entry(path, entry, number)
        if concept.id in seen:
            raise GlossaryError(path, f"line {entry.sourceline}: duplicate termEntry id {concept.id!r} "
                                      f"(first on line {seen[concept.id]})")
        seen[concept.id] = entry.sourceline
        langs.extend(lang for lang in (*concept.terms, *concept.forbidden) if lang not in langs)
        concepts.append(concept)
    return Glossary(tuple(concepts), tuple(langs), (str(path),))


def _parse(path: Path) -> etree._Element:
    try:
        return safexml.parse_file(path, kind="TBX")
    except InputFormatError as error:
        raise GlossaryError(path, f"line {error.line or 1}: {error.reason}") from None


def _read_entry(path: Path, entry: etree._Element, number: int) -> Concept:
    concept_id = (entry.get("id") or entry.get("{http://www.w3.org/XML/1998/namespace}id")
                  or f"c{number}").strip()
    terms: dict[str, tuple[str, ...]] = {}
    forbidden: dict[str, tuple[str, ...]] = {}
    for lang_set in _children(entry, _LANG_TAGS):
        lang = (lang_set.get(XML_LANG) or "").strip().lower()
        if not lang:
            raise GlossaryError(path, f"line {lang_set.sourceline}: langSet without xml:lang")
        approved, allowed, bad = _read_lang_set(path, lang_set)
        ordered = tuple(dict.fromkeys([*approved, *allowed]))
        if ordered:
            terms[lang] = tuple(dict.fromkeys([*terms.get(lang, ()), *ordered]))
        if bad:
            forbidden[lang] = tuple(dict.fromkeys([*forbidden.get(lang, ()), *bad]))
    if not terms and not forbidden:
        raise GlossaryError(path, f"line {entry.sourceline}: empty term: termEntry {concept_id!r} "
                                  "has no term in any language")
    return Concept(id=concept_id, terms=terms, forbidden=forbidden, note=_entry_note(entry),
                   case_sensitive=_entry_case(entry), origin=str(path), row=entry.sourceline)


def _read_lang_set(path: Path, lang_set: etree._Element) -> tuple[list[str], list[str], list[str]]:
    """The approved, variant and forbidden terms of one language, in file order."""
    roles: dict[str, list[str]] = {"approved": [], "variant": [], "forbidden": [], "": []}
    for holder in _children(lang_set, _TERM_HOLDER_TAGS):
        term_element = next((e for e in holder.iter() if _local(e) == "term"), None)
        text = " ".join("".join(term_element.itertext()).split()) if term_element is not None else ""
        if not text:
            raise GlossaryError(path, f"line {holder.sourceline}: empty term")
        roles[_status_role(path, holder)].append(text)
    approved = roles["approved"][:1] or roles[""][:1]
    variants = [t for t in roles["approved"] + roles[""] + roles["variant"] if t not in approved]
    return approved, variants, roles["forbidden"]


def _status_role(path: Path, holder: etree._Element) -> str:
    for element in holder.iter():
        if _local(element) in ("termNote", "admin") and element.get("type") in _STATUS_TYPES:
            value = (element.text or "").strip()
            key = value.lower().removesuffix("-admn-sts")
            if key not in _STATUS_ROLE:
                raise GlossaryError(path, f"line {element.sourceline}: unknown {element.get('type')} "
                                          f"{value!r}; expected preferredTerm-admn-sts, "
                                          "admittedTerm-admn-sts or deprecatedTerm-admn-sts")
            return _STATUS_ROLE[key]
    return ""


def _entry_note(entry: etree._Element) -> str:
    for element in entry:
        if _local(element) == "note" or (_local(element) == "descrip" and
                                         element.get("type") == "definition"):
            return " ".join("".join(element.itertext()).split())
    return ""


def _entry_case(entry: etree._Element) -> bool:
    for element in entry:
        if _local(element) == "descrip" and element.get("type") == _CASE_TYPE:
            return (element.text or "").strip().lower() in ("true", "yes", "1")
    return False


# --------------------------------------------------------------------------- writing


def write_tbx(glossary: Glossary, path: str | Path) -> None:
    """Write ``glossary`` as a TBX-Basic file, atomically."""
    root = etree.Element("martif", {"type": "TBX-Basic", XML_LANG: glossary.langs[0]})
    header = etree.SubElement(root, "martifHeader")
    file_desc = etree.SubElement(header, "fileDesc")
    source_desc = etree.SubElement(file_desc, "sourceDesc")
    etree.SubElement(source_desc, "p").text = f"Exported by alignkit from {glossary.name or 'a glossary'}"
    body = etree.SubElement(etree.SubElement(root, "text"), "body")
    for concept in glossary:
        body.append(_entry_element(concept, glossary.langs))
    with atomic_open(path, "wb") as handle:
        etree.ElementTree(root).write(handle, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _entry_element(concept: Concept, langs: tuple[str, ...]) -> etree._Element:
    entry = etree.Element("termEntry", id=concept.id)
    if concept.note:
        etree.SubElement(entry, "note").text = concept.note
    if concept.case_sensitive:
        etree.SubElement(entry, "descrip", type=_CASE_TYPE).text = "true"
    for lang in langs:
        roles = [("approved", t) for t in concept.terms.get(lang, ())[:1]]
        roles += [("variant", t) for t in concept.variants(lang)]
        roles += [("forbidden", t) for t in concept.forbidden.get(lang, ())]
        if not roles:
            continue
        lang_set = etree.SubElement(entry, "langSet", {XML_LANG: lang})
        for role, term in roles:
            tig = etree.SubElement(lang_set, "tig")
            etree.SubElement(tig, "term").text = term
            etree.SubElement(tig, "termNote", type="administrativeStatus").text = _ROLE_STATUS[role]
    return entry
