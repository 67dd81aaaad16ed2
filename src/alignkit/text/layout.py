"""Normalised text → paragraphs: recognise how the text is laid out and rebuild its paragraphs.

Three layouts are told apart:

``pdf``
    Text extracted from a PDF, like texts/S-2017-613/en.txt: a blank line after
    every printed line, so single blank lines are layout, not structure.  Lines
    made of spaces (or two blank lines) separate blocks; an indented line starts a
    paragraph; a short line ends one when the next line looks like a start.
    Hard-wrapped text without blank lines (``wrapped``) follows the same rules.
``blocks``
    Paragraphs separated by blank lines, their lines joined.
``lines``
    One paragraph per line: no blank lines and lines not wrapped.

In every layout page furniture (:mod:`alignkit.text.furniture`) is dropped and a
paragraph may continue across it.  Nothing else is ever dropped: lines are only
joined, and hyphens and spaces repaired (:mod:`alignkit.text.dehyphenate`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from itertools import pairwise

from ..langs import base_code, is_unspaced
from ..model import Paragraph
from .dehyphenate import count_words, join_wrapped_lines, split_word_fixer
from .furniture import is_page_furniture

#: A line shorter than this share of the typical full line may end its paragraph.
_SHORT_LINE_SHARE = 0.7
#: A CJK line at least this share of the typical full line is wrapped, not ended.
_FULL_LINE_SHARE = 0.8
#: PDF-extracted text: most lines are followed by exactly one blank line, few by none.
_PDF_BLANK_SHARE = 0.6
_PDF_ADJACENT_SHARE = 0.1
#: Share of lines that run on into the next line above which text counts as wrapped.
_WRAPPED_SHARE = 0.2
#: Longest heading, in characters, for spaced and unspaced (CJK) languages.
_HEADING_MAX = 250
_HEADING_MAX_UNSPACED = 100

#: Words a line ends with only when the sentence runs on (en, ru, fr, es).
_CONTINUATION_WORDS = frozenset(
    "the of and to for in a an on at by with from or as into "
    "и в на с по к о а из от для за об "
    "le la les de des du et à en au aux pour par "
    "el los las del y para por con".split()
)
_CONTINUATION_MARKS = ",-\u2010\u2011\u00ad\uff0c\u3001"
_SENTENCE_MARKS = ".!?;:\u2026\u3002\uff01\uff1f\uff1b\uff1a"
_CLOSERS = "\"'\u2019\u201d\u00bb)\\]\uff09\u300d\u300f"
_SENTENCE_END = re.compile(f"[{_SENTENCE_MARKS}][{_CLOSERS}]*$")
#: Headings end without sentence punctuation, and without a comma (list items, preambular clauses).
_NOT_HEADING_END = re.compile(f"[{_SENTENCE_MARKS},\uff0c\u3001][{_CLOSERS}]*$")
_LAST_WORD = re.compile(r"(\w+)\W*$")
_PARAGRAPH_OPENERS = "([\"'\u201c\u2018\u00ab\uff08\u3010\u300c\u300e"


@dataclass(frozen=True)
class _Gap:
    """The blank and furniture lines between two content lines."""

    empty: int = 0
    spacers: int = 0
    longest_empty_run: int = 0
    furniture: bool = False

    @property
    def blank(self) -> int:
        """Number of blank lines, empty or made of spaces."""
        return self.empty + self.spacers


@dataclass(frozen=True)
class _Line:
    """A content line: its 1-based number, stripped text, indentation and the gap before it."""

    number: int
    text: str
    indent: int
    gap: _Gap


@dataclass(frozen=True)
class _Context:
    """What the break rules need to know about the whole document."""

    lang: str
    unspaced: bool
    width: int
    base_indent: int


def build_paragraphs(text: str, lang: str) -> list[Paragraph]:
    """Split normalised text into paragraphs (body or heading) with their source lines.

    :param text: text after :func:`alignkit.text.normalize.normalize_text`.
    :param lang: the language code; Chinese and Japanese lines join without spaces.
    """
    lines = _content_lines(text)
    if not lines:
        return []
    context = _context(lines, lang)
    starts_paragraph = _BREAK_RULES[_layout_of(lines, context)]
    counts = count_words(text)
    fix_split_words = split_word_fixer(counts) if not context.unspaced else None
    groups = _group(lines, lambda prev, line: starts_paragraph(prev, line, context))
    return [_paragraph(group, context, counts.keys(), fix_split_words) for group in groups]


def _layout_of(lines: Sequence[_Line], context: _Context) -> str:
    """Tell the layout from the gaps between content lines and how often lines run on."""
    gaps = [line.gap for line in lines[1:]]
    wrapped = _wrapped_share(lines, context) >= _WRAPPED_SHARE
    single_blank = sum(1 for gap in gaps if gap.blank == 1) / max(1, len(gaps))
    adjacent = sum(1 for gap in gaps if not gap.blank) / max(1, len(gaps))
    if wrapped and single_blank >= _PDF_BLANK_SHARE and adjacent <= _PDF_ADJACENT_SHARE:
        return "pdf"
    if any(gap.blank for gap in gaps):
        return "blocks"
    return "wrapped" if wrapped else "lines"


def _content_lines(text: str) -> list[_Line]:
    """The lines that carry text, each with the blank and furniture lines before it."""
    lines: list[_Line] = []
    empty = spacers = run = longest_run = 0
    furniture = False
    for number, raw in enumerate(text.split("\n"), start=1):
        stripped = raw.strip()
        if not raw:
            empty, run = empty + 1, run + 1
            longest_run = max(longest_run, run)
            continue
        run = 0
        if not stripped:
            spacers += 1
        elif is_page_furniture(stripped):
            furniture = True
        else:
            gap = _Gap(empty, spacers, longest_run, furniture)
            lines.append(_Line(number, stripped, len(raw) - len(raw.lstrip(" ")), gap))
            empty = spacers = longest_run = 0
            furniture = False
    return lines


def _context(lines: Sequence[_Line], lang: str) -> _Context:
    """Measure the typical full line (90th percentile length) and the usual indentation."""
    lengths = sorted(len(line.text) for line in lines)
    width = lengths[min(len(lengths) - 1, int(len(lengths) * 0.9))]
    base_indent = Counter(line.indent for line in lines).most_common(1)[0][0]
    return _Context(base_code(lang), is_unspaced(lang), width, base_indent)


def _wrapped_share(lines: Sequence[_Line], context: _Context) -> float:
    """Share of lines whose sentence runs on into the next line."""
    if len(lines) < 2:
        return 0.0
    running_on = sum(1 for prev, line in pairwise(lines) if _runs_on(prev, line, context))
    return running_on / (len(lines) - 1)


def _runs_on(prev: _Line, line: _Line, context: _Context) -> bool:
    """True when ``prev`` was cut by the line width rather than ended."""
    if _SENTENCE_END.search(prev.text):
        return False
    if context.unspaced:
        return len(prev.text) >= _FULL_LINE_SHARE * context.width
    return line.text[0].islower() or _ends_with_continuation(prev.text)


def _ends_with_continuation(text: str) -> bool:
    """True when a line ends with a comma, a hyphen or a word that needs what follows."""
    if text[-1] in _CONTINUATION_MARKS:
        return True
    last_word = _LAST_WORD.search(text)
    return last_word is not None and last_word.group(1).lower() in _CONTINUATION_WORDS


def _looks_like_start(text: str, context: _Context) -> bool:
    """True when a line can begin a paragraph (capital, digit, bracket; any CJK character)."""
    first = text[0]
    if first.isupper() or first.isdigit() or first in _PARAGRAPH_OPENERS:
        return True
    return context.unspaced and not first.islower() and first.isalpha()


def _starts_wrapped(prev: _Line, line: _Line, context: _Context) -> bool:
    """Paragraph breaks of PDF-extracted and hard-wrapped text."""
    gap = line.gap
    if not gap.furniture and (gap.spacers or gap.longest_empty_run >= 2):
        return True
    if line.indent > context.base_indent and not line.text[0].islower():
        return True
    return _ends_short(prev, context) and _looks_like_start(line.text, context)


def _ends_short(prev: _Line, context: _Context) -> bool:
    """True when a line stops well before the margin and does not run on."""
    return len(prev.text) < _SHORT_LINE_SHARE * context.width and not _ends_with_continuation(prev.text)


def _starts_block(prev: _Line, line: _Line, context: _Context) -> bool:
    """Paragraph breaks of blank-line separated text."""
    if not line.gap.blank:
        return False
    return not line.gap.furniture or not _continues_across_page(prev, line, context)


def _starts_line(prev: _Line, line: _Line, context: _Context) -> bool:
    """Paragraph breaks of one-paragraph-per-line text."""
    return not line.gap.furniture or not _continues_across_page(prev, line, context)


def _continues_across_page(prev: _Line, line: _Line, context: _Context) -> bool:
    """True when a paragraph cut by a page break (furniture between) goes on in ``line``."""
    if _SENTENCE_END.search(prev.text):
        return False
    return len(prev.text) >= _SHORT_LINE_SHARE * context.width or _runs_on(prev, line, context)


_BREAK_RULES: dict[str, Callable[[_Line, _Line, _Context], bool]] = {
    "pdf": _starts_wrapped,
    "wrapped": _starts_wrapped,
    "blocks": _starts_block,
    "lines": _starts_line,
}


def _group(lines: Sequence[_Line], starts_paragraph: Callable[[_Line, _Line], bool]) -> list[list[_Line]]:
    """Cut the content lines into paragraphs where ``starts_paragraph`` says so."""
    groups = [[lines[0]]]
    for prev, line in pairwise(lines):
        if starts_paragraph(prev, line):
            groups.append([line])
        else:
            groups[-1].append(line)
    return groups


def _paragraph(
    group: Sequence[_Line],
    context: _Context,
    vocabulary: AbstractSet[str],
    fix_split_words: Callable[[str], str] | None,
) -> Paragraph:
    """Join one paragraph's lines and classify it as body or heading."""
    text = join_wrapped_lines([line.text for line in group], context.lang, vocabulary)
    if fix_split_words is not None:
        text = fix_split_words(text)
    return Paragraph(text=text, kind=_kind(text, context), lines=(group[0].number, group[-1].number))


def _kind(text: str, context: _Context) -> str:
    """``"heading"`` for a short paragraph without sentence-final punctuation, else ``"body"``."""
    limit = _HEADING_MAX_UNSPACED if context.unspaced else _HEADING_MAX
    if len(text) > limit or _NOT_HEADING_END.search(text):
        return "body"
    return "heading"
