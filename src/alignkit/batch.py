"""Align whole collections: every document of a folder, in parallel, resumable.

:func:`run_batch` pairs the files of a folder by UN symbol and language
(:mod:`alignkit.pairing`), aligns each document and writes, in ``out_dir``:

* ``<name>.tmx`` and ``<name>.xlsx`` per document (``S/2017/613`` → ``S-2017-613``),
  and the term report ``<name>.terms.xlsx`` when a glossary is given;
* ``all.tmx``: the units of every document, streamed from the per-document files
  (never all in memory), each ``<tu>`` with its ``x-document``;
* ``summary.csv`` and ``summary.xlsx``: one row per document (languages, units,
  flagged units, term findings, seconds, status, error) and per unpaired file.

A document that fails is reported in the summary and the batch goes on.  Every
output is written atomically, and a document's completion record (in
``out_dir/.alignkit-batch/``) is written last, so ``resume=True`` skips exactly
the documents whose outputs are complete and whose inputs and settings have not
changed since.

The work for one document is :func:`process_document`, a top-level function of
one picklable :class:`DocumentTask`; it runs in this process (``jobs=1``), in
``jobs`` worker processes, or on a Dask distributed cluster (``scheduler``), one
document at a time per worker, so memory is bounded by one document per worker.
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import json
import multiprocessing
import os
import sys
import time
import traceback
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from .align.signature import signature
from .config import AlignConfig
from .errors import AlignkitError
from .fsutil import atomic_open
from .langs import check_code
from .model import Alignment
from .pairing import DocumentSet, UnpairedFile, find_documents

#: Folder inside ``out_dir`` holding one completion record per document.
RECORD_DIR = ".alignkit-batch"
ALL_TMX = "all.tmx"
SUMMARY_COLUMNS = ("document", "languages", "units", "flagged", "term_findings", "seconds", "status", "error")

OK, RESUMED, FAILED, UNPAIRED = "ok", "resumed", "failed", "unpaired"


@dataclass(frozen=True)
class BatchSettings:
    """What every document of a batch is aligned with (picklable, sent to each worker).

    :param langs: the languages to align, or None for every language found.
    :param pivot: the language the others are aligned to.
    :param glossary: a glossary file to check terms against, or None.
    :param out_dir: where the outputs go.
    """

    langs: tuple[str, ...] | None
    pivot: str
    glossary: str | None
    out_dir: str

    def fingerprint(self) -> dict[str, Any]:
        """Everything that changes a document's outputs, for ``resume``."""
        glossary_stamp = _file_stamp(Path(self.glossary)) if self.glossary else None
        return {
            "signature": signature(AlignConfig(pivot=self.pivot)),
            "langs": list(self.langs) if self.langs else None,
            "glossary": glossary_stamp,
        }


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

    def outputs(self) -> tuple[Path, ...]:
        """The files this document's run writes (besides its completion record)."""
        out = Path(self.settings.out_dir)
        names = [f"{self.name}.tmx", f"{self.name}.xlsx"]
        if self.settings.glossary:
            names.append(f"{self.name}.terms.xlsx")
        return tuple(out / name for name in names)

    def record_path(self) -> Path:
        """Where the completion record of this document goes."""
        return Path(self.settings.out_dir) / RECORD_DIR / f"{self.name}.json"

    def fingerprint(self) -> dict[str, Any]:
        """The settings and the state of every input file, for ``resume``."""
        inputs = [[lang, path, _file_stamp(Path(path))] for lang, path in self.files]
        return {"settings": self.settings.fingerprint(), "inputs": inputs}


@dataclass(frozen=True)
class DocumentResult:
    """One row of the batch summary."""

    document: str
    languages: tuple[str, ...] = ()
    units: int = 0
    flagged: int = 0
    term_findings: int | None = None
    seconds: float = 0.0
    status: str = OK
    error: str = ""
    name: str = ""

    def row(self) -> list[Any]:
        """The summary columns of this result."""
        findings = "" if self.term_findings is None else self.term_findings
        return [self.document, " ".join(self.languages), self.units, self.flagged, findings,
                round(self.seconds, 2), self.status, self.error]


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


# ----------------------------------------------------------------- one document


