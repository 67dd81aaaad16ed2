"""One file under review: its units, every change as a numbered version, undo and redo, saving.

:class:`ReviewSession` holds the units of the file opened
(:func:`alignkit.pipeline.open_for_review`) and the history of their states.
:meth:`ReviewSession.apply` runs one operation (:mod:`.operations`, named in
:data:`OPERATIONS`) on the version the browser last saw: an operation sent
from an older version (another tab changed the file since) is refused with
:class:`StaleVersion`, so no tab overwrites another's work unseen.  The answer
is a *patch*: the units that replace a stretch of the old ones.

After each change the new state is saved to the file by a background thread
(:class:`Saver`): a change made while a save runs is saved next, so a large
workbook never holds up the editor.  A save is checked as ``alignkit convert``
checks the file (:func:`alignkit.review.find_problems` against the alignment the
file carried when the editor opened it, then :func:`alignkit.review.rebuild`), and
written atomically in the file's own format; a workbook keeps that original
alignment in its hidden sheets, so ``convert`` can check it again.  A file
changed on disk by another program since the editor read or last wrote it is
not overwritten: the save fails with a message saying so.
"""

from __future__ import annotations

import itertools
import os
import tempfile
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...errors import AlignkitError
from ...model import Alignment, AlignmentUnit
from ..rebuild import rebuild
from .operations import (
    Aligner,
    EditRefused,
    Units,
    edit_text,
    merge_with_next,
    move_sentence,
    pending_stretch,
    realign,
    set_comment,
    set_status,
    split_unit,
)
from .state import EditorUnit, Reference, editor_units, review_rows

if TYPE_CHECKING:
    from ...pipeline import ReviewStart
    from ...terms import Glossary, TermFinder

#: States kept for undo.
UNDO_DEPTH = 1000
#: Formats the export buttons offer.
EXPORT_FORMATS = (".tmx", ".xlsx")
#: Term findings of a whole document: they are not per unit, so the editor leaves them out.
DOCUMENT_FINDINGS = ("inconsistent",)


class StaleVersion(AlignkitError):
    """An operation sent from a version older than the session's (another tab changed the file)."""

    def __init__(self, sent: int, current: int) -> None:
        self.sent = sent
        self.current = current
        super().__init__(f"this page shows version {sent}, but the file is at version {current}: it was changed "
                         "in another tab or window; reload to see the changes (yours was not applied)")


class SaveConflict(AlignkitError):
    """The file was changed on disk by another program since the editor last read or wrote it."""


@dataclass(frozen=True)
class Patch:
    """How the units changed: ``units[start:start + removed]`` became ``added``, making ``version``."""

    start: int
    removed: int
    added: tuple[EditorUnit, ...]
    version: int = 0
    can_undo: bool = False
    can_redo: bool = False


@dataclass(frozen=True)
class SaveState:
    """Where saving stands: the last version written, whether a save runs, the last failure."""

    saved: int
    saving: bool
    error: str


def patch_between(old: Sequence[EditorUnit], new: Sequence[EditorUnit]) -> Patch:
    """The smallest stretch of ``old`` that ``new`` replaced (units compared by identity)."""
    limit = min(len(old), len(new))
    start = 0
    while start < limit and old[start] is new[start]:
        start += 1
    end_old, end_new = len(old), len(new)
    while end_old > start and end_new > start and old[end_old - 1] is new[end_new - 1]:
        end_old -= 1
        end_new -= 1
    return Patch(start, end_old - start, tuple(new[start:end_new]))


