"""Align whole collections: every document of a folder, in parallel, resumable.

:func:`run_batch` pairs the files of a folder by UN symbol and language
(:mod:`alignkit.pairing`), aligns each document and writes, in ``out_dir``:

* ``<name>.tmx`` and ``<name>.xlsx`` per document (``S/2017/613`` → ``S-2017-613``),
  and the term report ``<name>.terms.xlsx`` when glossaries are given;
* ``all.tmx``: the units of every document, streamed from the per-document files
  (never all in memory) by :func:`alignkit.export.tmx.write_combined`, each
  ``<tu>`` with its ``x-document``;
* ``summary.csv`` and ``summary.xlsx``: one row per document (languages, units,
  flagged units, term findings, seconds, status, error) and per unpaired file.

Each document takes the one path of :func:`alignkit.pipeline.run`, as
``alignkit align`` does: the glossaries (any number, merged) anchor the
alignment and check its terms.  A document that fails is reported in the
summary and the batch goes on.

The package, along its seams:

* :mod:`.tasks`: :class:`BatchSettings` (checked once, shared by every document),
  :class:`DocumentTask` and :func:`process_document`, the work for one document;
* :mod:`.records`: :class:`DocumentResult` and the completion records written
  last for each document, whose fingerprints (settings, inputs, every glossary)
  let ``resume=True`` skip exactly the documents that are complete and unchanged;
* :mod:`.runners`: the documents run in this process (``jobs=1``), in ``jobs``
  worker processes, or on a Dask distributed cluster (``scheduler``), one at a
  time per worker; and the progress bar;
* :mod:`.summary`: ``summary.csv`` and ``summary.xlsx``.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..align import signature
from ..errors import AlignkitError, ExportError
from ..export.tmx import write_combined
from ..fsutil import check_outputs
from ..pairing import UnpairedFile, find_documents
from ..pipeline import merged_glossary
from ..progress import progress_enabled
from .records import FAILED, OK, RECORD_DIR, RESUMED, UNPAIRED, DocumentResult, completed_result
from .runners import Progress, results
from .summary import SUMMARY_COLUMNS, summary_paths, summary_rows, write_summary
from .tasks import BatchSettings, DocumentTask, process_document

__all__ = [
    "ALL_TMX", "FAILED", "OK", "RECORD_DIR", "RESUMED", "SUMMARY_COLUMNS", "UNPAIRED", "BatchResult",
    "BatchSettings", "DocumentResult", "DocumentTask", "process_document", "progress_enabled", "run_batch",
]

ALL_TMX = "all.tmx"


@dataclass(frozen=True)
class BatchResult:
    """What a batch did: one result per document, the files it could not pair, what it wrote."""

    out_dir: Path
    documents: tuple[DocumentResult, ...]
    unpaired: tuple[UnpairedFile, ...]
    written: tuple[Path, ...]

    @property
    def failed(self) -> tuple[DocumentResult, ...]:
        """The documents that failed."""
        return tuple(doc for doc in self.documents if doc.status == FAILED)

    @property
    def units(self) -> int:
        """Units aligned over all documents."""
        return sum(doc.units for doc in self.documents)

    @property
    def exit_code(self) -> int:
        """1 when a document failed, else 0 (unpaired files are listed, not failures)."""
        return 1 if self.failed else 0


def run_batch(
    in_dir: str | os.PathLike[str],
    out_dir: str | os.PathLike[str],
    *,
    langs: Sequence[str] | None = ("en", "zh", "ru"),
    pivot: str = "en",
    glossaries: Sequence[str | os.PathLike[str]] = (),
    jobs: int = 1,
    resume: bool = False,
    scheduler: str | None = None,
    progress: bool = True,
) -> BatchResult:
    """Align every document in ``in_dir`` and write the outputs to ``out_dir``.

    :param langs: the languages to align (others are ignored); None for all found.
    :param pivot: the language every other version is aligned to.
    :param glossaries: glossary files, merged: their concepts anchor the alignment,
        and a term report is written per document.
    :param jobs: worker processes on this machine (1: in this process).
    :param resume: skip documents whose outputs are complete and up to date.
    :param scheduler: address of a Dask distributed scheduler (``tcp://host:8786``) to
        run on instead of local processes; workers must see ``in_dir`` and ``out_dir``
        at the same paths.
    :param progress: show a progress bar (only on a terminal, never when ``CI`` is set).
    :raises AlignkitError: ``in_dir`` is not a folder, bad languages or glossary, an
        output that would overwrite an input (checked before any work), unreachable
        scheduler.  A document that fails does not raise: see the result.
    """
    if jobs < 1:
        raise AlignkitError(f"--jobs must be at least 1, not {jobs}")
    out = Path(out_dir)
    settings = BatchSettings.of(out, langs, pivot, glossaries)
    documents, unpaired = find_documents(in_dir)
    unpaired = _inputs_outside(out, unpaired)
    tasks = [DocumentTask.of(document, settings) for document in documents]
    _check_outputs(out, tasks, settings)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ExportError(f"{out}: cannot create the output folder ({error.strerror or error})") from None
    finished: dict[str, DocumentResult] = {}
    if resume:
        finished = {task.name: done for task in tasks if (done := completed_result(task)) is not None}
    todo = [task for task in tasks if task.name not in finished]
    bar = Progress(len(tasks), progress_enabled(progress))
    try:
        for result in finished.values():
            bar.done(result)
        for result in results(todo, jobs, scheduler):
            finished[result.name] = result
            bar.done(result)
    finally:
        bar.close()
    ordered = tuple(finished[task.name] for task in tasks)
    aligned = [task for task in tasks if finished[task.name].status in (OK, RESUMED)]
    written = [_write_all_tmx(out / ALL_TMX, aligned, settings)]
    written += write_summary(out, summary_rows(ordered, unpaired, Path(in_dir)))
    return BatchResult(out, ordered, tuple(unpaired), tuple(written))


def _check_outputs(out: Path, tasks: Sequence[DocumentTask], settings: BatchSettings) -> None:
    """Before any work: no file the batch writes is a file it reads (a document, a glossary)."""
    outputs = [out / ALL_TMX, *summary_paths(out)]
    outputs += [path for task in tasks for path in task.outputs()]
    inputs = [*settings.glossaries, *(path for task in tasks for _, path in task.files)]
    check_outputs(outputs, inputs)


def _write_all_tmx(path: Path, aligned: Sequence[DocumentTask], settings: BatchSettings) -> Path:
    """``all.tmx``: every aligned document's units, under the batch's languages and signature."""
    langs = (settings.pivot, *(lang for lang in settings.langs or () if lang != settings.pivot))
    sign = signature(settings.config, merged_glossary(settings.glossaries))
    return write_combined(path, [(task.name, task.tmx) for task in aligned], langs=langs, signature=sign)


def _inputs_outside(out_dir: Path, unpaired: list[UnpairedFile]) -> list[UnpairedFile]:
    """Leave out the batch's own outputs when ``out_dir`` is inside the input folder."""
    root = out_dir.resolve()
    return [item for item in unpaired if root not in item.path.resolve().parents]
