"""Where the documents of a batch run: in this process, in worker processes, or on a Dask cluster.

Each runner hands one :class:`~.tasks.DocumentTask` at a time to
:func:`~.tasks.process_document` and yields the results as they finish, so memory
is bounded by one document per worker.  A worker that dies (killed, out of
memory, lost by the cluster) gives a failed result for its document; the batch
goes on.
"""

from __future__ import annotations

import multiprocessing
import sys
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import Any

from ..errors import AlignkitError
from ..fsutil import install_termination_handlers
from .records import FAILED, DocumentResult
from .tasks import DocumentTask, failed, process_document


def results(tasks: Sequence[DocumentTask], jobs: int, scheduler: str | None) -> Iterator[DocumentResult]:
    """The result of every task, in the order they finish.

    :param jobs: worker processes on this machine (1: in this process).
    :param scheduler: address of a Dask distributed scheduler to run on instead.
    :raises AlignkitError: Dask is not installed, or the scheduler cannot be reached.
    """
    if not tasks:
        return iter(())
    if scheduler:
        return _on_dask(tasks, scheduler)
    if jobs > 1 and len(tasks) > 1:
        return _in_processes(tasks, min(jobs, len(tasks)))
    return (process_document(task) for task in tasks)


def _worker_failed(task: DocumentTask, error: BaseException) -> DocumentResult:
    return failed(task, f"worker failed: {type(error).__name__}: {error}")


def _in_processes(tasks: Sequence[DocumentTask], jobs: int) -> Iterator[DocumentResult]:
    """The tasks in ``jobs`` worker processes.  Stopped early (an error, SIGTERM), the documents
    not yet started are cancelled; each worker ends cleanly on SIGTERM too (its temporary files removed)."""
    # "spawn": forking a process that runs threads (progress bar, Dask) can deadlock.
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=install_termination_handlers)
    try:
        futures = {pool.submit(process_document, task): task for task in tasks}
        for future in as_completed(futures):
            try:
                yield future.result()
            except Exception as error:  # the worker died (killed, out of memory)
                yield _worker_failed(futures[future], error)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _on_dask(tasks: Sequence[DocumentTask], address: str) -> Iterator[DocumentResult]:
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


# ----------------------------------------------------------------- progress


class Progress:
    """A tqdm bar over documents with a running count of units (silent when disabled)."""

    def __init__(self, total: int, enabled: bool) -> None:
        self._bar: Any = None
        self._units = 0
        self._failed = 0
        if enabled:
            from tqdm import tqdm

            self._bar = tqdm(total=total, unit="doc", desc="align", file=sys.stderr, dynamic_ncols=True)

    def done(self, result: DocumentResult) -> None:
        """Count one more document."""
        if self._bar is None:
            return
        self._units += result.units
        self._failed += result.status == FAILED
        self._bar.set_postfix(units=self._units, failed=self._failed, refresh=False)
        self._bar.update(1)

    def close(self) -> None:
        """Take the bar off the terminal."""
        if self._bar is not None:
            self._bar.close()
