"""Shared fixtures: where ../shared lives, the project's sample texts and their review workbook;
hypothesis settings."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

from alignkit.export import export_alignment
from alignkit.model import Alignment
from alignkit.pipeline import align_files

# No test may depend on the machine's speed: a hypothesis deadline is a wall-clock assertion
# (200 ms per example by default), so none is set for any property test.
settings.register_profile("alignkit", deadline=None)
settings.load_profile("alignkit")

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
TEXTS = ROOT / "texts"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def shared_dir() -> Path:
    """``../shared``; tests that need it are skipped when it is absent."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not present")
    return SHARED


@pytest.fixture
def sample_dir() -> Path:
    """The project's own sample document, texts/S-2017-613/."""
    return TEXTS / "S-2017-613"


@pytest.fixture(scope="module")
def sample_alignment() -> Alignment:
    """S/2017/613 aligned en/zh/ru."""
    sample = TEXTS / "S-2017-613"
    return align_files([sample / "en.txt", sample / "zh.txt", sample / "ru.txt"])


@pytest.fixture
def workbook(tmp_path: Path, sample_alignment: Alignment) -> Path:
    """S/2017/613 as a fresh review workbook."""
    target = tmp_path / "S-2017-613.xlsx"
    export_alignment(sample_alignment, target)
    return target


def pytest_addoption(parser: pytest.Parser) -> None:
    """--update-golden: regenerate tests/data/golden/ from the current exporters."""
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite the golden export files instead of comparing with them")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """True under ``pytest --update-golden``: golden files are rewritten, not compared."""
    return bool(request.config.getoption("--update-golden"))
