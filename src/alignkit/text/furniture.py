"""Recognise page furniture: lines a printed UN document repeats on every page.

Job numbers, barcodes, page numbers, the document symbol in the running header
and the "Please recycle" footer are not content.  Each pattern must match the
whole (stripped) line, so a content line that merely mentions a symbol or a
number ("see S/2017/613", "2017.", "1.") never matches.
"""

from __future__ import annotations

import re

#: UN job number: "17-12345", optionally "17-12345X1" for revisions.
_JOB = r"\d{2}-\d{5}(?:X\d)?"
#: Language letter of a job number: (E)nglish, (F)rench, (S)panish, (R)ussian, (C)hinese, (A)rabic.
_JOB_LANGUAGE = r"\([EFSRCA]\)"
#: Page numbers as printed in the three languages, alone or inside a header.
_PAGE = r"(?:\d{1,3}/\d{1,3}|\d{1,3})"
#: A UN document symbol: "S/2017/613", "A/RES/71/1", "E/CN.4/2005/L.10/Add.1", "S/RES/2371 (2017)".
_SYMBOL = r"(?=\S*\d)[A-Z]{1,10}(?:\.\d+)?(?:/[A-Z0-9][A-Za-z0-9.\-]*){2,}(?: \(\d{4}\))?"

_FURNITURE_PATTERNS = (
    # "17-12345 (E)", "17-12345 (E)    180717    180717", "17-12345 2/3", "2/3 17-12345"
    rf"{_JOB}(?: ?{_JOB_LANGUAGE})?(?: +\d{{6}}){{0,2}}",
    rf"{_JOB}(?: ?{_JOB_LANGUAGE})? +{_PAGE}",
    rf"{_PAGE} +{_JOB}(?: ?{_JOB_LANGUAGE})?",
    # "1712345E", "*1712345*", "GE.17-12345 (E)", "V.17-12345"
    r"\d{7}[EFSRCA]",
    r"\* ?\d{7}[A-Z]? ?\*",
    rf"(?:GE|V|NY)\.{_JOB}(?: ?{_JOB_LANGUAGE})?(?: +\d{{6}}){{0,2}}",
    # page numbers: "3", "- 3 -", "– 3 –", "Page 3", "Page 3 of 12", "3/12"
    rf"{_PAGE}",
    r"[-\u2013\u2014] ?\d{1,3} ?[-\u2013\u2014]",
    r"(?i:page) \d{1,3}(?: (?i:of) \d{1,3})?",
    r"第 ?\d{1,3} ?页(?:[,，] ?共 ?\d{1,3} ?页)?",
    r"(?:[Сс]тр\.|[Сс]траница) ?\d{1,3}(?: из \d{1,3})?",
    # running header: "S/2017/613", "S/2017/613 3", "3 S/2017/613"
    rf"{_SYMBOL}(?: +{_PAGE})?",
    rf"{_PAGE} +{_SYMBOL}",
    # footers
    r"[\u2672\u267b]? ?Please recycle ?[\u2672\u267b]?",
    r"[\u2672\u267b]? ?请回收(?:利用)? ?[\u2672\u267b]?",
    r"[\u2672\u267b]? ?Просьба отправить на вторичную переработку ?[\u2672\u267b]?",
)

_FURNITURE = re.compile("|".join(f"(?:{pattern})" for pattern in _FURNITURE_PATTERNS))
_SPACES = re.compile(r"\s+")


def is_page_furniture(line: str) -> bool:
    """True when the whole line is page furniture (job number, page number, running header...)."""
    stripped = line.strip()
    if not stripped or len(stripped) > 80:
        return False
    return _FURNITURE.fullmatch(_SPACES.sub(" ", stripped)) is not None
