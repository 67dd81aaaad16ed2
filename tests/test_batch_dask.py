"""The batch on a Dask distributed cluster gives the outputs of the single-process run."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

distributed = pytest.importorskip("distributed")
pytest.importorskip("docx")
pytest.importorskip("pdfplumber")
pytest.importorskip("reportlab")

from alignkit import batch  # noqa: E402
from alignkit.errors import AlignkitError  # noqa: E402
from test_batch import comparable, make_collection  # noqa: E402

if TYPE_CHECKING:
    from distributed import LocalCluster


@pytest.fixture(scope="module")
def cluster() -> Iterator[LocalCluster]:
    """Two single-threaded worker processes on this machine, no dashboard."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  silence_logs=40) as local:
        yield local


def test_local_cluster_gives_the_single_process_outputs(cluster: LocalCluster, tmp_path: Path) -> None:
    folder = make_collection(tmp_path / "in")
    single = batch.run_batch(folder, tmp_path / "single", progress=False)
    on_cluster = batch.run_batch(folder, tmp_path / "cluster", scheduler=cluster.scheduler_address, progress=False)
    assert [(d.document, d.status, d.units) for d in on_cluster.documents] == [
        (d.document, d.status, d.units) for d in single.documents
    ]
    assert on_cluster.exit_code == single.exit_code == 1
    assert comparable(on_cluster.out_dir) == comparable(single.out_dir)


def test_resume_on_the_cluster(cluster: LocalCluster, tmp_path: Path) -> None:
    folder = make_collection(tmp_path / "in")
    batch.run_batch(folder, tmp_path / "out", scheduler=cluster.scheduler_address, progress=False)
    again = batch.run_batch(folder, tmp_path / "out", scheduler=cluster.scheduler_address, resume=True,
                            progress=False)
    assert [d.status for d in again.documents] == ["resumed", "resumed", "failed"]


def test_without_dask_installed_the_error_says_what_to_install(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    folder = make_collection(tmp_path / "in")
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(AlignkitError, match=r"install alignkit\[dask\]"):
        batch.run_batch(folder, tmp_path / "out", scheduler="tcp://127.0.0.1:8786", progress=False)
