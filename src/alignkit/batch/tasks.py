"""One document of a batch: the settings all documents share, the task, and its run.

:func:`process_document` is the work a worker does for one :class:`DocumentTask`:
one :func:`alignkit.pipeline.run`, the same path ``alignkit align`` and
``alignkit check`` take, writing ``<name>.tmx`` and ``<name>.xlsx`` and, with
glossaries, ``<name>.terms.xlsx`` (without glossaries, the ``<name>.terms.xlsx`` an
earlier run left is removed: it would pass for this run's).  Tasks and settings are
small frozen dataclasses of strings, so they pickle to worker processes and Dask workers.
"""

from __future__ import annotations

import dataclasses
import os
import time
import traceback
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..config import AlignConfig
from ..errors import AlignkitError
from ..fsutil import DEFAULT_MAX_INPUT_SIZE, input_size_limit, max_input_size
from ..langs import check_code
from ..names import FROM_PAIRING
from ..pairing import DocumentSet
from ..pipeline import Job, merged_glossary, run
from .records import FAILED, OK, DocumentResult, forget, write_record

#: Alignment outputs of each document (``S-2017-613.tmx``...), and its term report.
TMX_SUFFIX = ".tmx"
ALIGNMENT_SUFFIXES = (TMX_SUFFIX, ".xlsx")
REPORT_SUFFIX = ".terms.xlsx"


@dataclass(frozen=True)
class BatchSettings:
    """What every document of a batch is aligned with (picklable, sent to each worker).

    :param langs: the languages to align, or None for every language found.
    :param pivot: the language the others are aligned to.
    :param glossaries: glossary files (absolute paths), merged: they anchor the
        alignment and the terms are checked against them.
    :param out_dir: where the outputs go (absolute).
    :param max_input_size: the input size limit in every worker (bytes).
    """

    langs: tuple[str, ...] | None
    pivot: str
    glossaries: tuple[str, ...]
    out_dir: str
    max_input_size: int = DEFAULT_MAX_INPUT_SIZE

    @classmethod
    def of(cls, out_dir: Path, langs: Sequence[str] | None, pivot: str,
           glossaries: Sequence[str | os.PathLike[str]]) -> BatchSettings:
        """Checked settings: language codes, the pivot among the languages, the glossaries
        loaded (a bad one stops the batch before any work).

        :raises AlignkitError: as listed.
        """
        pivot = check_code(pivot)
        codes = tuple(dict.fromkeys(check_code(code) for code in langs)) if langs else None
        if codes is not None and pivot not in codes:
            raise AlignkitError(
                f"the pivot {pivot!r} is not among the languages {', '.join(codes)}; add it to --langs")
        files = tuple(str(Path(path).resolve()) for path in glossaries)
        merged_glossary(files)
        return cls(codes, pivot, files, str(out_dir.resolve()), max_input_size())

    @property
    def config(self) -> AlignConfig:
        """The alignment settings of every document."""
        return AlignConfig(pivot=self.pivot)


@dataclass(frozen=True)
class DocumentTask:
    """One document to align: its symbol and its files by language."""

    symbol: str
    name: str
    files: tuple[tuple[str, str], ...]
    settings: BatchSettings

    @classmethod
    def of(cls, document: DocumentSet, settings: BatchSettings) -> DocumentTask:
        """The task for a document found by :func:`~alignkit.pairing.find_documents`."""
        files = tuple((lang, str(path.resolve())) for lang, path in sorted(document.files_by_lang.items()))
        return cls(document.symbol, document.name, files, settings)

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages found for this document."""
        return tuple(lang for lang, _ in self.files)

    def output(self, suffix: str) -> Path:
        """The output of this document with ``suffix`` (``.tmx``)."""
        return Path(self.settings.out_dir) / f"{self.name}{suffix}"

    @property
    def tmx(self) -> Path:
        """The document's TMX (``all.tmx`` is streamed from these)."""
        return self.output(TMX_SUFFIX)

    def outputs(self) -> tuple[Path, ...]:
        """Every file this document's run writes (besides its completion record)."""
        suffixes = [*ALIGNMENT_SUFFIXES, *([REPORT_SUFFIX] if self.settings.glossaries else [])]
        return tuple(self.output(suffix) for suffix in suffixes)


def process_document(task: DocumentTask) -> DocumentResult:
    """Align one document and write its outputs; never raises: a failure is a result.

    Runs in whichever process or cluster worker the batch hands it to.
    """
    started = time.perf_counter()
    forget(task)
    try:
        with input_size_limit(task.settings.max_input_size):
            result = _run(task)
    except AlignkitError as error:
        result = failed(task, str(error))
    except Exception as error:  # a bug must not stop the batch: report it in the summary
        where = traceback.extract_tb(error.__traceback__)[-1]
        result = failed(task, f"internal error {type(error).__name__}: {error} "
                              f"({Path(where.filename).name}:{where.lineno})")
    result = dataclasses.replace(result, seconds=time.perf_counter() - started)
    if result.status == OK:
        write_record(task, result)
    return result


def _run(task: DocumentTask) -> DocumentResult:
    langs, paths = _chosen_files(task)
    settings = task.settings
    job = Job(
        files=tuple(Path(path) for path in paths),
        langs=tuple(langs),
        config=settings.config,
        glossaries=tuple(Path(path) for path in settings.glossaries),
        outputs=tuple(task.output(suffix) for suffix in ALIGNMENT_SUFFIXES),
        reports=(task.output(REPORT_SUFFIX),) if settings.glossaries else (),
        langs_origin=FROM_PAIRING,
    )
    done = run(job)
    if not settings.glossaries:
        _remove_stale_report(task)
    return DocumentResult(
        document=task.symbol,
        languages=task.languages,
        units=len(done.alignment.units),
        flagged=sum(unit.flagged for unit in done.alignment.units),
        term_findings=len(done.report.findings) if done.report is not None else None,
        name=task.name,
    )


def _remove_stale_report(task: DocumentTask) -> None:
    """Remove the term report an earlier run with glossaries wrote for this document: this
    run checks no terms, and a report left beside its new outputs would pass for its own."""
    report = task.output(REPORT_SUFFIX)
    if any(Path(path).resolve() == report.resolve() for _, path in task.files):
        return  # never an input (the batch reads it)
    report.unlink(missing_ok=True)


def _chosen_files(task: DocumentTask) -> tuple[list[str], list[str]]:
    """The languages to align (pivot first) and their files."""
    files = dict(task.files)
    wanted = task.settings.langs or tuple(sorted(files))
    pivot = task.settings.pivot
    if pivot not in files:
        raise AlignkitError(f"no {pivot} version (found {', '.join(sorted(files))}); the pivot is needed")
    langs = [pivot, *(lang for lang in wanted if lang in files and lang != pivot)]
    if len(langs) < 2:
        raise AlignkitError(f"only the {pivot} version among the languages {', '.join(wanted)}")
    return langs, [files[lang] for lang in langs]


def failed(task: DocumentTask, error: str) -> DocumentResult:
    """The result of a document that failed with ``error``."""
    return DocumentResult(task.symbol, task.languages, status=FAILED, error=error, name=task.name)