def process_document(task: DocumentTask) -> DocumentResult:
    """Align one document and write its outputs; never raises: a failure is a result.

    Runs in whichever process or cluster worker the batch hands it to.
    """
    started = time.perf_counter()
    task.record_path().unlink(missing_ok=True)
    try:
        result = _align_and_write(task)
    except AlignkitError as error:
        result = _failed(task, str(error))
    except Exception as error:  # a bug must not stop the batch: report it in the summary
        where = traceback.extract_tb(error.__traceback__)[-1]
        result = _failed(task, f"internal error {type(error).__name__}: {error} "
                               f"({Path(where.filename).name}:{where.lineno})")
    result = dataclasses.replace(result, seconds=time.perf_counter() - started)
    if result.status == OK:
        _write_record(task, result)
    return result


def _align_and_write(task: DocumentTask) -> DocumentResult:
    from .pipeline import align_files, write_outputs

    langs, paths = _chosen_files(task)
    config = AlignConfig(pivot=task.settings.pivot)
    alignment = dataclasses.replace(align_files(paths, langs=langs, config=config), name=task.symbol)
    tmx, xlsx, *terms_path = task.outputs()
    write_outputs(alignment, [tmx, xlsx])
    glossary = task.settings.glossary
    findings = _check_terms(alignment, glossary, terms_path[0]) if glossary and terms_path else None
    return DocumentResult(
        document=task.symbol,
        languages=task.languages,
        units=len(alignment.units),
        flagged=sum(unit.flagged for unit in alignment.units),
        term_findings=findings,
        name=task.name,
    )


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


def _check_terms(alignment: Alignment, glossary_path: str, report_path: Path) -> int:
    """Check the alignment's terms and write the report; return the number of findings."""
    from .terms import check_terms, write_report

    report = check_terms(alignment, _glossary(glossary_path))
    write_report(report, report_path)
    return len(report.findings)


@functools.lru_cache(maxsize=2)
def _glossary(path: str) -> Any:
    """The glossary, loaded once per worker process."""
    from .terms import load_glossary

    return load_glossary(path)


def _write_record(task: DocumentTask, result: DocumentResult) -> None:
    record_path = task.record_path()
    record_path.parent.mkdir(parents=True, exist_ok=True)
    record = {"fingerprint": task.fingerprint(), "result": dataclasses.asdict(result)}
    with atomic_open(record_path) as handle:
        json.dump(record, handle, ensure_ascii=False, indent=1)


