"""Unicode clean-up of decoded text before layout analysis.

Every change keeps the line structure: line breaks are unified to ``\\n`` and no
line is added or removed, so source line numbers stay valid.  Unusual spaces map
one character to one space so leading whitespace still shows indentation.
"""

from __future__ import annotations

import re
import unicodedata

SOFT_HYPHEN = "\u00ad"

#: Invisible characters that only steer rendering; removed.
_INVISIBLE = (
    "\u200b"  # zero width space
    "\u200c"  # zero width non-joiner
    "\u200d"  # zero width joiner
    "\u2060"  # word joiner
    "\ufeff"  # byte-order mark / zero width no-break space
    "\u180e"  # Mongolian vowel separator (formerly a zero-width space)
    "\x0c"  # form feed: a page break marker in pdftotext output, not content
)

#: Space characters that become one ordinary space each.
_SPACES = (
    "\t"
    "\x0b"  # vertical tab
    "\x85"  # next line; \n is the only line break alignkit counts
    "\u00a0"  # no-break space
    "\u1680"  # ogham space mark
    "\u2000\u2001\u2002\u2003\u2004\u2005\u2006"  # en/em quads and spaces
    "\u2007"  # figure space
    "\u2008"  # punctuation space
    "\u2009"  # thin space
    "\u200a"  # hair space
    "\u2028\u2029"  # line/paragraph separators
    "\u202f"  # narrow no-break space
    "\u205f"  # medium mathematical space
    "\u3000"  # ideographic space
)

#: What each invisible or space character becomes.
_REPLACEMENTS = {char: "" for char in _INVISIBLE} | {char: " " for char in _SPACES}
#: The characters of _REPLACEMENTS, without and with the soft hyphen (a regex finds the few there are
#: much faster than str.translate reads a long non-ASCII text: 0.15 s for 1.7 MB).
_REPLACED = re.compile(f"[{re.escape(_INVISIBLE + _SPACES)}]")
_REPLACED_WITH_SOFT_HYPHEN = re.compile(f"[{re.escape(_INVISIBLE + _SPACES + SOFT_HYPHEN)}]")

#: A soft hyphen anywhere but at the end of a line (trailing spaces allowed).
_INNER_SOFT_HYPHEN = re.compile(f"\u00ad(?![ {re.escape(_SPACES + _INVISIBLE)}]*(?:\n|$))")


def normalize_text(text: str, *, keep_line_final_soft_hyphens: bool = False) -> str:
    """Unify line breaks, compose characters (NFC) and remove or flatten invisible ones.

    CRLF and CR become LF; zero-width characters, byte-order marks and soft hyphens
    are removed; tabs and unusual spaces (no-break, thin, ideographic...) become one
    ordinary space each.  Everything else is kept.

    :param keep_line_final_soft_hyphens: keep a soft hyphen that ends a line, because
        there it tells the layout stage that the word continues on the next line
        (:func:`alignkit.text.dehyphenate.join_wrapped_lines` removes it when joining).
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if keep_line_final_soft_hyphens and SOFT_HYPHEN in text:
        text = _REPLACED.sub(_replacement, _INNER_SOFT_HYPHEN.sub("", text))
    else:
        text = _REPLACED_WITH_SOFT_HYPHEN.sub(_replacement, text)
    return unicodedata.normalize("NFC", text)


def _replacement(match: re.Match[str]) -> str:
    """What an invisible or space character becomes (a soft hyphen: nothing)."""
    return _REPLACEMENTS.get(match.group(), "")
