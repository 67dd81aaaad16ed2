"""Start-up: a command imports only what it uses (``--version`` no numpy, a presegmented alignment
no sentence segmenters), checked in a fresh interpreter."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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


def test_a_presegmented_alignment_loads_no_sentence_segmenter(tmp_path: Path) -> None:
    (tmp_path / "a.en").write_text("One sentence.\nAnother one, with 2 numbers: 3.\n", encoding="utf-8")
    (tmp_path / "a.fr").write_text("Une phrase.\nUne autre, avec 2 nombres : 3.\n", encoding="utf-8")
    loaded = modules_after(
        "from alignkit.config import AlignConfig\nfrom alignkit.pipeline import align_files\n"
        f"units = align_files([{str(tmp_path / 'a.en')!r}, {str(tmp_path / 'a.fr')!r}], langs=['en', 'fr'], "
        "config=AlignConfig(presegmented=True)).units\nassert len(units) == 2")
    assert "alignkit.align" in loaded
    assert not {"alignkit.segment", "sacremoses", "alignkit.text.numbering"} & loaded


def test_a_presegmented_length_alignment_loads_no_encoder_review_or_layout_module(tmp_path: Path) -> None:
    (tmp_path / "a.en").write_text("One sentence.\nAnother one, with 2 numbers: 3.\n", encoding="utf-8")
    (tmp_path / "a.fr").write_text("Une phrase.\nUne autre, avec 2 nombres : 3.\n", encoding="utf-8")
    loaded = modules_after(
        "from click.testing import CliRunner\nfrom alignkit.cli import cli\n"
        f"args = ['align', '--presegmented', '--langs', 'en,fr', {str(tmp_path / 'a.en')!r}, "
        f"{str(tmp_path / 'a.fr')!r}, '-o', {str(tmp_path / 'a.align')!r}]\n"
        "assert CliRunner().invoke(cli, args).exit_code == 0")
    assert "alignkit.export.beads" in loaded
    assert not {"alignkit.align.encoders", "alignkit.align.semantic", "alignkit.review", "alignkit.text.layout",
                "concurrent.futures"} & loaded