def completed_result(task: DocumentTask) -> DocumentResult | None:
    """The recorded result when the document's outputs are complete and up to date, else None."""
    try:
        record = json.loads(task.record_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if record.get("fingerprint") != json.loads(json.dumps(task.fingerprint())):
        return None
    if not all(path.is_file() for path in task.outputs()):
        return None
    fields = record.get("result", {})
    fields["languages"] = tuple(fields.get("languages", ()))
    try:
        return dataclasses.replace(DocumentResult(**fields), status=RESUMED)
    except TypeError:
        return None


def _file_stamp(path: Path) -> list[int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return [stat.st_size, stat.st_mtime_ns]


# ----------------------------------------------------------------- running the tasks


def _failed(task: DocumentTask, error: str) -> DocumentResult:
    return DocumentResult(task.symbol, task.languages, status=FAILED, error=error, name=task.name)


def _worker_failed(task: DocumentTask, error: BaseException) -> DocumentResult:
    return _failed(task, f"worker failed: {type(error).__name__}: {error}")


def _run_here(tasks: Sequence[DocumentTask]) -> Iterator[DocumentResult]:
    for task in tasks:
        yield process_document(task)


def _run_in_processes(tasks: Sequence[DocumentTask], jobs: int) -> Iterator[DocumentResult]:
    # "spawn": forking a process that runs threads (progress bar, Dask) can deadlock.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        futures = {pool.submit(process_document, task): task for task in tasks}
        for future in as_completed(futures):
            try:
                yield future.result()
            except Exception as error:  # the worker died (killed, out of memory)
                yield _worker_failed(futures[future], error)


def _run_on_dask(tasks: Sequence[DocumentTask], address: str) -> Iterator[DocumentResult]:
    distributed = _import_distributed()
    try:
        client = distributed.Client(address, timeout="20s", set_as_default=False)
    except (OSError, TimeoutError) as error:
        raise AlignkitError(f"cannot reach the Dask scheduler at {address}: {error}") from error
    with client:
        futures = {client.submit(process_document, task, pure=False): task for task in tasks}
        for future in distributed.as_completed(list(futures), loop=client.loop):
            try:
                yield future.result()
            except Exception as error:  # the worker died or lost the task
                yield _worker_failed(futures[future], error)
            future.release()


def _import_distributed() -> Any:
    try:
        import distributed
    except ImportError as exc:
        raise AlignkitError(
            "--scheduler needs Dask distributed: install alignkit[dask] (pip install 'alignkit[dask]')"
        ) from exc
    return distributed


def _results(tasks: Sequence[DocumentTask], jobs: int, scheduler: str | None) -> Iterator[DocumentResult]:
    if not tasks:
        return iter(())
    if scheduler:
        return _run_on_dask(tasks, scheduler)
    if jobs > 1 and len(tasks) > 1:
        return _run_in_processes(tasks, min(jobs, len(tasks)))
    return _run_here(tasks)


# ----------------------------------------------------------------- progress


def progress_enabled(requested: bool) -> bool:
    """Show a progress bar only when asked, on a terminal, and not in CI."""
    return requested and sys.stderr.isatty() and not os.environ.get("CI")


class _Progress:
    """A tqdm bar over documents with a running count of units (silent when disabled)."""

    def __init__(self, total: int, enabled: bool) -> None:
        self._bar: Any = None
        self._units = 0
        self._failed = 0
        if enabled:
            from tqdm import tqdm

            self._bar = tqdm(total=total, unit="doc", desc="align", file=sys.stderr, dynamic_ncols=True)

    def done(self, result: DocumentResult) -> None:
        if self._bar is None:
            return
        self._units += result.units
        self._failed += result.status == FAILED
        self._bar.set_postfix(units=self._units, failed=self._failed, refresh=False)
        self._bar.update(1)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


# ----------------------------------------------------------------- batch outputs


def write_all_tmx(path: Path, documents: Sequence[DocumentResult], out_dir: Path, pivot: str,
                  langs: Sequence[str]) -> Path:
    """Stream the units of every document's TMX into one TMX, document by document.

    Each ``<tu>`` keeps its props (``x-document`` names its document) and gets a
    ``tuid`` prefixed with the document's name, unique in the whole file.
    """
    with atomic_open(path, "wb") as handle:
        handle.write(b'<?xml version="1.0" encoding="UTF-8"?>\n')
        with etree.xmlfile(handle, encoding="UTF-8") as out:
            out.write_doctype('<!DOCTYPE tmx SYSTEM "tmx14.dtd">')
            with out.element("tmx", version="1.4"):
                out.write("\n  ")
                out.write(_all_tmx_header(pivot, langs))
                out.write("\n  ")
                with out.element("body"):
                    out.write("\n")
                    for document in documents:
                        _copy_units(out, out_dir / f"{document.name}.tmx", document.name)
                    out.write("  ")
                out.write("\n")
    return path


def _copy_units(out: Any, path: Path, name: str) -> None:
    for tu in _stream_units(path):
        tu.set("tuid", f"{name}:{tu.get('tuid', '')}")
        out.write(tu, pretty_print=True, with_tail=False)


def _all_tmx_header(pivot: str, langs: Sequence[str]) -> etree._Element:
    # The header of export/tmx.py, for an alignment of no single document.
    from .export.tmx import header_element

    every = Alignment(langs=(pivot, *(lang for lang in langs if lang != pivot)), units=(),
                      signature=signature(AlignConfig(pivot=pivot)))
    return header_element(every)


def _stream_units(path: Path) -> Iterator[etree._Element]:
    """The ``<tu>`` elements of a TMX file, one at a time, each freed after use."""
    units = etree.iterparse(str(path), events=("end",), tag="tu", resolve_entities=False,
                            no_network=True, load_dtd=False, remove_blank_text=True)
    for _, tu in units:
        yield tu
        tu.clear()
        parent = tu.getparent()
        while parent is not None and tu.getprevious() is not None:
            del parent[0]


def summary_rows(documents: Iterable[DocumentResult], unpaired: Iterable[UnpairedFile],
                 in_dir: Path) -> list[list[Any]]:
    """The summary table: documents, then unpaired files (named relative to ``in_dir``)."""
    rows = [doc.row() for doc in documents]
    for item in unpaired:
        name = item.path.relative_to(in_dir) if item.path.is_relative_to(in_dir) else item.path
        rows.append([str(name), "", "", "", "", "", UNPAIRED, item.reason])
    return rows


def write_summary(out_dir: Path, rows: Sequence[Sequence[Any]]) -> list[Path]:
    """``summary.csv`` (UTF-8, formula-safe) and ``summary.xlsx``."""
    from .sheets import escape_formula

    csv_path, xlsx_path = out_dir / "summary.csv", out_dir / "summary.xlsx"
    with atomic_open(csv_path, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(SUMMARY_COLUMNS)
        writer.writerows([escape_formula(v) if isinstance(v, str) else v for v in row] for row in rows)
    _write_summary_xlsx(xlsx_path, rows)
    return [csv_path, xlsx_path]


def _write_summary_xlsx(path: Path, rows: Sequence[Sequence[Any]]) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from .safexml import xml_safe
    from .sheets import save_workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Summary"
    sheet.append(list(SUMMARY_COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([xml_safe(v) if isinstance(v, str) else v for v in row])
        for cell in sheet[sheet.max_row]:
            if cell.data_type == "f":  # text starting with "=" must stay text
                cell.data_type = "s"
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    save_workbook(workbook, path)


# ----------------------------------------------------------------- the batch


def _settings(out_dir: Path, langs: Sequence[str] | None, pivot: str, glossary: str | os.PathLike[str] | None
              ) -> BatchSettings:
    pivot = check_code(pivot)
    codes = tuple(dict.fromkeys(check_code(code) for code in langs)) if langs else None
    if codes is not None and pivot not in codes:
        raise AlignkitError(f"the pivot {pivot!r} is not among the languages {', '.join(codes)}; add it to --langs")
    glossary_path = str(Path(glossary).resolve()) if glossary else None
    if glossary_path:
        _glossary(glossary_path)  # a broken glossary stops the batch before any work
    return BatchSettings(codes, pivot, glossary_path, str(out_dir.resolve()))


def _inputs_outside(out_dir: Path, unpaired: list[UnpairedFile]) -> list[UnpairedFile]:
    """Leave out the batch's own outputs when ``out_dir`` is inside the input folder."""
    root = out_dir.resolve()
    return [item for item in unpaired if root not in item.path.resolve().parents]


def run_batch(
    in_dir: str | os.PathLike[str],
    out_dir: str | os.PathLike[str],
    *,
    langs: Sequence[str] | None = ("en", "zh", "ru"),
    pivot: str = "en",
    glossary: str | os.PathLike[str] | None = None,
    jobs: int = 1,
    resume: bool = False,
    scheduler: str | None = None,
    progress: bool = True,
) -> BatchResult:
    """Align every document in ``in_dir`` and write the outputs to ``out_dir``.

    :param langs: the languages to align (others are ignored); None for all found.
    :param pivot: the language every other version is aligned to.
    :param glossary: check terms against this glossary and write a term report per document.
    :param jobs: worker processes on this machine (1: in this process).
    :param resume: skip documents whose outputs are complete and up to date.
    :param scheduler: address of a Dask distributed scheduler (``tcp://host:8786``) to
        run on instead of local processes; workers must see ``in_dir`` and ``out_dir``
        at the same paths.
    :param progress: show a progress bar (only on a terminal, never when ``CI`` is set).
    :raises AlignkitError: ``in_dir`` is not a folder, bad languages or glossary,
        unreachable scheduler.  A document that fails does not raise: see the result.
    """
    if jobs < 1:
        raise AlignkitError(f"--jobs must be at least 1, not {jobs}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    settings = _settings(out, langs, pivot, glossary)
    documents, unpaired = find_documents(in_dir)
    unpaired = _inputs_outside(out, unpaired)
    tasks = [DocumentTask.of(document, settings) for document in documents]
    finished: dict[str, DocumentResult] = {}
    if resume:
        finished = {task.name: done for task in tasks if (done := completed_result(task)) is not None}
    todo = [task for task in tasks if task.name not in finished]
    bar = _Progress(len(tasks), progress_enabled(progress))
    try:
        for result in finished.values():
            bar.done(result)
        for result in _results(todo, jobs, scheduler):
            finished[result.name] = result
            bar.done(result)
    finally:
        bar.close()
    ordered = tuple(finished[task.name] for task in tasks)
    aligned = [doc for doc in ordered if doc.status in (OK, RESUMED)]
    written = [write_all_tmx(out / ALL_TMX, aligned, out, settings.pivot, settings.langs or ())]
    written += write_summary(out, summary_rows(ordered, unpaired, Path(in_dir)))
    return BatchResult(out, ordered, tuple(unpaired), tuple(written))
