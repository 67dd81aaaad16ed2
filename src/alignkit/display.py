"""Plain-text views for the terminal: segments of one document, aligned units side by side, summaries."""

from __future__ import annotations

import shutil
import textwrap
import unicodedata
from collections.abc import Iterator
from typing import TYPE_CHECKING

from .model import Alignment, Document

if TYPE_CHECKING:
    from .terms import TermReport


def display_width(text: str) -> int:
    """Terminal columns ``text`` takes (CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrap_to_width(text: str, width: int) -> list[str]:
    """Wrap ``text`` to ``width`` terminal columns; CJK text wraps between any characters."""
    if display_width(text) == len(text):
        return textwrap.wrap(text, width, break_on_hyphens=False) or [""]
    lines, current, used = [], "", 0
    for ch in text:
        w = display_width(ch)
        if used + w > width and current:
            lines.append(current)
            current, used = "", 0
        current += ch
        used += w
    lines.append(current)
    return lines


def terminal_width(default: int = 100) -> int:
    """Width of the terminal, or ``default`` when output is not a terminal."""
    return max(60, shutil.get_terminal_size((default, 24)).columns)


def format_segments(document: Document) -> Iterator[str]:
    """One line per sentence: paragraph number, label (or kind), the sentence."""
    for p_index, paragraph in enumerate(document.paragraphs, start=1):
        tag = paragraph.label or ("#" if paragraph.kind == "heading" else "")
        padding = " " * max(1, 9 - display_width(tag))
        for sentence in paragraph.sentences:
            yield f"{p_index:>4}  {tag}{padding}{sentence}"


def format_alignment(alignment: Alignment, width: int | None = None) -> Iterator[str]:
    """A readable side-by-side view: one block per unit, one wrapped line group per language."""
    width = width or terminal_width()
    text_width = max(20, width - 6)
    for unit in alignment.units:
        flag = "  REVIEW: " + "; ".join(unit.reasons) if unit.flagged else ""
        paragraph = f" ¶{unit.paragraph}" if unit.paragraph else ""
        yield f"#{unit.id}{paragraph}  {unit.type}  score {unit.score:.2f}{flag}"
        for lang in alignment.langs:
            lines = wrap_to_width(unit.text(lang), text_width) if unit.segments.get(lang) else ["—"]
            yield f"  {lang:<3} {lines[0]}"
            for line in lines[1:]:
                yield f"      {line}"
        yield ""


def summarize(alignment: Alignment) -> str:
    """One line: languages, units and how many are flagged."""
    flagged = sum(unit.flagged for unit in alignment.units)
    counts = ", ".join(
        f"{lang} {len(doc.segments())}" for lang, doc in alignment.documents.items()
    )
    return (
        f"{alignment.name or 'document'}: {len(alignment.units)} units "
        f"({flagged} flagged for review) from sentences {counts}"
    )


def summarize_terms(report: TermReport) -> str:
    """One line: how many errors, warnings and notes for information the term check found."""
    return (f"terms: {report.count('error')} error(s), {report.count('warning')} warning(s), "
            f"{report.count('info')} info")
