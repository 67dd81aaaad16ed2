"""Plain-text views for the terminal: segments of one document, aligned units side by side, summaries,
and the progress bar of a long run."""

from __future__ import annotations

import contextlib
import shutil
import sys
import textwrap
import time
import unicodedata
from collections.abc import Callable, Iterator
from types import TracebackType
from typing import TYPE_CHECKING, Any

from .model import Alignment, Document
from .progress import Progress, progress_enabled

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
        f"{lang} {doc.sentence_count}" for lang, doc in alignment.documents.items()
    )
    return (
        f"{alignment.name or 'document'}: {len(alignment.units)} units "
        f"({flagged} flagged for review) from sentences {counts}"
    )


def summarize_terms(report: TermReport) -> str:
    """One line: how many errors, warnings and notes for information the term check found."""
    return (f"terms: {report.count('error')} error(s), {report.count('warning')} warning(s), "
            f"{report.count('info')} info")


# ------------------------------------------------------------------ progress bar

#: Seconds a run goes on before its progress bar appears: a short run shows none.
PROGRESS_DELAY = 1.5
#: What the bar shows: the stage, how far it is, the time it took and the time it will take.
_BAR_FORMAT = "{desc}: {percentage:3.0f}%|{bar}| [{elapsed}<{remaining}]"


class ProgressBar:
    """A progress callback (:mod:`alignkit.progress`) that draws one tqdm bar on stderr, stage by stage.

    Nothing is drawn before the run has gone on for ``delay`` seconds; then one bar
    shows the stage at hand, starting again at each new stage.  Closed (or left as a
    context manager), it is taken off the terminal.
    """

    def __init__(self, delay: float | None = None, clock: Callable[[], float] = time.monotonic) -> None:
        self._delay = PROGRESS_DELAY if delay is None else delay
        self._clock = clock
        self._start = clock()
        self._bar: Any = None
        self._stage = ""

    def __call__(self, stage: str, done: int, total: int) -> None:
        if total <= 0:  # a stage without work is done
            done = total = 1
        if self._bar is None:
            if self._clock() - self._start < self._delay:
                return
            from tqdm import tqdm

            self._bar = tqdm(total=total, initial=done, desc=stage, file=sys.stderr, leave=False,
                             dynamic_ncols=True, bar_format=_BAR_FORMAT)
            self._stage = stage
        elif stage != self._stage:
            self._stage = stage
            self._bar.set_description_str(stage, refresh=False)
            self._bar.initial = 0  # the work done before the bar appeared was the last stage's: not in this rate
            self._bar.reset(total=total)
        elif total != self._bar.total:  # the stage has measured its work
            self._bar.total = total
        self._bar.update(done - self._bar.n)

    def close(self) -> None:
        """Take the bar off the terminal."""
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()


@contextlib.contextmanager
def progress_bar(requested: bool) -> Iterator[Progress | None]:
    """A :class:`ProgressBar` while the block runs, when asked for, on a terminal and not in CI
    (:func:`alignkit.progress.progress_enabled`); else None, and nothing is drawn."""
    if not progress_enabled(requested):
        yield None
        return
    with ProgressBar() as bar:
        yield bar
