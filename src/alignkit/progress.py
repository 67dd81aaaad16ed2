"""Progress of a long run: reported by the library, drawn only by the command line.

A library function that can take long (:func:`alignkit.pipeline.run`, the
alignment, the streaming writers) takes a ``progress`` callback and calls it
with ``(stage, done, total)``: ``stage`` says what is being done, for people
(``read en.txt``, ``align en-zh``, ``write out/x.tmx``), ``done`` and ``total``
count units of work of that stage (sentences, units written...), ``done``
rising to ``total``.  Without a callback the library says nothing.

:class:`Tally` counts the work of one stage and calls the callback no more than
about a thousand times a stage, however many steps the stage has.
:func:`progress_enabled` is the one rule for drawing a bar: asked for, stderr a
terminal, and not in CI.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

#: ``progress(stage, done, total)``: ``done`` of ``total`` units of work of ``stage`` are done.
Progress = Callable[[str, int, int], None]

#: A stage reports at most about this many times (plus once at its end).
REPORTS_PER_STAGE = 1000


def stderr_is_terminal() -> bool:
    """True when standard error is a terminal (a person is watching)."""
    return sys.stderr.isatty()


def progress_enabled(requested: bool) -> bool:
    """Show a progress bar only when asked, on a terminal, and not in CI (``CI`` set, as CI services set it)."""
    return requested and stderr_is_terminal() and not os.environ.get("CI")


def report(progress: Progress | None, stage: str, done: int, total: int) -> None:
    """Call ``progress`` when there is one."""
    if progress is not None:
        progress(stage, done, total)


def as_stage(progress: Progress, stage: str) -> Progress:
    """``progress`` told ``stage`` whatever stage it is called with: a caller names the stage of a callee."""

    def renamed(_stage: str, done: int, total: int) -> None:
        progress(stage, done, total)

    return renamed


class Tally:
    """The work done in one stage, reported to a callback (nothing happens without one).

    :param total: units of work of the whole stage; reported as 0 done when made.
    """

    def __init__(self, progress: Progress | None, stage: str, total: int) -> None:
        self._progress = progress
        self.stage = stage
        self.total = total
        self.done = 0
        self._step = max(1, total // REPORTS_PER_STAGE)
        self._reported = 0
        report(progress, stage, 0, total)

    def add(self, work: int = 1) -> None:
        """Count ``work`` more units done; report when enough has been done since the last report."""
        if self._progress is None:
            return
        self.done = min(self.total, self.done + work)
        if self.done - self._reported >= self._step:
            self._reported = self.done
            self._progress(self.stage, self.done, self.total)

    def finish(self) -> None:
        """The stage is complete (a stage may end early, e.g. when a pass has nothing more to learn)."""
        if self._progress is not None and self._reported < self.total:
            self.done = self._reported = self.total
            self._progress(self.stage, self.total, self.total)
