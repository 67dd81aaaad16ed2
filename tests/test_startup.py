"""Start-up: a command imports only what it uses (``--version`` no numpy, a presegmented alignment
no sentence segmenters), checked in a fresh interpreter."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"


def modules_after(code: str) -> set[str]:
    """The modules loaded in a fresh interpreter after running ``code``."""
    script = f"{code}\nimport sys\nprint('\\n'.join(sys.modules))"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                            env={"PYTHONPATH": str(SRC), "PATH": ""})
    return set(result.stdout.split())


def test_the_version_is_told_without_numpy_or_the_pipeline() -> None:
    loaded = modules_after("from click.testing import CliRunner\nfrom alignkit.cli import cli\n"
                           "assert CliRunner().invoke(cli, ['--version']).exit_code == 0")
    assert "numpy" not in loaded
    assert "alignkit.pipeline" not in loaded


def _write_pair(folder: Path) -> None:
    """a.en and a.fr in ``folder``: two sentences each, one a line."""
    (folder / "a.en").write_text("One sentence.\nAnother one, with 2 numbers: 3.\n", encoding="utf-8")
    (folder / "a.fr").write_text("Une phrase.\nUne autre, avec 2 nombres : 3.\n", encoding="utf-8")


def test_a_presegmented_alignment_loads_no_sentence_segmenter(tmp_path: Path) -> None:
    _write_pair(tmp_path)
    loaded = modules_after(
        "from alignkit.config import AlignConfig\nfrom alignkit.pipeline import align_files\n"
        f"units = align_files([{str(tmp_path / 'a.en')!r}, {str(tmp_path / 'a.fr')!r}], langs=['en', 'fr'], "
        "config=AlignConfig(presegmented=True)).units\nassert len(units) == 2")
    assert "alignkit.align" in loaded
    assert not {"alignkit.segment", "sacremoses", "alignkit.text.numbering"} & loaded


def test_a_presegmented_length_alignment_loads_no_encoder_review_or_layout_module(tmp_path: Path) -> None:
    _write_pair(tmp_path)
    loaded = modules_after(
        "from click.testing import CliRunner\nfrom alignkit.cli import cli\n"
        f"args = ['align', '--presegmented', '--langs', 'en,fr', {str(tmp_path / 'a.en')!r}, "
        f"{str(tmp_path / 'a.fr')!r}, '-o', {str(tmp_path / 'a.align')!r}]\n"
        "assert CliRunner().invoke(cli, args).exit_code == 0")
    assert "alignkit.export.beads" in loaded
    assert not {"alignkit.align.encoders", "alignkit.align.semantic", "alignkit.review", "alignkit.text.layout",
                "concurrent.futures"} & loaded


def blas_threads_after_align(tmp_path: Path, scorer: str, environment: dict[str, str]) -> str:
    """The threads of numpy's OpenBLAS after ``alignkit align --scorer <scorer>`` in a fresh interpreter
    (with ``environment`` added), and the process's ``OPENBLAS_NUM_THREADS`` then."""
    (tmp_path / "a.en").write_text("One sentence.\nAnother one.\n", encoding="utf-8")
    (tmp_path / "a.fr").write_text("Une phrase.\nUne autre.\n", encoding="utf-8")
    script = (
        "import os\nfrom click.testing import CliRunner\nfrom threadpoolctl import threadpool_info\n"
        "from alignkit.cli import cli\n"
        f"args = ['align', '--presegmented', '--langs', 'en,fr', '--scorer', {scorer!r}, "
        f"{str(tmp_path / 'a.en')!r}, {str(tmp_path / 'a.fr')!r}, '-o', {str(tmp_path / 'a.align')!r}]\n"
        "assert CliRunner().invoke(cli, args).exit_code == 0\n"
        "threads = [info['num_threads'] for info in threadpool_info() if info['internal_api'] == 'openblas']\n"
        "print(threads, os.environ.get('OPENBLAS_NUM_THREADS'))")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                            env={"PYTHONPATH": str(SRC), "PATH": "", **environment})
    return result.stdout.strip()


def test_a_length_alignment_starts_numpys_blas_with_one_thread(tmp_path: Path) -> None:
    threadpoolctl = pytest.importorskip("threadpoolctl")
    import numpy  # noqa: F401 (loads the BLAS threadpoolctl looks for)

    if not any(info["internal_api"] == "openblas" for info in threadpoolctl.threadpool_info()):
        pytest.skip("numpy's BLAS is not OpenBLAS")
    assert blas_threads_after_align(tmp_path, "length", {}) == "[1] 1"
    assert blas_threads_after_align(tmp_path, "length", {"OPENBLAS_NUM_THREADS": "2"}) == "[2] 2"
    assert blas_threads_after_align(tmp_path, "auto", {}).endswith("] None")