class Saver:
    """Runs ``save(version, units)`` in a background thread, always for the latest state asked for."""

    def __init__(self, save: Callable[[int, Units], None]) -> None:
        self._save = save
        self._condition = threading.Condition()
        self._pending: tuple[int, Units] | None = None
        self._busy = False
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="alignkit-review-saver", daemon=True)
        self._thread.start()

    def request(self, version: int, units: Units) -> None:
        """Save this state next (a state asked for earlier and not yet started is dropped)."""
        with self._condition:
            self._pending = (version, units)
            self._condition.notify_all()

    @property
    def busy(self) -> bool:
        """True while a save runs or waits."""
        with self._condition:
            return self._busy or self._pending is not None

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until every state asked for is saved (or failed); False when ``timeout`` ran out first."""
        with self._condition:
            return self._condition.wait_for(lambda: self._pending is None and not self._busy, timeout)

    def stop(self, timeout: float | None = None) -> bool:
        """Save what is pending, then end the thread; False when ``timeout`` ran out first."""
        with self._condition:
            self._stopping = True
            self._condition.notify_all()
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _run(self) -> None:
        while True:
            with self._condition:
                self._condition.wait_for(lambda: self._pending is not None or self._stopping)
                if self._pending is None:
                    return
                job, self._pending, self._busy = self._pending, None, True
            try:
                self._save(*job)
            finally:
                with self._condition:
                    self._busy = False
                    self._condition.notify_all()


class TermView:
    """A glossary's terms in the editor: where they are in each sentence, and the findings of each unit."""

    def __init__(self, glossary: Glossary) -> None:
        from ...terms import TermFinder

        self.glossary = glossary
        self.finder: TermFinder = TermFinder(glossary)

    def spans(self, text: str, lang: str) -> list[list[Any]]:
        """``[start, end, status, concept]`` of every term in ``text`` (status: approved, variant, forbidden)."""
        return [[match.start, match.end, match.refs[0].status, match.refs[0].concept]
                for match in self.finder.find(text, lang)]

    def findings(self, units: Sequence[EditorUnit], langs: tuple[str, ...]) -> list[list[dict[str, str]]]:
        """The term findings of each unit (missing, forbidden, count, unexpected), one list per unit."""
        from ...terms import check_terms

        alignment = Alignment(langs, tuple(
            AlignmentUnit(id=number, indices={lang: () for lang in langs},
                          segments={lang: tuple(piece.text for piece in unit.pieces[lang]) for lang in langs})
            for number, unit in enumerate(units)))
        found: list[list[dict[str, str]]] = [[] for _ in units]
        for finding in check_terms(alignment, self.glossary, finder=self.finder).findings:
            if finding.kind not in DOCUMENT_FINDINGS:
                found[finding.unit].append({"lang": finding.lang, "kind": finding.kind,
                                            "severity": finding.severity, "message": finding.message})
        return found


#: An operation's name → how it runs: ``run(session, units, params) -> units``.
Operation = Callable[["ReviewSession", Units, Mapping[str, Any]], Units]


def _int(params: Mapping[str, Any], name: str) -> int:
    value = params.get(name)
    if not isinstance(value, int) or isinstance(value, bool):
        raise EditRefused(f"the operation needs a whole number {name!r}")
    return value


def _str(params: Mapping[str, Any], name: str) -> str:
    value = params.get(name)
    if not isinstance(value, str):
        raise EditRefused(f"the operation needs a text {name!r}")
    return value


def _cuts(params: Mapping[str, Any]) -> dict[str, int]:
    cuts = params.get("cuts")
    if not isinstance(cuts, dict) or not all(isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool)
                                             for k, v in cuts.items()):
        raise EditRefused("split needs 'cuts': the sentences each language keeps in the first unit")
    return dict(cuts)


def _stop(params: Mapping[str, Any], start: int) -> int:
    return _int(params, "stop") if "stop" in params else start + 1


def _realign(session: ReviewSession, units: Units, params: Mapping[str, Any]) -> Units:
    at = _int(params, "at")
    if "stop" in params:
        start, stop = at, _int(params, "stop")
    else:
        start, stop = pending_stretch(units, at)
    return realign(units, start, stop, session.aligner, session.new_key)


OPERATIONS: dict[str, Operation] = {
    "merge": lambda s, units, p: merge_with_next(units, _int(p, "at")),
    "split": lambda s, units, p: split_unit(units, _int(p, "at"), _cuts(p), s.new_key),
    "move": lambda s, units, p: move_sentence(units, _int(p, "at"), _str(p, "lang"), _int(p, "direction")),
    "status": lambda s, units, p: set_status(units, _int(p, "at"), _stop(p, _int(p, "at")), _str(p, "status")),
    "comment": lambda s, units, p: set_comment(units, _int(p, "at"), _str(p, "comment")),
    "edit": lambda s, units, p: edit_text(units, _int(p, "at"), _str(p, "lang"), _int(p, "sentence"),
                                          _str(p, "text"), s.reference),
    "realign": _realign,
}
#: Operations that move through the history instead of changing the units.
HISTORY_OPERATIONS = ("undo", "redo")


