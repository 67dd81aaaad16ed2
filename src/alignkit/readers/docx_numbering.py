"""Word list numbering: the numbers Word prints before list paragraphs, and paragraph styles.

Word does not store a list paragraph's number: it stores the list (``w:numPr``:
a list instance and a level, on the paragraph or through its style) and computes
the number when it lays the document out.  This module does the same, so the
reader (:mod:`alignkit.readers.docx`) can give each paragraph the label a
translator sees:

* :class:`ListNumbering` reads the numbering part (``w:abstractNum`` definitions,
  ``w:num`` instances with their overrides) and keeps Word's counters:
  continuations, restarts (``w:startOverride``, ``w:lvlRestart``), levels, legal
  numbering (``w:isLgl``);
* :func:`format_number` prints a counter in a Word number format (``lowerRoman``,
  ``chineseCounting``, ``russianLower``...) with the conversions of
  :mod:`alignkit.text.numerals`;
* :func:`read_styles` resolves paragraph styles through ``basedOn``: whether a
  style is a heading, and the list it numbers its paragraphs with.

It also holds the small WordprocessingML helpers both modules use (:func:`w`,
:func:`w_val`, :func:`is_on`, :func:`to_int`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from lxml import etree

from ..text.numerals import (
    CIRCLED_DIGITS,
    CIRCLED_IDEOGRAPHS,
    FULL_STOP_DIGITS,
    PARENTHESIZED_DIGITS,
    int_to_chinese,
    int_to_chinese_digits,
    int_to_cyrillic_letters,
    int_to_enclosed,
    int_to_full_width,
    int_to_heavenly_stem,
    int_to_letters,
    int_to_roman,
)

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_HEADING_STYLE = re.compile(r"^(?:heading \d|title|subtitle)$", re.IGNORECASE)


def w(tag: str) -> str:
    """The qualified name of a WordprocessingML element or attribute (``w:tag``)."""
    return f"{{{W_NS}}}{tag}"


def w_val(element: etree._Element | None, attribute: str = "val") -> str | None:
    """The ``w:val`` (or other ``w:`` attribute) of an element, None without element or attribute."""
    return None if element is None else element.get(w(attribute))


def is_on(element: etree._Element | None) -> bool:
    """A Word toggle property: present and not switched off."""
    return element is not None and w_val(element) not in ("0", "false", "off")


#: What an integer attribute of a Word file may say: ASCII digits, a sign, at most 9 digits
#: (Word's own numbers are far smaller; int() would take "²", "1_0" or a thousand digits).
_DECIMAL = re.compile(r"\s*[-+]?[0-9]{1,9}\s*")


def to_int(value: str | None, default: int) -> int:
    """An integer attribute, ``default`` when it is missing or not a (reasonable) number."""
    return int(value) if value is not None and _DECIMAL.fullmatch(value) else default


# ----------------------------------------------------------------- list numbering


@dataclass(frozen=True)
class ListLevel:
    """One level of a list definition (``w:lvl``)."""

    start: int = 1
    number_format: str = "decimal"
    text: str = "%1."
    restart_after: int | None = None
    legal: bool = False


@dataclass(frozen=True)
class ListInstance:
    """A ``w:num``: the abstract list it uses and its overrides."""

    abstract_id: str
    start_overrides: Mapping[int, int] = field(default_factory=dict)
    level_overrides: Mapping[int, ListLevel] = field(default_factory=dict)


class ListNumbering:
    """Word's list counters: call :meth:`next_label` for each numbered paragraph in order.

    Lists that share an abstract definition share their counters (that is how Word
    continues a list); a ``w:num`` with a start override restarts the levels it
    names the first time it is used.  Using a level resets the levels below it,
    unless a level's ``w:lvlRestart`` says otherwise.
    """

    def __init__(self, abstract: Mapping[str, Mapping[int, ListLevel]], instances: Mapping[str, ListInstance]):
        self._abstract = abstract
        self._instances = instances
        self._counters: dict[str, dict[int, int]] = {}
        self._started: set[str] = set()

    @classmethod
    def from_xml(cls, root: etree._Element | None) -> ListNumbering:
        """Read the definitions of a numbering part (``w:numbering``); None gives no lists."""
        if root is None:
            return cls({}, {})
        abstract = {
            element.get(w("abstractNumId"), ""): _levels(element)
            for element in root.iterchildren(w("abstractNum"))
        }
        instances = {element.get(w("numId"), ""): _instance(element) for element in root.iterchildren(w("num"))}
        return cls(abstract, instances)

    def next_label(self, num_id: str, level: int) -> str:
        """Advance the counter of ``level`` in list ``num_id`` and return the printed label."""
        instance = self._instances.get(num_id)
        if instance is None:
            return ""
        levels = {**self._abstract.get(instance.abstract_id, {}), **instance.level_overrides}
        if level not in levels:
            return ""
        counters = self._counters.setdefault(instance.abstract_id, {})
        if num_id not in self._started:
            self._started.add(num_id)
            counters.update({lvl: start - 1 for lvl, start in instance.start_overrides.items()})
        counters[level] = counters.get(level, levels[level].start - 1) + 1
        for deeper in [lvl for lvl in counters if lvl > level]:
            restart = levels[deeper].restart_after if deeper in levels else None
            restart = deeper if restart is None else restart
            if restart > 0 and level <= restart - 1:
                del counters[deeper]
        return _render_label(levels, counters, level)


def _levels(abstract: etree._Element) -> dict[int, ListLevel]:
    return {to_int(lvl.get(w("ilvl")), 0): _level(lvl) for lvl in abstract.iterchildren(w("lvl"))}


def _level(lvl: etree._Element) -> ListLevel:
    restart = w_val(lvl.find(w("lvlRestart")))
    return ListLevel(
        start=to_int(w_val(lvl.find(w("start"))), 1),
        number_format=w_val(lvl.find(w("numFmt"))) or "decimal",
        text=w_val(lvl.find(w("lvlText"))) or "",
        restart_after=None if restart is None else to_int(restart, 0),
        legal=is_on(lvl.find(w("isLgl"))),
    )


def _instance(num: etree._Element) -> ListInstance:
    abstract_id = w_val(num.find(w("abstractNumId"))) or ""
    starts: dict[int, int] = {}
    levels: dict[int, ListLevel] = {}
    for override in num.iterchildren(w("lvlOverride")):
        ilvl = to_int(override.get(w("ilvl")), 0)
        start = override.find(w("startOverride"))
        if start is not None:
            starts[ilvl] = to_int(w_val(start), 1)
        lvl = override.find(w("lvl"))
        if lvl is not None:
            levels[ilvl] = _level(lvl)
    return ListInstance(abstract_id, starts, levels)


def _render_label(levels: Mapping[int, ListLevel], counters: Mapping[int, int], level: int) -> str:
    """Fill the level's text (``"%1.%2."``) with the current counters in each level's format."""
    current = levels[level]
    if current.number_format in ("bullet", "none"):
        return ""

    def number(match: re.Match[str]) -> str:
        index = int(match.group(1)) - 1
        owner = levels.get(index, ListLevel())
        value = counters.get(index, owner.start)
        number_format = "decimal" if current.legal and index < level else owner.number_format
        return format_number(value, number_format)

    return re.sub(r"%([1-9])", number, current.text).strip()


#: Word number formats (``w:numFmt``) other than ``decimal``, and how each prints a positive counter.
_NUMBER_FORMATS: dict[str, Callable[[int], str]] = {
    "decimalZero": lambda n: f"{n:02d}",
    "lowerLetter": int_to_letters,
    "upperLetter": lambda n: int_to_letters(n).upper(),
    "lowerRoman": int_to_roman,
    "upperRoman": lambda n: int_to_roman(n).upper(),
    "chineseCounting": int_to_chinese,
    "chineseCountingThousand": int_to_chinese,
    "japaneseCounting": int_to_chinese,
    "taiwaneseCounting": int_to_chinese,
    "ideographDigital": int_to_chinese_digits,
    "ideographTraditional": int_to_heavenly_stem,
    "decimalFullWidth": int_to_full_width,
    "decimalFullWidth2": int_to_full_width,
    "decimalEnclosedCircle": lambda n: int_to_enclosed(n, CIRCLED_DIGITS),
    "decimalEnclosedParen": lambda n: int_to_enclosed(n, PARENTHESIZED_DIGITS),
    "decimalEnclosedFullstop": lambda n: int_to_enclosed(n, FULL_STOP_DIGITS),
    "ideographEnclosedCircle": lambda n: int_to_enclosed(n, CIRCLED_IDEOGRAPHS),
    "russianLower": int_to_cyrillic_letters,
    "russianUpper": lambda n: int_to_cyrillic_letters(n).upper(),
}


#: Counters above this are printed in Arabic digits whatever the format (Word lists stop at
#: 32767; a roman or letter numeral grows with the number, so a hostile start could fill memory).
MAX_FORMATTED_NUMBER = 32767


def format_number(value: int, number_format: str) -> str:
    """A list counter printed in a Word number format (``lowerRoman`` 4 → ``"iv"``).

    Counters below 1 or above :data:`MAX_FORMATTED_NUMBER`, and unknown formats, are
    printed in Arabic digits.
    """
    if value <= 0 or value > MAX_FORMATTED_NUMBER:
        return str(value)
    formatter = _NUMBER_FORMATS.get(number_format)
    return formatter(value) if formatter is not None else str(value)


# ----------------------------------------------------------------- styles


@dataclass(frozen=True)
class ParagraphStyle:
    """What alignkit needs of a paragraph style: is it a heading, does it number paragraphs."""

    heading: bool = False
    num_id: str | None = None
    level: int | None = None


def read_styles(root: etree._Element | None) -> dict[str, ParagraphStyle]:
    """Paragraph styles by id, with heading status and numbering resolved through ``basedOn``."""
    if root is None:
        return {}
    raw = {style.get(w("styleId"), ""): style for style in root.iterchildren(w("style"))
           if style.get(w("type")) == "paragraph"}
    return {style_id: _resolve_style(style_id, raw) for style_id in raw}


def _resolve_style(style_id: str, raw: Mapping[str, etree._Element]) -> ParagraphStyle:
    heading = False
    num_id: str | None = None
    level: int | None = None
    seen: set[str] = set()
    current: str | None = style_id
    while current is not None and current in raw and current not in seen:
        seen.add(current)
        style = raw[current]
        name = w_val(style.find(w("name"))) or ""
        outline = w_val(style.find(f"{w('pPr')}/{w('outlineLvl')}"))
        heading = heading or bool(_HEADING_STYLE.match(name)) or (outline is not None and to_int(outline, 9) < 9)
        num_pr = style.find(f"{w('pPr')}/{w('numPr')}")
        if num_pr is not None:
            num_id = num_id if num_id is not None else w_val(num_pr.find(w("numId")))
            ilvl = w_val(num_pr.find(w("ilvl")))
            level = level if level is not None or ilvl is None else to_int(ilvl, 0)
        current = w_val(style.find(w("basedOn")))
    return ParagraphStyle(heading, num_id, level)