class ReviewSession:
    """The file under review, its history of states, and its saving.

    :param path: the file, saved in place (the one output ``alignkit review`` writes).
    :param start: what :func:`alignkit.pipeline.open_for_review` read from it.
    :param glossary: its terms are highlighted and each unit's term findings shown.
    :param aligner: re-aligns a stretch (:func:`.operations.default_aligner`).
    :param autosave: save after every change (off in tests that save by hand).
    """

    reference: Reference
    version: int

    def __init__(self, path: str | os.PathLike[str], start: ReviewStart, *, glossary: Glossary | None = None,
                 aligner: Aligner | None = None, autosave: bool = True) -> None:
        self.path = Path(path)
        self.reference = Reference(start.original)
        self.langs = start.original.langs
        self.name = start.alignment.name or start.original.name
        self.signature = start.alignment.signature or start.original.signature
        self.terms = TermView(glossary) if glossary is not None else None
        self.glossary = glossary
        self._aligner = aligner
        self._lock = threading.RLock()
        units = editor_units(start.alignment, self.reference)
        self._history: list[Units] = [units]
        self._at = 0
        self._keys = itertools.count(len(units) + 1)
        self.version = 1
        self._saved = 1
        self._error = ""
        self._disk = _disk_state(self.path)
        self._saver = Saver(self._save_version) if autosave else None

    # ------------------------------------------------------------- state

    @property
    def units(self) -> Units:
        """The units as they are now."""
        return self._history[self._at]

    @property
    def aligner(self) -> Aligner:
        """What re-aligns a stretch."""
        if self._aligner is None:
            from ...config import AlignConfig
            from .operations import default_aligner

            self._aligner = default_aligner(AlignConfig(), self.glossary)
        return self._aligner

    def new_key(self) -> int:
        """A unit key not used before in this session."""
        return next(self._keys)

    def apply(self, version: int, name: str, params: Mapping[str, Any]) -> Patch:
        """Run operation ``name`` on ``version`` of the units; the patch that changed them.

        :raises StaleVersion: ``version`` is not the current one.
        :raises EditRefused: the operation does not apply (the message says why), or undo/redo
            has nothing to go back or forward to.
        """
        with self._lock:
            if version != self.version:
                raise StaleVersion(version, self.version)
            old = self.units
            if name in HISTORY_OPERATIONS:
                self._move_in_history(-1 if name == "undo" else 1)
            elif name in OPERATIONS:
                new = OPERATIONS[name](self, old, params)
                if new is old:
                    return Patch(0, 0, (), self.version, self.can_undo, self.can_redo)
                self._history[self._at + 1:] = [new]
                if len(self._history) > UNDO_DEPTH:
                    del self._history[0]
                self._at = len(self._history) - 1
            else:
                raise EditRefused(f"unknown operation {name!r}; known: {', '.join([*OPERATIONS, *HISTORY_OPERATIONS])}")
            self.version += 1
            if self._saver is not None:
                self._saver.request(self.version, self.units)
            return replace(patch_between(old, self.units), version=self.version, can_undo=self.can_undo,
                           can_redo=self.can_redo)

    def _move_in_history(self, step: int) -> None:
        target = self._at + step
        if not 0 <= target < len(self._history):
            raise EditRefused("nothing to undo" if step < 0 else "nothing to redo")
        self._at = target

    @property
    def can_undo(self) -> bool:
        """True when there is a change to undo."""
        return self._at > 0

    @property
    def can_redo(self) -> bool:
        """True when there is an undone change to redo."""
        return self._at < len(self._history) - 1

    # ------------------------------------------------------------- saving

    def save_state(self) -> SaveState:
        """Where saving stands."""
        with self._lock:
            saving = self._saver is not None and self._saver.busy
            return SaveState(self._saved, saving, self._error)

    def save(self) -> None:
        """Save the current state now, in this thread (what the background saver does after each change).

        :raises ReviewError: the units lost or doubled text (nothing is written).
        :raises SaveConflict: the file was changed by another program.
        """
        with self._lock:
            version, units = self.version, self.units
        self._write(version, units)

    def flush(self, timeout: float | None = None) -> bool:
        """Wait for the background saves; False when ``timeout`` ran out first."""
        return self._saver.flush(timeout) if self._saver is not None else True

    def close(self, timeout: float | None = None) -> bool:
        """Save what is pending and stop the background saver; False when ``timeout`` ran out first."""
        return self._saver.stop(timeout) if self._saver is not None else True

    def _save_version(self, version: int, units: Units) -> None:
        try:
            self._write(version, units)
        except (AlignkitError, OSError) as error:
            message = str(error) if isinstance(error, AlignkitError) else f"{self.path}: {error.strerror or error}"
            with self._lock:
                self._error = message

    def _write(self, version: int, units: Units) -> None:
        alignment = self.checked_alignment(units)
        if _disk_state(self.path) != self._disk:
            raise SaveConflict(f"{self.path}: changed by another program since alignkit review opened it; "
                               "not saved (export your work with the buttons, then open the file again)")
        self._export(alignment, self.path)
        with self._lock:
            self._disk = _disk_state(self.path)
            self._saved = max(self._saved, version)
            self._error = ""

    def checked_alignment(self, units: Units | None = None) -> Alignment:
        """The units as an alignment, checked as ``alignkit convert`` checks a review.

        :raises ReviewError: a sentence lost, doubled or out of order, or text in no original sentence.
        """
        units = self.units if units is None else units
        rows = review_rows(units, self.langs)
        return rebuild(self.reference.original, rows, source=str(self.path)).alignment  # raises on any problem

    def _export(self, alignment: Alignment, path: Path) -> None:
        from ...export import export_alignment

        options: dict[str, Any] = {}
        if path.suffix.lower() == ".xlsx":
            options["original"] = self.reference.original
            if self.glossary is not None:
                from ...terms import check_terms

                options["term_report"] = check_terms(alignment, self.glossary)
        export_alignment(alignment, path, **options)

    def export(self, extension: str) -> tuple[str, bytes]:
        """The current units as a file of the format of ``extension`` (``.tmx``, ``.xlsx``): its name and bytes.

        :raises ReviewError: as :meth:`checked_alignment`.
        """
        if extension not in EXPORT_FORMATS:
            raise EditRefused(f"export to {', '.join(EXPORT_FORMATS)}, not {extension!r}")
        alignment = self.checked_alignment()
        name = self.path.stem + extension
        with tempfile.TemporaryDirectory(prefix="alignkit-review-") as folder:
            target = Path(folder) / name
            self._export(alignment, target)
            return name, target.read_bytes()

    # ------------------------------------------------------------- what the browser gets

    def document(self) -> dict[str, Any]:
        """Everything the page shows: the file, the languages and every unit."""
        with self._lock:
            units, version, can_undo, can_redo = self.units, self.version, self.can_undo, self.can_redo
        return {
            "version": version, "file": str(self.path), "format": self.path.suffix.lower().lstrip("."),
            "name": self.name, "signature": self.signature, "langs": list(self.langs),
            "glossary": self.terms is not None, "units": self.units_json(units),
            "can_undo": can_undo, "can_redo": can_redo, "save": self.status_json(),
        }

    def patch_json(self, patch: Patch) -> dict[str, Any]:
        """A patch as the page applies it."""
        return {"version": patch.version, "start": patch.start, "removed": patch.removed,
                "units": self.units_json(patch.added), "can_undo": patch.can_undo, "can_redo": patch.can_redo}

    def status_json(self) -> dict[str, Any]:
        """The version and where saving stands."""
        state = self.save_state()
        return {"version": self.version, "saved": state.saved, "saving": state.saving, "error": state.error,
                "units": len(self.units)}

    def units_json(self, units: Sequence[EditorUnit]) -> list[dict[str, Any]]:
        """Each unit as the page shows it."""
        findings = self.terms.findings(units, self.langs) if self.terms is not None else None
        return [self._unit_json(unit, findings[number] if findings is not None else [])
                for number, unit in enumerate(units)]

    def _unit_json(self, unit: EditorUnit, findings: list[dict[str, str]]) -> dict[str, Any]:
        described = self.reference.describe(unit)
        cells = {lang: [self._sentence_json(piece.text, piece.edited, lang) for piece in unit.pieces[lang]]
                 for lang in self.langs}
        return {"key": unit.key, "paragraph": unit.paragraph, "type": described.type,
                "score": round(described.score, 3), "flagged": described.flagged, "reasons": list(described.reasons),
                "status": unit.status, "comment": unit.comment, "edited": list(described.edited),
                "cells": cells, "findings": findings}

    def _sentence_json(self, text: str, edited: bool, lang: str) -> dict[str, Any]:
        sentence: dict[str, Any] = {"text": text}
        if edited:
            sentence["edited"] = True
        if self.terms is not None:
            spans = self.terms.spans(text, lang)
            if spans:
                sentence["terms"] = spans
        return sentence


def _disk_state(path: Path) -> tuple[int, int, int] | None:
    """Which version of the file is on disk (inode, size, modification time), or None when it is gone."""
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_ino, status.st_size, status.st_mtime_ns
